// Every one-byte change of valid messages: each decoder either reports an error or returns frames
// that survive an encode/decode round trip unchanged (no half-read state leaks into a result).
// Under ASan/UBSan this is also a small exhaustive fuzz run.
#include <gtest/gtest.h>

#include "asyncflow/wire/candid.hpp"

namespace asyncflow::wire {
namespace {

struct Tally {
  std::size_t decoded = 0;
  std::size_t refused = 0;
};

template <typename T, typename Decode, typename Encode>
void check(std::span<const std::uint8_t> bytes, Decode decode, Encode encode, Tally& tally) {
  const auto first = decode(bytes, DecodeLimits{});
  if (std::holds_alternative<DecodeError>(first)) {
    ++tally.refused;
    return;
  }
  ++tally.decoded;
  const T& value = std::get<T>(first);
  const auto again = decode(encode(value), DecodeLimits{});
  ASSERT_TRUE(std::holds_alternative<T>(again));
  EXPECT_EQ(std::get<T>(again), value);
}

TEST(CandidMutation, EveryOneByteChangeIsAnErrorOrAConsistentValue) {
  const MsgId id{0x0190aabbccddeeffull, 0x0123456789abcdefull};
  const std::vector<Frame> frames{NewFrame{id, {1, 2, 3}}, AckFrame{id, 5u, {9}},
                                  FinFrame{id, std::nullopt}};
  const std::vector<Bytes> seeds{
      encode_batch(frames), encode_frame(frames[1]), encode_new(std::get<NewFrame>(frames[0])),
      encode_ack(std::get<AckFrame>(frames[1])), encode_fin(std::get<FinFrame>(frames[2]))};
  auto batch = [](std::span<const std::uint8_t> b, const DecodeLimits& l) {
    return decode_batch(b, l);
  };
  auto encode_frames = [](const std::vector<Frame>& f) { return encode_batch(f); };
  Tally tally;
  for (const Bytes& seed : seeds) {
    for (std::size_t i = 0; i < seed.size(); ++i) {
      for (int value = 0; value < 256; ++value) {
        Bytes mutated = seed;
        mutated[i] = static_cast<std::uint8_t>(value);
        check<std::vector<Frame>>(mutated, batch, encode_frames, tally);
        check<Frame>(mutated, decode_frame, encode_frame, tally);
        check<NewFrame>(mutated, decode_new, encode_new, tally);
        check<AckFrame>(mutated, decode_ack, encode_ack, tally);
        check<FinFrame>(mutated, decode_fin, encode_fin, tally);
        if (HasFailure()) return;
      }
    }
  }
  // Both outcomes occur: the mutations reach values (ids, payload bytes, hashes) and structure.
  EXPECT_GT(tally.decoded, 10000u);
  EXPECT_GT(tally.refused, 100000u);
}

}  // namespace
}  // namespace asyncflow::wire
