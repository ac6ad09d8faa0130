#pragma once
// Internal to the kernel: the context one step runs in and the rules it dispatches to.
// Caller rules live in caller_rules.cpp, receiver rules in receiver_rules.cpp, timers in
// timers.cpp; step.cpp routes events to them.
#include <cassert>
#include <map>
#include <optional>
#include <vector>

#include "asyncflow/kernel.hpp"

// Kernel invariants: checked in debug builds, free in release builds.
#define AF_ASSERT(cond) assert(cond)

namespace asyncflow::detail {

// The entries a step may have changed, each with whether it existed before the step (for the
// journal, journal.hpp). Recorded only when a host asked for a Ready: `step_in_place` pays a
// null check per rule.
struct Touched {
  std::vector<std::pair<FlowKey, bool>> out, in;
  std::vector<std::pair<Peer, bool>> fins;
};

// Collects the frames of one step per peer; finish() turns them into one Transmit per peer.
class Outbox {
 public:
  void add(const Peer& peer, Frame frame) { frames_[peer].push_back(std::move(frame)); }
  bool has_frames_for(const Peer& peer) const { return frames_.count(peer) != 0; }
  // Appends the Transmit effects (peers in byte order, split at frames_per_transmission_max).
  // Waiting FINs of those peers ride along: their entries are recorded in `touched`.
  void finish(State& s, Effects& effects, Touched* touched);

 private:
  std::map<Peer, std::vector<Frame>> frames_;
};

struct StepContext {
  State& s;
  Effects& effects;
  TimeMs now_ms;  // max(state clock, event clock): the kernel's clock never runs backwards
  Outbox outbox;

  Touched* touched = nullptr;  // set by step_ready

  void commit_clock() { s.clock_ms = now_ms; }
  const Config& config() const { return s.config; }
  // Called by every rule before it may change an entry (a created out flow: after, as new).
  void touch_out(const FlowKey& key) {
    if (touched) touched->out.emplace_back(key, s.out_flows.count(key) != 0);
  }
  void touch_out_created(const FlowKey& key) {
    if (touched) touched->out.emplace_back(key, false);
  }
  void touch_in(const FlowKey& key) {
    if (touched) touched->in.emplace_back(key, s.in_flows.count(key) != 0);
  }
  void touch_fins(const Peer& peer) {
    if (touched) touched->fins.emplace_back(peer, s.pending_fins.count(peer) != 0);
  }
};

// The kernel's clock stops one millisecond past the ULID time field (year 10889): a call there is
// still refused as ClockOutOfRange, and now + any retry interval or delay cannot wrap 64 bits.
inline constexpr TimeMs kClockMsMax = MsgId::kTimeMsMax + 1;

// First moment at which the id is forgotten: at and after it, a NEW with this id is TooOld.
using ::asyncflow::forget_at_ms;  // config.hpp: public, hosts settle by it

// The step itself (step.cpp); `touched` is null unless a Ready is being made.
void step_with(State& state, const Event& event, Effects& effects, Touched* touched);

// Timers (timers.cpp).
void set_timer(State& s, TimerKind kind, const FlowKey& key, TimeMs at_ms);
void clear_timer(State& s, TimerKind kind, const FlowKey& key, TimeMs at_ms);
void on_tick(StepContext& ctx);

// FINs (timers.cpp): sent at once, or held for fin_delay_ms to ride with later frames.
void send_fin(StepContext& ctx, const Peer& peer, FinFrame fin);
void flush_pending_fins(StepContext& ctx, const Peer& peer);

// Caller rules (caller_rules.cpp).
void on_call(StepContext& ctx, const CallEvent& call);
void on_ack(StepContext& ctx, const Peer& peer, const AckFrame& ack);
void on_new_send_failed(StepContext& ctx, const Peer& peer, const MsgId& id, RejectCode code);
void on_out_timer(StepContext& ctx, const FlowKey& key);

// Receiver rules (receiver_rules.cpp).
void on_new(StepContext& ctx, const Peer& peer, const NewFrame& frame,
            std::uint64_t& payment_left_cycles);
void on_respond(StepContext& ctx, const RespondEvent& respond);
void on_fin(StepContext& ctx, const Peer& peer, const FinFrame& fin);
void on_ack_send_failed(StepContext& ctx, const Peer& peer, const MsgId& id, RejectCode code);
void on_in_timer(StepContext& ctx, const FlowKey& key);

// ULID generation (ulid_generator.cpp): the next id at now_ms, without touching the generator;
// nullopt when the clock is out of range or the millisecond's ids are used up.
struct NextId {
  MsgId id;
  UlidGenerator after;
};
std::optional<NextId> next_ulid(const UlidGenerator& gen, TimeMs now_ms,
                                RefusalReason& why) noexcept;

inline void count_refusal(State& s, RefusalReason r) {
  ++s.counters.refusals[static_cast<std::size_t>(r)];
}
inline void count_drop(State& s, DropReason r) {
  ++s.counters.drops[static_cast<std::size_t>(r)];
}

void refuse(StepContext& ctx, RefusalReason reason, std::optional<Peer> peer,
            std::optional<MsgId> msg_id);
void drop(StepContext& ctx, DropReason reason, const Peer& peer, FrameKind kind,
          const MsgId& msg_id);

}  // namespace asyncflow::detail
