// restore()'s limits at their exact boundaries: a snapshot whose lengths and counts equal the
// config's limits restores; one more is LimitExceeded (refused before anything is allocated,
// not later as an inconsistent state). The snapshot's own config sets the limits, so each
// case is a real state snapshotted with the limit moved to the boundary.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kCarol = peer("carol");

std::variant<State, RestoreError> restore_with(State s, void (*limit)(Config&, std::uint64_t),
                                               std::uint64_t value) {
  limit(s.config, value);
  return restore(snapshot(s));
}

std::string outcome(const std::variant<State, RestoreError>& r) {
  if (const auto* e = std::get_if<RestoreError>(&r)) return std::string(name_of(*e));
  return "restored";
}

// Three calls awaiting their ACK, each request 5 bytes.
State three_calls() {
  State s = fresh_state();
  call_and_accept(s, kT0, kBob, "req-1");
  call_and_accept(s, kT0, kBob, "req-2");
  call_and_accept(s, kT0, kCarol, "req-3");
  return s;
}

// Three requests acking, each response 6 bytes.
State three_requests() {
  State s = fresh_state();
  receive(s, kT0, kBob,
          {new_frame(id_at(kT0, 1), "a"), new_frame(id_at(kT0, 2), "b"),
           new_frame(id_at(kT0, 3), "c")});
  for (std::uint64_t i = 1; i <= 3; ++i)
    respond(s, kT0, kBob, id_at(kT0, i), bytes("resp-" + std::to_string(i)));
  return s;
}

TEST(RestoreLimits, RequestBytesAtThePayloadLimitRestoreOneOverIsLimitExceeded) {
  const auto set = [](Config& c, std::uint64_t v) { c.payload_bytes_max = v; };
  EXPECT_EQ(outcome(restore_with(three_calls(), set, 5)), "restored");
  EXPECT_EQ(outcome(restore_with(three_calls(), set, 4)), "LimitExceeded");
}

TEST(RestoreLimits, ResponseBytesAtThePayloadLimitRestoreOneOverIsLimitExceeded) {
  const auto set = [](Config& c, std::uint64_t v) { c.payload_bytes_max = v; };
  EXPECT_EQ(outcome(restore_with(three_requests(), set, 6)), "restored");
  EXPECT_EQ(outcome(restore_with(three_requests(), set, 5)), "LimitExceeded");
}

TEST(RestoreLimits, CallerFlowsUpToCallsPlusDedupeRestoreOneMoreIsLimitExceeded) {
  // Caller flows may number calls_in_flight_max + dedupe_entries_max; with no dedupe room the
  // three calls fill calls_in_flight_max exactly.
  const auto set = [](Config& c, std::uint64_t v) {
    c.calls_in_flight_max = static_cast<std::uint32_t>(v);
    c.dedupe_entries_max = 0;
  };
  const auto restored = restore_with(three_calls(), set, 3);
  EXPECT_EQ(outcome(restored), "restored");
  EXPECT_EQ(outcome(restore_with(three_calls(), set, 2)), "LimitExceeded");
}

TEST(RestoreLimits, ReceiverFlowsUpToRequestsPlusDedupeRestoreOneMoreIsLimitExceeded) {
  // Receiver flows may number requests_in_flight_max + dedupe_entries_max: three closed
  // requests (dedupe entries, no request in flight) fill a dedupe limit of 3 exactly.
  State s = three_requests();
  for (std::uint64_t i = 1; i <= 3; ++i)
    receive(s, kT0 + 1, kBob, {fin_frame(id_at(kT0, i), "resp-" + std::to_string(i))});
  ASSERT_EQ(s.dedupe_entries, 3U);
  ASSERT_EQ(s.requests_in_flight, 0U);
  const auto set = [](Config& c, std::uint64_t v) {
    c.requests_in_flight_max = 0;
    c.dedupe_entries_max = v;
  };
  EXPECT_EQ(outcome(restore_with(s, set, 3)), "restored");
  EXPECT_EQ(outcome(restore_with(s, set, 2)), "LimitExceeded");
}

TEST(RestoreLimits, HeldFinsUpToTheBoundRestoreOneMoreIsLimitExceeded) {
  Config c = small_config();
  c.fin_delay_ms = 50;
  State s = fresh_state(c);
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0, kBob, "b");
  const MsgId d = call_and_accept(s, kT0, kCarol, "d");
  receive(s, kT0 + 1, kBob, {ack_frame(a, "a", "1"), ack_frame(b, "b", "2")});
  receive(s, kT0 + 1, kCarol, {ack_frame(d, "d", "3")});
  ASSERT_EQ(s.pending_fin_count, 3U);  // bob 2, carol 1
  const auto set = [](Config& cfg, std::uint64_t v) {
    cfg.pending_fins_max = static_cast<std::uint32_t>(v);
  };
  EXPECT_EQ(outcome(restore_with(s, set, 3)), "restored");
  // Two peers and two FINs for bob are within a bound of 2 each, but 3 in all is not: that is
  // the invariant's to refuse, after the counts were read.
  EXPECT_EQ(outcome(restore_with(s, set, 2)), "InconsistentState");
  // A bound of 1: two peers are one too many for the count itself.
  EXPECT_EQ(outcome(restore_with(s, set, 1)), "LimitExceeded");
}

TEST(RestoreLimits, FinsOfOnePeerUpToTheBoundRestoreOneMoreIsLimitExceeded) {
  Config c = small_config();
  c.fin_delay_ms = 50;
  State s = fresh_state(c);
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0, kBob, "b");
  receive(s, kT0 + 1, kBob, {ack_frame(a, "a", "1"), ack_frame(b, "b", "2")});
  ASSERT_EQ(s.pending_fins.at(kBob).fins.size(), 2U);
  const auto set = [](Config& cfg, std::uint64_t v) {
    cfg.pending_fins_max = static_cast<std::uint32_t>(v);
  };
  EXPECT_EQ(outcome(restore_with(s, set, 2)), "restored");
  EXPECT_EQ(outcome(restore_with(s, set, 1)), "LimitExceeded");  // one peer, two FINs
}

}  // namespace
}  // namespace asyncflow::test
