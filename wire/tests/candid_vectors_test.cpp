// Byte-exact vectors: what @dfinity/candid 3.4.3 writes for our types (IDL.encode output,
// regenerated and compared live by tests/interop), and decoding it back.
#include <gtest/gtest.h>

#include "asyncflow/wire/candid.hpp"
#include "hex.hpp"

namespace asyncflow::wire {
namespace {

using test::hex;
using test::unhex;

constexpr MsgId kOne{0, 1};

// (record { msg_id = 1; payload = blob "\ab" })
constexpr const char* kNewOne = "4449444c026d7b6c02d9ece182017d8effd6e90e0001010101ab";
// (record { msg_id = 1; hash = opt 5; payload = blob "\ab" })
constexpr const char* kAckOne =
    "4449444c036e796d7b6c03d9ece182017dcedfa0a804008effd6e90e01010201010500000001ab";
// (record { msg_id = 1; hash = null })
constexpr const char* kFinOne = "4449444c026e796c02d9ece182017dcedfa0a8040001010100";
// (variant { FIN = record { msg_id = 1; hash = null } })
constexpr const char* kFrameFinOne =
    "4449444c066e796d7b6c03d9ece182017dcedfa0a804008effd6e90e016c02d9ece182017dcedfa0a804006c02"
    "d9ece182017d8effd6e90e016b03a99ac60102abbbd50103c0d8ed01040105010100";
// (vec { variant { NEW = record { msg_id = 1; payload = blob "\ab" } } })
constexpr const char* kBatchNewOne =
    "4449444c076e796d7b6c03d9ece182017dcedfa0a804008effd6e90e016c02d9ece182017dcedfa0a804006c02"
    "d9ece182017d8effd6e90e016b03a99ac60102abbbd50103c0d8ed01046d05010601020101ab";

TEST(CandidVectors, EncodesNewAsTheReferenceLibraryDoes) {
  EXPECT_EQ(hex(encode_new(NewFrame{kOne, {0xab}})), kNewOne);
}

TEST(CandidVectors, EncodesAckAsTheReferenceLibraryDoes) {
  EXPECT_EQ(hex(encode_ack(AckFrame{kOne, 5u, {0xab}})), kAckOne);
}

TEST(CandidVectors, EncodesFinAsTheReferenceLibraryDoes) {
  EXPECT_EQ(hex(encode_fin(FinFrame{kOne, std::nullopt})), kFinOne);
}

TEST(CandidVectors, EncodesOneFrameAsTheReferenceLibraryDoes) {
  EXPECT_EQ(hex(encode_frame(FinFrame{kOne, std::nullopt})), kFrameFinOne);
}

TEST(CandidVectors, EncodesABatchAsTheReferenceLibraryDoes) {
  const std::vector<Frame> frames{NewFrame{kOne, {0xab}}};
  EXPECT_EQ(hex(encode_batch(frames)), kBatchNewOne);
}

TEST(CandidVectors, DecodesTheReferenceVectors) {
  EXPECT_EQ(std::get<NewFrame>(decode_new(unhex(kNewOne))), (NewFrame{kOne, {0xab}}));
  EXPECT_EQ(std::get<AckFrame>(decode_ack(unhex(kAckOne))), (AckFrame{kOne, 5u, {0xab}}));
  EXPECT_EQ(std::get<FinFrame>(decode_fin(unhex(kFinOne))), (FinFrame{kOne, std::nullopt}));
  EXPECT_EQ(std::get<Frame>(decode_frame(unhex(kFrameFinOne))),
            (Frame{FinFrame{kOne, std::nullopt}}));
  EXPECT_EQ(std::get<std::vector<Frame>>(decode_batch(unhex(kBatchNewOne))),
            (std::vector<Frame>{NewFrame{kOne, {0xab}}}));
}

}  // namespace
}  // namespace asyncflow::wire
