// Determinism and restart equivalence: the kernel is a function of its inputs, and a restart
// (snapshot, then restore) at any point changes nothing anyone can observe.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "asyncflow/format.hpp"
#include "asyncflow/snapshot.hpp"
#include "interleaving.hpp"

namespace asyncflow::model::props {
namespace {

// Everything observable of a run: each step's effects as text, and every endpoint's snapshot.
struct Observed {
  std::vector<std::string> effects;
  std::vector<Bytes> snapshots;
  bool operator==(const Observed&) const = default;
};

Observed observe(const Interleaving& i) {
  Observed seen;
  const StepObserver observer = [&](const StepRecord& r) {
    for (const Effect& e : *r.effects) seen.effects.push_back(to_string(e));
  };
  const Outcome o = run(
      i, [](const World&) { return std::nullopt; }, &observer);
  for (const State& s : o.world.endpoints) seen.snapshots.push_back(snapshot(s));
  return seen;
}

RC_GTEST_PROP(Determinism, SameInputsGiveIdenticalEffectsAndSnapshots, (const Interleaving& i)) {
  RC_ASSERT(observe(i) == observe(i));
}

RC_GTEST_PROP(Restart, RestoringAtAnyPointChangesNothingObservable, (const Interleaving& i)) {
  const std::size_t at = *rc::gen::inRange<std::size_t>(0, i.choices.size() + 1);
  // Run the same choices twice; in the second run every endpoint is replaced by
  // restore(snapshot(state)) after `at` actions (outside the action set, so no ghost changes).
  auto plain = make_world(setup_of(i));
  auto restarted = make_world(setup_of(i));
  RC_ASSERT(plain && restarted);
  std::vector<std::string> plain_effects, restarted_effects;
  const StepObserver log_plain = [&](const StepRecord& r) {
    for (const Effect& e : *r.effects) plain_effects.push_back(to_string(e));
  };
  const StepObserver log_restarted = [&](const StepRecord& r) {
    for (const Effect& e : *r.effects) restarted_effects.push_back(to_string(e));
  };
  const FaultBudget budget = property_budget();
  for (std::size_t k = 0; k < i.choices.size(); ++k) {
    if (k == at)
      for (State& s : restarted->endpoints) {
        auto back = restore(snapshot(s));
        RC_ASSERT(std::holds_alternative<State>(back));
        s = std::get<State>(std::move(back));
      }
    const auto action = pick(*plain, budget, i.choices[k]);
    if (!action) break;
    apply(*plain, *action, &log_plain);
    apply(*restarted, *action, &log_restarted);
  }
  RC_ASSERT(plain_effects == restarted_effects);
  for (std::size_t e = 0; e < plain->endpoints.size(); ++e)
    RC_ASSERT(snapshot(plain->endpoints[e]) == snapshot(restarted->endpoints[e]));
}

}  // namespace
}  // namespace asyncflow::model::props
