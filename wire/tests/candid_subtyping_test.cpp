// What other conforming encoders may send and we must read (spec/Candid.md, "Decoding"):
// any type-table order, extra fields and arguments, missing or differently typed `opt` fields,
// and the Motoko `maf` library's frames.
#include <gtest/gtest.h>

#include <string>

#include "asyncflow/wire/candid.hpp"
#include "hex.hpp"

namespace asyncflow::wire {
namespace {

using test::unhex;

// Field ids as LEB128: msg_id, payload, hash.
const std::string kMsgId = "d9ece18201";
const std::string kPayload = "8effd6e90e";
const std::string kHash = "cedfa0a804";
const std::string kDidl = "4449444c";

constexpr MsgId kSeven{0, 7};

template <typename T>
T value_of(const std::variant<T, DecodeError>& result) {
  EXPECT_EQ(result.index(), 0u) << name_of(std::get<DecodeError>(result));
  return std::get<T>(result);
}

TEST(CandidSubtyping, ReadsATypeTableInAnyOrder) {
  // The record before the vec it refers to (the reference library writes the vec first).
  const auto bytes = unhex(kDidl + "02" + "6c02" + kMsgId + "7d" + kPayload + "01" + "6d7b" +
                           "0100" + "07" + "02abcd");
  EXPECT_EQ(value_of(decode_new(bytes)), (NewFrame{kSeven, {0xab, 0xcd}}));
}

TEST(CandidSubtyping, SkipsExtraRecordFieldsOfAnyType) {
  // record { 0 : text; 5 : vec opt int; msg_id : nat; payload : blob; 4294967295 : bool }
  const auto bytes = unhex(kDidl + "04" + "6d7b" + "6e7c" + "6d01" + "6c05" + "0071" + "0502" +
                           kMsgId + "7d" + kPayload + "00" + "ffffffff0f7e" + "0103" + "026869" +
                           "020100017f" + "07" + "01ee" + "01");
  EXPECT_EQ(value_of(decode_new(bytes)), (NewFrame{kSeven, {0xee}}));
}

TEST(CandidSubtyping, SkipsExtraArguments) {
  const auto bytes = unhex(kDidl + "02" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" + "03" +
                           "01" + "71" + "7d" + "07" + "0101" + "03616263" + "ffff03");
  EXPECT_EQ(value_of(decode_new(bytes)), (NewFrame{kSeven, {0x01}}));
}

TEST(CandidSubtyping, AMissingHashFieldIsNull) {
  const auto bytes = unhex(kDidl + "01" + "6c01" + kMsgId + "7d" + "0100" + "07");
  EXPECT_EQ(value_of(decode_fin(bytes)), (FinFrame{kSeven, std::nullopt}));
}

TEST(CandidSubtyping, ABareNat32HashIsPresent) {
  const auto bytes =
      unhex(kDidl + "01" + "6c02" + kMsgId + "7d" + kHash + "79" + "0100" + "07" + "78563412");
  EXPECT_EQ(value_of(decode_fin(bytes)), (FinFrame{kSeven, 0x12345678u}));
}

TEST(CandidSubtyping, AHashOfNullOrReservedTypeIsNull) {
  for (const char* type : {"7f", "70"}) {
    const auto bytes = unhex(kDidl + "01" + "6c02" + kMsgId + "7d" + kHash + type + "0100" + "07");
    EXPECT_EQ(value_of(decode_fin(bytes)), (FinFrame{kSeven, std::nullopt})) << type;
  }
}

TEST(CandidSubtyping, AnOptHashWhoseContentIsNotANat32IsNull) {
  // hash : opt text = ?"x"  and  hash : opt opt nat32 = ??5
  const auto text = unhex(kDidl + "02" + "6e71" + "6c02" + kMsgId + "7d" + kHash + "00" + "0101" +
                          "07" + "01" + "0178");
  EXPECT_EQ(value_of(decode_fin(text)), (FinFrame{kSeven, std::nullopt}));
  const auto nested = unhex(kDidl + "03" + "6e79" + "6e00" + "6c02" + kMsgId + "7d" + kHash + "01" +
                            "0102" + "07" + "0101" + "05000000");
  EXPECT_EQ(value_of(decode_fin(nested)), (FinFrame{kSeven, std::nullopt}));
}

TEST(CandidSubtyping, ANonOptHashOfAnotherTypeIsNull) {
  // hash : text = "ab": not null, not opt, not a nat32 — reads as null, the text is skipped.
  const auto bytes =
      unhex(kDidl + "01" + "6c02" + kMsgId + "7d" + kHash + "71" + "0100" + "07" + "026162");
  EXPECT_EQ(value_of(decode_fin(bytes)), (FinFrame{kSeven, std::nullopt}));
}

TEST(CandidSubtyping, AnEmptyVectorOfAnyTypeIsAnEmptyPayload) {
  const auto bytes =
      unhex(kDidl + "02" + "6d71" + "6c02" + kMsgId + "7d" + kPayload + "00" + "0101" + "0700");
  EXPECT_EQ(value_of(decode_new(bytes)), (NewFrame{kSeven, {}}));
}

TEST(CandidSubtyping, AcceptsRedundantLeb128Groups) {
  // msg_id 7 written as 87 80 80 00; payload length 1 as 81 00.
  const auto bytes = unhex(kDidl + "02" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" +
                           "0101" + "87808000" + "8100" + "aa");
  EXPECT_EQ(value_of(decode_new(bytes)), (NewFrame{kSeven, {0xaa}}));
}

TEST(CandidSubtyping, IgnoresUnusedFutureTypesAndSkipsTheirValues) {
  // Definition 0 is a future type (opcode -25) with 3 bytes of description; an extra argument
  // of that type carries 2 bytes and 0 references.
  const auto bytes = unhex(kDidl + "03" + "6703aabbcc" + "6d7b" + "6c02" + kMsgId + "7d" +
                           kPayload + "01" + "02" + "02" + "00" + "0700" + "020011ff");
  EXPECT_EQ(value_of(decode_new(bytes)), (NewFrame{kSeven, {}}));
}

TEST(CandidSubtyping, ReadsVariantsThatListOnlySomeOrOtherAlternatives) {
  // variant { FIN : record { msg_id }; ZZZ : null }: the value uses FIN.
  const std::string fin_only = kDidl + "02" + "6c01" + kMsgId + "7d" + "6b02" + "abbbd501" + "00" +
                               "9ab39202" + "7f" + "0101";
  EXPECT_EQ(value_of(decode_frame(unhex(fin_only + "00" + "07"))),
            (Frame{FinFrame{kSeven, std::nullopt}}));
}

// The Motoko `maf` library's frames: variant { NEW : record { msg_id; payload };
// ACK : record { msg_id; payload }; FIN : record { msg_id } } (bytes as @dfinity/candid writes
// that type; the type table order does not matter to us, see above).
TEST(CandidSubtyping, ReadsMafFrames) {
  const std::string maf_type =
      "4449444c046d7b6c02d9ece182017d8effd6e90e006c01d9ece182017d6b03a99ac60101abbbd50102c0d8ed01"
      "0101";
  EXPECT_EQ(value_of(decode_frame(unhex(maf_type + "03" + "02ffffffff0f020102"))),
            (Frame{NewFrame{MsgId{0, 0xffffffff}, {1, 2}}}));
  EXPECT_EQ(value_of(decode_frame(unhex(maf_type + "03" + "000700"))),
            (Frame{AckFrame{kSeven, std::nullopt, {}}}));
  EXPECT_EQ(value_of(decode_frame(unhex(maf_type + "03" + "0107"))),
            (Frame{FinFrame{kSeven, std::nullopt}}));
}

}  // namespace
}  // namespace asyncflow::wire
