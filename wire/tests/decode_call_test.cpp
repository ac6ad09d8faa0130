// decode_call picks the argument type from the IC method name, for our endpoints and maf's.
#include <gtest/gtest.h>

#include "asyncflow/wire/candid.hpp"
#include "hex.hpp"

namespace asyncflow::wire {
namespace {

using test::unhex;

// maf's (Frame) type as @dfinity/candid writes it, up to the argument's type index (03).
const std::string kMafFrameType =
    "4449444c046d7b6c02d9ece182017d8effd6e90e006c01d9ece182017d6b03a99ac60101abbbd50102c0d8ed01"
    "0101";

std::vector<Frame> frames_of(std::variant<std::vector<Frame>, DecodeError> decoded) {
  EXPECT_EQ(decoded.index(), 0u) << name_of(std::get<DecodeError>(decoded));
  return decoded.index() == 0 ? std::get<0>(decoded) : std::vector<Frame>{};
}

TEST(DecodeCall, OurEndpoints) {
  const NewFrame n{MsgId{0, 1}, {1}};
  const AckFrame a{MsgId{0, 1}, 3u, {2}};
  const FinFrame f{MsgId{0, 1}, 4u};
  EXPECT_EQ(frames_of(decode_call("com_asyncFlow_newMessage", encode_new(n))),
            std::vector<Frame>{n});
  EXPECT_EQ(frames_of(decode_call("com_asyncFlow_ack", encode_ack(a))), std::vector<Frame>{a});
  EXPECT_EQ(frames_of(decode_call("com_asyncFlow_ackack", encode_fin(f))), std::vector<Frame>{f});
  const std::vector<Frame> batch{n, a, f};
  EXPECT_EQ(frames_of(decode_call("asyncFlow", encode_batch(batch))), batch);
}

TEST(DecodeCall, MafEndpointsTakeOneVariant) {
  EXPECT_EQ(frames_of(decode_call("com_asyncFlow_newMessage",
                                  unhex(kMafFrameType + "03" + "02" + "01" + "020203"))),
            (std::vector<Frame>{NewFrame{MsgId{0, 1}, {2, 3}}}));
  EXPECT_EQ(frames_of(decode_call("com_asyncFlow_ack",
                                  unhex(kMafFrameType + "03" + "00" + "01" + "0100"))),
            (std::vector<Frame>{AckFrame{MsgId{0, 1}, std::nullopt, {0}}}));
  EXPECT_EQ(frames_of(decode_call("com_asyncFlow_fin", unhex(kMafFrameType + "03" + "01" + "01"))),
            (std::vector<Frame>{FinFrame{MsgId{0, 1}, std::nullopt}}));
}

TEST(DecodeCall, ErrorsAreTheDecodersAndUnknownMethodsAreNamed) {
  // A Fin record has no payload, so it is no New.
  EXPECT_EQ(std::get<DecodeError>(decode_call("com_asyncFlow_newMessage", encode_fin(FinFrame{}))),
            DecodeError::MissingField);
  EXPECT_EQ(std::get<DecodeError>(decode_call("com_asyncFlow_fin", unhex("4449"))),
            DecodeError::Truncated);
  EXPECT_EQ(std::get<DecodeError>(decode_call("asyncFlow", encode_frame(FinFrame{}))),
            DecodeError::TypeMismatch);
  EXPECT_EQ(std::get<DecodeError>(decode_call("com_asyncFlow_other", encode_fin(FinFrame{}))),
            DecodeError::UnknownMethod);
}

}  // namespace
}  // namespace asyncflow::wire
