// Version-1 snapshots written by the kernel of 2026-12-04 (before the host contract of issue 14)
// still restore, to the state they were taken from, and behave exactly as that state did: the
// effects and metrics of the rest of the scripted scenario are compared with a transcript
// recorded by the same old kernel. tests/unit/fixtures/v1/README.md says how they were made.
//
// Regenerate (only with the kernel that wrote version 1; never after a behaviour change):
//   ASYNCFLOW_WRITE_V1_FIXTURES=tests/unit/fixtures/v1 build/default/tests/asyncflow_unit_tests
//     --gtest_filter='SnapshotV1Fixtures.*' --gtest_also_run_disabled_tests
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "asyncflow/metrics.hpp"
#include "support/scenario.hpp"

#ifndef ASYNCFLOW_V1_FIXTURES_DIR
#error "tests/CMakeLists.txt defines ASYNCFLOW_V1_FIXTURES_DIR"
#endif

namespace asyncflow::test {
namespace {

// The fixtures: (endpoint, number of scenario events applied before the snapshot). Chosen so
// that together they hold calls in flight (first attempt, retried, with a rejected attempt),
// responses in flight, requests awaiting a response, given-up tombstones, closed remembered ids,
// FINs held by fin_delay_ms, and non-zero counters of every kind the scenario reaches.
struct FixturePoint {
  int endpoint;
  std::size_t after_events;
};
constexpr FixturePoint kPoints[] = {{0, 11}, {1, 12}, {0, 24}, {1, 26}, {1, 28}, {0, 32}, {1, 34}};

std::string fixture_name(const FixturePoint& p) {
  return "e" + std::to_string(p.endpoint) + "_after_" + std::to_string(p.after_events);
}

std::string show_metrics(const Metrics& m) {
  std::ostringstream out;
  out << "calls_awaiting_ack=" << m.calls_awaiting_ack
      << " calls_gave_up_remembered=" << m.calls_gave_up_remembered
      << " requests_awaiting_response=" << m.requests_awaiting_response
      << " requests_acking=" << m.requests_acking << " dedupe_entries=" << m.dedupe_entries
      << " pending_fins=" << m.pending_fins << " retained_bytes=" << m.retained_bytes
      << " peers_with_load=" << m.peers_with_load << " refusals_total=" << m.refusals_total
      << " drops_total=" << m.drops_total;
  const Counters& k = m.counters;
  for (std::uint64_t v : {k.calls_accepted,
                          k.completed,
                          k.corrupted,
                          k.gave_up,
                          k.late_completions,
                          k.delivered,
                          k.responses,
                          k.flows_closed,
                          k.fin_mismatches,
                          k.ack_gave_up,
                          k.transmissions,
                          k.frames_sent,
                          k.new_retransmissions,
                          k.ack_retransmissions,
                          k.transmissions_received,
                          k.frames_received,
                          k.duplicate_news_suppressed,
                          k.duplicate_acks,
                          k.duplicate_fins,
                          k.rejects_transient,
                          k.rejects_permanent})
    out << " " << v;
  for (std::uint64_t v : k.refusals) out << " r" << v;
  for (std::uint64_t v : k.drops) out << " d" << v;
  return out.str();
}

// What the state does from here on: for each later scenario event of its endpoint, the event's
// time, the step's effects, the next deadline and the metrics afterwards (all but `timers`, which
// counts entries of a structure, not protocol state).
std::string transcript(State s, const Scenario& sc, const FixturePoint& p) {
  std::ostringstream out;
  out << "start " << show_metrics(metrics(s)) << " next_deadline " << next_deadline(s).value_or(0)
      << "\n";
  for (std::size_t i = p.after_events; i < sc.log.size(); ++i) {
    const RecordedEvent& r = sc.log[i];
    if (r.endpoint != p.endpoint) continue;
    const Effects effects = run(s, r.event.now_ms, r.event.body);
    out << "event " << i << " at " << r.event.now_ms << "\n"
        << show(effects) << "next_deadline " << next_deadline(s).value_or(0) << "\n"
        << show_metrics(metrics(s)) << "\n";
  }
  return out.str();
}

// The state of an endpoint after the scenario's first n events.
State state_after(const Scenario& sc, int endpoint, std::size_t n) {
  std::array<State, 2> live = {fresh_state(scenario_config(), 11),
                               fresh_state(scenario_config(), 22)};
  for (std::size_t i = 0; i < n; ++i) {
    const RecordedEvent& r = sc.log[i];
    run(live[static_cast<std::size_t>(r.endpoint)], r.event.now_ms, r.event.body);
  }
  return live[static_cast<std::size_t>(endpoint)];
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string read_text(const std::string& path) {
  const Bytes b = read_file(path);
  return std::string(b.begin(), b.end());
}

// Not a test: the generator, run by hand with the command at the top of this file.
TEST(SnapshotV1Fixtures, DISABLED_Write) {
  const char* dir = std::getenv("ASYNCFLOW_WRITE_V1_FIXTURES");
  ASSERT_NE(dir, nullptr) << "set ASYNCFLOW_WRITE_V1_FIXTURES to the fixtures folder";
  const Scenario sc = run_scenario();
  for (const FixturePoint& p : kPoints) {
    const State s = state_after(sc, p.endpoint, p.after_events);
    const Bytes snap = snapshot(s);
    ASSERT_EQ(snap[4], 1) << "not a version-1 kernel: do not regenerate";
    std::ofstream(std::string(dir) + "/" + fixture_name(p) + ".bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(snap.data()),
               static_cast<std::streamsize>(snap.size()));
    std::ofstream(std::string(dir) + "/" + fixture_name(p) + ".txt") << transcript(s, sc, p);
  }
}

// Together the fixtures cover every part of the state that version 1 stores.
TEST(SnapshotV1Fixtures, CoverEveryPartOfTheState) {
  const Scenario sc = run_scenario();
  Metrics sum;
  std::uint64_t retried = 0;
  for (const FixturePoint& p : kPoints) {
    const Metrics m = metrics(state_after(sc, p.endpoint, p.after_events));
    sum.calls_awaiting_ack += m.calls_awaiting_ack;
    sum.calls_gave_up_remembered += m.calls_gave_up_remembered;
    sum.requests_awaiting_response += m.requests_awaiting_response;
    sum.requests_acking += m.requests_acking;
    sum.pending_fins += m.pending_fins;
    sum.dedupe_entries += m.dedupe_entries - m.calls_gave_up_remembered;
    sum.refusals_total += m.refusals_total;
    sum.drops_total += m.drops_total;
    retried += m.counters.new_retransmissions + m.counters.ack_retransmissions;
  }
  EXPECT_GT(sum.calls_awaiting_ack, 0U);
  EXPECT_GT(sum.calls_gave_up_remembered, 0U);
  EXPECT_GT(sum.requests_awaiting_response, 0U);
  EXPECT_GT(sum.requests_acking, 0U);
  EXPECT_GT(sum.pending_fins, 0U);
  EXPECT_GT(sum.dedupe_entries, 0U);  // closed remembered ids (receiver side)
  EXPECT_GT(sum.refusals_total, 0U);
  EXPECT_GT(sum.drops_total, 0U);
  EXPECT_GT(retried, 0U);
}

TEST(SnapshotV1Fixtures, RestoreToTheOriginalAndBehaveExactlyLikeIt) {
  const Scenario sc = run_scenario();
  for (const FixturePoint& p : kPoints) {
    SCOPED_TRACE(fixture_name(p));
    const std::string base = std::string(ASYNCFLOW_V1_FIXTURES_DIR) + "/" + fixture_name(p);
    const Bytes v1 = read_file(base + ".bin");
    ASSERT_GE(v1.size(), 6U);
    EXPECT_EQ(v1[4], 1);
    EXPECT_EQ(v1[5], 0);
    auto back = restore(v1);
    ASSERT_TRUE(std::holds_alternative<State>(back)) << name_of(std::get<RestoreError>(back));
    const State restored_state = std::get<State>(std::move(back));
    EXPECT_FALSE(check_invariants(restored_state).has_value());
    const State original = state_after(sc, p.endpoint, p.after_events);
    EXPECT_EQ(snapshot(restored_state), snapshot(original));
    EXPECT_EQ(transcript(restored_state, sc, p), read_text(base + ".txt"));
  }
}

}  // namespace
}  // namespace asyncflow::test
