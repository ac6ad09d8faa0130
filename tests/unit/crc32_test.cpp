#include "asyncflow/crc32.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string_view>
#include <vector>

namespace {

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(Crc32, MatchesTheStandardCheckValue) {
  // The CRC-32/ISO-HDLC check value from the CRC catalogue.
  EXPECT_EQ(asyncflow::crc32(as_bytes("123456789")), 0xCBF43926U);
}

TEST(Crc32, EmptyInputIsZero) {
  EXPECT_EQ(asyncflow::crc32({}), 0U);
}

TEST(Crc32, MatchesKnownZlibValues) {
  EXPECT_EQ(asyncflow::crc32(as_bytes("The quick brown fox jumps over the lazy dog")), 0x414FA339U);
  EXPECT_EQ(asyncflow::crc32(as_bytes("a")), 0xE8B7BE43U);
}

// zlib is the reference: every length from 0 to 300 (all tail lengths of the 8-byte loop) at
// every start offset modulo 8 (unaligned loads), over random bytes.
TEST(Crc32, AgreesWithZlibOnEveryLengthAndAlignment) {
  std::mt19937 rng(42);
  std::vector<std::uint8_t> buffer(320);
  for (auto& b : buffer) b = static_cast<std::uint8_t>(rng());
  for (std::size_t offset = 0; offset < 8; ++offset) {
    for (std::size_t length = 0; length <= 300; ++length) {
      const std::span<const std::uint8_t> bytes(buffer.data() + offset, length);
      const auto expected =
          static_cast<std::uint32_t>(::crc32(0L, bytes.data(), static_cast<uInt>(bytes.size())));
      ASSERT_EQ(asyncflow::crc32(bytes), expected) << "offset " << offset << " length " << length;
    }
  }
}

}  // namespace
