// Spec -> code replay on behaviours TLC wrote (tests/behaviours/): they replay through the real
// kernel with every step matched, and a behaviour changed in any one respect the replay compares
// (flows, frames sent, outcomes, deliveries, time) is refused at the changed step.
#include "asyncflow/model/spec_replay.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace asyncflow::model {
namespace {

using tla::TraceState;
using tla::Value;

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string fixture(const std::string& name) {
  return read(std::string(ASYNCFLOW_REPLAY_FIXTURES) + "/" + name);
}

Config spec_config() {
  auto c = config_from_tlc_cfg(read(ASYNCFLOW_SIM_REPLAY_CFG));
  EXPECT_TRUE(std::holds_alternative<Config>(c));
  return std::holds_alternative<Config>(c) ? std::get<Config>(c) : Config{};
}

std::vector<TraceState> states_of(const std::string& text) {
  auto parsed = tla::parse_trace_module(text);
  EXPECT_TRUE(std::holds_alternative<std::vector<TraceState>>(parsed));
  return std::holds_alternative<std::vector<TraceState>>(parsed)
             ? std::get<std::vector<TraceState>>(parsed)
             : std::vector<TraceState>{};
}

std::string action(const TraceState& s) {
  return *s.at("act").field("name")->as_string();
}

// The index of the first state satisfying pred (the behaviour must have one).
template <class Pred>
std::size_t first_state(const std::vector<TraceState>& b, Pred pred) {
  for (std::size_t k = 1; k < b.size(); ++k)
    if (pred(b[k])) return k;
  ADD_FAILURE() << "no such state";
  return 0;
}

bool has_outcome(const TraceState& s) {
  for (const auto& [call, records] : s.at("outcomes").entries())
    if (!records.entries().empty()) return true;
  return false;
}

// Replaces the first `from` after `anchor` inside state k's text.
std::string tamper(std::string text, std::size_t state, const std::string& anchor,
                   const std::string& from, const std::string& to) {
  const auto start = text.find("STATE_" + std::to_string(state) + " ==");
  const auto end = text.find("STATE_" + std::to_string(state + 1) + " ==");
  const auto at = text.find(anchor, start);
  const auto pos = text.find(from, at);
  EXPECT_TRUE(start != std::string::npos && at < end && pos < end) << from;
  if (pos < end) text.replace(pos, from.size(), to);
  return text;
}

TEST(SpecReplay, ReadsTheSpecConstantsFromTheTlcConfig) {
  const Config c = spec_config();
  EXPECT_EQ(c.retry_initial_ms, 2u);
  EXPECT_EQ(c.retry_backoff_multiplier, 3u);
  EXPECT_EQ(c.retry_interval_max_ms, 7u);
  EXPECT_EQ(c.send_attempts_max, 3u);
  EXPECT_EQ(c.ack_attempts_max, 2u);
  EXPECT_EQ(c.clock_skew_ms, 1u);
  EXPECT_EQ(std::get<std::string>(config_from_tlc_cfg("RetryInitial = 2\n")),
            "the .cfg does not set RetryMax");
  const auto invalid = config_from_tlc_cfg(
      "RetryInitial = 0\nRetryMax = 1\nClockSkew = 1\nBackoffMult = 2\nSendAttemptsMax = 1\n"
      "AckAttemptsMax = 1\n");
  EXPECT_TRUE(std::holds_alternative<std::string>(invalid));
}

TEST(SpecReplay, TlcBehavioursReplayThroughTheKernel) {
  const Config config = spec_config();
  const auto late = states_of(fixture("late-completion.tla"));
  const ReplayResult a = replay_behaviour(late, config);
  ASSERT_FALSE(a.mismatch) << "state " << a.mismatch_step << ": " << *a.mismatch;
  EXPECT_EQ(a.steps, late.size() - 1);
  EXPECT_EQ(a.outcomes.at("Completed"), 1u);
  EXPECT_EQ(a.outcomes.at("GaveUp"), 2u);
  EXPECT_EQ(a.outcomes.at("LateCompletion"), 1u);

  const auto corrupted = states_of(fixture("corrupted.tla"));
  const ReplayResult b = replay_behaviour(corrupted, config);
  ASSERT_FALSE(b.mismatch) << "state " << b.mismatch_step << ": " << *b.mismatch;
  EXPECT_EQ(b.outcomes.at("Corrupted"), 1u);
  for (const char* act : {"Call", "Receive", "Respond", "Tick", "Reject", "Restart", "PassTime"})
    EXPECT_GT(b.actions.count(act), 0u) << act;

  const auto mismatch = states_of(fixture("fin-mismatch.tla"));
  const ReplayResult c = replay_behaviour(mismatch, config);
  ASSERT_FALSE(c.mismatch) << "state " << c.mismatch_step << ": " << *c.mismatch;
  EXPECT_GT(c.outcomes.count("FinMismatch"), 0u);
  EXPECT_GT(c.outcomes.count("AckGaveUp"), 0u);
}

TEST(SpecReplay, ANoticeThatDiffersIsFound) {
  const std::string text = fixture("fin-mismatch.tla");
  const auto b = states_of(text);
  const std::size_t k = first_state(b, [](const TraceState& s) {
    return tla::to_text(s.at("notices")).find("FinMismatch") != std::string::npos;
  });
  const auto r = replay_behaviour(
      states_of(tamper(text, k + 1, "/\\ notices =", "\"FinMismatch\"", "\"FlowClosed\"")),
      spec_config());
  ASSERT_TRUE(r.mismatch);
  EXPECT_EQ(r.mismatch_step, k + 1);
  EXPECT_NE(r.mismatch->find("receiver notices differ"), std::string::npos) << *r.mismatch;
}

TEST(SpecReplay, AFlowThatDiffersIsFound) {
  const std::string text = fixture("corrupted.tla");
  const auto b = states_of(text);
  const std::size_t k = first_state(b, [](const TraceState& s) { return action(s) == "Call"; });
  // The spec's only flow after the first call, one attempt more than the kernel made.
  const auto r = replay_behaviour(
      states_of(tamper(text, k + 1, "/\\ out =", "attempts |-> 1", "attempts |-> 2")),
      spec_config());
  ASSERT_TRUE(r.mismatch);
  EXPECT_EQ(r.mismatch_step, k + 1);
  EXPECT_NE(r.mismatch->find("caller flows of "), std::string::npos) << *r.mismatch;
}

TEST(SpecReplay, FramesSentThatDifferAreFound) {
  auto b = states_of(fixture("corrupted.tla"));
  const std::size_t k = first_state(b, [](const TraceState& s) { return action(s) == "Call"; });
  b[k].at("net") = b[k - 1].at("net");  // the spec's call sent nothing; the kernel sent its NEW
  const auto r = replay_behaviour(b, spec_config());
  ASSERT_TRUE(r.mismatch);
  EXPECT_EQ(r.mismatch_step, k + 1);
  EXPECT_NE(r.mismatch->find("frames sent differ"), std::string::npos) << *r.mismatch;
}

TEST(SpecReplay, AnOutcomeThatDiffersIsFound) {
  const std::string text = fixture("corrupted.tla");
  auto b = states_of(text);
  const std::size_t k = first_state(b, [](const TraceState& s) {
    return tla::to_text(s.at("outcomes")).find("Corrupted") != std::string::npos;
  });
  const auto r = replay_behaviour(
      states_of(tamper(text, k + 1, "/\\ outcomes =", "\"Corrupted\"", "\"Completed\"")),
      spec_config());
  ASSERT_TRUE(r.mismatch);
  EXPECT_EQ(r.mismatch_step, k + 1);
  EXPECT_NE(r.mismatch->find("outcomes differ"), std::string::npos) << *r.mismatch;

  // And one the spec does not report at all.
  const std::size_t first = first_state(b, has_outcome);
  b[first].at("outcomes") = b[first - 1].at("outcomes");
  const auto missing = replay_behaviour(b, spec_config());
  ASSERT_TRUE(missing.mismatch);
  EXPECT_EQ(missing.mismatch_step, first + 1);
}

TEST(SpecReplay, ADeliveryThatDiffersIsFound) {
  auto b = states_of(fixture("late-completion.tla"));
  const std::size_t k =
      first_state(b, [](const TraceState& s) { return !s.at("delivered").entries().empty(); });
  b[k].at("delivered") = b[k - 1].at("delivered");
  const auto r = replay_behaviour(b, spec_config());
  ASSERT_TRUE(r.mismatch);
  EXPECT_EQ(r.mismatch_step, k + 1);
  EXPECT_NE(r.mismatch->find("deliveries differ"), std::string::npos) << *r.mismatch;
}

TEST(SpecReplay, ATickAtAnotherTimeIsFound) {
  auto b = states_of(fixture("late-completion.tla"));
  // The spec's first tick one unit later than the deadline it fires: the kernel's retry is then
  // scheduled from another now, and its deadline differs.
  const std::size_t k = first_state(b, [](const TraceState& s) { return action(s) == "Tick"; });
  b[k].at("now") = tla::integer(*b[k].at("now").as_int() + 1);
  const auto r = replay_behaviour(b, spec_config());
  ASSERT_TRUE(r.mismatch);
  EXPECT_EQ(r.mismatch_step, k + 1);
}

TEST(SpecReplay, BehavioursOfAnotherShapeAreRefused) {
  auto b = states_of(fixture("corrupted.tla"));
  auto no_net = b;
  no_net[3].erase("net");
  const auto r = replay_behaviour(no_net, spec_config());
  ASSERT_TRUE(r.mismatch);
  EXPECT_EQ(r.mismatch_step, 4u);
  EXPECT_EQ(r.steps, 0u);  // refused before any step

  auto unknown = b;
  unknown[2].at("act") = std::get<Value>(tla::parse("[name |-> \"Teleport\"]"));
  const auto u = replay_behaviour(unknown, spec_config());
  ASSERT_TRUE(u.mismatch);
  EXPECT_NE(u.mismatch->find("does not know: Teleport"), std::string::npos) << *u.mismatch;

  EXPECT_TRUE(replay_behaviour({}, spec_config()).mismatch);
}

}  // namespace
}  // namespace asyncflow::model
