#pragma once
// Every limit and timing of the protocol, named with its unit. Defaults follow the IC.
#include <cstdint>
#include <optional>
#include <string_view>

#include "asyncflow/msg_id.hpp"

namespace asyncflow {

struct Config {
  // Retries (NEW from the caller, ACK from the receiver) share one schedule: the k-th wait is
  // min(retry_initial_ms * retry_backoff_multiplier^(k-1), retry_interval_max_ms).
  // 330 s: IC requests time out after 5 minutes in queues, so a first retry sooner is wasted.
  std::uint64_t retry_initial_ms = 330'000;
  std::uint32_t retry_backoff_multiplier = 2;
  std::uint64_t retry_interval_max_ms = 3'600'000;
  std::uint32_t send_attempts_max = 6;  // transmissions of a NEW before GaveUp
  std::uint32_t ack_attempts_max = 6;   // transmissions of an ACK before the receiver gives up

  // Allowed difference between two endpoints' clocks (ICRC-1 permits 2 minutes of drift).
  std::uint64_t clock_skew_ms = 120'000;

  // FINs may wait this long to ride with the next frames to the same peer (0: send at once).
  std::uint64_t fin_delay_ms = 0;
  std::uint32_t pending_fins_max = 4'096;  // beyond this, a peer's waiting FINs leave at once

  // Limits. Local work over a limit is refused; remote frames over a limit are dropped.
  std::uint64_t payload_bytes_max = 1'048'576;
  std::uint32_t calls_in_flight_per_peer_max = 1'000;
  std::uint32_t calls_in_flight_max = 100'000;
  std::uint32_t requests_in_flight_per_peer_max = 1'000;
  std::uint32_t requests_in_flight_max = 100'000;
  std::uint64_t dedupe_entries_max = 1'000'000;
  std::uint64_t retained_bytes_max = 268'435'456;  // payloads held for retransmission
  std::uint32_t frames_per_transmission_max = 1'024;

  // Admission by payment: each NEW must carry at least this much (IC cycles; 0: free).
  std::uint64_t new_payment_min_cycles = 0;

  friend bool operator==(const Config&, const Config&) = default;
};

enum class ConfigError : std::uint8_t {
  RetryInitialZero = 1,
  BackoffMultiplierZero,
  RetryIntervalMaxBelowInitial,
  SendAttemptsZero,
  AckAttemptsZero,
  AttemptsTooMany,  // more than kAttemptsMax: the schedule must fit the window arithmetic
  FramesPerTransmissionZero,
  PayloadBytesMaxTooLarge,  // above kPayloadBytesLimit
  WindowOverflow,           // the derived dedupe window does not fit 48-bit time
};

inline constexpr std::uint32_t kAttemptsMax = 64;
inline constexpr std::uint64_t kPayloadBytesLimit = 1ULL << 30;

std::optional<ConfigError> validate(const Config& config) noexcept;
std::string_view name_of(ConfigError) noexcept;

// The wait after the attempt-th transmission (attempt counts from 1).
std::uint64_t retry_interval_ms(const Config& config, std::uint32_t attempt) noexcept;
// From the first transmission until a sender gives up: the sum of all attempts_max waits.
std::uint64_t retry_span_ms(const Config& config, std::uint32_t attempts_max) noexcept;
// How long (from a ULID's own time) its id is remembered: the caller's whole retry span plus
// the clock-skew allowance. A NEW older than this is refused as TooOld, so forgetting an id
// after its window can never let a duplicate through.
std::uint64_t dedupe_window_ms(const Config& config) noexcept;
// From this time on (by the receiver's clock and config) a NEW with this id is dropped as
// TooOld and the id is forgotten; a host settling an in-doubt call relies on it.
TimeMs forget_at_ms(const Config& config, const MsgId& id) noexcept;

}  // namespace asyncflow
