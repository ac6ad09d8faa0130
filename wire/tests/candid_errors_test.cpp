// Malformed and hostile input: every case is a typed error, never a crash or a large allocation.
#include <gtest/gtest.h>

#include <string>

#include "asyncflow/wire/candid.hpp"
#include "hex.hpp"

namespace asyncflow::wire {
namespace {

using test::hex;
using test::unhex;

const std::string kMsgId = "d9ece18201";
const std::string kPayload = "8effd6e90e";
const std::string kHash = "cedfa0a804";
const std::string kDidl = "4449444c";
// The type part of (New) as the reference library writes it; append "<msg_id><payload>".
const std::string kNewHeader =
    kDidl + "02" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" + "0101";

template <typename T>
DecodeError error_of(const std::variant<T, DecodeError>& result) {
  EXPECT_EQ(result.index(), 1u) << "decoded where an error was expected";
  return result.index() == 1 ? std::get<DecodeError>(result) : DecodeError{};
}

TEST(CandidErrors, BadMagic) {
  EXPECT_EQ(error_of(decode_new(unhex("4449444d0000"))), DecodeError::BadMagic);
}

TEST(CandidErrors, EveryProperPrefixOfAValidMessageIsTruncated) {
  const Bytes whole = encode_ack(AckFrame{MsgId{~0ull, ~0ull}, 0xdeadbeefu, {1, 2, 3}});
  ASSERT_EQ(decode_ack(whole).index(), 0u);
  for (std::size_t length = 0; length < whole.size(); ++length) {
    const Bytes prefix(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(length));
    EXPECT_EQ(error_of(decode_ack(prefix)), DecodeError::Truncated) << "length " << length;
  }
}

TEST(CandidErrors, TrailingBytes) {
  Bytes bytes = encode_fin(FinFrame{MsgId{0, 1}, 2u});
  bytes.push_back(0);
  EXPECT_EQ(error_of(decode_fin(bytes)), DecodeError::TrailingBytes);
}

TEST(CandidErrors, MsgIdAbove128BitsIsNatOverflow) {
  // 2^128 - 1 is the largest msg_id: eighteen 0xff groups and a final 0x03.
  const std::string max_nat = std::string(36, 'f') + "03";
  const auto max = decode_new(unhex(kNewHeader + max_nat + "00"));
  ASSERT_EQ(max.index(), 0u);
  EXPECT_EQ(std::get<NewFrame>(max).msg_id, (MsgId{~0ull, ~0ull}));
  // 2^128: the 19th group carries bit 128.
  EXPECT_EQ(error_of(decode_new(unhex(kNewHeader + std::string(36, '8') + "0400"))),
            DecodeError::NatOverflow);
  // A set bit far beyond 128 bits, after redundant groups.
  EXPECT_EQ(error_of(decode_new(unhex(kNewHeader + std::string(60, '8') + "0100"))),
            DecodeError::NatOverflow);
}

TEST(CandidErrors, LengthsBeyond64BitsAreLebOverflow) {
  EXPECT_EQ(error_of(decode_new(unhex(kNewHeader + "07" + "ffffffffffffffffff7f"))),
            DecodeError::LebOverflow);
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "ffffffffffffffffff7f"))), DecodeError::LebOverflow);
}

TEST(CandidErrors, HugeCountsAreRefusedBeforeAllocating) {
  // A type table, an argument list, a payload and a frame count each claiming 2^62 entries.
  const std::string huge = "8080808080808080c000";
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + huge))), DecodeError::Truncated);
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "00" + huge))), DecodeError::Truncated);
  DecodeLimits unlimited;
  unlimited.payload_bytes_max = SIZE_MAX;
  unlimited.frames_max = SIZE_MAX;
  EXPECT_EQ(error_of(decode_new(unhex(kNewHeader + "07" + huge), unlimited)),
            DecodeError::Truncated);
  const Bytes batch = encode_batch({});
  const std::string batch_header = hex(batch).substr(0, hex(batch).size() - 2);
  EXPECT_EQ(error_of(decode_batch(unhex(batch_header + huge), unlimited)), DecodeError::Truncated);
}

TEST(CandidErrors, PayloadAndFrameLimits) {
  DecodeLimits limits;
  limits.payload_bytes_max = 2;
  limits.frames_max = 2;
  EXPECT_EQ(decode_new(encode_new(NewFrame{MsgId{}, {1, 2}}), limits).index(), 0u);
  EXPECT_EQ(error_of(decode_new(encode_new(NewFrame{MsgId{}, {1, 2, 3}}), limits)),
            DecodeError::PayloadTooLarge);
  const std::vector<Frame> two(2, FinFrame{});
  const std::vector<Frame> three(3, FinFrame{});
  EXPECT_EQ(decode_batch(encode_batch(two), limits).index(), 0u);
  EXPECT_EQ(error_of(decode_batch(encode_batch(three), limits)), DecodeError::TooManyFrames);
  limits.input_bytes_max = 10;
  EXPECT_EQ(error_of(decode_batch(encode_batch(two), limits)), DecodeError::InputTooLarge);
}

TEST(CandidErrors, TypeTableMustBeWellFormed) {
  // Index 5 in a table of 2.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "02" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload +
                                      "05" + "0101" + "0700"))),
            DecodeError::TypeIndexOutOfRange);
  // Argument type 2 of a table of 2.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "02" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload +
                                      "00" + "0102" + "0700"))),
            DecodeError::TypeIndexOutOfRange);
  // A primitive (nat) as a definition; a constructor (opt) used inline as a reference.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "01" + "7d" + "0100"))), DecodeError::BadTypeOpcode);
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "00" + "016e"))), DecodeError::BadTypeOpcode);
  // Fields out of order, and a duplicate field.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "02" + "6d7b" + "6c02" + kPayload + "00" + kMsgId +
                                      "7d" + "0101" + "000700"))),
            DecodeError::FieldsNotSorted);
  EXPECT_EQ(error_of(decode_new(
                unhex(kDidl + "01" + "6c02" + kMsgId + "7d" + kMsgId + "7d" + "0100" + "0707"))),
            DecodeError::FieldsNotSorted);
  // A service whose method type is not a function.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "01" + "6901" + "01" + "61" + "7d" + "00"))),
            DecodeError::TypeMismatch);
}

TEST(CandidErrors, ArgumentsMustBeThereAndOfTheRightShape) {
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "0000"))), DecodeError::MissingArgument);
  // (nat) where (New) is expected; (vec nat8) where (vec Frame) is expected with one element.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "00017d07"))), DecodeError::TypeMismatch);
  EXPECT_EQ(error_of(decode_batch(unhex(kDidl + "016d7b01000101"))), DecodeError::TypeMismatch);
  // msg_id as nat64, payload as vec nat16 with an element.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "02" + "6d7b" + "6c02" + kMsgId + "78" + kPayload +
                                      "00" + "0101" + "0700000000000000" + "00"))),
            DecodeError::TypeMismatch);
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "02" + "6d7a" + "6c02" + kMsgId + "7d" + kPayload +
                                      "00" + "0101" + "07" + "010100"))),
            DecodeError::TypeMismatch);
  // A record without payload.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "01" + "6c01" + kMsgId + "7d" + "0100" + "07"))),
            DecodeError::MissingField);
}

TEST(CandidErrors, BadOptTagAndVariantValues) {
  // Fin with an opt tag of 2.
  const Bytes fin = encode_fin(FinFrame{MsgId{0, 7}, std::nullopt});
  Bytes bad_tag = fin;
  bad_tag.back() = 2;
  EXPECT_EQ(error_of(decode_fin(bad_tag)), DecodeError::BadOptTag);
  // variant { ZZZ : null } with its one alternative, then with index 1 (past the type).
  const std::string variant_type = kDidl + "01" + "6b01" + "9ab39202" + "7f" + "0100";
  EXPECT_EQ(error_of(decode_frame(unhex(variant_type + "00"))), DecodeError::UnknownVariantTag);
  EXPECT_EQ(error_of(decode_frame(unhex(variant_type + "01"))), DecodeError::BadValue);
}

TEST(CandidErrors, SkippedValuesAreCheckedToo) {
  // Extra arguments: a bool of 2, invalid UTF-8 text, a value of `empty`.
  EXPECT_EQ(error_of(decode_new(
                unhex(kNewHeader.substr(0, kNewHeader.size() - 4) + "02017e" + "0700" + "02"))),
            DecodeError::BadValue);
  EXPECT_EQ(error_of(decode_new(
                unhex(kNewHeader.substr(0, kNewHeader.size() - 4) + "020171" + "0700" + "01ff"))),
            DecodeError::BadValue);
  EXPECT_EQ(
      error_of(decode_new(unhex(kNewHeader.substr(0, kNewHeader.size() - 4) + "02016f" + "0700"))),
      DecodeError::BadValue);
}

TEST(CandidErrors, ValuesThatTakeNoBytesCannotMakeUnboundedWork) {
  // An extra argument of type vec null with 2^62 elements: no bytes, but 2^62 steps.
  const auto bytes = unhex(kDidl + "03" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" +
                           "6d7f" + "020102" + "0700" + "8080808080808080c000");
  EXPECT_EQ(error_of(decode_new(bytes)), DecodeError::WorkLimit);
}

TEST(CandidErrors, TypeTablesAreBoundedByTheirEntryCount) {
  // (New) needs 2 definitions and 2 fields.
  DecodeLimits limits;
  limits.type_entries_max = 4;
  const Bytes message = encode_new(NewFrame{MsgId{0, 7}, {}});
  EXPECT_EQ(decode_new(message, limits).index(), 0u);
  limits.type_entries_max = 3;
  EXPECT_EQ(error_of(decode_new(message, limits)), DecodeError::WorkLimit);
  // 5000 empty records, then one record of 5000 fields: within the input, beyond the default.
  std::string many_defs = kDidl + "8827";  // 5000
  for (int i = 0; i < 5000; ++i) many_defs += "6c00";
  EXPECT_EQ(error_of(decode_new(unhex(many_defs + "00"))), DecodeError::WorkLimit);
  std::string many_fields = kDidl + "01" + "6c" + "8827";
  for (int i = 0; i < 5000; ++i) many_fields += "7f7f";
  EXPECT_EQ(error_of(decode_new(unhex(many_fields + "00"))), DecodeError::WorkLimit);
}

TEST(CandidErrors, RecursiveTypesWithoutFiniteValuesHitTheDepthLimit) {
  // type t = record { 0 : t }: a value would be infinitely deep (and takes no bytes).
  const auto bytes = unhex(kDidl + "03" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" +
                           "6c01" + "0002" + "020102" + "0700");
  EXPECT_EQ(error_of(decode_new(bytes)), DecodeError::DepthLimit);
}

TEST(CandidErrors, EveryErrorHasAName) {
  for (int e = static_cast<int>(DecodeError::InputTooLarge);
       e <= static_cast<int>(DecodeError::UnknownMethod); ++e) {
    EXPECT_NE(name_of(static_cast<DecodeError>(e)), "UnknownDecodeError") << e;
  }
  EXPECT_EQ(name_of(DecodeError::NatOverflow), "NatOverflow");
}

}  // namespace
}  // namespace asyncflow::wire
