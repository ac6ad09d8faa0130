// Two endpoints calling each other over a seeded network that drops, duplicates and reorders
// transmissions (and reports some drops as transient send failures, as a host would): every
// request is delivered at most once, every accepted call ends in exactly one outcome, a late
// completion only follows a GaveUp, NeverDelivered is never claimed for a delivered request, and
// once every window is over both endpoints hold nothing.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

struct InFlight {
  int to;  // endpoint index
  Transmit transmit;
  bool reportable = true;  // false once duplicated: a duplicate may still arrive
};

struct Outcomes {
  int final_outcomes = 0;  // Completed, Corrupted or GaveUp
  int late = 0;
  bool gave_up = false;
  std::optional<GaveUpPhase> phase;
};

class LossyWorld {
 public:
  explicit LossyWorld(std::uint64_t seed) : rng_(seed) {
    ends_[0] = fresh_state(small_config(), seed * 2 + 1);
    ends_[1] = fresh_state(small_config(), seed * 2 + 2);
  }

  void run(int events, bool lossy) {
    for (int n = 0; n < events; ++n) {
      now_ += rng_() % 40;
      const int who = static_cast<int>(rng_() % 2);
      switch (rng_() % 8) {
        case 0:
          if (lossy) apply(who, CallEvent{names_[1 - who], bytes(std::to_string(n))});
          break;
        case 1:
          answer_one(who);
          break;
        case 2:
          apply(who, TickEvent{});
          break;
        default:
          deliver_one(lossy);
          break;
      }
    }
  }

  // No new calls and no loss: answer everything, deliver everything, tick past every window.
  void settle() {
    for (int round = 0; round < 200 && !(network_.empty() && pending_.empty() && idle()); ++round) {
      for (int who : {0, 1}) answer_all(who);
      while (!network_.empty()) deliver_one(false);
      now_ += 2'000;
      for (int who : {0, 1}) apply(who, TickEvent{});
    }
  }

  bool idle() const {
    return next_deadline(ends_[0]) == std::nullopt && next_deadline(ends_[1]) == std::nullopt;
  }

  std::array<State, 2> ends_;
  std::map<FlowKey, int> deliveries_;  // (caller, id) -> times delivered
  std::map<MsgId, Outcomes> outcomes_;
  std::set<MsgId> accepted_;
  std::vector<std::pair<int, Deliver>> pending_;  // delivered, not yet answered

 private:
  void apply(int who, EventBody body) {
    const Effects effects = test::run(ends_[static_cast<std::size_t>(who)], now_, std::move(body));
    for (const Effect& e : effects) record(who, e);
  }

  void record(int who, const Effect& effect) {
    if (const auto* t = std::get_if<Transmit>(&effect)) {
      network_.push_back(InFlight{1 - who, *t});
    } else if (const auto* a = std::get_if<Accepted>(&effect)) {
      accepted_.insert(a->msg_id);
    } else if (const auto* d = std::get_if<Deliver>(&effect)) {
      ++deliveries_[FlowKey{d->peer, d->msg_id}];
      pending_.emplace_back(who, *d);
    } else if (const auto* c = std::get_if<Completed>(&effect)) {
      ++outcomes_[c->msg_id].final_outcomes;
    } else if (const auto* x = std::get_if<Corrupted>(&effect)) {
      ++outcomes_[x->msg_id].final_outcomes;
    } else if (const auto* g = std::get_if<GaveUp>(&effect)) {
      Outcomes& o = outcomes_[g->msg_id];
      ++o.final_outcomes;
      o.gave_up = true;
      o.phase = g->phase;
    } else if (const auto* l = std::get_if<LateCompletion>(&effect)) {
      Outcomes& o = outcomes_[l->msg_id];
      EXPECT_TRUE(o.gave_up) << "LateCompletion without GaveUp";
      ++o.late;
    }
  }

  void deliver_one(bool lossy) {
    if (network_.empty()) return;
    const std::size_t i = rng_() % network_.size();  // any order: reordering
    InFlight item = network_[i];
    const unsigned roll = static_cast<unsigned>(rng_() % 10);
    if (lossy && roll < 2) {  // duplicated: one copy stays in the network
      network_[i].reportable = false;
      item.reportable = false;
    } else {
      network_.erase(network_.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (lossy && roll >= 7) {  // lost; sometimes the sender learns it (transient reject)
      if (item.reportable && roll >= 8) {
        std::vector<FrameRef> refs;
        for (const Frame& f : item.transmit.frames) refs.push_back(ref_of(f));
        apply(1 - item.to, SendFailedEvent{item.transmit.peer, refs, RejectCode::SysTransient});
      }
      return;
    }
    apply(item.to, ReceiveEvent{names_[1 - item.to], item.transmit.frames, 0});
  }

  // Answers one of `who`'s delivered requests, picked at random: some wait long enough for
  // their caller to give up, so their ACK becomes a late completion.
  void answer_one(int who) {
    if (pending_.empty()) return;
    const std::size_t start = rng_() % pending_.size();
    for (std::size_t k = 0; k < pending_.size(); ++k) {
      const std::size_t i = (start + k) % pending_.size();
      if (pending_[i].first != who) continue;
      const Deliver d = pending_[i].second;
      pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i));
      apply(who, RespondEvent{d.peer, d.msg_id, bytes("re:")});
      return;
    }
  }

  void answer_all(int who) {
    while (std::any_of(pending_.begin(), pending_.end(), [&](auto& p) { return p.first == who; }))
      answer_one(who);
  }

  std::mt19937_64 rng_;
  TimeMs now_ = kT0;
  std::array<Peer, 2> names_ = {peer("a"), peer("b")};
  std::vector<InFlight> network_;
};

TEST(LossyNetwork, AtMostOnceDeliveryAndExactlyOneOutcomePerCall) {
  // Totals over all seeds, to show the faults were actually exercised.
  std::size_t gave_up_total = 0;
  std::uint64_t suppressed = 0, rejects = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    LossyWorld w(seed);
    w.run(1'500, true);
    w.settle();
    ASSERT_TRUE(w.idle()) << "seed " << seed;
    EXPECT_GT(w.accepted_.size(), 100U);
    for (const auto& [key, times] : w.deliveries_) EXPECT_EQ(times, 1) << "seed " << seed;
    for (const MsgId& id : w.accepted_) {
      const Outcomes& o = w.outcomes_[id];
      EXPECT_EQ(o.final_outcomes, 1) << "seed " << seed << " " << id.to_string();
      EXPECT_LE(o.late, 1);
    }
    std::size_t gave_up = 0;
    for (const auto& [id, o] : w.outcomes_) {
      if (!o.gave_up) continue;
      ++gave_up;
      if (o.phase == GaveUpPhase::NeverDelivered) {
        // Whichever endpoint made the call, its request was never delivered.
        EXPECT_EQ(w.deliveries_.count(FlowKey{peer("a"), id}) +
                      w.deliveries_.count(FlowKey{peer("b"), id}),
                  0U);
      }
    }
    for (const State& s : w.ends_) {
      EXPECT_TRUE(s.out_flows.empty()) << "seed " << seed;
      EXPECT_TRUE(s.in_flows.empty()) << "seed " << seed;
      EXPECT_EQ(s.retained_bytes, 0U);
      EXPECT_EQ(s.counters.corrupted, 0U);  // nothing corrupts payloads here
      suppressed += s.counters.duplicate_news_suppressed;
      rejects += s.counters.rejects_transient;
    }
    gave_up_total += gave_up;
  }
  EXPECT_GT(suppressed, 0U);
  EXPECT_GT(rejects, 0U);
  EXPECT_GT(gave_up_total, 0U);
}

}  // namespace
}  // namespace asyncflow::test
