#pragma once
// The one entry point: step(state, event) -> (state, effects). Pure: no clock, no randomness
// source, no I/O; the same state and event give the same result, byte for byte.
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "asyncflow/config.hpp"
#include "asyncflow/effect.hpp"
#include "asyncflow/event.hpp"
#include "asyncflow/state.hpp"

namespace asyncflow {

// A fresh endpoint. The seed drives the ULID generator's random bits.
std::variant<State, ConfigError> make_state(const Config& config, std::uint64_t seed) noexcept;

struct Step {
  State state;
  Effects effects;
};

// Takes the state by value: move it in (`s = step(std::move(s), e).state`) to pay nothing, or
// pass a copy and keep the original (a trap: discard the result and keep the old state).
Step step(State state, const Event& event);

// The same transition applied in place, appending effects to `effects` (a host can reuse one
// buffer). Each rule checks before it changes anything: a refused event leaves `state` as it was.
void step_in_place(State& state, const Event& event, Effects& effects);

// The earliest time at which a TickEvent has work to do, or nullopt when nothing is pending.
std::optional<TimeMs> next_deadline(const State& state) noexcept;

// nullopt when every invariant holds, else the name of the first one broken. Checked after
// every step in debug builds (assert), and by the tests and the model checker in any build.
std::optional<std::string_view> check_invariants(const State& state);

}  // namespace asyncflow
