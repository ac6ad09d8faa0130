// Deadlines: one ordered set of timers, fired in (time, kind, key) order by a tick; and the
// FIN delay, which holds FINs per peer until their due time or until other frames go there.
#include "rules.hpp"

namespace asyncflow::detail {

void set_timer(State& s, TimerKind kind, const FlowKey& key, TimeMs at_ms) {
  [[maybe_unused]] const bool inserted = s.timers.insert(Timer{at_ms, kind, key}).second;
  AF_ASSERT(inserted);
}

void clear_timer(State& s, TimerKind kind, const FlowKey& key, TimeMs at_ms) {
  [[maybe_unused]] const auto erased = s.timers.erase(Timer{at_ms, kind, key});
  AF_ASSERT(erased == 1);
}

void flush_pending_fins(StepContext& ctx, const Peer& peer) {
  State& s = ctx.s;
  auto it = s.pending_fins.find(peer);
  if (it == s.pending_fins.end()) return;
  ctx.touch_fins(peer);
  clear_timer(s, TimerKind::Fin, FlowKey{peer, MsgId{}}, it->second.due_ms);
  for (FinFrame& fin : it->second.fins) ctx.outbox.add(peer, std::move(fin));
  s.pending_fin_count -= static_cast<std::uint32_t>(it->second.fins.size());
  s.pending_fins.erase(it);
}

void send_fin(StepContext& ctx, const Peer& peer, FinFrame fin) {
  State& s = ctx.s;
  if (s.config.fin_delay_ms == 0) {
    ctx.outbox.add(peer, std::move(fin));
    return;
  }
  ctx.touch_fins(peer);
  auto [it, fresh] = s.pending_fins.try_emplace(peer);
  if (fresh) {
    it->second.due_ms = ctx.now_ms + s.config.fin_delay_ms;
    set_timer(s, TimerKind::Fin, FlowKey{peer, MsgId{}}, it->second.due_ms);
  }
  it->second.fins.push_back(std::move(fin));
  ++s.pending_fin_count;
  // A bound on held FINs: past it, this peer's FINs leave now rather than grow the state.
  if (s.pending_fin_count > s.config.pending_fins_max) flush_pending_fins(ctx, peer);
}

void on_tick(StepContext& ctx) {
  State& s = ctx.s;
  while (!s.timers.empty() && s.timers.begin()->at_ms <= ctx.now_ms) {
    const Timer timer = *s.timers.begin();
    switch (timer.kind) {
      case TimerKind::Out:
        ctx.touch_out(timer.key);
        on_out_timer(ctx, timer.key);
        break;
      case TimerKind::In:
        ctx.touch_in(timer.key);
        on_in_timer(ctx, timer.key);
        break;
      case TimerKind::Fin:
        flush_pending_fins(ctx, timer.key.peer);
        break;
    }
    // Every handler replaces or removes the timer it fired; never the same one again.
    AF_ASSERT(s.timers.empty() || !(*s.timers.begin() == timer));
  }
}

void Outbox::finish(State& s, Effects& effects, Touched* touched) {
  for (auto& [peer, frames] : frames_) {
    // Waiting FINs ride along with frames that go to their peer anyway.
    if (auto it = s.pending_fins.find(peer); it != s.pending_fins.end()) {
      if (touched) touched->fins.emplace_back(peer, true);
      s.timers.erase(Timer{it->second.due_ms, TimerKind::Fin, FlowKey{peer, MsgId{}}});
      for (FinFrame& fin : it->second.fins) frames.push_back(std::move(fin));
      s.pending_fin_count -= static_cast<std::uint32_t>(it->second.fins.size());
      s.pending_fins.erase(it);
    }
    const std::size_t chunk = s.config.frames_per_transmission_max;
    for (std::size_t first = 0; first < frames.size(); first += chunk) {
      const std::size_t last = std::min(frames.size(), first + chunk);
      Transmit t{peer, {}};
      t.frames.reserve(last - first);
      for (std::size_t i = first; i < last; ++i) t.frames.push_back(std::move(frames[i]));
      ++s.counters.transmissions;
      s.counters.frames_sent += t.frames.size();
      effects.emplace_back(std::move(t));
    }
  }
  frames_.clear();
}

}  // namespace asyncflow::detail
