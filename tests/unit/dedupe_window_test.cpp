// The bounded dedupe window: an id is remembered until forget_at = time(id) + window + 1, and
// from that instant a NEW with that id is refused as TooOld; a NEW further ahead than the clock
// skew is refused as CreatedInFuture. Together: a duplicate is never processed twice.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kAlice = peer("alice");

TEST(DedupeWindow, WindowIsTheCallersRetrySpanPlusTheClockSkew) {
  Config c = small_config();
  EXPECT_EQ(dedupe_window_ms(c), 12'000U + 500U);
  c.clock_skew_ms = 0;
  EXPECT_EQ(dedupe_window_ms(c), 12'000U);
  c.send_attempts_max = 2;  // the caller's attempts, not the receiver's ACK attempts
  c.ack_attempts_max = 64;
  EXPECT_EQ(dedupe_window_ms(c), 3'000U);
}

TEST(DedupeWindow, StaleNewIsRefusedUnprocessedFromForgetAtOn) {
  const MsgId id = id_at(kT0, 5);
  {
    State s = fresh_state();
    EXPECT_EQ(show(receive(s, forget_at(id) - 1, kAlice, {new_frame(id, "req")})),
              show(Effects{Deliver{kAlice, id, bytes("req")}}));
  }
  State s = fresh_state();
  const State before = s;
  const Effects effects = receive(s, forget_at(id), kAlice, {new_frame(id, "req")});
  EXPECT_EQ(show(effects), show(Effects{Dropped{DropReason::TooOld, kAlice, FrameKind::New, id}}));
  EXPECT_TRUE(s == with_drops_counted(before, forget_at(id), 1, DropReason::TooOld));
}

TEST(DedupeWindow, FutureNewIsRefusedBeyondTheClockSkew) {
  const TimeMs now = kT0;
  const MsgId at_skew = id_at(now + 500, 5);
  const MsgId beyond = id_at(now + 501, 5);
  State s = fresh_state();
  EXPECT_EQ(show(receive(s, now, kAlice, {new_frame(at_skew, "req")})),
            show(Effects{Deliver{kAlice, at_skew, bytes("req")}}));
  const State before = s;
  const Effects effects = receive(s, now, kAlice, {new_frame(beyond, "req")});
  EXPECT_EQ(show(effects),
            show(Effects{Dropped{DropReason::CreatedInFuture, kAlice, FrameKind::New, beyond}}));
  EXPECT_TRUE(s == with_drops_counted(before, now, 1, DropReason::CreatedInFuture));
}

TEST(DedupeWindow, ClosedEntrySuppressesDuplicatesUntilForgetAtThenTooOldTakesOver) {
  State s = fresh_state();
  const MsgId id = id_at(kT0, 5);
  receive(s, kT0, kAlice, {new_frame(id, "req")});
  respond(s, kT0 + 1, kAlice, id, bytes("resp"));
  receive(s, kT0 + 2, kAlice, {fin_frame(id, "resp")});
  ASSERT_EQ(next_deadline(s), forget_at(id));
  // One millisecond before the end of the window the entry still answers duplicates.
  EXPECT_TRUE(tick(s, forget_at(id) - 1).empty());
  EXPECT_TRUE(receive(s, forget_at(id) - 1, kAlice, {new_frame(id, "req")}).empty());
  EXPECT_EQ(s.counters.duplicate_news_suppressed, 1U);
  // At forget_at the entry goes...
  EXPECT_TRUE(tick(s, forget_at(id)).empty());
  EXPECT_TRUE(s.in_flows.empty());
  EXPECT_EQ(s.dedupe_entries, 0U);
  EXPECT_EQ(next_deadline(s), std::nullopt);
  // ...and the same NEW is refused as too old: never delivered twice.
  EXPECT_EQ(show(receive(s, forget_at(id), kAlice, {new_frame(id, "req")})),
            show(Effects{Dropped{DropReason::TooOld, kAlice, FrameKind::New, id}}));
  EXPECT_EQ(s.counters.delivered, 1U);
}

TEST(DedupeWindow, AckGiveUpAlsoLeavesADedupeEntry) {
  State s = fresh_state();
  const MsgId id = id_at(kT0, 5);
  receive(s, kT0, kAlice, {new_frame(id, "req")});
  respond(s, kT0, kAlice, id, bytes("resp"));
  for (TimeMs t : {kT0 + 1'000, kT0 + 3'000, kT0 + 7'000}) tick(s, t);
  ASSERT_EQ(s.counters.ack_gave_up, 1U);
  EXPECT_TRUE(receive(s, kT0 + 7'001, kAlice, {new_frame(id, "req")}).empty());
  EXPECT_EQ(s.counters.delivered, 1U);
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, id}).deadline_ms, forget_at(id));
}

TEST(DedupeWindow, EveryDuplicateArrivalTimeIsSafe) {
  // Whatever the arrival time of a duplicate (before, at and after the window's end), the
  // request is delivered exactly once.
  for (TimeMs offset = 0; offset <= kSmallWindowMs + 3; offset += 1'250) {
    for (TimeMs edge : {offset, kSmallWindowMs, kSmallWindowMs + 1, kSmallWindowMs + 2}) {
      State s = fresh_state();
      const MsgId id = id_at(kT0, 5);
      receive(s, kT0, kAlice, {new_frame(id, "req")});
      respond(s, kT0, kAlice, id, bytes("resp"));
      receive(s, kT0, kAlice, {fin_frame(id, "resp")});
      tick(s, kT0 + edge);
      receive(s, kT0 + edge, kAlice, {new_frame(id, "req")});
      EXPECT_EQ(s.counters.delivered, 1U) << edge;
    }
  }
}

TEST(DedupeWindow, MemoryIsBoundedByTheWindow) {
  // 200 flows, one every 100 ms: after the last window ends nothing is remembered.
  State s = fresh_state();
  TimeMs t = kT0;
  for (std::uint64_t n = 0; n < 200; ++n, t += 100) {
    tick(s, t);
    const MsgId id = id_at(t, n);
    receive(s, t, kAlice, {new_frame(id, "r")});
    respond(s, t, kAlice, id, bytes("a"));
    receive(s, t, kAlice, {fin_frame(id, "a")});
  }
  // At the last step (t = 19900 ms) ids 0..73 had reached forget_at = 100 n + 12501: 126 remain.
  EXPECT_EQ(s.dedupe_entries, 126U);
  tick(s, t + kSmallWindowMs + 1);
  EXPECT_EQ(s.dedupe_entries, 0U);
  EXPECT_TRUE(s.in_flows.empty());
  EXPECT_TRUE(s.timers.empty());
}

}  // namespace
}  // namespace asyncflow::test
