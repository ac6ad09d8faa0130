// Reject classification: IC codes 2 (SYS_TRANSIENT) and 6 (SYS_UNKNOWN) are retried on the
// normal schedule; 1, 3, 4, 5 end the flow. GaveUp.phase says whether the NEW surely never ran.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kAlice = peer("alice");

constexpr RejectCode kPermanent[] = {RejectCode::SysFatal, RejectCode::DestinationInvalid,
                                     RejectCode::CanisterReject, RejectCode::CanisterError};
constexpr RejectCode kTransient[] = {RejectCode::SysTransient, RejectCode::SysUnknown};

FrameRef new_ref(const MsgId& id) {
  return FrameRef{FrameKind::New, id};
}

TEST(Rejects, CodesClassifyAsTheIcDefinesThem) {
  for (int n = 1; n <= 6; ++n) {
    const auto code = reject_code_from_int(n);
    ASSERT_TRUE(code.has_value()) << n;
    EXPECT_EQ(static_cast<int>(*code), n);
    EXPECT_EQ(is_permanent(*code), n != 2 && n != 6) << n;
    EXPECT_EQ(proves_not_delivered(*code), n != 6) << n;
  }
  EXPECT_EQ(reject_code_from_int(0), std::nullopt);
  EXPECT_EQ(reject_code_from_int(7), std::nullopt);
  EXPECT_EQ(reject_code_from_int(-1), std::nullopt);
  EXPECT_EQ(name_of(RejectCode::SysFatal), "SYS_FATAL");
  EXPECT_EQ(name_of(RejectCode::SysTransient), "SYS_TRANSIENT");
  EXPECT_EQ(name_of(RejectCode::DestinationInvalid), "DESTINATION_INVALID");
  EXPECT_EQ(name_of(RejectCode::CanisterReject), "CANISTER_REJECT");
  EXPECT_EQ(name_of(RejectCode::CanisterError), "CANISTER_ERROR");
  EXPECT_EQ(name_of(RejectCode::SysUnknown), "SYS_UNKNOWN");
}

TEST(Rejects, PermanentRejectOfNewGivesUpNeverDelivered) {
  for (RejectCode code : kPermanent) {
    State s = fresh_state();
    const MsgId id = call_and_accept(s, kT0, kBob, "req");
    const Effects effects = send_failed(s, kT0 + 1, kBob, {new_ref(id)}, code);
    EXPECT_EQ(show(effects),
              show(Effects{GaveUp{kBob, id, bytes("req"), GiveUpReason::PermanentReject, code, 1,
                                  GaveUpPhase::NeverDelivered}}))
        << name_of(code);
    EXPECT_EQ(s.counters.rejects_permanent, 1U);
    EXPECT_EQ(s.counters.gave_up, 1U);
    EXPECT_EQ(s.calls_in_flight, 0U);
    EXPECT_EQ(s.out_flows.at(FlowKey{kBob, id}).phase, OutPhase::GaveUp);
  }
}

TEST(Rejects, TransientRejectOfNewKeepsTheScheduledRetry) {
  for (RejectCode code : kTransient) {
    State s = fresh_state();
    const MsgId id = call_and_accept(s, kT0, kBob, "req");
    EXPECT_TRUE(send_failed(s, kT0 + 1, kBob, {new_ref(id)}, code).empty()) << name_of(code);
    const OutFlow& flow = s.out_flows.at(FlowKey{kBob, id});
    EXPECT_EQ(flow.phase, OutPhase::AwaitingAck);
    EXPECT_EQ(flow.attempts, 1U);
    EXPECT_EQ(flow.deadline_ms, kT0 + 1'000);
    EXPECT_EQ(flow.attempts_rejected, code == RejectCode::SysTransient ? 1U : 0U);
    EXPECT_EQ(s.counters.rejects_transient, 1U);
    EXPECT_EQ(s.counters.rejects_permanent, 0U);
    EXPECT_EQ(show(tick(s, kT0 + 1'000)), show(Effects{transmit(kBob, {new_frame(id, "req")})}));
  }
}

// Every transmission rejected with SYS_TRANSIENT: the receiver certainly never ran it.
TEST(Rejects, AllAttemptsRejectedGivesUpNeverDelivered) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  TimeMs t = kT0;
  for (TimeMs next : {kT0 + 1'000, kT0 + 3'000, kT0 + 7'000}) {
    send_failed(s, t + 1, kBob, {new_ref(id)}, RejectCode::SysTransient);
    tick(s, next);
    t = next;
  }
  send_failed(s, t + 1, kBob, {new_ref(id)}, RejectCode::SysTransient);
  EXPECT_EQ(show(tick(s, kT0 + 12'000)),
            show(Effects{GaveUp{kBob, id, bytes("req"), GiveUpReason::RetriesExhausted,
                                std::nullopt, 4, GaveUpPhase::NeverDelivered}}));
}

// One transmission rejected with SYS_UNKNOWN: it may have run.
TEST(Rejects, UnknownOutcomeMakesThePhaseUnacknowledged) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  send_failed(s, kT0 + 1, kBob, {new_ref(id)}, RejectCode::SysUnknown);
  tick(s, kT0 + 1'000);
  const Effects effects =
      send_failed(s, kT0 + 1'001, kBob, {new_ref(id)}, RejectCode::CanisterError);
  EXPECT_EQ(show(effects),
            show(Effects{GaveUp{kBob, id, bytes("req"), GiveUpReason::PermanentReject,
                                RejectCode::CanisterError, 2, GaveUpPhase::Unacknowledged}}));
}

// A repeated report cannot count more rejected transmissions than were made.
TEST(Rejects, RejectedAttemptsNeverExceedAttempts) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  send_failed(s, kT0 + 1, kBob, {new_ref(id)}, RejectCode::SysTransient);
  send_failed(s, kT0 + 2, kBob, {new_ref(id)}, RejectCode::SysTransient);
  EXPECT_EQ(s.out_flows.at(FlowKey{kBob, id}).attempts_rejected, 1U);
}

TEST(Rejects, ARejectWithoutAnyRejectedAttemptIsUnacknowledged) {
  // Attempt 1 went through (no report); attempt 2 permanently rejected: attempt 1 may have run.
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  tick(s, kT0 + 1'000);
  const auto gave_up =
      all_of<GaveUp>(send_failed(s, kT0 + 1'001, kBob, {new_ref(id)}, RejectCode::SysFatal));
  ASSERT_EQ(gave_up.size(), 1U);
  EXPECT_EQ(gave_up[0].phase, GaveUpPhase::Unacknowledged);
  EXPECT_EQ(gave_up[0].attempts, 2U);
}

TEST(Rejects, PermanentRejectOfAckGivesUpTheAck) {
  for (RejectCode code : kPermanent) {
    State s = fresh_state();
    const MsgId id = id_at(kT0, 3);
    receive(s, kT0, kAlice, {new_frame(id, "req")});
    respond(s, kT0 + 1, kAlice, id, bytes("resp"));
    const Effects effects = send_failed(s, kT0 + 2, kAlice, {FrameRef{FrameKind::Ack, id}}, code);
    EXPECT_EQ(show(effects),
              show(Effects{AckGaveUp{kAlice, id, GiveUpReason::PermanentReject, code, 1}}))
        << name_of(code);
    EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, id}).phase, InPhase::Closed);
    EXPECT_EQ(s.retained_bytes, 0U);
    EXPECT_EQ(s.counters.ack_gave_up, 1U);
  }
}

TEST(Rejects, TransientRejectOfAckKeepsRetrying) {
  for (RejectCode code : kTransient) {
    State s = fresh_state();
    const MsgId id = id_at(kT0, 3);
    receive(s, kT0, kAlice, {new_frame(id, "req")});
    respond(s, kT0 + 1, kAlice, id, bytes("resp"));
    EXPECT_TRUE(send_failed(s, kT0 + 2, kAlice, {FrameRef{FrameKind::Ack, id}}, code).empty());
    EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, id}).phase, InPhase::Acking);
    EXPECT_EQ(show(tick(s, kT0 + 1'001)),
              show(Effects{transmit(kAlice, {ack_frame(id, "req", "resp")})}));
  }
}

TEST(Rejects, RejectedFinIsOnlyCounted) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  receive(s, kT0 + 1, kBob, {ack_frame(id, "req", "resp")});
  State expected = s;
  expected.clock_ms = kT0 + 2;
  expected.counters.rejects_permanent = 1;
  EXPECT_TRUE(
      send_failed(s, kT0 + 2, kBob, {FrameRef{FrameKind::Fin, id}}, RejectCode::SysFatal).empty());
  EXPECT_TRUE(s == expected);
}

TEST(Rejects, ReportsForUnknownOrOtherPeersFlowsChangeNoFlow) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const Peer kEve = peer("eve");
  const auto flows = s.out_flows;
  EXPECT_TRUE(send_failed(s, kT0 + 1, kEve, {new_ref(id)}, RejectCode::DestinationInvalid).empty());
  EXPECT_TRUE(
      send_failed(s, kT0 + 1, kBob, {new_ref(id_at(kT0, 77))}, RejectCode::SysFatal).empty());
  EXPECT_EQ(s.out_flows, flows);
  EXPECT_EQ(s.counters.gave_up, 0U);
}

TEST(Rejects, OneReportCoversEveryFrameItNames) {
  State s = fresh_state();
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0, kBob, "b");
  const Effects effects =
      send_failed(s, kT0 + 1, kBob, {new_ref(a), new_ref(b)}, RejectCode::SysFatal);
  EXPECT_EQ(all_of<GaveUp>(effects).size(), 2U);
  EXPECT_EQ(s.counters.rejects_permanent, 2U);
  EXPECT_EQ(s.calls_in_flight, 0U);
}

}  // namespace
}  // namespace asyncflow::test
