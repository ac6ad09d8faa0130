#pragma once
// Candid's type opcodes and the field ids of our messages (spec/Candid.md, "Binary Format").
#include <cstdint>
#include <string_view>

namespace asyncflow::wire::candid {

// Type opcodes as signed LEB128 values. Primitive ones may appear wherever a type is referenced;
// constructor ones only head a type-table entry; anything below Principal is a "future type".
enum Opcode : std::int64_t {
  kNull = -1,
  kBool = -2,
  kNat = -3,
  kInt = -4,
  kNat8 = -5,
  kNat16 = -6,
  kNat32 = -7,
  kNat64 = -8,
  kInt8 = -9,
  kInt16 = -10,
  kInt32 = -11,
  kInt64 = -12,
  kFloat32 = -13,
  kFloat64 = -14,
  kText = -15,
  kReserved = -16,
  kEmpty = -17,
  kOpt = -18,
  kVec = -19,
  kRecord = -20,
  kVariant = -21,
  kFunc = -22,
  kService = -23,
  kPrincipal = -24,
};

constexpr bool is_primitive(std::int64_t code) noexcept {
  return (code <= kNull && code >= kEmpty) || code == kPrincipal;
}

// A field or alternative name's id: h = h * 223 + byte over its UTF-8, modulo 2^32.
constexpr std::uint32_t field_id(std::string_view name) noexcept {
  std::uint32_t h = 0;
  for (char c : name) h = h * 223u + static_cast<std::uint8_t>(c);
  return h;
}

inline constexpr std::uint32_t kMsgIdField = field_id("msg_id");
inline constexpr std::uint32_t kPayloadField = field_id("payload");
inline constexpr std::uint32_t kHashField = field_id("hash");
inline constexpr std::uint32_t kNewTag = field_id("NEW");
inline constexpr std::uint32_t kAckTag = field_id("ACK");
inline constexpr std::uint32_t kFinTag = field_id("FIN");

inline constexpr std::uint8_t kMagic[4] = {'D', 'I', 'D', 'L'};

}  // namespace asyncflow::wire::candid
