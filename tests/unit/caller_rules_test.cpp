// Caller rules: a call becomes a NEW; an ACK ends it with exactly one outcome and a FIN.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");

TEST(CallerRules, CallIsAcceptedWithOneNewFrameAndARetryTimer) {
  State s = fresh_state();
  const Effects effects = call(s, kT0, kBob, bytes("req"));
  const MsgId id = accepted_id(effects);
  EXPECT_EQ(id.time_ms(), kT0);
  EXPECT_EQ(show(effects),
            show(Effects{Accepted{kBob, id}, transmit(kBob, {new_frame(id, "req")})}));
  ASSERT_EQ(s.out_flows.size(), 1U);
  const OutFlow& flow = s.out_flows.at(FlowKey{kBob, id});
  EXPECT_EQ(flow.phase, OutPhase::AwaitingAck);
  EXPECT_EQ(flow.attempts, 1U);
  EXPECT_EQ(flow.attempts_rejected, 0U);
  EXPECT_EQ(flow.deadline_ms, kT0 + 1'000);
  EXPECT_EQ(flow.request, bytes("req"));
  EXPECT_EQ(flow.request_hash, crc("req"));
  EXPECT_EQ(s.retained_bytes, 3U);
  EXPECT_EQ(s.calls_in_flight, 1U);
  EXPECT_EQ(s.peer_loads.at(kBob).calls_in_flight, 1U);
  EXPECT_EQ(next_deadline(s), kT0 + 1'000);
  EXPECT_EQ(s.counters.calls_accepted, 1U);
  EXPECT_EQ(s.counters.transmissions, 1U);
  EXPECT_EQ(s.counters.frames_sent, 1U);
}

TEST(CallerRules, AckWithMatchingHashCompletesOnceAndAnswersFin) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const Effects effects = receive(s, kT0 + 10, kBob, {ack_frame(id, "req", "resp")});
  EXPECT_EQ(show(effects),
            show(Effects{Completed{kBob, id, bytes("req"), bytes("resp"), crc("req"), crc("resp")},
                         transmit(kBob, {fin_frame(id, "resp")})}));
  EXPECT_TRUE(s.out_flows.empty());
  EXPECT_TRUE(s.peer_loads.empty());
  EXPECT_EQ(s.retained_bytes, 0U);
  EXPECT_EQ(s.calls_in_flight, 0U);
  EXPECT_EQ(next_deadline(s), std::nullopt);
  EXPECT_EQ(s.counters.completed, 1U);
  EXPECT_EQ(s.counters.corrupted, 0U);
}

TEST(CallerRules, AckWithoutHashCompletes) {
  // The Motoko `maf` ACK has no hash: there is nothing to check.
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const Effects effects = receive(s, kT0 + 10, kBob, {AckFrame{id, std::nullopt, bytes("resp")}});
  EXPECT_EQ(show(effects),
            show(Effects{Completed{kBob, id, bytes("req"), bytes("resp"), crc("req"), crc("resp")},
                         transmit(kBob, {fin_frame(id, "resp")})}));
}

TEST(CallerRules, AckHashMismatchIsCorruptedAndStillFins) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const Hash32 wrong = crc("req") ^ 1U;
  const Effects effects = receive(s, kT0 + 10, kBob, {AckFrame{id, wrong, bytes("resp")}});
  EXPECT_EQ(show(effects),
            show(Effects{Corrupted{kBob, id, crc("req"), wrong, bytes("req"), bytes("resp")},
                         transmit(kBob, {fin_frame(id, "resp")})}));
  EXPECT_TRUE(s.out_flows.empty());
  EXPECT_EQ(s.counters.corrupted, 1U);
  EXPECT_EQ(s.counters.completed, 0U);
  EXPECT_EQ(s.calls_in_flight, 0U);
}

TEST(CallerRules, SecondAckAfterCompletionOnlyAnswersFin) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  receive(s, kT0 + 10, kBob, {ack_frame(id, "req", "resp")});
  const Effects again = receive(s, kT0 + 20, kBob, {ack_frame(id, "req", "resp")});
  EXPECT_EQ(show(again), show(Effects{transmit(kBob, {fin_frame(id, "resp")})}));
  EXPECT_EQ(s.counters.completed, 1U);
  EXPECT_EQ(s.counters.duplicate_acks, 1U);
}

TEST(CallerRules, AckForUnknownIdAnswersFinOnly) {
  State s = fresh_state();
  const MsgId id = id_at(kT0 - 5);
  const Effects effects = receive(s, kT0, kBob, {ack_frame(id, "never sent", "x")});
  EXPECT_EQ(show(effects), show(Effects{transmit(kBob, {fin_frame(id, "x")})}));
  EXPECT_TRUE(s.out_flows.empty());
  EXPECT_EQ(s.counters.duplicate_acks, 1U);
  EXPECT_EQ(s.counters.completed + s.counters.corrupted + s.counters.late_completions, 0U);
}

TEST(CallerRules, OversizedAckIsDroppedAndTheCallStillWaits) {
  Config c = small_config();
  c.payload_bytes_max = 4;
  State s = fresh_state(c);
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const Effects effects = receive(s, kT0 + 10, kBob, {ack_frame(id, "req", "12345")});
  EXPECT_EQ(show(effects),
            show(Effects{Dropped{DropReason::PayloadTooLarge, kBob, FrameKind::Ack, id}}));
  EXPECT_EQ(s.out_flows.at(FlowKey{kBob, id}).phase, OutPhase::AwaitingAck);
  EXPECT_EQ(s.counters.drops[static_cast<std::size_t>(DropReason::PayloadTooLarge)], 1U);
  // An ACK at the limit still completes.
  EXPECT_EQ(all_of<Completed>(receive(s, kT0 + 20, kBob, {ack_frame(id, "req", "1234")})).size(),
            1U);
}

TEST(CallerRules, EveryAcceptedCallEndsInExactlyOneOutcome) {
  // Three calls: one completed, one corrupted, one given up; duplicates of every ACK afterwards
  // never produce a second outcome.
  State s = fresh_state();
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0, kBob, "b");
  const MsgId c = call_and_accept(s, kT0, kBob, "c");
  receive(s, kT0 + 1, kBob, {ack_frame(a, "a", "ra"), AckFrame{b, crc("b") + 1, bytes("rb")}});
  for (TimeMs t : {kT0 + 1'000, kT0 + 3'000, kT0 + 7'000, kT0 + 12'000}) tick(s, t);
  receive(s, kT0 + 12'001, kBob, {ack_frame(a, "a", "ra"), ack_frame(b, "b", "rb")});
  EXPECT_EQ(s.counters.completed, 1U);
  EXPECT_EQ(s.counters.corrupted, 1U);
  EXPECT_EQ(s.counters.gave_up, 1U);
  EXPECT_EQ(s.counters.calls_accepted, 3U);
  EXPECT_EQ(s.out_flows.count(FlowKey{kBob, c}), 1U);  // its tombstone
  EXPECT_EQ(s.out_flows.at(FlowKey{kBob, c}).phase, OutPhase::GaveUp);
}

TEST(CallerRules, KernelClockNeverRunsBackwards) {
  State s = fresh_state();
  const MsgId first = call_and_accept(s, kT0 + 100, kBob, "a");
  const MsgId second = call_and_accept(s, kT0, kBob, "b");  // the host's clock went back
  EXPECT_EQ(s.clock_ms, kT0 + 100);
  EXPECT_EQ(second.time_ms(), kT0 + 100);
  EXPECT_GT(second, first);
  EXPECT_EQ(s.out_flows.at(FlowKey{kBob, second}).deadline_ms, kT0 + 100 + 1'000);
}

}  // namespace
}  // namespace asyncflow::test
