// Bounds and counters with several peers at once: pending_fins_max bounds the FINs held in
// total (not per peer), the metrics count FINs (not the peers holding them) and frames (not
// transmissions), and split transmissions count each part's own frames. Single-peer tests
// cannot tell these apart.
#include "asyncflow/metrics.hpp"
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kCarol = peer("carol");
const Peer kDave = peer("dave");

Config delayed(std::uint32_t pending_fins_max) {
  Config c = small_config();
  c.fin_delay_ms = 50;
  c.pending_fins_max = pending_fins_max;
  return c;
}

// The ACK of call `id` (request `request`) from `from`: its FIN is then held or flushed. Calls
// are all made before any ACK arrives, or their NEWs would carry the FINs already held.
Effects ack(State& s, TimeMs now, const Peer& from, const MsgId& id, std::string_view request) {
  return receive(s, now, from, {ack_frame(id, request, "ok")});
}

std::size_t fins_to(const Effects& effects, const Peer& p) {
  std::size_t n = 0;
  for (const Transmit& t : all_of<Transmit>(effects))
    if (t.peer == p)
      for (const Frame& f : t.frames) n += std::holds_alternative<FinFrame>(f) ? 1 : 0;
  return n;
}

TEST(MultiPeer, PendingFinsMaxBoundsTheFinsOfAllPeersTogether) {
  State s = fresh_state(delayed(2));
  const MsgId b1 = call_and_accept(s, kT0, kBob, "b1");
  const MsgId c1 = call_and_accept(s, kT0, kCarol, "c1");
  const MsgId b2 = call_and_accept(s, kT0, kBob, "b2");
  EXPECT_EQ(fins_to(ack(s, kT0 + 1, kBob, b1, "b1"), kBob), 0U);
  EXPECT_EQ(fins_to(ack(s, kT0 + 2, kCarol, c1, "c1"), kCarol), 0U);
  EXPECT_EQ(s.pending_fin_count, 2U);  // one each: at the bound, nobody is over it alone
  // The third FIN puts the total over the bound: its peer's FINs leave at once, though bob
  // alone holds only two.
  const Effects third = ack(s, kT0 + 3, kBob, b2, "b2");
  EXPECT_EQ(fins_to(third, kBob), 2U);
  EXPECT_EQ(fins_to(third, kCarol), 0U);
  EXPECT_EQ(s.pending_fin_count, 1U);
  EXPECT_EQ(s.pending_fins.count(kBob), 0U);
  EXPECT_EQ(s.pending_fins.at(kCarol).fins.size(), 1U);
  EXPECT_EQ(metrics(s).pending_fins, 1U);
}

TEST(MultiPeer, TheTotalNeverExceedsTheBoundWhateverThePeers) {
  const Peer peers[] = {kBob, kCarol, kDave};
  for (std::uint32_t bound = 0; bound <= 4; ++bound) {
    State s = fresh_state(delayed(bound));
    std::vector<MsgId> ids;
    for (int i = 0; i < 9; ++i)
      ids.push_back(call_and_accept(s, kT0, peers[i % 3], "r" + std::to_string(i)));
    for (int i = 0; i < 9; ++i) {
      ack(s, kT0 + 1 + static_cast<TimeMs>(i), peers[i % 3], ids[static_cast<std::size_t>(i)],
          "r" + std::to_string(i));
      EXPECT_LE(s.pending_fin_count, bound) << "bound " << bound << " after " << i + 1;
    }
  }
}

TEST(MultiPeer, PendingFinsMetricCountsFinsNotPeers) {
  State s = fresh_state(delayed(10));
  const MsgId b1 = call_and_accept(s, kT0, kBob, "b1");
  const MsgId b2 = call_and_accept(s, kT0, kBob, "b2");
  const MsgId b3 = call_and_accept(s, kT0, kBob, "b3");
  const MsgId c1 = call_and_accept(s, kT0, kCarol, "c1");
  ack(s, kT0 + 1, kBob, b1, "b1");
  ack(s, kT0 + 1, kBob, b2, "b2");
  ack(s, kT0 + 1, kBob, b3, "b3");
  ack(s, kT0 + 1, kCarol, c1, "c1");
  const Metrics m = metrics(s);
  EXPECT_EQ(s.pending_fins.size(), 2U);
  EXPECT_EQ(m.pending_fins, 4U);
  EXPECT_EQ(m.timers, 2U);  // one FIN timer per peer; the calls are done
}

TEST(MultiPeer, PeersWithLoadCountsPeersNotFlowsOrFins) {
  State s = fresh_state(delayed(10));
  call_and_accept(s, kT0, kBob, "a");
  call_and_accept(s, kT0, kBob, "b");
  call_and_accept(s, kT0, kCarol, "c");
  const MsgId d = call_and_accept(s, kT0, kDave, "d");
  ack(s, kT0 + 1, kDave, d, "d");  // a held FIN to dave, no load
  const Metrics m = metrics(s);
  EXPECT_EQ(m.peers_with_load, 2U);
  EXPECT_EQ(m.calls_awaiting_ack, 3U);
  EXPECT_EQ(m.pending_fins, 1U);
}

TEST(MultiPeer, SplitTransmissionsCountTheirOwnFrames) {
  Config c = small_config();
  c.frames_per_transmission_max = 2;
  State s = fresh_state(c);
  // Five retries due together to bob, one to carol: bob's leave as 2 + 2 + 1.
  for (int i = 0; i < 5; ++i) call_and_accept(s, kT0, kBob, "b" + std::to_string(i));
  call_and_accept(s, kT0, kCarol, "c");
  const Counters before = s.counters;
  const Effects retries = tick(s, kT0 + 1'000);
  const auto sent = all_of<Transmit>(retries);
  ASSERT_EQ(sent.size(), 4U);
  std::uint64_t frames = 0;
  for (const Transmit& t : sent) frames += t.frames.size();
  EXPECT_EQ(frames, 6U);
  EXPECT_EQ(s.counters.transmissions - before.transmissions, 4U);
  EXPECT_EQ(s.counters.frames_sent - before.frames_sent, 6U);
  EXPECT_EQ(s.counters.new_retransmissions - before.new_retransmissions, 6U);
}

TEST(MultiPeer, ReceivedFramesAreCountedOnePerFrame) {
  State s = fresh_state();
  receive(s, kT0, kBob, {new_frame(id_at(kT0, 1), "a"), new_frame(id_at(kT0, 2), "b")});
  receive(s, kT0, kCarol,
          {new_frame(id_at(kT0, 3), "c"), fin_frame(id_at(kT0, 4), "x"),
           fin_frame(id_at(kT0, 5), "y")});
  EXPECT_EQ(s.counters.transmissions_received, 2U);
  EXPECT_EQ(s.counters.frames_received, 5U);
}

}  // namespace
}  // namespace asyncflow::test
