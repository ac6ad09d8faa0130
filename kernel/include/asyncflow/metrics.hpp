#pragma once
// Metrics are a pure function of the state: gauges read off it, counters kept in it.
#include <cstdint>

#include "asyncflow/state.hpp"

namespace asyncflow {

struct Metrics {
  std::uint64_t calls_awaiting_ack = 0;
  std::uint64_t calls_gave_up_remembered = 0;
  std::uint64_t requests_awaiting_response = 0;
  std::uint64_t requests_acking = 0;
  std::uint64_t dedupe_entries = 0;
  std::uint64_t pending_fins = 0;
  std::uint64_t retained_bytes = 0;
  std::uint64_t peers_with_load = 0;
  std::uint64_t timers = 0;
  Counters counters;
  std::uint64_t refusals_total = 0;
  std::uint64_t drops_total = 0;
};

Metrics metrics(const State& state) noexcept;

}  // namespace asyncflow
