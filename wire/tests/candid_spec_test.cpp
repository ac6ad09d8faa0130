// The Candid reader against the edge cases of the specification (dfinity/candid spec/Candid.md,
// "Binary Format" and "Deserialisation"): LEB128 and SLEB128 of every length, truncated or with
// redundant groups; values of every type skipped as an unknown record field or an extra argument,
// as @dfinity/candid writes them (candid_js_vectors.inc, tests/interop/gen_vectors.js); and text
// that is not UTF-8 (surrogates, overlong forms, code points above U+10FFFF, truncated sequences).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "asyncflow/wire/candid.hpp"
#include "hex.hpp"

namespace asyncflow::wire {
namespace {

using test::hex;
using test::unhex;

const std::string kDidl = "4449444c";
const std::string kMsgId = "d9ece18201";    // field id of msg_id (274232921)
const std::string kPayload = "8effd6e90e";  // field id of payload
const std::string kHash = "cedfa0a804";     // field id of hash

template <typename T>
DecodeError error_of(const std::variant<T, DecodeError>& result) {
  EXPECT_EQ(result.index(), 1u) << "decoded where an error was expected";
  return result.index() == 1 ? std::get<DecodeError>(result) : DecodeError{};
}

template <typename T>
T value_of(const std::variant<T, DecodeError>& result) {
  EXPECT_EQ(result.index(), 0u) << name_of(std::get<DecodeError>(result));
  return result.index() == 0 ? std::get<T>(result) : T{};
}

// Unsigned LEB128 of a 128-bit value, with `redundant` extra zero groups (the spec's leb128 does
// not require the shortest form).
std::string uleb(MsgId value, int redundant = 0) {
  Bytes out;
  std::uint64_t hi = value.hi;
  std::uint64_t lo = value.lo;
  do {
    out.push_back(static_cast<std::uint8_t>(lo & 0x7f) | 0x80);
    lo = lo >> 7 | hi << 57;
    hi >>= 7;
  } while (hi != 0 || lo != 0);
  for (int i = 0; i < redundant; ++i) out.push_back(0x80);
  out.back() &= 0x7f;  // the last group ends the number
  return hex(out);
}
std::string uleb(std::uint64_t value, int redundant = 0) {
  return uleb(MsgId{0, value}, redundant);
}

// (record { msg_id : nat; payload : blob }, T) where T is a primitive opcode: the reference
// library's (New) followed by one extra argument. Values: msg_id 7, payload "\ab", then `value`.
std::string new_and_argument(const std::string& type, const std::string& value) {
  return kDidl + "02" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" + "02" + "01" + type +
         "07" + "01ab" + value;
}

// (record { msg_id : nat; payload : blob; 0 : T }) with T primitive, the extra field first.
std::string new_with_field(const std::string& type, const std::string& value) {
  return kDidl + "02" + "6d7b" + "6c03" + "00" + type + kMsgId + "7d" + kPayload + "00" + "01" +
         "01" + value + "07" + "01ab";
}

// (record { msg_id : nat }): a FIN whose last value is its msg_id.
std::string fin_of_msg_id(const std::string& msg_id_leb) {
  return kDidl + "01" + "6c01" + kMsgId + "7d" + "0100" + msg_id_leb;
}

const NewFrame kSevenAb{MsgId{0, 7}, {0xab}};

// --- values written by @dfinity/candid ---

struct JsVector {
  const char* name;
  const char* form;
  const char* hex;
};
constexpr JsVector kJsVectors[] = {
#include "candid_js_vectors.inc"
};
const MsgId kJsMsgId{std::uint64_t{1} << 36, 5};  // 2^100 + 5
const Bytes kJsPayload{0xab, 0xcd};
constexpr Hash32 kJsHash = 0x01020304;

TEST(CandidSpec, EveryTypeWrittenByTheReferenceLibraryIsSkippedAsAnUnknownFieldOrArgument) {
  ASSERT_GE(std::size(kJsVectors), 150u);
  for (const JsVector& v : kJsVectors) {
    const Bytes bytes = unhex(v.hex);
    if (std::string(v.form) == "new") {
      EXPECT_EQ(value_of(decode_new(bytes)), (NewFrame{kJsMsgId, kJsPayload})) << v.name;
    } else {
      EXPECT_EQ(value_of(decode_fin(bytes)), (FinFrame{kJsMsgId, kJsHash})) << v.name;
    }
  }
}

TEST(CandidSpec, EveryProperPrefixOfAReferenceVectorIsTruncated) {
  // Each vector ends in a different type's value, so this reaches the end of input inside every
  // kind of value the skipper steps over.
  for (const JsVector& v : kJsVectors) {
    const Bytes whole = unhex(v.hex);
    for (std::size_t length = 0; length < whole.size(); ++length) {
      const Bytes prefix(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(length));
      const auto error = std::string(v.form) == "new" ? error_of(decode_new(prefix))
                                                      : error_of(decode_fin(prefix));
      EXPECT_EQ(error, DecodeError::Truncated) << v.name << " cut at " << length;
    }
  }
}

// --- LEB128 ---

TEST(CandidSpec, Leb128WithRedundantZeroGroupsIsAccepted) {
  for (int redundant : {0, 1, 5, 12}) {
    // msg_id, payload length and the type table size, each with extra groups.
    const auto bytes =
        unhex(kDidl + uleb(2, redundant) + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" +
              "0101" + uleb(7, redundant) + uleb(1, redundant) + "ab");
    EXPECT_EQ(value_of(decode_new(bytes)), kSevenAb) << redundant;
  }
}

TEST(CandidSpec, MsgIdsAtEveryGroupBoundaryDecodeExactly) {
  std::vector<MsgId> ids;
  for (unsigned bit = 0; bit < 128; ++bit) {
    const MsgId one =
        bit < 64 ? MsgId{0, std::uint64_t{1} << bit} : MsgId{std::uint64_t{1} << (bit - 64), 0};
    ids.push_back(one);
    // All bits below `bit` set: the largest value of its length.
    ids.push_back(bit < 64 ? MsgId{0, (std::uint64_t{1} << bit) - 1}
                           : MsgId{(std::uint64_t{1} << (bit - 64)) - 1, ~std::uint64_t{0}});
  }
  ids.push_back(MsgId{~0ull, ~0ull});
  ids.push_back(MsgId{0x0123456789abcdefull, 0xfedcba9876543210ull});
  for (const MsgId& id : ids) {
    for (int redundant : {0, 2}) {
      EXPECT_EQ(value_of(decode_fin(unhex(fin_of_msg_id(uleb(id, redundant))))),
                (FinFrame{id, std::nullopt}))
          << id.hi << ":" << id.lo << " +" << redundant;
    }
  }
}

TEST(CandidSpec, TruncatedLeb128IsNeverReadAsComplete) {
  // A msg_id whose last group still has its continuation bit, at the very end of the input.
  for (const char* id : {"87", "8780", "ffffffffffffffffff", "ffffffffffffffffffffffffffffffffff"})
    EXPECT_EQ(error_of(decode_fin(unhex(fin_of_msg_id(id)))), DecodeError::Truncated) << id;
  // An extra `nat` / `int` argument ending inside its number.
  EXPECT_EQ(error_of(decode_new(unhex(new_and_argument("7d", "ff")))), DecodeError::Truncated);
  EXPECT_EQ(error_of(decode_new(unhex(new_and_argument("7c", "8080")))), DecodeError::Truncated);
  // Those complete are skipped.
  EXPECT_EQ(value_of(decode_new(unhex(new_and_argument("7d", "ff7f")))), kSevenAb);
  EXPECT_EQ(value_of(decode_new(unhex(new_and_argument("7c", "808000")))), kSevenAb);
  // The type table's size, a field count, a field id, the argument count.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "82"))), DecodeError::Truncated);
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "01" + "6c" + "81"))), DecodeError::Truncated);
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "01" + "6c01" + "d9ece182"))),
            DecodeError::Truncated);
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "00" + "80"))), DecodeError::Truncated);
}

TEST(CandidSpec, Leb128BeyondItsIntegerIsLebOverflowNotWrapped) {
  // A payload length of 2^64 must not wrap to 0 (an empty payload and a message that decodes).
  const std::string header =
      kDidl + "02" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" + "0101" + "07";
  EXPECT_EQ(error_of(decode_new(unhex(header + "80808080808080808002"))), DecodeError::LebOverflow);
  EXPECT_EQ(error_of(decode_new(unhex(header + "808080808080808080808001"))),
            DecodeError::LebOverflow);
  // 2^64 - 1 fits 64 bits: a length the input cannot hold (or, within the default limits, one
  // beyond the payload limit).
  DecodeLimits unlimited;
  unlimited.payload_bytes_max = SIZE_MAX;
  EXPECT_EQ(error_of(decode_new(unhex(header + "ffffffffffffffffff01"), unlimited)),
            DecodeError::Truncated);
  EXPECT_EQ(error_of(decode_new(unhex(header + "ffffffffffffffffff01"))),
            DecodeError::PayloadTooLarge);
  // 2^63 fits too: the tenth group may carry bit 63.
  EXPECT_EQ(error_of(decode_new(unhex(header + "80808080808080808001"), unlimited)),
            DecodeError::Truncated);
  // A field id of 2^32 + hash(msg_id) must not wrap onto msg_id.
  EXPECT_EQ(error_of(decode_new(unhex(kDidl + "02" + "6d7b" + "6c02" + "d9ece18211" + "7d" +
                                      kPayload + "00" + "0101" + "07" + "01ab"))),
            DecodeError::LebOverflow);
  // The largest field id, 2^32 - 1, is an id like any other (an unknown field, skipped).
  EXPECT_EQ(value_of(decode_new(unhex(kDidl + "02" + "6d7b" + "6c03" + kMsgId + "7d" + kPayload +
                                      "00" + "ffffffff0f" + "7e" + "0101" + "07" + "01ab" + "01"))),
            kSevenAb);
}

// --- SLEB128 (type opcodes and table indices) ---

TEST(CandidSpec, Sleb128OpcodesInLongerFormsAreTheSameOpcode) {
  // nat as 7d, fd7f, fdff7f, and at ten groups; index 0 as 80 00.
  for (const char* nat : {"7d", "fd7f", "fdff7f", "fdffffffffffffffff7f"}) {
    const auto bytes = unhex(kDidl + "02" + "6d7b" + "6c02" + kMsgId + nat + kPayload + "8000" +
                             "0101" + "07" + "01ab");
    EXPECT_EQ(value_of(decode_new(bytes)), kSevenAb) << nat;
  }
}

TEST(CandidSpec, Sleb128BeyondTenGroupsOrSixtyFourBitsIsLebOverflow) {
  const auto with_opcode = [&](const std::string& nat) {
    return unhex(kDidl + "02" + "6d7b" + "6c02" + kMsgId + nat + kPayload + "00" + "0101" + "07" +
                 "01ab");
  };
  EXPECT_EQ(error_of(decode_new(with_opcode("fdffffffffffffffffff7f"))), DecodeError::LebOverflow);
  EXPECT_EQ(error_of(decode_new(with_opcode("fdffffffffffffffff01"))), DecodeError::LebOverflow);
}

TEST(CandidSpec, ATableIndexWithBit6SetIsPositive) {
  // Index 64 is c0 00 in SLEB128 (a lone 40 would be -64). A table of 64 empty records, then
  // blob and the record: (New) is entry 65, payload refers to entry 64.
  std::string table = kDidl + uleb(66);
  for (int i = 0; i < 64; ++i) table += "6c00";
  table += "6d7b";                                      // 64: blob
  table += "6c02" + kMsgId + "7d" + kPayload + "c000";  // 65: (New)
  EXPECT_EQ(value_of(decode_new(unhex(table + "01" + "c100" + "07" + "01ab"))), kSevenAb);
  // -64 is no opcode.
  EXPECT_EQ(error_of(decode_new(unhex(table + "01" + "40" + "07"))), DecodeError::BadTypeOpcode);
}

// --- each primitive width, skipped where we expect nothing ---

TEST(CandidSpec, FixedWidthValuesAreSkippedByTheirWidth) {
  struct Case {
    const char* opcode;
    int width;
  };
  const Case cases[] = {{"7b", 1}, {"77", 1}, {"7a", 2}, {"76", 2}, {"79", 4},
                        {"75", 4}, {"73", 4}, {"78", 8}, {"74", 8}, {"72", 8}};
  for (const Case& c : cases) {
    const std::string value(static_cast<std::size_t>(2 * c.width), 'e');
    EXPECT_EQ(value_of(decode_new(unhex(new_and_argument(c.opcode, value)))), kSevenAb) << c.opcode;
    EXPECT_EQ(value_of(decode_new(unhex(new_with_field(c.opcode, value)))), kSevenAb) << c.opcode;
    // One byte short: truncated; one byte more: trailing.
    EXPECT_EQ(error_of(decode_new(unhex(new_and_argument(c.opcode, value.substr(2))))),
              DecodeError::Truncated)
        << c.opcode;
    EXPECT_EQ(error_of(decode_new(unhex(new_and_argument(c.opcode, value + "ee")))),
              DecodeError::TrailingBytes)
        << c.opcode;
  }
}

TEST(CandidSpec, BoolNullReservedAndOptValuesAreCheckedWhenSkipped) {
  EXPECT_EQ(value_of(decode_new(unhex(new_and_argument("7e", "01")))), kSevenAb);
  EXPECT_EQ(value_of(decode_new(unhex(new_and_argument("7e", "00")))), kSevenAb);
  EXPECT_EQ(error_of(decode_new(unhex(new_and_argument("7e", "02")))), DecodeError::BadValue);
  // null and reserved take no bytes.
  EXPECT_EQ(value_of(decode_new(unhex(new_and_argument("7f", "")))), kSevenAb);
  EXPECT_EQ(value_of(decode_new(unhex(new_and_argument("70", "")))), kSevenAb);
  EXPECT_EQ(error_of(decode_new(unhex(new_and_argument("70", "00")))), DecodeError::TrailingBytes);
  // A field of type empty has no value.
  EXPECT_EQ(error_of(decode_new(unhex(new_with_field("6f", "")))), DecodeError::BadValue);
}

// --- UTF-8 in text ---

TEST(CandidSpec, TextAtEveryUtf8BoundaryIsAccepted) {
  for (const char* text : {"00", "7f", "c280", "dfbf", "e0a080", "ed9fbf", "ee8080", "efbfbf",
                           "f0908080", "f48fbfbf", "e282ac", "f09d849e"}) {
    const std::string value = uleb(std::string(text).size() / 2) + text;
    EXPECT_EQ(value_of(decode_new(unhex(new_and_argument("71", value)))), kSevenAb) << text;
    EXPECT_EQ(value_of(decode_new(unhex(new_with_field("71", value)))), kSevenAb) << text;
  }
}

TEST(CandidSpec, TextThatIsNotUtf8IsBadValue) {
  const char* invalid[] = {
      "80",           "bf",              // a continuation byte without a lead
      "c0af",         "c1bf",            // overlong two-byte forms
      "e080af",       "e09fbf",          // overlong three-byte forms
      "f0808080",     "f08fbfbf",        // overlong four-byte forms
      "eda080",       "edbfbf",          // UTF-16 surrogates U+D800 and U+DFFF
      "edadbfedb080",                    // a surrogate pair written as two sequences
      "f4908080",     "f7bfbfbf",        // above U+10FFFF
      "f880808080",   "fe",       "ff",  // leads that no sequence has
      "c2",           "e282",            // sequences cut by the end of the text
      "f09d84",       "c241",            // ... and cut by an ASCII byte
      "e228a1",       "e282ff",          // a bad second or third byte
      "f09d8441",     "f09d41",          // a bad third or fourth byte
      "41c3",                            // valid text, then a cut sequence
  };
  for (const char* text : invalid) {
    const std::string value = uleb(std::string(text).size() / 2) + text;
    EXPECT_EQ(error_of(decode_new(unhex(new_and_argument("71", value)))), DecodeError::BadValue)
        << text;
    EXPECT_EQ(error_of(decode_new(unhex(new_with_field("71", value)))), DecodeError::BadValue)
        << text;
  }
}

TEST(CandidSpec, AServiceMethodNameThatIsNotUtf8IsBadValue) {
  // service { "\ed\a0\80" : func () -> () } as the type of an extra argument.
  const std::string table =
      kDidl + "04" + "6d7b" + "6c02" + kMsgId + "7d" + kPayload + "00" + "6a000000";
  EXPECT_EQ(error_of(decode_new(
                unhex(table + "6901" + "03eda080" + "02" + "0201" + "03" + "07" + "01ab" + "00"))),
            DecodeError::BadValue);
  EXPECT_EQ(value_of(decode_new(
                unhex(table + "6901" + "03e282ac" + "02" + "0201" + "03" + "07" + "01ab" + "00"))),
            kSevenAb);
}

// --- our own encoder ---

TEST(CandidSpec, OurEncodingOfEveryMsgIdLengthReadsBack) {
  for (unsigned bit = 0; bit < 128; bit += 7) {
    const MsgId id = bit < 64 ? MsgId{0, (std::uint64_t{1} << bit) | 1}
                              : MsgId{std::uint64_t{1} << (bit - 64), 1};
    const std::vector<Frame> frames{NewFrame{id, {1}}, AckFrame{id, 0xffffffffu, {}},
                                    FinFrame{id, std::nullopt}, FinFrame{id, 0u}};
    EXPECT_EQ(value_of(decode_batch(encode_batch(frames))), frames) << bit;
    // The encoder writes msg_id in the shortest form: the same bytes as the reference encoding.
    EXPECT_NE(hex(encode_fin(FinFrame{id, std::nullopt})).find(uleb(id)), std::string::npos);
  }
}

}  // namespace
}  // namespace asyncflow::wire
