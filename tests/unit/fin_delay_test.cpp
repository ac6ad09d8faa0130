// FIN delay: with fin_delay_ms > 0 a FIN waits per peer until its due time or until any other
// frame goes to that peer, whichever is first; pending_fins_max bounds how many wait.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kCarol = peer("carol");

Config delayed_config() {
  Config c = small_config();
  c.fin_delay_ms = 50;
  return c;
}

TEST(FinDelay, FinWaitsForItsDueTime) {
  State s = fresh_state(delayed_config());
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const Effects effects = receive(s, kT0 + 10, kBob, {ack_frame(id, "req", "resp")});
  EXPECT_EQ(
      show(effects),
      show(Effects{Completed{kBob, id, bytes("req"), bytes("resp"), crc("req"), crc("resp")}}));
  ASSERT_EQ(s.pending_fins.count(kBob), 1U);
  EXPECT_EQ(s.pending_fins.at(kBob).due_ms, kT0 + 60);
  EXPECT_EQ(s.pending_fin_count, 1U);
  EXPECT_EQ(next_deadline(s), kT0 + 60);
  EXPECT_TRUE(tick(s, kT0 + 59).empty());
  EXPECT_EQ(show(tick(s, kT0 + 60)), show(Effects{transmit(kBob, {fin_frame(id, "resp")})}));
  EXPECT_TRUE(s.pending_fins.empty());
  EXPECT_EQ(s.pending_fin_count, 0U);
  EXPECT_EQ(next_deadline(s), std::nullopt);
}

TEST(FinDelay, FinRidesWithTheNextFrameToItsPeer) {
  State s = fresh_state(delayed_config());
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  receive(s, kT0 + 10, kBob, {ack_frame(a, "a", "ra")});
  const Effects effects = call(s, kT0 + 20, kBob, bytes("b"));
  const MsgId b = accepted_id(effects);
  EXPECT_EQ(show(effects), show(Effects{Accepted{kBob, b},
                                        transmit(kBob, {new_frame(b, "b"), fin_frame(a, "ra")})}));
  EXPECT_TRUE(s.pending_fins.empty());
  EXPECT_EQ(next_deadline(s), kT0 + 20 + 1'000);  // the FIN's timer went with it
  EXPECT_EQ(s.timers.size(), 1U);
}

TEST(FinDelay, FinsToOnePeerCoalesceAndKeepTheFirstDueTime) {
  State s = fresh_state(delayed_config());
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0, kBob, "b");
  EXPECT_TRUE(all_of<Transmit>(receive(s, kT0 + 10, kBob, {ack_frame(a, "a", "ra")})).empty());
  EXPECT_TRUE(all_of<Transmit>(receive(s, kT0 + 30, kBob, {ack_frame(b, "b", "rb")})).empty());
  EXPECT_EQ(s.pending_fin_count, 2U);
  EXPECT_EQ(next_deadline(s), kT0 + 60);
  EXPECT_EQ(show(tick(s, kT0 + 60)),
            show(Effects{transmit(kBob, {fin_frame(a, "ra"), fin_frame(b, "rb")})}));
}

TEST(FinDelay, AFrameToAnotherPeerDoesNotReleaseTheFin) {
  State s = fresh_state(delayed_config());
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  receive(s, kT0 + 10, kBob, {ack_frame(a, "a", "ra")});
  const Effects effects = call(s, kT0 + 20, kCarol, bytes("c"));
  ASSERT_EQ(all_of<Transmit>(effects).size(), 1U);
  EXPECT_EQ(all_of<Transmit>(effects)[0].peer, kCarol);
  EXPECT_EQ(all_of<Transmit>(effects)[0].frames.size(), 1U);
  EXPECT_EQ(s.pending_fins.count(kBob), 1U);
}

TEST(FinDelay, PendingFinsMaxReleasesThePeersFinsAtOnce) {
  Config c = delayed_config();
  c.pending_fins_max = 2;
  State s = fresh_state(c);
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0, kBob, "b");
  const MsgId d = call_and_accept(s, kT0, kBob, "d");
  receive(s, kT0 + 1, kBob, {ack_frame(a, "a", "1")});
  receive(s, kT0 + 2, kBob, {ack_frame(b, "b", "2")});
  EXPECT_EQ(s.pending_fin_count, 2U);
  const Effects effects = receive(s, kT0 + 3, kBob, {ack_frame(d, "d", "3")});
  ASSERT_EQ(all_of<Transmit>(effects).size(), 1U);
  EXPECT_EQ(
      show(Effects{all_of<Transmit>(effects)[0]}),
      show(Effects{transmit(kBob, {fin_frame(a, "1"), fin_frame(b, "2"), fin_frame(d, "3")})}));
  EXPECT_EQ(s.pending_fin_count, 0U);
  EXPECT_TRUE(s.pending_fins.empty());
  EXPECT_TRUE(s.timers.empty());
}

TEST(FinDelay, ZeroDelaySendsTheFinInTheSameStep) {
  State s = fresh_state();
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const Effects effects = receive(s, kT0 + 1, kBob, {ack_frame(a, "a", "r")});
  ASSERT_EQ(all_of<Transmit>(effects).size(), 1U);
  EXPECT_TRUE(s.pending_fins.empty());
}

TEST(FinDelay, FinDueTogetherWithARetryGoesInTheSameTransmission) {
  State s = fresh_state(delayed_config());
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0 + 960, kBob, "b");
  receive(s, kT0 + 960, kBob, {ack_frame(b, "b", "rb")});
  // At kT0 + 1000 a's retry is due; b's FIN (due kT0 + 1010) rides along with it.
  const Effects effects = tick(s, kT0 + 1'000);
  EXPECT_EQ(show(effects), show(Effects{transmit(kBob, {new_frame(a, "a"), fin_frame(b, "rb")})}));
  EXPECT_TRUE(s.pending_fins.empty());
}

}  // namespace
}  // namespace asyncflow::test
