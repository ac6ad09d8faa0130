// Metrics: a pure function of the state; gauges read off the flows, counters kept in the state.
#include "asyncflow/metrics.hpp"

#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kAlice = peer("alice");

TEST(Metrics, FreshStateIsAllZero) {
  const Metrics m = metrics(fresh_state());
  EXPECT_EQ(m.calls_awaiting_ack + m.calls_gave_up_remembered + m.requests_awaiting_response +
                m.requests_acking + m.dedupe_entries + m.pending_fins + m.retained_bytes +
                m.peers_with_load + m.timers + m.refusals_total + m.drops_total,
            0U);
  EXPECT_TRUE(m.counters == Counters{});
}

TEST(Metrics, GaugesAndCountersOfAMixedState) {
  Config c = small_config();
  c.fin_delay_ms = 50;
  c.payload_bytes_max = 16;
  State s = fresh_state(c);
  // Caller: two calls awaiting ACK (3 + 4 bytes), one given up (tombstone), one completed.
  call_and_accept(s, kT0, kBob, "abc");
  call_and_accept(s, kT0, kBob, "defg");
  const MsgId gone = call_and_accept(s, kT0, kBob, "x");
  send_failed(s, kT0, kBob, {FrameRef{FrameKind::New, gone}}, RejectCode::SysFatal);
  const MsgId done = call_and_accept(s, kT0, kAlice, "y");
  // Receiver: one awaiting response, one acking (5 bytes), one closed; one duplicate NEW.
  receive(s, kT0 + 1, kAlice,
          {new_frame(id_at(kT0, 1), "q1"), new_frame(id_at(kT0, 2), "q2"),
           new_frame(id_at(kT0, 3), "q3"), new_frame(id_at(kT0, 1), "q1")});
  respond(s, kT0 + 2, kAlice, id_at(kT0, 2), bytes("r2345"));
  respond(s, kT0 + 2, kAlice, id_at(kT0, 3), bytes("r3"));
  // The FIN answering alice's ACK waits (fin delay): one pending FIN.
  receive(s, kT0 + 3, kAlice, {fin_frame(id_at(kT0, 3), "r3"), ack_frame(done, "y", "z")});
  // One refusal and two drops.
  call(s, kT0 + 4, kBob, Bytes(17, 'x'));
  receive(s, kT0 + 5, kAlice,
          {new_frame(id_at(kT0 - 100'000, 9), "old"), new_frame(id_at(kT0 + 100'000, 9), "new")});

  const Metrics m = metrics(s);
  EXPECT_EQ(m.calls_awaiting_ack, 2U);
  EXPECT_EQ(m.calls_gave_up_remembered, 1U);
  EXPECT_EQ(m.requests_awaiting_response, 1U);
  EXPECT_EQ(m.requests_acking, 1U);
  EXPECT_EQ(m.dedupe_entries, 2U);  // the tombstone and the closed request
  EXPECT_EQ(m.pending_fins, 1U);
  EXPECT_EQ(m.retained_bytes, 3U + 4U + 5U);
  EXPECT_EQ(m.peers_with_load, 2U);
  EXPECT_EQ(m.timers, 2U + 1U + 1U + 1U + 1U);  // 2 retries, tombstone, ACK, dedupe, FIN
  EXPECT_EQ(m.refusals_total, 1U);
  EXPECT_EQ(m.drops_total, 2U);
  EXPECT_EQ(m.counters.calls_accepted, 4U);
  EXPECT_EQ(m.counters.completed, 1U);
  EXPECT_EQ(m.counters.gave_up, 1U);
  EXPECT_EQ(m.counters.delivered, 3U);
  EXPECT_EQ(m.counters.responses, 2U);
  EXPECT_EQ(m.counters.flows_closed, 1U);
  EXPECT_EQ(m.counters.duplicate_news_suppressed, 1U);
  EXPECT_EQ(m.counters.rejects_permanent, 1U);
  EXPECT_EQ(m.counters.transmissions, 4U + 2U);  // 4 NEWs, 2 ACKs; the FIN still waits
  EXPECT_EQ(m.counters.frames_sent, 6U);
  EXPECT_EQ(m.counters.transmissions_received, 3U);
  EXPECT_EQ(m.counters.frames_received, 8U);
  EXPECT_EQ(m.counters.refusals[static_cast<std::size_t>(RefusalReason::PayloadTooLarge)], 1U);
  EXPECT_EQ(m.counters.drops[static_cast<std::size_t>(DropReason::TooOld)], 1U);
  EXPECT_EQ(m.counters.drops[static_cast<std::size_t>(DropReason::CreatedInFuture)], 1U);
  EXPECT_TRUE(m.counters == s.counters);
}

TEST(Metrics, RetransmissionCountersCountEachResend) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "a");
  tick(s, kT0 + 1'000);
  tick(s, kT0 + 3'000);
  receive(s, kT0 + 3'001, kAlice, {new_frame(id_at(kT0, 1), "q")});
  respond(s, kT0 + 3'001, kAlice, id_at(kT0, 1), bytes("r"));
  receive(s, kT0 + 3'002, kAlice, {new_frame(id_at(kT0, 1), "q")});
  tick(s, kT0 + 4'001);
  const Metrics m = metrics(s);
  EXPECT_EQ(m.counters.new_retransmissions, 2U);
  EXPECT_EQ(m.counters.ack_retransmissions, 2U);  // one for the duplicate, one on the timer
  EXPECT_EQ(m.counters.duplicate_news_suppressed, 1U);
  EXPECT_EQ(s.out_flows.at(FlowKey{kBob, id}).attempts, 3U);
}

TEST(Metrics, AreAFunctionOfTheStateAlone) {
  State s = fresh_state();
  call_and_accept(s, kT0, kBob, "abc");
  receive(s, kT0, kAlice, {new_frame(id_at(kT0, 1), "q")});
  const Metrics a = metrics(s);
  const Metrics b = metrics(restored(s));
  EXPECT_EQ(a.calls_awaiting_ack, b.calls_awaiting_ack);
  EXPECT_EQ(a.requests_awaiting_response, b.requests_awaiting_response);
  EXPECT_EQ(a.retained_bytes, b.retained_bytes);
  EXPECT_EQ(a.peers_with_load, b.peers_with_load);
  EXPECT_EQ(a.timers, b.timers);
  EXPECT_TRUE(a.counters == b.counters);
}

}  // namespace
}  // namespace asyncflow::test
