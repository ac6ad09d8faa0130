// encode then decode gives back the same frames, for many pseudo-random frames (fixed seed).
#include <gtest/gtest.h>

#include <random>

#include "asyncflow/wire/candid.hpp"

namespace asyncflow::wire {
namespace {

class FrameMaker {
 public:
  explicit FrameMaker(std::uint64_t seed) : random_(seed) {}

  Frame next() {
    const MsgId id = msg_id();
    switch (random_() % 3) {
      case 0:
        return NewFrame{id, payload()};
      case 1:
        return AckFrame{id, hash(), payload()};
      default:
        return FinFrame{id, hash()};
    }
  }

 private:
  MsgId msg_id() {
    // Favour the edges: 0, small, one-word and full 128-bit values.
    switch (random_() % 4) {
      case 0:
        return MsgId{0, random_() % 2 == 0 ? 0 : ~0ull};
      case 1:
        return MsgId{0, random_() % 300};
      case 2:
        return MsgId{random_() >> (random_() % 64), random_()};
      default:
        return MsgId{~0ull, ~0ull - random_() % 2};
    }
  }
  std::optional<Hash32> hash() {
    if (random_() % 2 == 0) return std::nullopt;
    return static_cast<Hash32>(random_());
  }
  Bytes payload() {
    Bytes bytes(random_() % 200);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(random_());
    return bytes;
  }

  std::mt19937_64 random_;
};

TEST(CandidRoundTrip, SingleFramesInEveryForm) {
  FrameMaker maker(1);
  for (int i = 0; i < 3000; ++i) {
    const Frame frame = maker.next();
    const auto as_frame = decode_frame(encode_frame(frame));
    ASSERT_EQ(as_frame.index(), 0u);
    EXPECT_EQ(std::get<Frame>(as_frame), frame);
    if (const auto* f = std::get_if<NewFrame>(&frame)) {
      EXPECT_EQ(std::get<NewFrame>(decode_new(encode_new(*f))), *f);
    } else if (const auto* a = std::get_if<AckFrame>(&frame)) {
      EXPECT_EQ(std::get<AckFrame>(decode_ack(encode_ack(*a))), *a);
    } else {
      const auto& fin = std::get<FinFrame>(frame);
      EXPECT_EQ(std::get<FinFrame>(decode_fin(encode_fin(fin))), fin);
    }
  }
}

TEST(CandidRoundTrip, Batches) {
  FrameMaker maker(2);
  for (std::size_t size : {0u, 1u, 2u, 17u, 1000u}) {
    std::vector<Frame> frames;
    for (std::size_t i = 0; i < size; ++i) frames.push_back(maker.next());
    const auto back = decode_batch(encode_batch(frames));
    ASSERT_EQ(back.index(), 0u) << size;
    EXPECT_EQ(std::get<std::vector<Frame>>(back), frames);
  }
}

TEST(CandidRoundTrip, AOneMebibytePayload) {
  Bytes payload(std::size_t{1} << 20);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<std::uint8_t>(i * 7);
  const NewFrame frame{MsgId{1, 2}, payload};
  EXPECT_EQ(std::get<NewFrame>(decode_new(encode_new(frame))), frame);
}

// A decoder for one method must not accept another method's argument by accident where the
// frames differ: an ACK read as a FIN loses its payload, so the kinds are never mixed up by
// callers that pick the decoder from the method name; a batch is self-describing.
TEST(CandidRoundTrip, BatchesKeepFrameKinds) {
  const std::vector<Frame> frames{NewFrame{MsgId{0, 1}, {}}, AckFrame{MsgId{0, 1}, 1u, {}},
                                  FinFrame{MsgId{0, 1}, 1u}, AckFrame{MsgId{0, 1}, {}, {}}};
  const auto back = std::get<std::vector<Frame>>(decode_batch(encode_batch(frames)));
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(kind_of(back[0]), FrameKind::New);
  EXPECT_EQ(kind_of(back[1]), FrameKind::Ack);
  EXPECT_EQ(kind_of(back[2]), FrameKind::Fin);
  EXPECT_EQ(kind_of(back[3]), FrameKind::Ack);
}

}  // namespace
}  // namespace asyncflow::wire
