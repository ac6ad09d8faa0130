#include "datagram.hpp"

#include "asyncflow/crc32.hpp"
#include "udp.hpp"

namespace asyncflow::host {

namespace {

constexpr std::size_t kTrailerBytes = 4;
// Per-frame Candid overhead is at most ~40 bytes (tag, 16-byte nat, opt hash, lengths); keep a
// margin so the estimate never exceeds the real limit.
constexpr std::size_t kFrameOverheadBytes = 64;
constexpr std::size_t kHeaderBytes = 256;

std::size_t estimated_bytes(const Frame& frame) {
  std::size_t payload = 0;
  if (auto* n = std::get_if<NewFrame>(&frame)) payload = n->payload.size();
  if (auto* a = std::get_if<AckFrame>(&frame)) payload = a->payload.size();
  return payload + kFrameOverheadBytes;
}

Bytes with_trailer(Bytes body) {
  const Hash32 crc = crc32(body);
  for (int i = 0; i < 4; ++i) body.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
  return body;
}

}  // namespace

std::vector<Datagram> encode_datagrams(std::span<const Frame> frames) {
  std::vector<Datagram> out;
  std::size_t begin = 0;
  while (begin < frames.size()) {
    std::size_t end = begin;
    std::size_t bytes = kHeaderBytes + kTrailerBytes;
    // Always take at least one frame: payloads are bounded well below a datagram by the config.
    while (end < frames.size() &&
           (end == begin || bytes + estimated_bytes(frames[end]) <= kDatagramBytesMax)) {
      bytes += estimated_bytes(frames[end]);
      ++end;
    }
    out.push_back(
        {with_trailer(wire::encode_batch(frames.subspan(begin, end - begin))), begin, end - begin});
    begin = end;
  }
  return out;
}

std::variant<std::vector<Frame>, DatagramError> decode_datagram(
    std::span<const std::uint8_t> datagram) {
  if (datagram.size() < kTrailerBytes) return DatagramError::TooShort;
  const auto body = datagram.first(datagram.size() - kTrailerBytes);
  Hash32 trailer = 0;
  for (std::size_t i = 0; i < 4; ++i)
    trailer |= static_cast<Hash32>(datagram[body.size() + i]) << (8 * i);
  if (crc32(body) != trailer) return DatagramError::BadChecksum;
  auto decoded = wire::decode_batch(body);
  if (auto* frames = std::get_if<std::vector<Frame>>(&decoded)) return std::move(*frames);
  return DatagramError::Undecodable;
}

}  // namespace asyncflow::host
