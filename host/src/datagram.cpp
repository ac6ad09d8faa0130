#include "datagram.hpp"

#include <sodium.h>

#include <algorithm>
#include <cassert>

#include "udp.hpp"

namespace asyncflow::host {

namespace {

static_assert(kDatagramTagBytes == crypto_auth_BYTES);
constexpr std::uint8_t kMagic[kDatagramMagicBytes] = {'A', 'F', 'D', '2'};
// Per-frame Candid overhead is at most ~40 bytes (tag, 16-byte nat, opt hash, lengths); keep a
// margin so the estimate never exceeds the real limit.
constexpr std::size_t kFrameOverheadBytes = 64;
constexpr std::size_t kCandidHeaderBytes = 256;

std::size_t estimated_bytes(const Frame& frame) {
  std::size_t payload = 0;
  if (auto* n = std::get_if<NewFrame>(&frame)) payload = n->payload.size();
  if (auto* a = std::get_if<AckFrame>(&frame)) payload = a->payload.size();
  return payload + kFrameOverheadBytes;
}

Bytes seal(const Bytes& body, const SealingKey& sealing) {
  Bytes out;
  out.reserve(kDatagramOverheadBytes + body.size());
  out.insert(out.end(), std::begin(kMagic), std::end(kMagic));
  out.insert(out.end(), sealing.sender.begin(), sealing.sender.end());
  out.insert(out.end(), body.begin(), body.end());
  std::uint8_t tag[kDatagramTagBytes];
  crypto_auth(tag, out.data(), out.size(), sealing.key.data());
  out.insert(out.end(), std::begin(tag), std::end(tag));
  return out;
}

}  // namespace

std::string_view name_of(DatagramError error) noexcept {
  switch (error) {
    case DatagramError::TooShort:
      return "too_short";
    case DatagramError::BadTag:
      return "bad_tag";
    case DatagramError::BadMagic:
      return "bad_magic";
    case DatagramError::Reflected:
      return "reflected";
    case DatagramError::Undecodable:
      return "undecodable";
  }
  return "unknown";
}

std::vector<Datagram> encode_datagrams(std::span<const Frame> frames, const SealingKey& sealing) {
  std::vector<Datagram> out;
  std::size_t begin = 0;
  while (begin < frames.size()) {
    std::size_t end = begin;
    std::size_t bytes = kCandidHeaderBytes + kDatagramOverheadBytes;
    // Always take at least one frame: payloads are bounded well below a datagram by the config.
    while (end < frames.size() &&
           (end == begin || bytes + estimated_bytes(frames[end]) <= kDatagramBytesMax)) {
      bytes += estimated_bytes(frames[end]);
      ++end;
    }
    out.push_back({seal(wire::encode_batch(frames.subspan(begin, end - begin)), sealing), begin,
                   end - begin});
    assert(out.back().bytes.size() <= kDatagramBytesMax || end - begin == 1);
    begin = end;
  }
  return out;
}

SendFailedEvent frames_not_sent(const Transmit& transmit, std::size_t first_unsent_frame,
                                RejectCode code) {
  SendFailedEvent failed{transmit.peer, {}, code};
  for (std::size_t i = first_unsent_frame; i < transmit.frames.size(); ++i)
    failed.frames.push_back(ref_of(transmit.frames[i]));
  return failed;
}

std::variant<std::vector<Frame>, DatagramError> decode_datagram(
    std::span<const std::uint8_t> datagram, const PeerKey& key, const EndpointId& receiver) {
  if (datagram.size() < kDatagramOverheadBytes) return DatagramError::TooShort;
  const auto sealed = datagram.first(datagram.size() - kDatagramTagBytes);
  if (crypto_auth_verify(datagram.data() + sealed.size(), sealed.data(), sealed.size(),
                         key.data()) != 0)
    return DatagramError::BadTag;
  if (!std::equal(std::begin(kMagic), std::end(kMagic), sealed.begin()))
    return DatagramError::BadMagic;
  const auto sender = sealed.subspan(kDatagramMagicBytes, kEndpointIdBytes);
  if (std::equal(sender.begin(), sender.end(), receiver.begin())) return DatagramError::Reflected;
  auto decoded = wire::decode_batch(sealed.subspan(kDatagramMagicBytes + kEndpointIdBytes));
  if (auto* frames = std::get_if<std::vector<Frame>>(&decoded)) return std::move(*frames);
  return DatagramError::Undecodable;
}

}  // namespace asyncflow::host
