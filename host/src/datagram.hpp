#pragma once
// A transmission on UDP, authenticated (docs/hosts.md, "Threat model"):
//
//   bytes 0..4    "AFD2"                the datagram format
//   bytes 4..20   the sender's endpoint id (16 bytes, host/src/auth.hpp)
//   then          the Candid `asyncFlow (vec Frame)` argument
//   last 32 bytes HMAC-SHA-512-256 (crypto_auth) of everything before, under the key the
//                 sender shares with this receiver
//
// The tag replaces the CRC-32 of format 1: it catches every corruption a CRC caught (a flipped
// bit fails the tag) and every forgery. A datagram whose sender id is the receiver's own is its
// own datagram reflected back under the shared key, and is refused.
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "asyncflow/effect.hpp"
#include "asyncflow/event.hpp"
#include "asyncflow/frame.hpp"
#include "asyncflow/wire/candid.hpp"
#include "auth.hpp"

namespace asyncflow::host {

inline constexpr std::size_t kDatagramMagicBytes = 4;
inline constexpr std::size_t kDatagramTagBytes = 32;  // crypto_auth_BYTES
inline constexpr std::size_t kDatagramOverheadBytes =
    kDatagramMagicBytes + kEndpointIdBytes + kDatagramTagBytes;

struct Datagram {
  Bytes bytes;
  std::size_t first_frame = 0;  // the frames it carries: [first_frame, first_frame + frames)
  std::size_t frames = 0;
};

// Who seals: the sender's id and the key it shares with the receiver.
struct SealingKey {
  const PeerKey& key;
  const EndpointId& sender;
};

// One or more datagrams (a long transmission is split so that each fits kDatagramBytesMax).
std::vector<Datagram> encode_datagrams(std::span<const Frame> frames, const SealingKey& sealing);

// What the kernel must hear when the datagram carrying `first_unsent_frame` could not be sent:
// that frame and every later one of the transmission did not leave (the earlier datagrams did,
// and their frames are not reported).
SendFailedEvent frames_not_sent(const Transmit& transmit, std::size_t first_unsent_frame,
                                RejectCode code);

// Sends one transmission's datagrams in order through `send` (true: it left) and stops at the
// first that does not leave; returns what the kernel must hear of it (that datagram's frames and
// every later one's, as `code`), or nothing when all left. A later datagram is never sent after
// a failed one: the kernel is told it did not leave, so it must not arrive.
template <class Send>
std::optional<SendFailedEvent> send_transmission(const Transmit& transmit,
                                                 std::span<const Datagram> datagrams, Send&& send,
                                                 RejectCode code = RejectCode::SysTransient) {
  for (std::size_t i = 0; i < datagrams.size(); ++i)
    if (!send(i, datagrams[i])) return frames_not_sent(transmit, datagrams[i].first_frame, code);
  return std::nullopt;
}

enum class DatagramError : std::uint8_t {
  TooShort = 1,  // shorter than the header and tag
  BadTag,        // forged, corrupted, or sealed under another key
  BadMagic,      // authentic, but another datagram format
  Reflected,     // authentic, but sealed by the receiver itself
  Undecodable,   // authentic, but the Candid body does not decode
};
inline constexpr std::size_t kDatagramErrorCount = 5;
std::string_view name_of(DatagramError error) noexcept;

// `key` is the one shared with the peer the datagram claims to come from; `receiver` is this
// daemon's own id.
std::variant<std::vector<Frame>, DatagramError> decode_datagram(
    std::span<const std::uint8_t> datagram, const PeerKey& key, const EndpointId& receiver);

}  // namespace asyncflow::host
