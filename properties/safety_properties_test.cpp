// Each named property of docs/model.md as a RapidCheck property over random interleavings.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "asyncflow/model/properties.hpp"
#include "interleaving.hpp"

namespace asyncflow::model::props {
namespace {

// The property must hold after every action; the counterexample is printed as steps.
void holds_throughout(const Interleaving& i, std::optional<std::string> (*property)(const World&)) {
  const Outcome o = run(i, property);
  if (o.failure) RC_FAIL(*o.failure + "\n" + describe_run(i, o.actions));
}

RC_GTEST_PROP(Safety, AtMostOnceDelivery, (const Interleaving& i)) {
  holds_throughout(i, &at_most_once_delivery);
}

RC_GTEST_PROP(Safety, CompletionMatchesResponse, (const Interleaving& i)) {
  holds_throughout(i, &completion_matches_response);
}

RC_GTEST_PROP(Safety, OneOutcomePerCall, (const Interleaving& i)) {
  holds_throughout(i, &one_outcome_per_call);
}

RC_GTEST_PROP(Safety, PeerIsolation, (const Interleaving& i)) {
  holds_throughout(i, &peer_isolation);
}

RC_GTEST_PROP(Safety, BoundedState, (const Interleaving& i)) {
  holds_throughout(i, &bounded_state);
}

RC_GTEST_PROP(Safety, KernelSound, (const Interleaving& i)) {
  holds_throughout(i, &kernel_sound);
}

// Liveness: wherever the faults stop, a fault-free continuation gives every call its outcome
// and empties every endpoint.
RC_GTEST_PROP(Liveness, EventualCompletion, (const Interleaving& i)) {
  const Outcome o = run(i, [](const World&) { return std::nullopt; });
  if (auto stuck = eventual_completion(o.world))
    RC_FAIL(*stuck + "\n" + describe_run(i, o.actions));
}

// Under a flood (many calls, tight limits), refusals keep retained bytes and dedupe entries
// within their limits, and still every call ends with exactly one outcome.
RC_GTEST_PROP(Safety, BoundedStateUnderFlood, (std::vector<std::uint32_t> choices)) {
  WorldSetup s;
  s.config.retry_initial_ms = 1000;
  s.config.retry_interval_max_ms = 1000;
  s.config.send_attempts_max = 2;
  s.config.ack_attempts_max = 2;
  s.config.retained_bytes_max = 24;  // three 8-byte requests
  s.config.dedupe_entries_max = 2;
  s.config.calls_in_flight_per_peer_max = 3;
  for (std::uint32_t c = 0; c < 12; ++c) s.calls.push_back(CallPlan{0, 1, Bytes(8, 'x')});
  auto world = make_world(s);
  RC_ASSERT(world.has_value());
  const FaultBudget budget = property_budget();
  for (std::uint32_t choice : choices) {
    const auto action = pick(*world, budget, choice);
    if (!action) break;
    apply(*world, *action);
    RC_ASSERT(bounded_state(*world) == std::nullopt);
    RC_ASSERT(one_outcome_per_call(*world) == std::nullopt);
  }
  RC_ASSERT(eventual_completion(*world) == std::nullopt);
}

}  // namespace
}  // namespace asyncflow::model::props
