// The retry schedule shared by NEW and ACK: first retry at retry_initial_ms, then multiplied by
// retry_backoff_multiplier, capped at retry_interval_max_ms; give-up after the last attempt's wait;
// a late ACK after GaveUp is one LateCompletion notice.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kAlice = peer("alice");

TEST(RetrySchedule, IntervalsFollowInitialMultiplierAndCap) {
  const Config c = small_config();
  const std::uint64_t expected[] = {1'000, 2'000, 4'000, 5'000, 5'000, 5'000};
  for (std::uint32_t k = 1; k <= 6; ++k) EXPECT_EQ(retry_interval_ms(c, k), expected[k - 1]) << k;
  EXPECT_EQ(retry_span_ms(c, 4), 12'000U);
  EXPECT_EQ(dedupe_window_ms(c), kSmallWindowMs);
}

TEST(RetrySchedule, DefaultsFollowTheIc) {
  const Config c;
  const std::uint64_t expected[] = {330'000, 660'000, 1'320'000, 2'640'000, 3'600'000, 3'600'000};
  for (std::uint32_t k = 1; k <= 6; ++k) EXPECT_EQ(retry_interval_ms(c, k), expected[k - 1]) << k;
  EXPECT_EQ(retry_span_ms(c, c.send_attempts_max), 12'150'000U);
  EXPECT_EQ(dedupe_window_ms(c), 12'270'000U);
}

TEST(RetrySchedule, MultiplierThreeAndMultiplierOne) {
  Config c = small_config();
  c.retry_backoff_multiplier = 3;
  c.retry_interval_max_ms = 20'000;
  const std::uint64_t tripled[] = {1'000, 3'000, 9'000, 20'000, 20'000};
  for (std::uint32_t k = 1; k <= 5; ++k) EXPECT_EQ(retry_interval_ms(c, k), tripled[k - 1]) << k;
  c.retry_backoff_multiplier = 1;
  for (std::uint32_t k = 1; k <= 5; ++k) EXPECT_EQ(retry_interval_ms(c, k), 1'000U) << k;
}

TEST(RetrySchedule, HugeMultiplierSaturatesAtTheCap) {
  Config c = small_config();
  c.retry_backoff_multiplier = 0xFFFF'FFFF;
  EXPECT_EQ(retry_interval_ms(c, 1), 1'000U);
  EXPECT_EQ(retry_interval_ms(c, 2), 5'000U);
  EXPECT_EQ(retry_interval_ms(c, 64), 5'000U);
}

TEST(RetrySchedule, NewIsRetriedAtExactTimesThenGivesUp) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const Effects resend = Effects{transmit(kBob, {new_frame(id, "req")})};
  // attempt k+1 goes out exactly wait(k) after attempt k: 1000, 2000, 4000 ms.
  const TimeMs sends[] = {kT0 + 1'000, kT0 + 3'000, kT0 + 7'000};
  std::uint32_t attempts = 1;
  for (TimeMs at : sends) {
    EXPECT_TRUE(tick(s, at - 1).empty()) << at - kT0;
    EXPECT_EQ(show(tick(s, at)), show(resend)) << at - kT0;
    ++attempts;
    EXPECT_EQ(s.out_flows.at(FlowKey{kBob, id}).attempts, attempts);
  }
  // The fourth (last) attempt's wait is capped at 5000 ms (not 8000): give-up at kT0 + 12000.
  EXPECT_EQ(next_deadline(s), kT0 + 12'000);
  EXPECT_TRUE(tick(s, kT0 + 11'999).empty());
  const Effects gave_up = tick(s, kT0 + 12'000);
  EXPECT_EQ(show(gave_up),
            show(Effects{GaveUp{kBob, id, bytes("req"), GiveUpReason::RetriesExhausted,
                                std::nullopt, 4, GaveUpPhase::Unacknowledged}}));
  EXPECT_EQ(s.counters.new_retransmissions, 3U);
  EXPECT_EQ(s.counters.gave_up, 1U);
  EXPECT_EQ(s.calls_in_flight, 0U);
  EXPECT_EQ(s.retained_bytes, 0U);
  // A tombstone without the payload remains until the id's window ends.
  const OutFlow& tomb = s.out_flows.at(FlowKey{kBob, id});
  EXPECT_EQ(tomb.phase, OutPhase::GaveUp);
  EXPECT_TRUE(tomb.request.empty());
  EXPECT_EQ(tomb.deadline_ms, forget_at(id));
  EXPECT_EQ(s.dedupe_entries, 1U);
  EXPECT_EQ(next_deadline(s), forget_at(id));
}

TEST(RetrySchedule, MultiplierThreeScheduleIsUsedByTheCaller) {
  Config c = small_config();
  c.retry_backoff_multiplier = 3;
  c.retry_interval_max_ms = 20'000;
  State s = fresh_state(c);
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  tick(s, kT0 + 1'000);
  EXPECT_EQ(next_deadline(s), kT0 + 4'000);
  tick(s, kT0 + 4'000);
  EXPECT_EQ(next_deadline(s), kT0 + 13'000);
  tick(s, kT0 + 13'000);
  EXPECT_EQ(next_deadline(s), kT0 + 33'000);
  EXPECT_EQ(s.out_flows.at(FlowKey{kBob, id}).attempts, 4U);
}

TEST(RetrySchedule, ALateTickSendsOneRetryAndReschedulesFromNow) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const Effects effects = tick(s, kT0 + 2'500);
  EXPECT_EQ(show(effects), show(Effects{transmit(kBob, {new_frame(id, "req")})}));
  EXPECT_EQ(next_deadline(s), kT0 + 2'500 + 2'000);
}

TEST(RetrySchedule, OneAttemptGivesUpAfterTheFirstWait) {
  Config c = small_config();
  c.send_attempts_max = 1;
  State s = fresh_state(c);
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  EXPECT_EQ(show(tick(s, kT0 + 1'000)),
            show(Effects{GaveUp{kBob, id, bytes("req"), GiveUpReason::RetriesExhausted,
                                std::nullopt, 1, GaveUpPhase::Unacknowledged}}));
}

TEST(RetrySchedule, AckIsRetriedOnTheSameScheduleThenGivesUp) {
  State s = fresh_state();
  const MsgId id = id_at(kT0, 9);
  receive(s, kT0, kAlice, {new_frame(id, "req")});
  respond(s, kT0 + 100, kAlice, id, bytes("resp"));
  const Effects resend = Effects{transmit(kAlice, {ack_frame(id, "req", "resp")})};
  for (TimeMs at : {kT0 + 1'100, kT0 + 3'100}) {
    EXPECT_TRUE(tick(s, at - 1).empty());
    EXPECT_EQ(show(tick(s, at)), show(resend));
  }
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, id}).attempts, 3U);
  EXPECT_TRUE(tick(s, kT0 + 7'099).empty());
  EXPECT_EQ(show(tick(s, kT0 + 7'100)),
            show(Effects{AckGaveUp{kAlice, id, GiveUpReason::RetriesExhausted, std::nullopt, 3}}));
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, id}).phase, InPhase::Closed);
  EXPECT_EQ(s.counters.ack_retransmissions, 2U);
  EXPECT_EQ(s.counters.ack_gave_up, 1U);
  EXPECT_EQ(s.retained_bytes, 0U);
  EXPECT_EQ(s.dedupe_entries, 1U);
}

TEST(RetrySchedule, LateAckAfterGiveUpIsOneNoticeAndAFin) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  for (TimeMs t : {kT0 + 1'000, kT0 + 3'000, kT0 + 7'000, kT0 + 12'000}) tick(s, t);
  ASSERT_EQ(s.counters.gave_up, 1U);
  const Effects late = receive(s, kT0 + 12'001, kBob, {ack_frame(id, "req", "resp")});
  EXPECT_EQ(show(late), show(Effects{LateCompletion{kBob, id, bytes("resp"), crc("req")},
                                     transmit(kBob, {fin_frame(id, "resp")})}));
  EXPECT_TRUE(s.out_flows.empty());
  EXPECT_EQ(s.dedupe_entries, 0U);
  EXPECT_EQ(next_deadline(s), std::nullopt);
  EXPECT_EQ(s.counters.late_completions, 1U);
  EXPECT_EQ(s.counters.completed, 0U);
  // A second late ACK is only answered.
  const Effects again = receive(s, kT0 + 12'002, kBob, {ack_frame(id, "req", "resp")});
  EXPECT_EQ(show(again), show(Effects{transmit(kBob, {fin_frame(id, "resp")})}));
  EXPECT_EQ(s.counters.late_completions, 1U);
  EXPECT_EQ(s.counters.duplicate_acks, 1U);
}

TEST(RetrySchedule, TombstoneIsForgottenAtTheEndOfTheWindow) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  for (TimeMs t : {kT0 + 1'000, kT0 + 3'000, kT0 + 7'000, kT0 + 12'000}) tick(s, t);
  EXPECT_TRUE(tick(s, forget_at(id) - 1).empty());
  EXPECT_EQ(s.out_flows.size(), 1U);
  EXPECT_TRUE(tick(s, forget_at(id)).empty());
  EXPECT_TRUE(s.out_flows.empty());
  EXPECT_EQ(s.dedupe_entries, 0U);
  // Past the window a late ACK is only answered with a FIN.
  EXPECT_EQ(show(receive(s, forget_at(id) + 1, kBob, {ack_frame(id, "req", "resp")})),
            show(Effects{transmit(kBob, {fin_frame(id, "resp")})}));
  EXPECT_EQ(s.counters.late_completions, 0U);
}

TEST(RetrySchedule, NoTombstoneWhenTheDedupeBudgetIsFull) {
  Config c = small_config();
  c.dedupe_entries_max = 1;
  State s = fresh_state(c);
  const Peer kEve = peer("eve");
  receive(s, kT0, kEve, {new_frame(id_at(kT0, 5), "x")});  // a request in flight uses the budget
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  for (TimeMs t : {kT0 + 1'000, kT0 + 3'000, kT0 + 7'000, kT0 + 12'000}) tick(s, t);
  EXPECT_EQ(s.counters.gave_up, 1U);
  EXPECT_EQ(s.out_flows.count(FlowKey{kBob, id}), 0U);
  EXPECT_EQ(s.dedupe_entries, 0U);
}

}  // namespace
}  // namespace asyncflow::test
