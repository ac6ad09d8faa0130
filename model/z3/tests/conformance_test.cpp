// The SMT model must not drift from the code: for random interleavings of the world (the real
// kernel), every action's effect on the tracked flow is a composition of encoded rules.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "asyncflow/model/abstraction.hpp"
#include "interleaving.hpp"

namespace asyncflow::model::smt {
namespace {

RC_GTEST_PROP(Conformance, EveryKernelStepIsAnEncodedRule, (const props::Interleaving& i)) {
  static ConformanceChecker checker;  // the solvers are built once; each check pushes and pops
  auto start = make_world(props::setup_of(i));
  RC_ASSERT(start.has_value());
  auto before = abstract_flow(*start);
  RC_ASSERT(before.has_value());
  std::optional<std::string> drift;
  const auto outcome = props::run(i, [&](const World& w) -> std::optional<std::string> {
    const auto after = abstract_flow(w);
    if (!after) return std::nullopt;  // a refused call is not a flow
    if ((drift = checker.check(*before, *after))) return drift;
    before = after;
    return std::nullopt;
  });
  if (outcome.failure) RC_FAIL(*outcome.failure + "\n" + props::describe_run(i, outcome.actions));
}

}  // namespace
}  // namespace asyncflow::model::smt
