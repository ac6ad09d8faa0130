#pragma once
// Appends Candid's integer forms to a byte buffer, always in their shortest encoding (the form
// @dfinity/candid writes, which the interop test compares byte for byte).
#include <cstdint>
#include <span>

#include "asyncflow/frame.hpp"

namespace asyncflow::wire::candid {

void put_leb(Bytes& out, std::uint64_t value);
void put_sleb(Bytes& out, std::int64_t value);
void put_nat128(Bytes& out, const MsgId& value);
void put_u32_le(Bytes& out, std::uint32_t value);
void put_blob(Bytes& out, std::span<const std::uint8_t> bytes);

}  // namespace asyncflow::wire::candid
