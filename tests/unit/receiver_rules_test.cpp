// Receiver rules: each (peer, msg_id) is delivered at most once; duplicates re-send the stored
// ACK; a FIN frees the response and leaves a dedupe entry.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kAlice = peer("alice");
const MsgId kId = id_at(kT0, 42);

// A receiver that was delivered kId ("req") from alice at kT0 + 5.
State delivered_state() {
  State s = fresh_state();
  const Effects effects = receive(s, kT0 + 5, kAlice, {new_frame(kId, "req")});
  EXPECT_EQ(show(effects), show(Effects{Deliver{kAlice, kId, bytes("req")}}));
  return s;
}

// ... and answered "resp" at kT0 + 10.
State acking_state() {
  State s = delivered_state();
  const Effects effects = respond(s, kT0 + 10, kAlice, kId, bytes("resp"));
  EXPECT_EQ(show(effects),
            show(Effects{transmit(kAlice, {AckFrame{kId, crc("req"), bytes("resp")}})}));
  return s;
}

TEST(ReceiverRules, NewIsDeliveredAndAwaitsTheAppWithoutATimer) {
  const State s = delivered_state();
  ASSERT_EQ(s.in_flows.size(), 1U);
  const InFlow& flow = s.in_flows.at(FlowKey{kAlice, kId});
  EXPECT_EQ(flow.phase, InPhase::AwaitingResponse);
  EXPECT_EQ(flow.request_hash, crc("req"));
  EXPECT_TRUE(flow.response.empty());
  EXPECT_EQ(s.requests_in_flight, 1U);
  EXPECT_EQ(s.peer_loads.at(kAlice).requests_in_flight, 1U);
  EXPECT_EQ(s.retained_bytes, 0U);  // the request itself is not kept
  EXPECT_EQ(next_deadline(s), std::nullopt);
  EXPECT_EQ(s.counters.delivered, 1U);
}

TEST(ReceiverRules, DuplicateNewBeforeTheResponseIsSuppressed) {
  State s = delivered_state();
  const State before = s;
  EXPECT_TRUE(receive(s, kT0 + 6, kAlice, {new_frame(kId, "req")}).empty());
  EXPECT_EQ(s.in_flows, before.in_flows);
  EXPECT_EQ(s.counters.delivered, 1U);
  EXPECT_EQ(s.counters.duplicate_news_suppressed, 1U);
  EXPECT_EQ(s.counters.transmissions, 0U);
}

TEST(ReceiverRules, DuplicateNewInOneTransmissionIsDeliveredOnce) {
  State s = fresh_state();
  const Effects effects = receive(s, kT0, kAlice, {new_frame(kId, "req"), new_frame(kId, "req")});
  EXPECT_EQ(show(effects), show(Effects{Deliver{kAlice, kId, bytes("req")}}));
  EXPECT_EQ(s.counters.duplicate_news_suppressed, 1U);
  EXPECT_EQ(s.requests_in_flight, 1U);
}

TEST(ReceiverRules, ResponseIsAckedWithTheRequestHashAndRetried) {
  const State s = acking_state();
  const InFlow& flow = s.in_flows.at(FlowKey{kAlice, kId});
  EXPECT_EQ(flow.phase, InPhase::Acking);
  EXPECT_EQ(flow.attempts, 1U);
  EXPECT_EQ(flow.response, bytes("resp"));
  EXPECT_EQ(flow.deadline_ms, kT0 + 10 + 1'000);
  EXPECT_EQ(s.retained_bytes, 4U);
  EXPECT_EQ(next_deadline(s), kT0 + 10 + 1'000);
  EXPECT_EQ(s.counters.responses, 1U);
}

TEST(ReceiverRules, DuplicateNewAfterTheResponseResendsTheStoredAck) {
  State s = acking_state();
  // Even a duplicate whose payload was altered gets the stored ACK (hash of the original).
  for (const char* payload : {"req", "other"}) {
    const Effects effects = receive(s, kT0 + 20, kAlice, {new_frame(kId, payload)});
    EXPECT_EQ(show(effects),
              show(Effects{transmit(kAlice, {AckFrame{kId, crc("req"), bytes("resp")}})}));
  }
  const InFlow& flow = s.in_flows.at(FlowKey{kAlice, kId});
  EXPECT_EQ(flow.attempts, 1U);  // the retry schedule is not disturbed
  EXPECT_EQ(flow.deadline_ms, kT0 + 10 + 1'000);
  EXPECT_EQ(s.counters.delivered, 1U);
  EXPECT_EQ(s.counters.duplicate_news_suppressed, 2U);
  EXPECT_EQ(s.counters.ack_retransmissions, 2U);
}

TEST(ReceiverRules, MatchingFinClosesAndKeepsOnlyTheDedupeEntry) {
  State s = acking_state();
  const Effects effects = receive(s, kT0 + 30, kAlice, {fin_frame(kId, "resp")});
  EXPECT_EQ(show(effects), show(Effects{FlowClosed{kAlice, kId}}));
  const InFlow& flow = s.in_flows.at(FlowKey{kAlice, kId});
  EXPECT_EQ(flow.phase, InPhase::Closed);
  EXPECT_TRUE(flow.response.empty());
  EXPECT_EQ(flow.deadline_ms, forget_at(kId));
  EXPECT_EQ(s.retained_bytes, 0U);
  EXPECT_EQ(s.requests_in_flight, 0U);
  EXPECT_TRUE(s.peer_loads.empty());
  EXPECT_EQ(s.dedupe_entries, 1U);
  EXPECT_EQ(next_deadline(s), forget_at(kId));
  EXPECT_EQ(s.counters.flows_closed, 1U);
}

TEST(ReceiverRules, FinWithoutHashCloses) {
  State s = acking_state();
  const Effects effects = receive(s, kT0 + 30, kAlice, {FinFrame{kId, std::nullopt}});
  EXPECT_EQ(show(effects), show(Effects{FlowClosed{kAlice, kId}}));
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, kId}).phase, InPhase::Closed);
}

TEST(ReceiverRules, FinHashMismatchGoesToTheCorruptionHandlerAndCloses) {
  State s = acking_state();
  const Hash32 wrong = crc("resp") + 7;
  const Effects effects = receive(s, kT0 + 30, kAlice, {FinFrame{kId, wrong}});
  EXPECT_EQ(show(effects),
            show(Effects{FinMismatch{kAlice, kId, crc("resp"), wrong, bytes("resp")}}));
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, kId}).phase, InPhase::Closed);
  EXPECT_EQ(s.retained_bytes, 0U);
  EXPECT_EQ(s.counters.fin_mismatches, 1U);
  EXPECT_EQ(s.counters.flows_closed, 0U);
}

TEST(ReceiverRules, DuplicateNewAfterCloseIsSuppressedWithoutAck) {
  State s = acking_state();
  receive(s, kT0 + 30, kAlice, {fin_frame(kId, "resp")});
  const std::uint64_t sent = s.counters.transmissions;
  EXPECT_TRUE(receive(s, kT0 + 40, kAlice, {new_frame(kId, "req")}).empty());
  EXPECT_EQ(s.counters.delivered, 1U);
  EXPECT_EQ(s.counters.duplicate_news_suppressed, 1U);
  EXPECT_EQ(s.counters.transmissions, sent);
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, kId}).phase, InPhase::Closed);
}

TEST(ReceiverRules, FinForUnknownIdIsCountedAndChangesNothingElse) {
  State s = fresh_state();
  const State before = s;
  EXPECT_TRUE(receive(s, kT0, kAlice, {fin_frame(kId, "resp")}).empty());
  State expected = before;
  expected.clock_ms = kT0;
  expected.counters.transmissions_received = 1;
  expected.counters.frames_received = 1;
  expected.counters.duplicate_fins = 1;
  EXPECT_TRUE(s == expected);
}

TEST(ReceiverRules, FinBeforeTheResponseIsIgnored) {
  State s = delivered_state();
  EXPECT_TRUE(receive(s, kT0 + 6, kAlice, {fin_frame(kId, "resp")}).empty());
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, kId}).phase, InPhase::AwaitingResponse);
  EXPECT_EQ(s.counters.duplicate_fins, 1U);
  EXPECT_EQ(s.requests_in_flight, 1U);
  // The app can still answer.
  EXPECT_EQ(all_of<Transmit>(respond(s, kT0 + 7, kAlice, kId, bytes("resp"))).size(), 1U);
}

TEST(ReceiverRules, SecondFinAfterCloseIsADuplicate) {
  State s = acking_state();
  receive(s, kT0 + 30, kAlice, {fin_frame(kId, "resp")});
  EXPECT_TRUE(receive(s, kT0 + 31, kAlice, {fin_frame(kId, "resp")}).empty());
  EXPECT_EQ(s.counters.flows_closed, 1U);
  EXPECT_EQ(s.counters.duplicate_fins, 1U);
}

TEST(ReceiverRules, ResponseToAnUnknownRequestIsRefusedUnchanged) {
  State s = fresh_state();
  const State before = s;
  const Effects effects = respond(s, kT0, kAlice, kId, bytes("resp"));
  EXPECT_EQ(show(effects), show(Effects{Refused{RefusalReason::UnknownRequest, kAlice, kId}}));
  EXPECT_TRUE(s == with_refusal_counted(before, RefusalReason::UnknownRequest));
}

TEST(ReceiverRules, SecondResponseIsRefusedAlreadyResponded) {
  State s = acking_state();
  const State before = s;
  const Effects effects = respond(s, kT0 + 20, kAlice, kId, bytes("again"));
  EXPECT_EQ(show(effects), show(Effects{Refused{RefusalReason::AlreadyResponded, kAlice, kId}}));
  EXPECT_TRUE(s == with_refusal_counted(before, RefusalReason::AlreadyResponded));
}

TEST(ReceiverRules, ResponseAfterCloseIsRefusedUnknownRequest) {
  State s = acking_state();
  receive(s, kT0 + 30, kAlice, {fin_frame(kId, "resp")});
  const State before = s;
  const Effects effects = respond(s, kT0 + 40, kAlice, kId, bytes("again"));
  EXPECT_EQ(show(effects), show(Effects{Refused{RefusalReason::UnknownRequest, kAlice, kId}}));
  EXPECT_TRUE(s == with_refusal_counted(before, RefusalReason::UnknownRequest));
}

TEST(ReceiverRules, LateResponseIsStillAcked) {
  // The app answers long after delivery (the caller may have given up): the ACK still goes out.
  State s = delivered_state();
  const Effects effects = respond(s, kT0 + 60'000, kAlice, kId, bytes("late"));
  EXPECT_EQ(show(effects),
            show(Effects{transmit(kAlice, {AckFrame{kId, crc("req"), bytes("late")}})}));
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, kId}).deadline_ms, kT0 + 61'000);
}

TEST(ReceiverRules, FinAfterTheWindowFreesTheFlowEntirely) {
  // Closing after forget_at keeps no dedupe entry: a NEW would be TooOld anyway.
  State s = delivered_state();
  respond(s, forget_at(kId) - 100, kAlice, kId, bytes("resp"));
  const Effects effects = receive(s, forget_at(kId), kAlice, {fin_frame(kId, "resp")});
  EXPECT_EQ(show(effects), show(Effects{FlowClosed{kAlice, kId}}));
  EXPECT_TRUE(s.in_flows.empty());
  EXPECT_EQ(s.dedupe_entries, 0U);
  EXPECT_EQ(next_deadline(s), std::nullopt);
  const Effects renew = receive(s, forget_at(kId), kAlice, {new_frame(kId, "req")});
  EXPECT_EQ(show(renew), show(Effects{Dropped{DropReason::TooOld, kAlice, FrameKind::New, kId}}));
}

}  // namespace
}  // namespace asyncflow::test
