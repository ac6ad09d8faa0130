#pragma once
// A message id is a ULID: 48 bits of Unix time in milliseconds, then 80 random bits.
// On the wire it is a Candid `nat` (the 128-bit big-endian value); for people it is the
// 26-character Crockford base32 text.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace asyncflow {

using TimeMs = std::uint64_t;  // Unix time in milliseconds, as the host's clock gives it

struct MsgId {
  std::uint64_t hi = 0;  // time_ms << 16 | top 16 random bits
  std::uint64_t lo = 0;  // low 64 random bits

  static constexpr TimeMs kTimeMsMax = (TimeMs{1} << 48) - 1;

  static constexpr MsgId from_parts(TimeMs time_ms, std::uint16_t random_hi,
                                    std::uint64_t random_lo) noexcept {
    return MsgId{(time_ms << 16) | random_hi, random_lo};
  }
  constexpr TimeMs time_ms() const noexcept { return hi >> 16; }
  constexpr std::uint16_t random_hi() const noexcept { return static_cast<std::uint16_t>(hi); }

  // Big-endian 16 bytes, the order of the Candid nat's value and of the text form.
  std::array<std::uint8_t, 16> to_bytes() const noexcept;
  static MsgId from_bytes(const std::array<std::uint8_t, 16>& bytes) noexcept;

  std::string to_string() const;  // 26 Crockford base32 characters
  // Accepts upper or lower case; rejects any other length, alphabet or a first character > '7'.
  static std::optional<MsgId> parse(std::string_view text) noexcept;

  friend constexpr auto operator<=>(const MsgId&, const MsgId&) = default;
};

}  // namespace asyncflow
