#include "asyncflow/model/checker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>

#include "../src/world_codec.hpp"

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

// The same exploration with 1, 2 and 3 threads: the same distinct states, transitions and depth,
// and for a planted violation the very same counterexample.
TEST(Checker, TheResultIsTheSameWhateverTheThreadCount) {
  CheckBounds b = default_bounds().front();  // one call, every fault: ~10^5 states
  std::vector<CheckResult> runs;
  for (std::uint32_t threads : {1u, 2u, 3u}) {
    b.threads = threads;
    runs.push_back(check(b));
    EXPECT_EQ(runs.back().threads, threads);
  }
  for (const auto& r : runs) {
    ASSERT_FALSE(r.violation.has_value()) << r.violation->property;
    EXPECT_EQ(r.states, runs[0].states);
    EXPECT_EQ(r.transitions, runs[0].transitions);
    EXPECT_EQ(r.max_depth, runs[0].max_depth);
    EXPECT_TRUE(r.liveness_checked);
  }
  EXPECT_GT(runs[0].states, 10'000u);
  // Planted: no world may hold a duplicated datagram after a trap. Several shortest traces
  // exist; the search must pick the same one every time.
  b.extra_property = [](const World& w) -> std::optional<std::string> {
    if (w.faults.traps == 0 || w.faults.duplicates == 0 || w.network.empty()) return std::nullopt;
    return std::string("trapped and duplicated");
  };
  std::vector<CheckResult> planted;
  for (std::uint32_t threads : {1u, 2u, 3u}) {
    b.threads = threads;
    planted.push_back(check(b));
    ASSERT_TRUE(planted.back().violation.has_value());
  }
  for (const auto& r : planted) {
    EXPECT_EQ(r.violation->steps, planted[0].violation->steps);
    EXPECT_EQ(r.violation->property, "ExtraProperty: trapped and duplicated");
    EXPECT_EQ(r.states, planted[0].states);
  }
}

TEST(Checker, QueuedStatesSpilledToDiskGiveTheSameSearch) {
  CheckBounds b = default_bounds().front();
  b.threads = 2;
  const CheckResult in_memory = check(b);
  b.memory_max_bytes = 1;  // every level's states go to the temporary file
  const CheckResult spilled = check(b);
  EXPECT_GT(spilled.spilled_bytes, 0u);
  EXPECT_EQ(in_memory.spilled_bytes, 0u);
  EXPECT_EQ(spilled.states, in_memory.states);
  EXPECT_EQ(spilled.transitions, in_memory.transitions);
  EXPECT_FALSE(spilled.violation.has_value());
  // Both the queued levels and each level's candidates (before the merge) went to disk: what
  // stays is the fingerprint set, the links and the candidates' keys, well under half.
  EXPECT_LT(spilled.memory_peak_bytes, in_memory.memory_peak_bytes / 2);
}

// World's own == needs CallPlan's (which has none): every member but the script, by hand.
bool same_world(const World& a, const World& b) {
  return a.endpoints == b.endpoints && a.network == b.network && a.now_ms == b.now_ms &&
         a.hostile == b.hostile && a.next_call == b.next_call && a.calls == b.calls &&
         a.outcomes_total == b.outcomes_total && a.call_by_id == b.call_by_id &&
         a.deliveries == b.deliveries && a.pending_answers == b.pending_answers &&
         a.corrupted_responses == b.corrupted_responses && a.faults == b.faults &&
         a.isolation_violation == b.isolation_violation &&
         a.restore_violation == b.restore_violation &&
         a.invariant_violation == b.invariant_violation &&
         a.outcome_violation == b.outcome_violation && a.step_checks == b.step_checks &&
         a.script.size() == b.script.size();
}

// Every world of a small exploration survives the queue's encoding exactly, and its
// fingerprint does not depend on the order of the network (a multiset).
TEST(WorldCodec, EncodingIsExactAndTheFingerprintIgnoresNetworkOrder) {
  CheckBounds b = tiny();
  b.faults.duplicates = 1;
  b.faults.restarts = 1;
  const World initial = *make_world(setup_for(b));
  const codec::WorldCodec codec(initial);
  std::deque<World> queue{initial};
  std::size_t seen = 0, reordered = 0;
  while (!queue.empty() && seen < 3000) {
    World w = std::move(queue.front());
    queue.pop_front();
    ++seen;
    std::vector<std::uint8_t> bytes;
    codec.encode(w, bytes);
    World back;
    ASSERT_TRUE(codec.decode(bytes, back));
    ASSERT_TRUE(same_world(back, w));
    EXPECT_EQ(codec::fingerprint128(back), codec::fingerprint128(w));
    if (w.network.size() >= 2) {
      World swapped = w;
      std::swap(swapped.network.front(), swapped.network.back());
      EXPECT_EQ(codec::fingerprint128(swapped), codec::fingerprint128(w));
      ++reordered;
    }
    bytes.push_back(0);  // trailing garbage is refused
    EXPECT_FALSE(codec.decode(bytes, back));
    for (const Action& a : enabled_actions(w, b.faults)) {
      World next = w;
      model::apply(next, a);
      queue.push_back(std::move(next));
    }
  }
  EXPECT_GT(reordered, 10u);
}

// What the search stores comes back as the same state, and one whose kernel snapshot restores
// another state (as a kernel with a broken restore would give) is told apart, not expanded.
TEST(WorldCodec, AStoredStateIsCheckedAgainstItsFingerprintWhenLoaded) {
  CheckBounds b = tiny();
  const World initial = *make_world(setup_for(b));
  const codec::WorldCodec codec(initial);
  World called = initial;
  model::apply(called, IssueCall{});
  ASSERT_FALSE(called.endpoints[0].out_flows.empty());
  World back;
  std::vector<std::uint8_t> bytes;
  codec.store(codec::fingerprint128(called), called, bytes);
  EXPECT_EQ(codec.load(bytes, back), codec::WorldCodec::Loaded::Same);
  EXPECT_TRUE(same_world(back, called));
  // The id generator restored in another state: the snapshot restores, to another state.
  World other = called;
  other.endpoints[0].ids.rng_state ^= 1;
  bytes.clear();
  codec.store(codec::fingerprint128(called), other, bytes);
  EXPECT_EQ(codec.load(bytes, back), codec::WorldCodec::Loaded::Unsound);
  // A snapshot that does not restore at all (cut short).
  bytes.clear();
  codec.store(codec::fingerprint128(called), called, bytes);
  bytes.resize(bytes.size() - 3);
  EXPECT_EQ(codec.load(bytes, back), codec::WorldCodec::Loaded::Unsound);
  EXPECT_EQ(codec.load(std::span(bytes).first(8), back), codec::WorldCodec::Loaded::Malformed);
}

}  // namespace
}  // namespace asyncflow::model
