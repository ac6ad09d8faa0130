// The transition function: route one event to its rules, then emit the step's transmissions.
#include <type_traits>

#include "rules.hpp"

namespace asyncflow {
namespace detail {

void refuse(StepContext& ctx, RefusalReason reason, std::optional<Peer> peer,
            std::optional<MsgId> msg_id) {
  count_refusal(ctx.s, reason);
  ctx.effects.emplace_back(Refused{reason, std::move(peer), msg_id});
}

void drop(StepContext& ctx, DropReason reason, const Peer& peer, FrameKind kind,
          const MsgId& msg_id) {
  count_drop(ctx.s, reason);
  ctx.effects.emplace_back(Dropped{reason, peer, kind, msg_id});
}

namespace {

void on_receive(StepContext& ctx, const ReceiveEvent& receive) {
  State& s = ctx.s;
  ctx.commit_clock();
  ++s.counters.transmissions_received;
  s.counters.frames_received += receive.frames.size();
  std::uint64_t payment_left_cycles = receive.payment_cycles;
  const std::size_t limit = s.config.frames_per_transmission_max;
  for (std::size_t i = 0; i < receive.frames.size(); ++i) {
    const Frame& frame = receive.frames[i];
    if (i >= limit) {
      // Frames past the limit are dropped unread; one effect names the first of them.
      s.counters.drops[static_cast<std::size_t>(DropReason::TooManyFrames)] +=
          receive.frames.size() - limit;
      ctx.effects.emplace_back(
          Dropped{DropReason::TooManyFrames, receive.peer, kind_of(frame), msg_id_of(frame)});
      break;
    }
    std::visit(
        [&](const auto& f) {
          using F = std::decay_t<decltype(f)>;
          if constexpr (std::is_same_v<F, NewFrame>) {
            ctx.touch_in(FlowKey{receive.peer, f.msg_id});
            on_new(ctx, receive.peer, f, payment_left_cycles);
          } else if constexpr (std::is_same_v<F, AckFrame>) {
            ctx.touch_out(FlowKey{receive.peer, f.msg_id});
            on_ack(ctx, receive.peer, f);
          } else {
            ctx.touch_in(FlowKey{receive.peer, f.msg_id});
            on_fin(ctx, receive.peer, f);
          }
        },
        frame);
  }
}

void on_send_failed(StepContext& ctx, const SendFailedEvent& failed) {
  State& s = ctx.s;
  ctx.commit_clock();
  for (const FrameRef& ref : failed.frames) {
    if (is_permanent(failed.code)) {
      ++s.counters.rejects_permanent;
    } else {
      ++s.counters.rejects_transient;
    }
    switch (ref.kind) {
      case FrameKind::New:
        ctx.touch_out(FlowKey{failed.peer, ref.msg_id});
        on_new_send_failed(ctx, failed.peer, ref.msg_id, failed.code);
        break;
      case FrameKind::Ack:
        ctx.touch_in(FlowKey{failed.peer, ref.msg_id});
        on_ack_send_failed(ctx, failed.peer, ref.msg_id, failed.code);
        break;
      case FrameKind::Fin:  // FINs are not retried: a lost FIN is answered by the next ACK
        break;
    }
  }
}

}  // namespace
}  // namespace detail

namespace detail {

void step_with(State& state, const Event& event, Effects& effects, Touched* touched) {
  StepContext ctx{
      state, effects, std::min(std::max(state.clock_ms, event.now_ms), kClockMsMax), {}, touched};
  std::visit(
      [&](const auto& body) {
        using B = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<B, CallEvent>) {
          on_call(ctx, body);
        } else if constexpr (std::is_same_v<B, ReceiveEvent>) {
          on_receive(ctx, body);
        } else if constexpr (std::is_same_v<B, SendFailedEvent>) {
          on_send_failed(ctx, body);
        } else if constexpr (std::is_same_v<B, RespondEvent>) {
          ctx.touch_in(FlowKey{body.peer, body.msg_id});
          on_respond(ctx, body);
        } else {
          ctx.commit_clock();
          on_tick(ctx);
        }
      },
      event.body);
  ctx.outbox.finish(state, effects, touched);
  AF_ASSERT(!check_invariants(state).has_value());
}

}  // namespace detail

void step_in_place(State& state, const Event& event, Effects& effects) {
  detail::step_with(state, event, effects, nullptr);
}

Step step(State state, const Event& event) {
  Effects effects;
  step_in_place(state, event, effects);
  return Step{std::move(state), std::move(effects)};
}

std::optional<TimeMs> next_deadline(const State& state) noexcept {
  if (state.timers.empty()) return std::nullopt;
  return state.timers.begin()->at_ms;
}

std::variant<State, ConfigError> make_state(const Config& config, std::uint64_t seed) noexcept {
  if (auto error = validate(config)) return *error;
  State s;
  s.config = config;
  s.ids.rng_state = seed;
  return s;
}

}  // namespace asyncflow
