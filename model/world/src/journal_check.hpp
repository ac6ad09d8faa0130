#pragma once
// The host contract checked on every checked step of the world: step_ready must give the same
// state and effects as step_in_place, and its journal must name exactly the entries that
// changed, each with the record the new state holds (kernel/include/asyncflow/journal.hpp).
#include <optional>
#include <string>

#include "asyncflow/effect.hpp"
#include "asyncflow/event.hpp"
#include "asyncflow/state.hpp"

namespace asyncflow::model {

// nullopt when the Ready of `event` on `before` agrees with `after` and `effects` (what
// step_in_place gave); else what is wrong.
std::optional<std::string> journal_breach(const State& before, const Event& event,
                                          const State& after, const Effects& effects);

}  // namespace asyncflow::model
