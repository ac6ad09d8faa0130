#include "reader.hpp"

namespace asyncflow::wire::candid {

Status Reader::byte(std::uint8_t& out) noexcept {
  if (at_end()) return DecodeError::Truncated;
  out = bytes_[pos_++];
  return std::nullopt;
}

Status Reader::take(std::size_t count, std::span<const std::uint8_t>& out) noexcept {
  if (count > remaining()) return DecodeError::Truncated;
  out = bytes_.subspan(pos_, count);
  pos_ += count;
  return std::nullopt;
}

Status Reader::skip(std::size_t count) noexcept {
  if (count > remaining()) return DecodeError::Truncated;
  pos_ += count;
  return std::nullopt;
}

Status Reader::u32_le(std::uint32_t& out) noexcept {
  std::span<const std::uint8_t> raw;
  if (auto error = take(4, raw)) return error;
  out = std::uint32_t{raw[0]} | std::uint32_t{raw[1]} << 8 | std::uint32_t{raw[2]} << 16 |
        std::uint32_t{raw[3]} << 24;
  return std::nullopt;
}

Status Reader::leb_u64(std::uint64_t& out) noexcept {
  std::uint64_t value = 0;
  for (unsigned shift = 0;; shift += 7) {
    std::uint8_t b = 0;
    if (auto error = byte(b)) return error;
    const std::uint64_t group = b & 0x7fu;
    if (shift < 64) {
      // The last partial group may carry only the bits that still fit.
      if (shift > 57 && (group >> (64 - shift)) != 0) return DecodeError::LebOverflow;
      value |= group << shift;
    } else if (group != 0) {
      return DecodeError::LebOverflow;
    }
    if ((b & 0x80u) == 0) break;
  }
  out = value;
  return std::nullopt;
}

Status Reader::leb_size(std::size_t& out) noexcept {
  std::uint64_t value = 0;
  if (auto error = leb_u64(value)) return error;
  if (value > SIZE_MAX) return DecodeError::LebOverflow;
  out = static_cast<std::size_t>(value);
  return std::nullopt;
}

Status Reader::leb_u32(std::uint32_t& out) noexcept {
  std::uint64_t value = 0;
  if (auto error = leb_u64(value)) return error;
  if (value > UINT32_MAX) return DecodeError::LebOverflow;
  out = static_cast<std::uint32_t>(value);
  return std::nullopt;
}

Status Reader::sleb_i64(std::int64_t& out) noexcept {
  // At most ten groups: nine full ones and a tenth whose seven bits all equal bit 63. Longer
  // (redundant) forms are refused: opcodes and indices are small and encoders write them short.
  std::uint64_t value = 0;
  for (unsigned shift = 0;; shift += 7) {
    std::uint8_t b = 0;
    if (auto error = byte(b)) return error;
    const std::uint64_t group = b & 0x7fu;
    if (shift == 63) {
      if ((b & 0x80u) != 0 || (group != 0 && group != 0x7fu)) return DecodeError::LebOverflow;
      value |= group << 63;
      break;
    }
    value |= group << shift;
    if ((b & 0x80u) == 0) {
      if ((group & 0x40u) != 0 && shift + 7 < 64) value |= ~std::uint64_t{0} << (shift + 7);
      break;
    }
  }
  out = static_cast<std::int64_t>(value);
  return std::nullopt;
}

Status Reader::nat128(MsgId& out) noexcept {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  for (unsigned shift = 0;; shift += 7) {
    std::uint8_t b = 0;
    if (auto error = byte(b)) return error;
    const std::uint64_t group = b & 0x7fu;
    if (shift < 64) {
      lo |= group << shift;
      if (shift > 57) hi |= group >> (64 - shift);
    } else if (shift < 128) {
      if (shift > 121 && (group >> (128 - shift)) != 0) return DecodeError::NatOverflow;
      hi |= group << (shift - 64);
    } else if (group != 0) {
      return DecodeError::NatOverflow;
    }
    if ((b & 0x80u) == 0) break;
  }
  out = MsgId{hi, lo};
  return std::nullopt;
}

Status Reader::skip_leb() noexcept {
  for (;;) {
    std::uint8_t b = 0;
    if (auto error = byte(b)) return error;
    if ((b & 0x80u) == 0) return std::nullopt;
  }
}

}  // namespace asyncflow::wire::candid
