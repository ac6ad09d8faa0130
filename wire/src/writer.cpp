#include "writer.hpp"

namespace asyncflow::wire::candid {

void put_leb(Bytes& out, std::uint64_t value) {
  do {
    auto group = static_cast<std::uint8_t>(value & 0x7fu);
    value >>= 7;
    if (value != 0) group |= 0x80u;
    out.push_back(group);
  } while (value != 0);
}

void put_sleb(Bytes& out, std::int64_t value) {
  for (;;) {
    const auto group = static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) & 0x7fu);
    value >>= 7;  // arithmetic shift: sign bits come in from the left
    const bool done = (value == 0 && (group & 0x40u) == 0) || (value == -1 && (group & 0x40u) != 0);
    out.push_back(done ? group : static_cast<std::uint8_t>(group | 0x80u));
    if (done) return;
  }
}

void put_nat128(Bytes& out, const MsgId& value) {
  std::uint64_t hi = value.hi;
  std::uint64_t lo = value.lo;
  do {
    auto group = static_cast<std::uint8_t>(lo & 0x7fu);
    lo = (lo >> 7) | (hi << 57);
    hi >>= 7;
    if (hi != 0 || lo != 0) group |= 0x80u;
    out.push_back(group);
  } while (hi != 0 || lo != 0);
}

void put_u32_le(Bytes& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void put_blob(Bytes& out, std::span<const std::uint8_t> bytes) {
  put_leb(out, bytes.size());
  out.insert(out.end(), bytes.begin(), bytes.end());
}

}  // namespace asyncflow::wire::candid
