#pragma once
// The host contract checked on every checked step of the world (kernel/include/asyncflow/
// journal.hpp): the journal of a step names every entry that changed, each as created, changed
// or removed consistently with the states before and after, and nothing else changed.
#include <optional>
#include <string>

#include "asyncflow/journal.hpp"
#include "asyncflow/state.hpp"

namespace asyncflow::model {

// nullopt when `ready`'s journal accounts for every difference between `before` and `after`;
// else the name of what is wrong. Allocates nothing for the entries it does not name.
std::optional<std::string> journal_breach(const State& before, const State& after,
                                          const Ready& ready);

}  // namespace asyncflow::model
