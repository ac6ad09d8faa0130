#include "asyncflow/crc32.hpp"

#include <gtest/gtest.h>

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

TEST(Crc32, EmptyInputIsZero) { EXPECT_EQ(asyncflow::crc32({}), 0U); }

TEST(Crc32, MatchesKnownZlibValues) {
  EXPECT_EQ(asyncflow::crc32(as_bytes("The quick brown fox jumps over the lazy dog")),
            0x414FA339U);
  EXPECT_EQ(asyncflow::crc32(as_bytes("a")), 0xE8B7BE43U);
}

}  // namespace
