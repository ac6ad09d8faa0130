// The Candid decoders on arbitrary bytes: a typed error or frames that re-encode to bytes which
// decode to the same frames (and re-encode to the same bytes), whatever the limits that let them
// through, and whichever entry point (decode_call, a batch of one) reads them. Tight limits keep
// every limit check within reach.
#include <cstdio>
#include <cstdlib>

#include "asyncflow/wire/candid.hpp"

namespace {

using namespace asyncflow;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "candid_decode: %s\n", what);
  std::abort();
}

template <typename T, typename Decode, typename Encode>
void round_trip(std::span<const std::uint8_t> bytes, const wire::DecodeLimits& limits,
                Decode decode, Encode encode, const char* name) {
  auto first = decode(bytes, limits);
  if (std::holds_alternative<wire::DecodeError>(first)) return;
  const T& value = std::get<T>(first);
  // Looser limits never change what decodes, only what is refused.
  auto loose = decode(bytes, wire::DecodeLimits{});
  if (!std::holds_alternative<T>(loose) || std::get<T>(loose) != value) fail(name);
  Bytes canonical = encode(value);
  auto second = decode(canonical, wire::DecodeLimits{});
  if (!std::holds_alternative<T>(second) || std::get<T>(second) != value) fail(name);
  if (encode(std::get<T>(second)) != canonical) fail(name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes{data, size};
  wire::DecodeLimits limits;
  limits.frames_max = 64;
  limits.payload_bytes_max = 4096;
  limits.skipped_values_max = 4096;
  round_trip<std::vector<Frame>>(
      bytes, limits, wire::decode_batch,
      [](const std::vector<Frame>& f) { return wire::encode_batch(f); }, "batch");
  round_trip<Frame>(bytes, limits, wire::decode_frame, wire::encode_frame, "frame");
  // The IC method's decoder is the batch decoder: same frames, same error.
  if (wire::decode_call("asyncFlow", bytes, limits) != wire::decode_batch(bytes, limits))
    fail("decode_call(asyncFlow) differs from decode_batch");
  // A frame decoded alone is the same frame in a batch of one.
  if (auto frame = wire::decode_frame(bytes, limits); std::holds_alternative<Frame>(frame)) {
    const std::vector<Frame> one{std::get<Frame>(frame)};
    auto batch = wire::decode_batch(wire::encode_batch(one));
    if (!std::holds_alternative<std::vector<Frame>>(batch) ||
        std::get<std::vector<Frame>>(batch) != one)
      fail("a decoded frame does not round-trip as a batch of one");
  }
  round_trip<NewFrame>(bytes, limits, wire::decode_new, wire::encode_new, "new");
  round_trip<AckFrame>(bytes, limits, wire::decode_ack, wire::encode_ack, "ack");
  round_trip<FinFrame>(bytes, limits, wire::decode_fin, wire::encode_fin, "fin");
  return 0;
}
