#pragma once
// Hex text <-> bytes for test vectors, and readable DecodeErrors in test failures.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "asyncflow/frame.hpp"
#include "asyncflow/wire/candid.hpp"

namespace asyncflow::wire::test {

inline std::string hex(const Bytes& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

inline Bytes unhex(std::string_view text) {
  auto nibble = [](char c) { return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
  Bytes out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(nibble(text[i]) << 4 | nibble(text[i + 1])));
  }
  return out;
}

}  // namespace asyncflow::wire::test

namespace asyncflow::wire {
inline void PrintTo(DecodeError error, std::ostream* out) {
  *out << name_of(error);
}
}  // namespace asyncflow::wire
