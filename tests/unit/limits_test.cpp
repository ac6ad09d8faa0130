// Every limit: local work over it is refused with a typed reason and changes nothing but the
// refusal counter; remote frames over it are dropped, counted and change nothing else.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kCarol = peer("carol");
const Peer kAlice = peer("alice");

// Calls `payload` at `now` on a copy of `s` and expects a refusal with `reason` that leaves
// the state exactly as it was apart from the refusal counter (not even the clock moves).
void expect_call_refused(const State& s, TimeMs now, const Peer& to, std::string_view payload,
                         RefusalReason reason) {
  State after = s;
  const Effects effects = call(after, now, to, bytes(payload));
  EXPECT_EQ(show(effects), show(Effects{Refused{reason, to, std::nullopt}}));
  EXPECT_TRUE(after == with_refusal_counted(s, reason)) << name_of(reason);
  EXPECT_EQ(snapshot(after).size(), snapshot(s).size());
}

// Receives one NEW on a copy of `s` and expects it dropped with `reason`, changing nothing else.
void expect_new_dropped(const State& s, TimeMs now, const Peer& from, const MsgId& id,
                        std::string_view payload, DropReason reason, std::uint64_t payment = 0) {
  State after = s;
  const Effects effects = receive(after, now, from, {new_frame(id, payload)}, payment);
  EXPECT_EQ(show(effects), show(Effects{Dropped{reason, from, FrameKind::New, id}}));
  EXPECT_TRUE(after == with_drops_counted(s, now, 1, reason)) << name_of(reason);
}

TEST(Limits, CallPayloadTooLarge) {
  Config c = small_config();
  c.payload_bytes_max = 8;
  State s = fresh_state(c);
  call_and_accept(s, kT0, kBob, "12345678");
  expect_call_refused(s, kT0 + 1, kBob, "123456789", RefusalReason::PayloadTooLarge);
}

TEST(Limits, CallsInFlightPerPeer) {
  Config c = small_config();
  c.calls_in_flight_per_peer_max = 2;
  State s = fresh_state(c);
  call_and_accept(s, kT0, kBob, "a");
  call_and_accept(s, kT0, kBob, "b");
  expect_call_refused(s, kT0 + 1, kBob, "c", RefusalReason::CallsInFlightPerPeerExceeded);
  call_and_accept(s, kT0 + 1, kCarol, "c");  // another peer has its own budget
}

TEST(Limits, CallsInFlightTotal) {
  Config c = small_config();
  c.calls_in_flight_max = 2;
  State s = fresh_state(c);
  call_and_accept(s, kT0, kBob, "a");
  call_and_accept(s, kT0, kCarol, "b");
  expect_call_refused(s, kT0 + 1, kAlice, "c", RefusalReason::CallsInFlightExceeded);
}

TEST(Limits, CallRetainedBytes) {
  Config c = small_config();
  c.retained_bytes_max = 10;
  State s = fresh_state(c);
  call_and_accept(s, kT0, kBob, "123456");
  expect_call_refused(s, kT0 + 1, kBob, "12345", RefusalReason::RetainedBytesExceeded);
  call_and_accept(s, kT0 + 1, kBob, "1234");  // exactly at the limit
  EXPECT_EQ(s.retained_bytes, 10U);
}

TEST(Limits, CompletionAndGiveUpReleaseTheCallBudget) {
  Config c = small_config();
  c.calls_in_flight_per_peer_max = 1;
  c.retained_bytes_max = 3;
  State s = fresh_state(c);
  const MsgId a = call_and_accept(s, kT0, kBob, "abc");
  receive(s, kT0 + 1, kBob, {ack_frame(a, "abc", "r")});
  const MsgId b = call_and_accept(s, kT0 + 2, kBob, "abc");
  send_failed(s, kT0 + 3, kBob, {FrameRef{FrameKind::New, b}}, RejectCode::SysFatal);
  call_and_accept(s, kT0 + 4, kBob, "abc");
  EXPECT_EQ(s.calls_in_flight, 1U);
}

TEST(Limits, PerPeerLimitOfZeroRefusesAPeerWithNoLoadYet) {
  // Regression (found by fuzz/kernel_events): a peer without a load entry was admitted.
  Config c = small_config();
  c.calls_in_flight_per_peer_max = 0;
  c.requests_in_flight_per_peer_max = 0;
  State s = fresh_state(c);
  expect_call_refused(s, kT0, kBob, "a", RefusalReason::CallsInFlightPerPeerExceeded);
  expect_new_dropped(s, kT0, kAlice, id_at(kT0, 1), "a",
                     DropReason::RequestsInFlightPerPeerExceeded);
}

TEST(Limits, ClockStopsJustPastTheUlidRangeSoDeadlinesCannotWrap) {
  // Regression (found by fuzz/snapshot_restore): at a clock near 2^64, now + a retry interval
  // wrapped and one tick retried an ACK until it gave up. The clock now stops at 2^48.
  State s = fresh_state();
  const MsgId id = id_at(kT0, 1);
  receive(s, kT0, kAlice, {new_frame(id, "q")});
  respond(s, kT0, kAlice, id, bytes("r"));
  const Effects effects = tick(s, ~TimeMs{0});
  EXPECT_EQ(show(effects), show(Effects{transmit(kAlice, {ack_frame(id, "q", "r")})}));
  EXPECT_EQ(s.clock_ms, MsgId::kTimeMsMax + 1);
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, id}).attempts, 2U);
  EXPECT_EQ(next_deadline(s), MsgId::kTimeMsMax + 1 + 2'000);
}

TEST(Limits, ClockOutOfRangeForAUlid) {
  State s = fresh_state();
  call_and_accept(s, MsgId::kTimeMsMax, kBob, "a");  // the last representable millisecond
  expect_call_refused(s, MsgId::kTimeMsMax + 1, kBob, "b", RefusalReason::ClockOutOfRange);
}

TEST(Limits, IdSpaceExhaustedInOneMillisecond) {
  State s = fresh_state();
  s.clock_ms = kT0;
  s.ids.last = MsgId::from_parts(kT0, 0xFFFF, ~0ULL);
  ASSERT_FALSE(check_invariants(s).has_value());
  expect_call_refused(s, kT0, kBob, "a", RefusalReason::IdSpaceExhausted);
  // The next millisecond has fresh room.
  call_and_accept(s, kT0 + 1, kBob, "a");
}

TEST(Limits, ResponsePayloadTooLargeAndRetainedBytes) {
  Config c = small_config();
  c.payload_bytes_max = 6;
  c.retained_bytes_max = 8;
  State s = fresh_state(c);
  const MsgId a = id_at(kT0, 1);
  const MsgId b = id_at(kT0, 2);
  receive(s, kT0, kAlice, {new_frame(a, "q"), new_frame(b, "q")});
  {
    State after = s;
    EXPECT_EQ(show(respond(after, kT0 + 1, kAlice, a, bytes("1234567"))),
              show(Effects{Refused{RefusalReason::PayloadTooLarge, kAlice, a}}));
    EXPECT_TRUE(after == with_refusal_counted(s, RefusalReason::PayloadTooLarge));
  }
  respond(s, kT0 + 1, kAlice, a, bytes("123456"));
  State after = s;
  EXPECT_EQ(show(respond(after, kT0 + 2, kAlice, b, bytes("123"))),
            show(Effects{Refused{RefusalReason::RetainedBytesExceeded, kAlice, b}}));
  EXPECT_TRUE(after == with_refusal_counted(s, RefusalReason::RetainedBytesExceeded));
  EXPECT_EQ(all_of<Transmit>(respond(s, kT0 + 2, kAlice, b, bytes("12"))).size(), 1U);
  EXPECT_EQ(s.retained_bytes, 8U);
}

TEST(Limits, NewPayloadTooLarge) {
  Config c = small_config();
  c.payload_bytes_max = 4;
  State s = fresh_state(c);
  expect_new_dropped(s, kT0, kAlice, id_at(kT0, 1), "12345", DropReason::PayloadTooLarge);
  EXPECT_EQ(all_of<Deliver>(receive(s, kT0, kAlice, {new_frame(id_at(kT0, 1), "1234")})).size(),
            1U);
}

TEST(Limits, RequestsInFlightTotal) {
  Config c = small_config();
  c.requests_in_flight_max = 2;
  State s = fresh_state(c);
  receive(s, kT0, kAlice, {new_frame(id_at(kT0, 1), "a")});
  receive(s, kT0, kBob, {new_frame(id_at(kT0, 2), "b")});
  expect_new_dropped(s, kT0 + 1, kCarol, id_at(kT0, 3), "c", DropReason::RequestsInFlightExceeded);
}

TEST(Limits, RequestsInFlightPerPeer) {
  Config c = small_config();
  c.requests_in_flight_per_peer_max = 2;
  State s = fresh_state(c);
  receive(s, kT0, kAlice, {new_frame(id_at(kT0, 1), "a"), new_frame(id_at(kT0, 2), "b")});
  expect_new_dropped(s, kT0 + 1, kAlice, id_at(kT0, 3), "c",
                     DropReason::RequestsInFlightPerPeerExceeded);
  EXPECT_EQ(all_of<Deliver>(receive(s, kT0 + 1, kBob, {new_frame(id_at(kT0, 3), "c")})).size(), 1U);
}

TEST(Limits, RequestsAreReleasedWhenTheFlowCloses) {
  Config c = small_config();
  c.requests_in_flight_per_peer_max = 1;
  State s = fresh_state(c);
  const MsgId a = id_at(kT0, 1);
  receive(s, kT0, kAlice, {new_frame(a, "a")});
  respond(s, kT0, kAlice, a, bytes("r"));
  receive(s, kT0, kAlice, {fin_frame(a, "r")});
  EXPECT_EQ(all_of<Deliver>(receive(s, kT0, kAlice, {new_frame(id_at(kT0, 2), "b")})).size(), 1U);
}

TEST(Limits, DedupeEntriesReservedAtAdmission) {
  Config c = small_config();
  c.dedupe_entries_max = 2;
  State s = fresh_state(c);
  const MsgId a = id_at(kT0, 1);
  receive(s, kT0, kAlice, {new_frame(a, "a"), new_frame(id_at(kT0, 2), "b")});
  expect_new_dropped(s, kT0 + 1, kAlice, id_at(kT0, 3), "c", DropReason::DedupeFull);
  // Closing a flow turns its reservation into an entry: still full.
  respond(s, kT0 + 1, kAlice, a, bytes("r"));
  receive(s, kT0 + 1, kAlice, {fin_frame(a, "r")});
  EXPECT_EQ(s.dedupe_entries, 1U);
  expect_new_dropped(s, kT0 + 2, kAlice, id_at(kT0, 3), "c", DropReason::DedupeFull);
  // Once the entry is forgotten there is room again.
  tick(s, forget_at(a));
  EXPECT_EQ(
      all_of<Deliver>(receive(s, forget_at(a), kAlice, {new_frame(id_at(forget_at(a), 3), "c")}))
          .size(),
      1U);
}

TEST(Limits, TooManyFramesInOneTransmission) {
  Config c = small_config();
  c.frames_per_transmission_max = 2;
  State s = fresh_state(c);
  const Effects effects = receive(s, kT0, kAlice,
                                  {new_frame(id_at(kT0, 1), "a"), new_frame(id_at(kT0, 2), "b"),
                                   new_frame(id_at(kT0, 3), "c"), fin_frame(id_at(kT0, 4), "d")});
  EXPECT_EQ(
      show(effects),
      show(Effects{Deliver{kAlice, id_at(kT0, 1), bytes("a")},
                   Deliver{kAlice, id_at(kT0, 2), bytes("b")},
                   Dropped{DropReason::TooManyFrames, kAlice, FrameKind::New, id_at(kT0, 3)}}));
  EXPECT_EQ(s.counters.drops[static_cast<std::size_t>(DropReason::TooManyFrames)], 2U);
  EXPECT_EQ(s.counters.frames_received, 4U);
  EXPECT_EQ(s.in_flows.size(), 2U);
  EXPECT_EQ(s.counters.duplicate_fins, 0U);  // the excess FIN was not read
}

TEST(Limits, ExactlyTheFrameLimitIsAccepted) {
  Config c = small_config();
  c.frames_per_transmission_max = 2;
  State s = fresh_state(c);
  const Effects effects =
      receive(s, kT0, kAlice, {new_frame(id_at(kT0, 1), "a"), new_frame(id_at(kT0, 2), "b")});
  EXPECT_EQ(all_of<Deliver>(effects).size(), 2U);
  EXPECT_TRUE(all_of<Dropped>(effects).empty());
}

TEST(Limits, AdmissionChecksRunInTheDocumentedOrder) {
  // A NEW that is stale, oversized and unpaid reports the first check: payload size, then
  // TooOld, CreatedInFuture, payment, requests in flight, dedupe room.
  Config c = small_config();
  c.payload_bytes_max = 1;
  c.new_payment_min_cycles = 10;
  State s = fresh_state(c);
  const MsgId stale = id_at(kT0 - kSmallWindowMs - 1, 1);
  expect_new_dropped(s, kT0, kAlice, stale, "xx", DropReason::PayloadTooLarge);
  expect_new_dropped(s, kT0, kAlice, stale, "x", DropReason::TooOld);
  expect_new_dropped(s, kT0, kAlice, id_at(kT0 + 501, 1), "x", DropReason::CreatedInFuture);
  expect_new_dropped(s, kT0, kAlice, id_at(kT0, 1), "x", DropReason::UnderPaid, 9);
}

}  // namespace
}  // namespace asyncflow::test
