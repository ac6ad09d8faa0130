// Batching: all frames a step produces for one peer leave as one Transmit, after the step's
// app-facing effects, peers in byte order, split at frames_per_transmission_max.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kCarol = peer("carol");
const Peer kAlice = peer("alice");

TEST(Batching, RetriesDueTogetherLeaveAsOneTransmissionPerPeerInPeerOrder) {
  State s = fresh_state();
  // Calls made in one millisecond: ids increase in call order.
  const MsgId c1 = call_and_accept(s, kT0, kCarol, "c1");
  const MsgId b1 = call_and_accept(s, kT0, kBob, "b1");
  const MsgId b2 = call_and_accept(s, kT0, kBob, "b2");
  const MsgId b3 = call_and_accept(s, kT0, kBob, "b3");
  const std::uint64_t sent = s.counters.transmissions;
  const Effects effects = tick(s, kT0 + 1'000);
  EXPECT_EQ(
      show(effects),
      show(Effects{transmit(kBob, {new_frame(b1, "b1"), new_frame(b2, "b2"), new_frame(b3, "b3")}),
                   transmit(kCarol, {new_frame(c1, "c1")})}));
  EXPECT_EQ(s.counters.transmissions, sent + 2);
  EXPECT_EQ(s.counters.frames_sent, 4U + 4U);
}

TEST(Batching, TransmissionsAreSplitAtTheFrameLimit) {
  Config c = small_config();
  c.frames_per_transmission_max = 2;
  State s = fresh_state(c);
  std::vector<MsgId> ids;
  for (const char* p : {"1", "2", "3", "4", "5"}) ids.push_back(call_and_accept(s, kT0, kBob, p));
  const std::uint64_t sent = s.counters.transmissions;
  const Effects effects = tick(s, kT0 + 1'000);
  EXPECT_EQ(show(effects),
            show(Effects{transmit(kBob, {new_frame(ids[0], "1"), new_frame(ids[1], "2")}),
                         transmit(kBob, {new_frame(ids[2], "3"), new_frame(ids[3], "4")}),
                         transmit(kBob, {new_frame(ids[4], "5")})}));
  EXPECT_EQ(s.counters.transmissions, sent + 3);
}

TEST(Batching, AppEffectsComeFirstThenOneFinTransmission) {
  State s = fresh_state();
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0, kBob, "b");
  const Effects effects =
      receive(s, kT0 + 1, kBob, {ack_frame(a, "a", "ra"), ack_frame(b, "b", "rb")});
  EXPECT_EQ(show(effects),
            show(Effects{Completed{kBob, a, bytes("a"), bytes("ra"), crc("a"), crc("ra")},
                         Completed{kBob, b, bytes("b"), bytes("rb"), crc("b"), crc("rb")},
                         transmit(kBob, {fin_frame(a, "ra"), fin_frame(b, "rb")})}));
}

TEST(Batching, OneIncomingTransmissionMayMixRolesAndYieldsOneReply) {
  // alice is both our caller (NEW, FIN) and our receiver (ACK) in one transmission.
  State s = fresh_state();
  const MsgId out = call_and_accept(s, kT0, kAlice, "q");
  const MsgId acked = id_at(kT0, 10);
  receive(s, kT0, kAlice, {new_frame(acked, "x")});
  respond(s, kT0, kAlice, acked, bytes("y"));
  const MsgId fresh = id_at(kT0, 11);
  const Effects effects = receive(s, kT0 + 1, kAlice,
                                  {new_frame(fresh, "n"), fin_frame(acked, "y"),
                                   ack_frame(out, "q", "r"), new_frame(acked, "x")});
  EXPECT_EQ(show(effects),
            show(Effects{Deliver{kAlice, fresh, bytes("n")}, FlowClosed{kAlice, acked},
                         Completed{kAlice, out, bytes("q"), bytes("r"), crc("q"), crc("r")},
                         transmit(kAlice, {fin_frame(out, "r")})}));
}

TEST(Batching, DuplicateNewsForSeveralAckingFlowsShareOneTransmission) {
  State s = fresh_state();
  const MsgId a = id_at(kT0, 1), b = id_at(kT0, 2);
  receive(s, kT0, kAlice, {new_frame(a, "a"), new_frame(b, "b")});
  respond(s, kT0, kAlice, a, bytes("ra"));
  respond(s, kT0, kAlice, b, bytes("rb"));
  const Effects effects = receive(s, kT0 + 1, kAlice, {new_frame(b, "b"), new_frame(a, "a")});
  EXPECT_EQ(show(effects),
            show(Effects{transmit(kAlice, {ack_frame(b, "b", "rb"), ack_frame(a, "a", "ra")})}));
}

TEST(Batching, UnderLoadFewerTransmissionsThanCalls) {
  // 50 calls answered in one transmission cost one FIN transmission: far below one per call.
  State s = fresh_state();
  std::vector<Frame> acks;
  for (int n = 0; n < 50; ++n) {
    const std::string p = std::to_string(n);
    acks.push_back(ack_frame(call_and_accept(s, kT0, kBob, p), p, "ok"));
  }
  const std::uint64_t sent = s.counters.transmissions;
  const Effects effects = receive(s, kT0 + 1, kBob, acks);
  ASSERT_EQ(all_of<Transmit>(effects).size(), 1U);
  EXPECT_EQ(all_of<Transmit>(effects)[0].frames.size(), 50U);
  EXPECT_EQ(s.counters.transmissions, sent + 1);
}

}  // namespace
}  // namespace asyncflow::test
