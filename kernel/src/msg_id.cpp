#include "asyncflow/msg_id.hpp"

namespace asyncflow {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int decode_char(char c) noexcept {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    if (kAlphabet[i] == c) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::array<std::uint8_t, 16> MsgId::to_bytes() const noexcept {
  std::array<std::uint8_t, 16> out{};
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
    out[8 + i] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
  }
  return out;
}

MsgId MsgId::from_bytes(const std::array<std::uint8_t, 16>& bytes) noexcept {
  MsgId id;
  for (int i = 0; i < 8; ++i) {
    id.hi = (id.hi << 8) | bytes[i];
    id.lo = (id.lo << 8) | bytes[8 + i];
  }
  return id;
}

// 26 characters of 5 bits cover 130 bits; the first character carries the top 3 bits only.
std::string MsgId::to_string() const {
  std::string text(26, '0');
  std::uint64_t h = hi;
  std::uint64_t l = lo;
  for (int i = 25; i >= 0; --i) {
    text[i] = kAlphabet[l & 31U];
    l = (l >> 5) | (h << 59);
    h >>= 5;
  }
  return text;
}

std::optional<MsgId> MsgId::parse(std::string_view text) noexcept {
  if (text.size() != 26) return std::nullopt;
  MsgId id;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int v = decode_char(text[i]);
    if (v < 0 || (i == 0 && v > 7)) return std::nullopt;
    id.hi = (id.hi << 5) | (id.lo >> 59);
    id.lo = (id.lo << 5) | static_cast<std::uint64_t>(v);
  }
  return id;
}

}  // namespace asyncflow
