#pragma once
// Peer keys: one 32-byte secret shared by exactly two daemons, kept in a file of 64 hex digits
// (and a newline) that only its owner may read. Every datagram between the two carries an
// HMAC-SHA-512-256 tag under that key (libsodium's crypto_auth; host/src/datagram.hpp).
#include <array>
#include <cstdint>
#include <string>
#include <variant>

namespace asyncflow::host {

inline constexpr std::size_t kKeyBytes = 32;  // crypto_auth_KEYBYTES
using PeerKey = std::array<std::uint8_t, kKeyBytes>;

// An endpoint's identity inside its datagrams: 16 random bytes made once per database, so a
// daemon recognises its own datagrams reflected back at it under the shared key.
inline constexpr std::size_t kEndpointIdBytes = 16;
using EndpointId = std::array<std::uint8_t, kEndpointIdBytes>;

// Calls sodium_init() once; false if libsodium cannot be used (no entropy source).
bool crypto_ready();

// Reads a key file. Errors name the file and what is wrong with it: missing, readable by group or
// others (mode shown; `chmod 600` fixes it), not 64 hex digits.
std::variant<PeerKey, std::string> read_key_file(const std::string& path);

// Makes a fresh random key in a new file (mode 0600, never overwriting one); empty on success,
// else the reason.
std::string write_new_key_file(const std::string& path);

std::string to_hex(const std::uint8_t* bytes, std::size_t size);

}  // namespace asyncflow::host
