// Config: the documented defaults, and validate() naming each setting the arithmetic cannot carry.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

std::optional<ConfigError> error_of(const Config& c) {
  auto made = make_state(c, 1);
  if (auto* e = std::get_if<ConfigError>(&made)) return *e;
  return std::nullopt;
}

TEST(Config, DefaultsAreTheDocumentedOnes) {
  const Config c;
  EXPECT_EQ(c.retry_initial_ms, 330'000U);
  EXPECT_EQ(c.retry_backoff_multiplier, 2U);
  EXPECT_EQ(c.retry_interval_max_ms, 3'600'000U);
  EXPECT_EQ(c.send_attempts_max, 6U);
  EXPECT_EQ(c.ack_attempts_max, 6U);
  EXPECT_EQ(c.clock_skew_ms, 120'000U);
  EXPECT_EQ(c.fin_delay_ms, 0U);
  EXPECT_EQ(c.pending_fins_max, 4'096U);
  EXPECT_EQ(c.payload_bytes_max, 1'048'576U);
  EXPECT_EQ(c.calls_in_flight_per_peer_max, 1'000U);
  EXPECT_EQ(c.calls_in_flight_max, 100'000U);
  EXPECT_EQ(c.requests_in_flight_per_peer_max, 1'000U);
  EXPECT_EQ(c.requests_in_flight_max, 100'000U);
  EXPECT_EQ(c.dedupe_entries_max, 1'000'000U);
  EXPECT_EQ(c.retained_bytes_max, 268'435'456U);
  EXPECT_EQ(c.frames_per_transmission_max, 1'024U);
  EXPECT_EQ(c.new_payment_min_cycles, 0U);
  EXPECT_EQ(validate(c), std::nullopt);
}

TEST(Config, MakeStateSeedsTheGeneratorAndStartsEmpty) {
  auto made = make_state(small_config(), 1234);
  ASSERT_TRUE(std::holds_alternative<State>(made));
  const State& s = std::get<State>(made);
  EXPECT_EQ(s.config, small_config());
  EXPECT_EQ(s.ids.rng_state, 1234U);
  EXPECT_EQ(s.ids.last, MsgId{});
  EXPECT_EQ(s.clock_ms, 0U);
  EXPECT_TRUE(s.out_flows.empty() && s.in_flows.empty() && s.timers.empty());
  EXPECT_EQ(check_invariants(s), std::nullopt);
}

TEST(Config, EachInvalidSettingIsNamed) {
  const auto with = [](auto change) {
    Config c = small_config();
    change(c);
    return error_of(c);
  };
  EXPECT_EQ(with([](Config& c) { c.retry_initial_ms = 0; }), ConfigError::RetryInitialZero);
  EXPECT_EQ(with([](Config& c) { c.retry_backoff_multiplier = 0; }),
            ConfigError::BackoffMultiplierZero);
  EXPECT_EQ(with([](Config& c) { c.retry_interval_max_ms = 999; }),
            ConfigError::RetryIntervalMaxBelowInitial);
  EXPECT_EQ(with([](Config& c) { c.send_attempts_max = 0; }), ConfigError::SendAttemptsZero);
  EXPECT_EQ(with([](Config& c) { c.ack_attempts_max = 0; }), ConfigError::AckAttemptsZero);
  EXPECT_EQ(with([](Config& c) { c.send_attempts_max = kAttemptsMax + 1; }),
            ConfigError::AttemptsTooMany);
  EXPECT_EQ(with([](Config& c) { c.ack_attempts_max = kAttemptsMax + 1; }),
            ConfigError::AttemptsTooMany);
  EXPECT_EQ(with([](Config& c) { c.frames_per_transmission_max = 0; }),
            ConfigError::FramesPerTransmissionZero);
  EXPECT_EQ(with([](Config& c) { c.payload_bytes_max = kPayloadBytesLimit + 1; }),
            ConfigError::PayloadBytesMaxTooLarge);
  EXPECT_EQ(
      with([](Config& c) { c.retry_interval_max_ms = (1ULL << 52) / (kAttemptsMax + 1) + 1; }),
      ConfigError::WindowOverflow);
  EXPECT_EQ(with([](Config& c) { c.clock_skew_ms = (1ULL << 52) + 1; }),
            ConfigError::WindowOverflow);
  EXPECT_EQ(with([](Config& c) { c.fin_delay_ms = (1ULL << 52) + 1; }),
            ConfigError::WindowOverflow);
}

TEST(Config, BoundariesAreAccepted) {
  const auto with = [](auto change) {
    Config c = small_config();
    change(c);
    return error_of(c);
  };
  EXPECT_EQ(with([](Config& c) { c.retry_interval_max_ms = c.retry_initial_ms; }), std::nullopt);
  EXPECT_EQ(with([](Config& c) { c.send_attempts_max = kAttemptsMax; }), std::nullopt);
  EXPECT_EQ(with([](Config& c) { c.ack_attempts_max = kAttemptsMax; }), std::nullopt);
  EXPECT_EQ(with([](Config& c) { c.payload_bytes_max = kPayloadBytesLimit; }), std::nullopt);
  EXPECT_EQ(with([](Config& c) { c.retry_interval_max_ms = (1ULL << 52) / (kAttemptsMax + 1); }),
            std::nullopt);
  EXPECT_EQ(with([](Config& c) { c.clock_skew_ms = 1ULL << 52; }), std::nullopt);
  EXPECT_EQ(with([](Config& c) { c.frames_per_transmission_max = 1; }), std::nullopt);
}

TEST(Config, ErrorNames) {
  EXPECT_EQ(name_of(ConfigError::RetryInitialZero), "RetryInitialZero");
  EXPECT_EQ(name_of(ConfigError::BackoffMultiplierZero), "BackoffMultiplierZero");
  EXPECT_EQ(name_of(ConfigError::RetryIntervalMaxBelowInitial), "RetryIntervalMaxBelowInitial");
  EXPECT_EQ(name_of(ConfigError::SendAttemptsZero), "SendAttemptsZero");
  EXPECT_EQ(name_of(ConfigError::AckAttemptsZero), "AckAttemptsZero");
  EXPECT_EQ(name_of(ConfigError::AttemptsTooMany), "AttemptsTooMany");
  EXPECT_EQ(name_of(ConfigError::FramesPerTransmissionZero), "FramesPerTransmissionZero");
  EXPECT_EQ(name_of(ConfigError::PayloadBytesMaxTooLarge), "PayloadBytesMaxTooLarge");
  EXPECT_EQ(name_of(ConfigError::WindowOverflow), "WindowOverflow");
}

TEST(Config, LargestValidScheduleDoesNotOverflow) {
  Config c;
  c.send_attempts_max = kAttemptsMax;
  c.retry_initial_ms = 1;
  c.retry_interval_max_ms = (1ULL << 52) / (kAttemptsMax + 1);
  c.clock_skew_ms = 1ULL << 52;
  ASSERT_EQ(validate(c), std::nullopt);
  EXPECT_LT(dedupe_window_ms(c), 1ULL << 54);
  EXPECT_GE(dedupe_window_ms(c), c.clock_skew_ms + c.retry_interval_max_ms);
}

}  // namespace
}  // namespace asyncflow::test
