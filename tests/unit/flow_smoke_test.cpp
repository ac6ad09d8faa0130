#include <gtest/gtest.h>

#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"

namespace asyncflow {
namespace {

template <class T>
const T* find_effect(const Effects& effects) {
  for (const auto& e : effects)
    if (auto p = std::get_if<T>(&e)) return p;
  return nullptr;
}

TEST(FlowSmoke, OneCallCompletesAndBothSidesEmpty) {
  State a = std::get<State>(make_state(Config{}, 1));
  State b = std::get<State>(make_state(Config{}, 2));
  const Peer pa = *Peer::from_text("a");
  const Peer pb = *Peer::from_text("b");
  const TimeMs t0 = 1'700'000'000'000;
  auto s1 = step(std::move(a), Event{t0, CallEvent{pb, Bytes{1, 2, 3}}});
  const auto* tx = find_effect<Transmit>(s1.effects);
  ASSERT_NE(tx, nullptr);
  auto s2 = step(std::move(b), Event{t0 + 5, ReceiveEvent{pa, tx->frames, 0}});
  const auto* del = find_effect<Deliver>(s2.effects);
  ASSERT_NE(del, nullptr);
  auto s3 = step(std::move(s2.state), Event{t0 + 6, RespondEvent{pa, del->msg_id, Bytes{9}}});
  const auto* ack = find_effect<Transmit>(s3.effects);
  ASSERT_NE(ack, nullptr);
  auto s4 = step(std::move(s1.state), Event{t0 + 10, ReceiveEvent{pb, ack->frames, 0}});
  const auto* done = find_effect<Completed>(s4.effects);
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->response, Bytes{9});
  const auto* fin = find_effect<Transmit>(s4.effects);
  ASSERT_NE(fin, nullptr);
  auto s5 = step(std::move(s3.state), Event{t0 + 12, ReceiveEvent{pa, fin->frames, 0}});
  EXPECT_NE(find_effect<FlowClosed>(s5.effects), nullptr);
  EXPECT_TRUE(s4.state.out_flows.empty());
  EXPECT_EQ(s5.state.in_flows.size(), 1U);  // the dedupe entry
  auto restored = restore(snapshot(s5.state));
  ASSERT_TRUE(std::holds_alternative<State>(restored));
  EXPECT_EQ(std::get<State>(restored), s5.state);
}

}  // namespace
}  // namespace asyncflow
