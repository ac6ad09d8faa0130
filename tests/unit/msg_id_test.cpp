#include "asyncflow/msg_id.hpp"

#include <gtest/gtest.h>

namespace asyncflow {
namespace {

TEST(MsgId, TextRoundTripsAndKeepsTime) {
  const MsgId id = MsgId::from_parts(1'469'918'176'385, 0xABCD, 0x0123456789ABCDEFULL);
  const std::string text = id.to_string();
  ASSERT_EQ(text.size(), 26U);
  EXPECT_EQ(text.substr(0, 10), "01ARYZ6S41");  // the ULID spec's example timestamp
  const auto parsed = MsgId::parse(text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, id);
  EXPECT_EQ(parsed->time_ms(), 1'469'918'176'385U);
}

TEST(MsgId, ExtremesRoundTrip) {
  const MsgId zero{};
  EXPECT_EQ(zero.to_string(), std::string(26, '0'));
  const MsgId max{~0ULL, ~0ULL};
  EXPECT_EQ(max.to_string(), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
  EXPECT_EQ(MsgId::parse("7zzzzzzzzzzzzzzzzzzzzzzzzz"), max);
}

TEST(MsgId, ParseRejectsBadText) {
  EXPECT_FALSE(MsgId::parse("").has_value());
  EXPECT_FALSE(MsgId::parse("8ZZZZZZZZZZZZZZZZZZZZZZZZZ").has_value());  // > 128 bits
  EXPECT_FALSE(MsgId::parse("01ARYZ6S41UUUUUUUUUUUUUUUU").has_value());  // U not in alphabet
  EXPECT_FALSE(MsgId::parse("01ARYZ6S41").has_value());
}

TEST(MsgId, BytesAreBigEndianAndOrderMatchesValue) {
  const MsgId id{0x0102030405060708ULL, 0x090A0B0C0D0E0F10ULL};
  const auto bytes = id.to_bytes();
  for (int i = 0; i < 16; ++i) EXPECT_EQ(bytes[i], i + 1);
  EXPECT_EQ(MsgId::from_bytes(bytes), id);
  EXPECT_LT((MsgId{1, 0}), (MsgId{1, 1}));
  EXPECT_LT((MsgId{1, ~0ULL}), (MsgId{2, 0}));
}

}  // namespace
}  // namespace asyncflow
