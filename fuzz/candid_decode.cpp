// The Candid decoders on arbitrary bytes: a typed error or frames that re-encode to bytes which
// decode to the same frames. Tight limits keep every limit check within reach.
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
  round_trip<NewFrame>(bytes, limits, wire::decode_new, wire::encode_new, "new");
  round_trip<AckFrame>(bytes, limits, wire::decode_ack, wire::encode_ack, "ack");
  round_trip<FinFrame>(bytes, limits, wire::decode_fin, wire::encode_fin, "fin");
  return 0;
}
