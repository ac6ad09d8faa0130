#pragma once
// Explicit-state model checking of the world: breadth-first over every interleaving of calls,
// deliveries (any order), app answers, clock advances and bounded faults, with 128-bit state
// fingerprints; every safety property in every state, and EventualCompletion of every state on
// the explored graph. Level by level over N threads, with the one-thread search's order kept
// (the smallest predecessor and action win), so the states, the ids, the counterexample and
// every figure but time are the same whatever the thread count. Breadth-first, so the first
// violation found has a shortest trace.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "asyncflow/model/world.hpp"

namespace asyncflow::model {

struct CheckBounds {
  std::string name = "custom";
  std::uint32_t endpoints = 2;
  std::uint32_t calls = 2;              // alternate directions: e0->e1, e1->e0, e0->e1, ...
  std::uint32_t payload_bytes = 1;      // request size
  std::uint32_t send_attempts_max = 2;  // kernel config: NEW and ACK transmissions
  FaultBudget faults;
  bool liveness = true;                  // EventualCompletion of every reachable state
  std::uint64_t states_max = 5'000'000;  // stop (incomplete, exit 2) beyond this
  std::uint32_t threads = 0;             // search threads; 0: the machine's cores
  // Memory the search may hold (fingerprint set, parent links, queued states); queued states
  // past it go to an unnamed temporary file. 0: half the machine's physical memory.
  std::uint64_t memory_max_bytes = 0;
  // Keep the shortest paths to this many states of the deeper half of the search, spread over
  // it (CheckResult::paths), for trace writers (`asyncflow check --trace DIR`).
  std::uint32_t paths_kept = 0;
  // An extra property checked in every state, beside the named ones (tests use it to prove the
  // checker finds and reports what it should). Called from every search thread at once.
  std::function<std::optional<std::string>(const World&)> extra_property;
};

// A preset is a list of bounds, each explored on its own: state spaces multiply, so "every fault
// with retries" and "two crossing calls" are separate explorations rather than one product.
std::vector<CheckBounds> default_bounds();  // under a minute here, for CI
std::vector<CheckBounds> deep_bounds();     // minutes and gigabytes: manual or nightly
// The explorations tla/MCBench*.cfg describe alike (each named after its config): the same
// calls, attempts, faults and kernel timings, for scripts/bench-checker.
std::vector<CheckBounds> tla_bounds();
// Two calls, two attempts, every fault once (issue 16's 8 GiB space): not in CI.
std::vector<CheckBounds> big_bounds();
WorldSetup setup_for(const CheckBounds& bounds);

struct Progress {
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  std::uint64_t queue = 0;
  std::uint32_t depth = 0;
  double seconds = 0;
  std::uint64_t memory_bytes = 0;   // the search's own estimate (set, links, queue in memory)
  std::uint64_t spilled_bytes = 0;  // queued states on disk
};

struct Counterexample {
  std::string property;            // "Name: message"
  std::vector<std::string> steps;  // readable, one per action, with the effects they caused
  std::string mermaid;             // a sequence diagram of the same trace
  std::vector<Action> actions;     // the trace itself, from the bounds' initial world
};

struct CheckResult {
  std::uint64_t states = 0;  // distinct
  std::uint64_t transitions = 0;
  std::uint32_t max_depth = 0;
  double seconds = 0;
  bool complete = true;  // false when states_max stopped the search
  std::uint32_t threads = 1;
  // Chance that two distinct states shared a fingerprint (and one went unexplored), from the
  // state count alone, as TLC estimates it: n(n-1)/2 / 2^128.
  double collision_probability = 0;
  std::uint64_t memory_peak_bytes = 0;  // the search's own estimate, at its largest
  std::uint64_t spilled_bytes = 0;      // queued states written to disk, all levels
  bool liveness_checked = false;        // EventualCompletion decided for every state
  std::optional<Counterexample> violation;
  std::vector<std::vector<Action>> paths;  // bounds.paths_kept of them, when asked
};

using ProgressFn = std::function<void(const Progress&)>;

CheckResult check(const CheckBounds& bounds, const ProgressFn& progress = {},
                  std::chrono::milliseconds progress_every = std::chrono::seconds(2));

// Replays `actions` from the bounds' initial world and renders the trace (readable steps with
// their kernel effects, and Mermaid). Used for counterexamples; deterministic.
Counterexample render_trace(const CheckBounds& bounds, const std::vector<Action>& actions,
                            std::string property);

}  // namespace asyncflow::model
