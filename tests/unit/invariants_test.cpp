// check_invariants names the first broken invariant: each derived total, each bound and each
// timer is actually checked (the tests' run() relies on it after every step).
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kAlice = peer("alice");

// A state with a call awaiting ACK, a request acking and a closed request.
State busy_state() {
  State s = fresh_state();
  call_and_accept(s, kT0, kBob, "req");
  receive(s, kT0, kAlice, {new_frame(id_at(kT0, 1), "a"), new_frame(id_at(kT0, 2), "b")});
  respond(s, kT0, kAlice, id_at(kT0, 1), bytes("ra"));
  respond(s, kT0, kAlice, id_at(kT0, 2), bytes("rb"));
  receive(s, kT0, kAlice, {fin_frame(id_at(kT0, 2), "rb")});
  EXPECT_EQ(check_invariants(s), std::nullopt);
  return s;
}

std::string broken(const State& s) {
  const auto name = check_invariants(s);
  return name ? std::string(*name) : std::string("none");
}

TEST(Invariants, DerivedTotalsAreChecked) {
  const State good = busy_state();
  State s = good;
  ++s.retained_bytes;
  EXPECT_EQ(broken(s), "RetainedBytesTotal");
  s = good;
  ++s.dedupe_entries;
  EXPECT_EQ(broken(s), "DedupeEntriesTotal");
  s = good;
  ++s.calls_in_flight;
  EXPECT_EQ(broken(s), "InFlightTotals");
  s = good;
  ++s.requests_in_flight;
  EXPECT_EQ(broken(s), "InFlightTotals");
  s = good;
  s.peer_loads.erase(kBob);
  EXPECT_EQ(broken(s), "PeerLoadsTotal");
  s = good;
  ++s.pending_fin_count;
  EXPECT_EQ(broken(s), "PendingFinsTotal");
}

TEST(Invariants, TimersMustMatchFlows) {
  const State good = busy_state();
  State s = good;
  s.timers.insert(Timer{kT0 + 5, TimerKind::Out, FlowKey{kAlice, id_at(kT0, 9)}});
  EXPECT_EQ(broken(s), "NoStrayTimers");
  s = good;
  s.timers.erase(s.timers.begin());
  EXPECT_NE(broken(s), "none");
}

TEST(Invariants, FlowContentsAreChecked) {
  const State good = busy_state();
  State s = good;
  s.out_flows.begin()->second.request_hash ^= 1;
  EXPECT_EQ(broken(s), "OutRequestHashMatches");
  s = good;
  s.out_flows.begin()->second.attempts = 0;
  EXPECT_EQ(broken(s), "OutAttemptsInRange");
  s = good;
  s.in_flows.at(FlowKey{kAlice, id_at(kT0, 2)}).response = bytes("x");
  EXPECT_EQ(broken(s), "InDedupeHoldsNoPayload");
  s = good;
  s.ids.last = MsgId{};
  EXPECT_EQ(broken(s), "OutIdsIssuedByGenerator");
  s = good;
  s.clock_ms = kT0 - 1;
  EXPECT_EQ(broken(s), "IdsNotAheadOfClock");
}

TEST(Invariants, LimitsAreChecked) {
  State s = busy_state();
  s.config.retained_bytes_max = s.retained_bytes - 1;
  EXPECT_EQ(broken(s), "RetainedBytesWithinLimit");
  s = busy_state();
  s.config.calls_in_flight_per_peer_max = 0;
  EXPECT_EQ(broken(s), "PeerLoadsWithinLimits");
  s = busy_state();
  s.config.retry_initial_ms = 0;
  EXPECT_EQ(broken(s), "ConfigValid");
}

}  // namespace
}  // namespace asyncflow::test
