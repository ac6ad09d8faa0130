#pragma once
// Candid text must be valid UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
#include <cstdint>
#include <span>

namespace asyncflow::wire::candid {

bool is_utf8(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace asyncflow::wire::candid
