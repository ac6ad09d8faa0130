#include "asyncflow/model/config_check.hpp"

#include <gtest/gtest.h>

namespace asyncflow::model::smt {
namespace {

const ConstraintResult* find(const std::vector<ConstraintResult>& all, const std::string& name) {
  for (const auto& r : all)
    if (r.name == name) return &r;
  return nullptr;
}

TEST(ConfigCheck, TheDefaultsSatisfyEveryConstraint) {
  for (const auto& r : check_config(Config{})) EXPECT_TRUE(r.holds) << r.name << ": " << r.detail;
}

TEST(ConfigCheck, AFinDelayPastTheFirstAckRetryIsNamed) {
  Config c;
  c.retry_initial_ms = 1000;
  c.fin_delay_ms = 5000;
  const auto results = check_config(c);
  const auto* r = find(results, "FinDelayBelowFirstAckRetry");
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->holds);
  EXPECT_TRUE(find(results, "WindowCoversRetrySpanPlusSkew")->holds);
}

TEST(ConfigCheck, MoreAckAttemptsThanTheWindowCoversIsNamed) {
  Config c;
  c.send_attempts_max = 1;
  c.ack_attempts_max = 20;
  c.clock_skew_ms = 0;
  const auto results = check_config(c);
  EXPECT_FALSE(find(results, "AckRetrySpanWithinWindow")->holds);
}

TEST(ConfigCheck, AConfigTheKernelRejectsIsNamedByItsError) {
  Config c;
  c.retry_initial_ms = 0;
  const auto results = check_config(c);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].holds);
  EXPECT_EQ(results[0].detail, "RetryInitialZero");
}

TEST(ConfigFile, ParsesKnownKeysAndComments) {
  const auto parsed =
      parse_config("# comment\nretry_initial_ms = 5000\n\nsend_attempts_max=3 # x\n");
  ASSERT_TRUE(std::holds_alternative<Config>(parsed));
  EXPECT_EQ(std::get<Config>(parsed).retry_initial_ms, 5000u);
  EXPECT_EQ(std::get<Config>(parsed).send_attempts_max, 3u);
}

TEST(ConfigFile, RejectsUnknownKeysBadValuesAndMissingEquals) {
  const auto unknown = parse_config("retry_initial_ms = 1\nretry_inital_ms = 2\n");
  ASSERT_TRUE(std::holds_alternative<ConfigFileError>(unknown));
  EXPECT_EQ(std::get<ConfigFileError>(unknown).line, 2u);
  EXPECT_TRUE(std::holds_alternative<ConfigFileError>(parse_config("send_attempts_max = -1\n")));
  EXPECT_TRUE(
      std::holds_alternative<ConfigFileError>(parse_config("send_attempts_max = 9999999999\n")));
  EXPECT_TRUE(std::holds_alternative<ConfigFileError>(parse_config("send_attempts_max 3\n")));
}

}  // namespace
}  // namespace asyncflow::model::smt
