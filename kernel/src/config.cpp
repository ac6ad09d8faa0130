#include "asyncflow/config.hpp"

namespace asyncflow {

std::uint64_t retry_interval_ms(const Config& config, std::uint32_t attempt) noexcept {
  std::uint64_t wait = config.retry_initial_ms;
  for (std::uint32_t k = 1; k < attempt && wait < config.retry_interval_max_ms; ++k) {
    // Saturate instead of overflowing: the cap is reached long before 2^64.
    wait = wait > config.retry_interval_max_ms / config.retry_backoff_multiplier
               ? config.retry_interval_max_ms
               : wait * config.retry_backoff_multiplier;
  }
  return wait < config.retry_interval_max_ms ? wait : config.retry_interval_max_ms;
}

std::uint64_t retry_span_ms(const Config& config, std::uint32_t attempts_max) noexcept {
  std::uint64_t span = 0;
  for (std::uint32_t k = 1; k <= attempts_max; ++k) span += retry_interval_ms(config, k);
  return span;
}

TimeMs forget_at_ms(const Config& config, const MsgId& id) noexcept {
  return id.time_ms() + dedupe_window_ms(config) + 1;
}

std::uint64_t dedupe_window_ms(const Config& config) noexcept {
  return retry_span_ms(config, config.send_attempts_max) + config.clock_skew_ms;
}

std::optional<ConfigError> validate(const Config& c) noexcept {
  if (c.retry_initial_ms == 0) return ConfigError::RetryInitialZero;
  if (c.retry_backoff_multiplier == 0) return ConfigError::BackoffMultiplierZero;
  if (c.retry_interval_max_ms < c.retry_initial_ms)
    return ConfigError::RetryIntervalMaxBelowInitial;
  if (c.send_attempts_max == 0) return ConfigError::SendAttemptsZero;
  if (c.ack_attempts_max == 0) return ConfigError::AckAttemptsZero;
  if (c.send_attempts_max > kAttemptsMax || c.ack_attempts_max > kAttemptsMax)
    return ConfigError::AttemptsTooMany;
  if (c.frames_per_transmission_max == 0) return ConfigError::FramesPerTransmissionZero;
  if (c.payload_bytes_max > kPayloadBytesLimit) return ConfigError::PayloadBytesMaxTooLarge;
  // Every deadline is at most now + max interval or a ULID time + window; keep both far below
  // 2^64 even with 48-bit times. The interval cap bounds the span by 64 * cap.
  constexpr std::uint64_t kLimit = 1ULL << 52;
  if (c.retry_interval_max_ms > kLimit / (kAttemptsMax + 1) || c.clock_skew_ms > kLimit ||
      c.fin_delay_ms > kLimit)
    return ConfigError::WindowOverflow;
  return std::nullopt;
}

std::string_view name_of(ConfigError e) noexcept {
  switch (e) {
    case ConfigError::RetryInitialZero:
      return "RetryInitialZero";
    case ConfigError::BackoffMultiplierZero:
      return "BackoffMultiplierZero";
    case ConfigError::RetryIntervalMaxBelowInitial:
      return "RetryIntervalMaxBelowInitial";
    case ConfigError::SendAttemptsZero:
      return "SendAttemptsZero";
    case ConfigError::AckAttemptsZero:
      return "AckAttemptsZero";
    case ConfigError::AttemptsTooMany:
      return "AttemptsTooMany";
    case ConfigError::FramesPerTransmissionZero:
      return "FramesPerTransmissionZero";
    case ConfigError::PayloadBytesMaxTooLarge:
      return "PayloadBytesMaxTooLarge";
    case ConfigError::WindowOverflow:
      return "WindowOverflow";
  }
  return "?";
}

}  // namespace asyncflow
