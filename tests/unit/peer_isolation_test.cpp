// Peer isolation: flows are keyed by (peer, msg_id) and every lookup uses the peer a frame came
// from, so nothing one peer sends can touch another peer's flows.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kAlice = peer("alice");
const Peer kEve = peer("eve");

TEST(PeerIsolation, PeerNamesAreOneToTwentyNineBytes) {
  EXPECT_FALSE(Peer::from_bytes({}).has_value());
  const std::vector<std::uint8_t> longest(29, 7), too_long(30, 7);
  ASSERT_TRUE(Peer::from_bytes(longest).has_value());
  EXPECT_EQ(Peer::from_bytes(longest)->size(), 29U);
  EXPECT_FALSE(Peer::from_bytes(too_long).has_value());
  EXPECT_EQ(peer("b").size(), 1U);
  EXPECT_NE(peer("bob"), peer("bobby"));
  EXPECT_LT(peer("bob"), peer("bobby"));
  EXPECT_LT(peer("alice"), peer("bob"));
}

TEST(PeerIsolation, AnotherPeerCannotAckOurCall) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  // eve knows the id and the right hash, but the ACK comes from eve.
  const Effects effects = receive(s, kT0 + 1, kEve, {ack_frame(id, "req", "forged")});
  EXPECT_EQ(show(effects), show(Effects{transmit(kEve, {fin_frame(id, "forged")})}));
  EXPECT_EQ(s.out_flows.at(FlowKey{kBob, id}).phase, OutPhase::AwaitingAck);
  EXPECT_EQ(s.counters.completed, 0U);
  EXPECT_EQ(s.counters.duplicate_acks, 1U);
  // bob's own ACK still completes it.
  EXPECT_EQ(all_of<Completed>(receive(s, kT0 + 2, kBob, {ack_frame(id, "req", "real")})).size(),
            1U);
}

TEST(PeerIsolation, AnotherPeerCannotAckAGivenUpCall) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  send_failed(s, kT0, kBob, {FrameRef{FrameKind::New, id}}, RejectCode::SysFatal);
  EXPECT_TRUE(
      all_of<LateCompletion>(receive(s, kT0 + 1, kEve, {ack_frame(id, "req", "x")})).empty());
  EXPECT_EQ(s.out_flows.at(FlowKey{kBob, id}).phase, OutPhase::GaveUp);
}

TEST(PeerIsolation, AnotherPeerCannotFinOurResponse) {
  State s = fresh_state();
  const MsgId id = id_at(kT0, 4);
  receive(s, kT0, kAlice, {new_frame(id, "req")});
  respond(s, kT0, kAlice, id, bytes("resp"));
  EXPECT_TRUE(receive(s, kT0 + 1, kEve, {fin_frame(id, "resp")}).empty());
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, id}).phase, InPhase::Acking);
  EXPECT_EQ(s.counters.duplicate_fins, 1U);
  EXPECT_EQ(s.retained_bytes, 4U);
  EXPECT_EQ(show(receive(s, kT0 + 2, kAlice, {fin_frame(id, "resp")})),
            show(Effects{FlowClosed{kAlice, id}}));
}

TEST(PeerIsolation, TheSameIdFromTwoPeersIsTwoRequests) {
  State s = fresh_state();
  const MsgId id = id_at(kT0, 4);
  receive(s, kT0, kAlice, {new_frame(id, "from alice")});
  respond(s, kT0, kAlice, id, bytes("for alice"));
  // eve's NEW with alice's id is a new request of eve's, not a duplicate of alice's: eve gets no
  // copy of alice's ACK.
  const Effects effects = receive(s, kT0 + 1, kEve, {new_frame(id, "from eve")});
  EXPECT_EQ(show(effects), show(Effects{Deliver{kEve, id, bytes("from eve")}}));
  EXPECT_EQ(s.in_flows.size(), 2U);
  // A response for eve cannot answer alice's request, and vice versa.
  EXPECT_EQ(show(respond(s, kT0 + 2, kBob, id, bytes("x"))),
            show(Effects{Refused{RefusalReason::UnknownRequest, kBob, id}}));
  EXPECT_EQ(show(respond(s, kT0 + 2, kEve, id, bytes("for eve"))),
            show(Effects{transmit(kEve, {ack_frame(id, "from eve", "for eve")})}));
}

TEST(PeerIsolation, RejectReportsNameTheirPeer) {
  State s = fresh_state();
  const MsgId id = id_at(kT0, 4);
  receive(s, kT0, kAlice, {new_frame(id, "req")});
  respond(s, kT0, kAlice, id, bytes("resp"));
  EXPECT_TRUE(
      send_failed(s, kT0 + 1, kEve, {FrameRef{FrameKind::Ack, id}}, RejectCode::SysFatal).empty());
  EXPECT_EQ(s.in_flows.at(FlowKey{kAlice, id}).phase, InPhase::Acking);
}

TEST(PeerIsolation, PerPeerBudgetsAreSeparate) {
  Config c = small_config();
  c.requests_in_flight_per_peer_max = 1;
  State s = fresh_state(c);
  receive(s, kT0, kEve, {new_frame(id_at(kT0, 1), "flood")});
  EXPECT_EQ(all_of<Dropped>(receive(s, kT0, kEve, {new_frame(id_at(kT0, 2), "flood")})).size(), 1U);
  EXPECT_EQ(all_of<Deliver>(receive(s, kT0, kAlice, {new_frame(id_at(kT0, 2), "fine")})).size(),
            1U);
}

}  // namespace
}  // namespace asyncflow::test
