#pragma once
// Explicit-state model checking of the world: breadth-first over every interleaving of calls,
// deliveries (any order), app answers, clock advances and bounded faults, with 64-bit state
// fingerprints; every safety property in every state, and EventualCompletion from every state.
// Breadth-first, so the first violation found has a shortest trace.
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
  bool liveness = true;                  // EventualCompletion from every reachable state
  std::uint64_t states_max = 5'000'000;  // stop (incomplete, exit 2) beyond this
  // Keep the shortest paths to this many states of the deeper half of the search, spread over
  // it (CheckResult::paths), for trace writers (`asyncflow check --trace DIR`).
  std::uint32_t paths_kept = 0;
  // An extra property checked in every state, beside the named ones (tests use it to prove the
  // checker finds and reports what it should).
  std::function<std::optional<std::string>(const World&)> extra_property;
};

// A preset is a list of bounds, each explored on its own: state spaces multiply, so "every fault
// with retries" and "two crossing calls" are separate explorations rather than one product.
std::vector<CheckBounds> default_bounds();  // under a minute here, for CI
std::vector<CheckBounds> deep_bounds();     // minutes and gigabytes: manual or nightly
WorldSetup setup_for(const CheckBounds& bounds);

struct Progress {
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  std::uint64_t queue = 0;
  std::uint32_t depth = 0;
  double seconds = 0;
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
