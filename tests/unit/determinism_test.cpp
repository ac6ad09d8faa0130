// Purity: the same state and event give the same result, byte for byte; step and step_in_place
// agree; a copy is an independent state (a trapped step is undone by keeping the old state);
// next_deadline is the earliest pending timer.
#include "support/scenario.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");
const Peer kAlice = peer("alice");

TEST(Determinism, TheSameHistoryGivesTheSameStatesAndEffects) {
  const Scenario first = run_scenario();
  const Scenario second = run_scenario();
  ASSERT_EQ(first.log.size(), second.log.size());
  EXPECT_TRUE(first.ends[0] == second.ends[0]);
  EXPECT_TRUE(first.ends[1] == second.ends[1]);
  EXPECT_EQ(snapshot(first.ends[0]), snapshot(second.ends[0]));
}

TEST(Determinism, StepAndStepInPlaceAgreeOnEveryEvent) {
  const Scenario recorded = run_scenario();
  std::array<State, 2> by_value = {fresh_state(scenario_config(), 11),
                                   fresh_state(scenario_config(), 22)};
  std::array<State, 2> in_place = by_value;
  Effects reused;  // one buffer for every step, as a host may keep
  for (const RecordedEvent& r : recorded.log) {
    const auto i = static_cast<std::size_t>(r.endpoint);
    Step result = step(by_value[i], r.event);
    by_value[i] = std::move(result.state);
    reused.clear();
    step_in_place(in_place[i], r.event, reused);
    ASSERT_EQ(show(reused), show(result.effects));
    ASSERT_TRUE(in_place[i] == by_value[i]);
  }
}

TEST(Determinism, ATrappedStepIsUndoneByKeepingTheOldState) {
  State s = fresh_state();
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  const State before = s;
  // The host passes a copy; its handler traps while executing the effects; it discards the result.
  const Step discarded =
      step(s, Event{kT0 + 5, ReceiveEvent{kBob, {ack_frame(id, "req", "r")}, 0}});
  ASSERT_EQ(all_of<Completed>(discarded.effects).size(), 1U);
  EXPECT_TRUE(s == before);
  // Replaying the same event later gives the same outcome: nothing was lost.
  const Effects replay = receive(s, kT0 + 5, kBob, {ack_frame(id, "req", "r")});
  EXPECT_EQ(show(replay), show(discarded.effects));
}

TEST(Determinism, NextDeadlineIsTheEarliestTimer) {
  Config c = small_config();
  c.fin_delay_ms = 5'000;
  State s = fresh_state(c);
  EXPECT_EQ(next_deadline(s), std::nullopt);
  receive(s, kT0, kAlice, {new_frame(id_at(kT0, 1), "q")});
  EXPECT_EQ(next_deadline(s), std::nullopt);  // awaiting the app: no timer
  respond(s, kT0 + 300, kAlice, id_at(kT0, 1), bytes("r"));
  EXPECT_EQ(next_deadline(s), kT0 + 1'300);                   // the ACK retry
  const MsgId id = call_and_accept(s, kT0 + 200, kBob, "x");  // clock is already kT0 + 300
  EXPECT_EQ(next_deadline(s), kT0 + 1'300);
  receive(s, kT0 + 301, kBob, {ack_frame(id, "x", "y")});  // FIN held until kT0 + 5301
  EXPECT_EQ(next_deadline(s), kT0 + 1'300);
  tick(s, kT0 + 1'300);  // ACK retried, next at kT0 + 3300
  EXPECT_EQ(next_deadline(s), kT0 + 3'300);
  receive(s, kT0 + 1'301, kAlice, {fin_frame(id_at(kT0, 1), "r")});  // dedupe until forget_at
  EXPECT_EQ(next_deadline(s), kT0 + 5'301);
  tick(s, kT0 + 5'301);
  EXPECT_EQ(next_deadline(s), forget_at(id_at(kT0, 1)));
  tick(s, forget_at(id_at(kT0, 1)));
  EXPECT_EQ(next_deadline(s), std::nullopt);
}

TEST(Determinism, TicksBeforeTheDeadlineDoNothing) {
  State s = fresh_state();
  call_and_accept(s, kT0, kBob, "x");
  State expected = s;
  for (TimeMs t = kT0; t < kT0 + 1'000; t += 97) {
    EXPECT_TRUE(tick(s, t).empty());
  }
  expected.clock_ms = kT0 + 970;
  EXPECT_TRUE(s == expected);
}

}  // namespace
}  // namespace asyncflow::test
