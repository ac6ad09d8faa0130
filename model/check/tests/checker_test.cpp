#include "asyncflow/model/checker.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace asyncflow::model {
namespace {

CheckBounds tiny() {
  CheckBounds b;
  b.calls = 1;
  b.faults = no_faults();
  return b;
}

TEST(Checker, FaultFreeSingleCallHoldsEverywhere) {
  const CheckResult r = check(tiny());
  EXPECT_FALSE(r.violation.has_value()) << r.violation->property;
  EXPECT_TRUE(r.complete);
  // call, deliver NEW, answer, deliver ACK, deliver FIN, then clock advances to the dedupe
  // expiries: a handful of states, but more than the happy path's length.
  EXPECT_GE(r.states, 6u);
  EXPECT_GE(r.max_depth, 5u);
}

TEST(Checker, FindsAShortestTraceToAViolation) {
  CheckBounds b = tiny();
  b.faults.duplicates = 1;
  // Claim no call ever completes: the shortest refutation is call, deliver NEW, answer,
  // deliver ACK: four steps, whatever faults are allowed.
  b.extra_property = [](const World& w) -> std::optional<std::string> {
    for (const auto& c : w.calls)
      if (c.status == CallStatus::Completed) return std::string("a call completed");
    return std::nullopt;
  };
  const CheckResult r = check(b);
  ASSERT_TRUE(r.violation.has_value());
  EXPECT_EQ(r.violation->property, "ExtraProperty: a call completed");
  ASSERT_EQ(r.violation->steps.size(), 4u);
  EXPECT_NE(r.violation->steps[0].find("call"), std::string::npos);
  EXPECT_NE(r.violation->steps[3].find("Completed"), std::string::npos);
  EXPECT_NE(r.violation->mermaid.find("sequenceDiagram"), std::string::npos);
  EXPECT_NE(r.violation->mermaid.find("e0->>e1"), std::string::npos);
}

TEST(Checker, KeepsPathsToDeepStatesAndTheCounterexamplesActions) {
  CheckBounds b = tiny();
  b.faults.duplicates = 1;
  b.paths_kept = 3;
  const CheckResult r = check(b);
  ASSERT_FALSE(r.violation.has_value());
  ASSERT_EQ(r.paths.size(), 3u);
  for (const auto& path : r.paths) {
    // Each is a path the world can take from its start: every action enabled in turn.
    World w = *make_world(setup_for(b));
    ASSERT_FALSE(path.empty());
    for (const Action& a : path) {
      const auto enabled = enabled_actions(w, b.faults);
      ASSERT_TRUE(std::any_of(enabled.begin(), enabled.end(), [&](const Action& e) {
        return e.index() == a.index() && describe(w, e) == describe(w, a);
      }));
      apply(w, a);
    }
  }
  // Shortest paths into the deeper half of a breadth-first search: none is shorter than half
  // the longest.
  EXPECT_GE(r.paths.front().size() * 2, r.max_depth);

  b.extra_property = [](const World& w) -> std::optional<std::string> {
    return w.deliveries.empty() ? std::nullopt : std::optional<std::string>("delivered");
  };
  const CheckResult v = check(b);
  ASSERT_TRUE(v.violation.has_value());
  EXPECT_EQ(v.violation->actions.size(), v.violation->steps.size());
}

TEST(Checker, MoreFaultsMeanMoreStates) {
  const CheckResult plain = check(tiny());
  CheckBounds b = tiny();
  b.faults.drops = 1;
  const CheckResult with_drops = check(b);
  EXPECT_FALSE(with_drops.violation.has_value()) << with_drops.violation->property;
  EXPECT_GT(with_drops.states, plain.states);
}

TEST(Checker, StatesMaxStopsTheSearchAsIncomplete) {
  CheckBounds b = default_bounds().front();
  b.states_max = 50;
  const CheckResult r = check(b);
  EXPECT_FALSE(r.complete);
  EXPECT_GE(r.states, 50u);
}

}  // namespace
}  // namespace asyncflow::model
