#pragma once
// From a world to the SMT flow's variables: the conformance property abstracts the world before
// and after each action (for the script's first call) and asks Z3 whether some sequence of at
// most four encoded rules (or a stutter) leads from one to the other. A kernel that drifts from
// model/z3's transition relation fails it, whatever the proofs say.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "asyncflow/model/flow_smt.hpp"
#include "asyncflow/model/world.hpp"

namespace asyncflow::model::smt {

struct ConcreteFlow {
  // Known variable values (nullopt: the kernel no longer holds it, e.g. attempts of a finished
  // flow); parameters likewise (the id's time is unknown before the call).
  std::array<std::optional<std::int64_t>, kVarCount> vars{};
  std::optional<std::int64_t> id_time_ms, window_ms, send_attempts_max, ack_attempts_max,
      clock_skew_ms;
  std::string text() const;
};

// The flow of the script's call `call` (caller -> receiver), or nullopt when the abstraction does
// not cover the world (the call was refused: refusals are not flows).
std::optional<ConcreteFlow> abstract_flow(const World& world, std::uint32_t call = 0);

// Checks that `before -> after` is some composition of at most `depth_max` encoded rules.
class ConformanceChecker {
 public:
  explicit ConformanceChecker(std::uint32_t depth_max = 4);
  ~ConformanceChecker();
  // nullopt when conformant, else a readable explanation.
  std::optional<std::string> check(const ConcreteFlow& before, const ConcreteFlow& after);

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace asyncflow::model::smt
