#pragma once
// Long randomized runs of the world, deterministic from a seed: a scheduler draws actions with
// the given fault rates, many calls stay in flight at once, and virtual time passes. At the end
// the network is drained fault-free and every property is checked, including that no call was
// lost. Same seed and options, same run, byte for byte.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "asyncflow/model/world.hpp"

namespace asyncflow::model {

// Per-action probabilities. drop/dup/reject/corrupt/trap apply to each datagram the scheduler
// picks; reorder is the chance of picking a random datagram instead of the oldest; restart is
// per scheduler step.
struct FaultRates {
  double drop = 0;
  double dup = 0;
  double reorder = 0;
  double reject = 0;
  double restart = 0;
  double trap = 0;
  double corrupt = 0;
};

// Swarm testing: each run draws its own rates (some faults off entirely) from its seed, so runs
// explore corners a single fixed mix would rarely reach.
FaultRates swarm_rates(std::uint64_t seed);

struct SimOptions {
  std::uint64_t seed = 1;
  std::uint64_t calls = 10'000;
  std::uint32_t endpoints = 2;
  std::uint32_t calls_in_flight_max = 64;  // the apps' concurrency
  std::uint32_t payload_bytes = 16;
  FaultRates rates;
  Config config = sim_config();
  // Full property and invariant checks every this many steps (each is O(state)); always at end.
  std::uint64_t check_every_steps = 1'000'000;
  // Describe every action from this step on (for a failure's trace); off by default.
  std::optional<std::uint64_t> trace_from_step;
  const StepObserver* observer = nullptr;
  // Called around every action (the TLA+ trace writer); unset, they cost nothing.
  std::function<void(const World&, const Action&)> before_action;
  std::function<void(const World&)> after_action;

  static Config sim_config();  // short retries and window, so dedupe entries turn over
};

struct SimStats {
  std::uint64_t seed = 0;
  FaultRates rates;
  std::uint64_t steps = 0;
  std::uint64_t calls = 0;
  std::uint64_t completed = 0;
  std::uint64_t corrupted = 0;
  std::uint64_t gave_up = 0;
  std::uint64_t refused = 0;
  std::uint64_t late_notices = 0;
  std::uint64_t deliveries = 0;
  std::uint64_t duplicate_deliveries = 0;  // must be 0
  std::uint64_t lost_calls = 0;            // must be 0
  std::uint64_t transmissions = 0;
  std::uint64_t frames = 0;
  FaultCounts faults;
  TimeMs virtual_ms = 0;
  std::vector<TimeMs> latency_ms_percentiles;  // p50, p90, p99, p99.9, max of completed calls
  std::optional<std::string> violation;        // "Property: message"
  std::optional<std::uint64_t> violation_step;
  std::vector<std::string> trace;  // described steps from trace_from_step, when asked
};

SimStats simulate(const SimOptions& options);

}  // namespace asyncflow::model
