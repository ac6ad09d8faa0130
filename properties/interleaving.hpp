#pragma once
// A random interleaving, as RapidCheck generates and shrinks it: a small world shape plus a list
// of choices, each picking one of the actions enabled at that point: a choice c with c % 4 == 3
// picks a fault (c / 4 modulo their count), any other a fault-free action, so runs make progress
// and shrinking (towards 0) removes faults first.
// Shrinking removes and lowers choices, so counterexamples come out short; `describe_run`
// prints them with the kernel's formatters.
#include <rapidcheck.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "asyncflow/model/world.hpp"

namespace asyncflow::model::props {

struct Interleaving {
  std::uint32_t endpoints = 2;
  std::uint32_t calls = 2;
  std::uint32_t payload_bytes = 1;
  std::uint32_t attempts = 2;
  std::vector<std::uint32_t> choices;
};

// Budget large enough that every fault kind shows up, small enough that runs end.
FaultBudget property_budget();
WorldSetup setup_of(const Interleaving& i);

// The action a choice names in `world` (see above), or nullopt when nothing is enabled.
std::optional<Action> pick(const World& world, const FaultBudget& budget, std::uint32_t choice);

// Runs the interleaving; `after_each` sees the world after every action and may stop the run
// by returning a message. Returns that message, with the steps taken, or nullopt.
struct Outcome {
  World world;
  std::vector<Action> actions;
  std::optional<std::string> failure;
};
Outcome run(const Interleaving& i,
            const std::function<std::optional<std::string>(const World&)>& after_each,
            const StepObserver* observer = nullptr);

// The steps of a run as numbered, readable lines (for RC_LOG / failure messages).
std::string describe_run(const Interleaving& i, const std::vector<Action>& actions);

}  // namespace asyncflow::model::props

namespace rc {
template <>
struct Arbitrary<asyncflow::model::props::Interleaving> {
  static Gen<asyncflow::model::props::Interleaving> arbitrary() {
    using asyncflow::model::props::Interleaving;
    return gen::build<Interleaving>(
        gen::set(&Interleaving::endpoints, gen::inRange<std::uint32_t>(2, 4)),
        gen::set(&Interleaving::calls, gen::inRange<std::uint32_t>(1, 5)),
        gen::set(&Interleaving::payload_bytes, gen::inRange<std::uint32_t>(0, 4)),
        gen::set(&Interleaving::attempts, gen::inRange<std::uint32_t>(1, 4)),
        gen::set(&Interleaving::choices,
                 gen::scale(4.0, gen::container<std::vector<std::uint32_t>>(
                                     gen::inRange<std::uint32_t>(0, 256)))));
  }
};
}  // namespace rc
