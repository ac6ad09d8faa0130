// The Candid reader's bounds at their exact edges: the largest field id, the input size limit,
// the skip budget and the skip depth each accept their limit and refuse one more; and the
// checks made only on values we skip (an opt's tag) or on types we never use (a func's
// annotations) are made all the same.
#include <gtest/gtest.h>

#include <string>

#include "asyncflow/wire/candid.hpp"
#include "hex.hpp"

namespace asyncflow::wire {
namespace {

using test::hex;
using test::unhex;

const std::string kDidl = "4449444c";
const std::string kMsgId = "d9ece18201";    // field id of msg_id
const std::string kPayload = "8effd6e90e";  // field id of payload
const NewFrame kSevenAb{MsgId{0, 7}, {0xab}};

std::string sleb(std::int64_t v) {
  Bytes out;
  for (;;) {
    const auto group = static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) & 0x7f);
    v >>= 7;
    const bool done = (v == 0 && !(group & 0x40)) || (v == -1 && (group & 0x40));
    out.push_back(done ? group : static_cast<std::uint8_t>(group | 0x80));
    if (done) return hex(out);
  }
}

std::string uleb(std::uint64_t v) {
  Bytes out;
  do {
    const auto group = static_cast<std::uint8_t>(v & 0x7f);
    v >>= 7;
    out.push_back(v != 0 ? static_cast<std::uint8_t>(group | 0x80) : group);
  } while (v != 0);
  return hex(out);
}

std::string outcome(const std::variant<NewFrame, DecodeError>& r) {
  if (const auto* e = std::get_if<DecodeError>(&r)) return std::string(name_of(*e));
  return std::get<NewFrame>(r) == kSevenAb ? "seven-ab" : "other value";
}
std::string outcome(const std::variant<std::vector<Frame>, DecodeError>& r) {
  if (const auto* e = std::get_if<DecodeError>(&r)) return std::string(name_of(*e));
  return "frames";
}

// (record { msg_id : nat; payload : blob; <id> : null }) with the extra field last, as a NEW.
std::string new_with_last_field(const std::string& id_leb) {
  return kDidl + "02" + "6d7b" + "6c03" + kMsgId + "7d" + kPayload + "00" + id_leb + "7f" + "0101" +
         "07" + "01ab";
}

TEST(CandidLimits, TheLargestFieldIdIsAFieldIdOneMoreIsLebOverflow) {
  EXPECT_EQ(outcome(decode_new(unhex(new_with_last_field("ffffffff0f")))), "seven-ab");
  EXPECT_EQ(outcome(decode_new(unhex(new_with_last_field("8080808010")))), "LebOverflow");
}

TEST(CandidLimits, InputOfExactlyTheLimitDecodesOneByteMoreIsTooLarge) {
  const Bytes bytes = encode_new(kSevenAb);
  DecodeLimits limits;
  limits.input_bytes_max = bytes.size();
  EXPECT_EQ(outcome(decode_new(bytes, limits)), "seven-ab");
  limits.input_bytes_max = bytes.size() - 1;
  EXPECT_EQ(outcome(decode_new(bytes, limits)), "InputTooLarge");
  EXPECT_EQ(outcome(decode_batch(encode_batch(std::vector<Frame>{kSevenAb}), limits)),
            "InputTooLarge");
}

// (record { 0 : vec null; msg_id : nat; payload : blob }) with `count` nulls: skipping the
// extra field takes 1 + count skipped values.
std::string new_with_nulls(int count) {
  return kDidl + "03" + "6d7b" + "6d7f" + "6c03" + "0001" + kMsgId + "7d" + kPayload + "00" +
         "0102" + hex(Bytes{static_cast<std::uint8_t>(count)}) + "07" + "01ab";
}

TEST(CandidLimits, TheSkipBudgetAllowsExactlyItsCount) {
  DecodeLimits limits;
  limits.skipped_values_max = 4;
  EXPECT_EQ(outcome(decode_new(unhex(new_with_nulls(3)), limits)), "seven-ab");
  EXPECT_EQ(outcome(decode_new(unhex(new_with_nulls(4)), limits)), "WorkLimit");
  limits.skipped_values_max = 3;
  EXPECT_EQ(outcome(decode_new(unhex(new_with_nulls(3)), limits)), "WorkLimit");
}

// (record { 0 : opt opt ... opt null; msg_id; payload }) with `depth` opts, every one present.
std::string new_with_nested_opts(int depth) {
  std::string table = "6d7b";  // 0: blob
  for (int i = 1; i < depth; ++i) table += "6e" + sleb(i + 1);
  table += "6e7f";  // the innermost: opt null
  const int record = depth + 1;
  table += "6c03" + std::string("00") + sleb(1) + kMsgId + "7d" + kPayload + "00";
  std::string value;
  for (int i = 0; i < depth; ++i) value += "01";
  return kDidl + uleb(static_cast<std::uint64_t>(depth) + 2) + table + "01" + sleb(record) + value +
         "07" + "01ab";
}

TEST(CandidLimits, SkippingFollowsNestingUpToTheDepthLimitAndNoDeeper) {
  // The extra field's value is at depth 1; each opt's content one deeper; 64 is the deepest a
  // skipped value may be: 63 opts put their null there, 64 put it one deeper.
  EXPECT_EQ(outcome(decode_new(unhex(new_with_nested_opts(63)))), "seven-ab");
  EXPECT_EQ(outcome(decode_new(unhex(new_with_nested_opts(64)))), "DepthLimit");
}

// (record { 0 : opt nat8; msg_id; payload }) with the opt's value given.
std::string new_with_opt_field(const std::string& opt_value) {
  return kDidl + "03" + "6d7b" + "6e7b" + "6c03" + "0001" + kMsgId + "7d" + kPayload + "00" +
         "0102" + opt_value + "07" + "01ab";
}

TEST(CandidLimits, ASkippedOptMustHaveTagZeroOrOne) {
  EXPECT_EQ(outcome(decode_new(unhex(new_with_opt_field("00")))), "seven-ab");
  EXPECT_EQ(outcome(decode_new(unhex(new_with_opt_field("0105")))), "seven-ab");
  EXPECT_EQ(outcome(decode_new(unhex(new_with_opt_field("02")))), "BadOptTag");
  EXPECT_EQ(outcome(decode_new(unhex(new_with_opt_field("0205")))), "BadOptTag");
  EXPECT_EQ(outcome(decode_new(unhex(new_with_opt_field("ff05")))), "BadOptTag");
}

// A NEW whose type table also holds an unused `func () -> () <annotation>`.
std::string new_with_func_annotation(const std::string& annotations) {
  return kDidl + "03" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" + "6a" + "00" + "00" +
         annotations + "0101" + "07" + "01ab";
}

TEST(CandidLimits, FuncAnnotationsAreQueryOnewayOrCompositeQuery) {
  EXPECT_EQ(outcome(decode_new(unhex(new_with_func_annotation("00")))), "seven-ab");
  for (const char* ok : {"0101", "0102", "0103", "020103"})
    EXPECT_EQ(outcome(decode_new(unhex(new_with_func_annotation(ok)))), "seven-ab") << ok;
  for (const char* bad : {"0100", "0104", "01ff", "020104"})
    EXPECT_EQ(outcome(decode_new(unhex(new_with_func_annotation(bad)))), "BadValue") << bad;
}

}  // namespace
}  // namespace asyncflow::wire
