#pragma once
// A transmission on UDP: the Candid `asyncFlow (vec Frame)` argument, then a CRC-32 of it
// (4 bytes, little-endian). UDP's 16-bit checksum misses some corruption (and the chaos relay
// corrupts on purpose after it); a flipped bit inside a payload or msg_id would decode as a
// different, valid request, so the host refuses any datagram whose trailer does not match.
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "asyncflow/frame.hpp"
#include "asyncflow/wire/candid.hpp"

namespace asyncflow::host {

struct Datagram {
  Bytes bytes;
  std::size_t first_frame = 0;  // the frames it carries: [first_frame, first_frame + frames)
  std::size_t frames = 0;
};

// One or more datagrams (a long transmission is split so that each fits kDatagramBytesMax).
std::vector<Datagram> encode_datagrams(std::span<const Frame> frames);

enum class DatagramError : std::uint8_t { TooShort = 1, BadChecksum, Undecodable };
std::variant<std::vector<Frame>, DatagramError> decode_datagram(
    std::span<const std::uint8_t> datagram);

}  // namespace asyncflow::host
