#pragma once
// A peer is an opaque byte string of 1..29 bytes (an IC principal fits). Flows are keyed by
// (peer, msg_id), so nothing one peer sends can reach another peer's flows.
#include <algorithm>
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace asyncflow {

class Peer {
 public:
  static constexpr std::size_t kBytesMax = 29;

  // The only way to make a Peer: an empty or too long name gives nullopt.
  static std::optional<Peer> from_bytes(std::span<const std::uint8_t> bytes) noexcept {
    if (bytes.empty() || bytes.size() > kBytesMax) return std::nullopt;
    Peer p;
    p.size_ = static_cast<std::uint8_t>(bytes.size());
    std::copy(bytes.begin(), bytes.end(), p.bytes_.begin());
    return p;
  }
  static std::optional<Peer> from_text(std::string_view text) noexcept {
    return from_bytes({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  }

  std::span<const std::uint8_t> bytes() const noexcept { return {bytes_.data(), size_}; }
  std::size_t size() const noexcept { return size_; }

  // Written out: libc++ 14, the C++ library Debian ships for wasm32, has neither
  // std::ranges::equal nor std::lexicographical_compare_three_way.
  friend bool operator==(const Peer& a, const Peer& b) noexcept {
    return std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin(), b.bytes().end());
  }
  friend std::strong_ordering operator<=>(const Peer& a, const Peer& b) noexcept {
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i)
      if (a.bytes_[i] != b.bytes_[i]) return a.bytes_[i] <=> b.bytes_[i];
    return a.size() <=> b.size();
  }

 private:
  Peer() = default;
  std::uint8_t size_ = 0;
  std::array<std::uint8_t, kBytesMax> bytes_{};
};

}  // namespace asyncflow
