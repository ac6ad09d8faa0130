// Caller rules: a call becomes a NEW retried until an ACK, a permanent reject or the last
// attempt; the ACK gives exactly one outcome and is answered with a FIN.
#include "rules.hpp"

namespace asyncflow::detail {
namespace {

void release_call(State& s, const FlowKey& key, OutFlow& flow) {
  AF_ASSERT(flow.phase == OutPhase::AwaitingAck);
  s.retained_bytes -= flow.request.size();
  --s.calls_in_flight;
  auto load = s.peer_loads.find(key.peer);
  AF_ASSERT(load != s.peer_loads.end() && load->second.calls_in_flight > 0);
  if (--load->second.calls_in_flight == 0 && load->second.requests_in_flight == 0)
    s.peer_loads.erase(load);
}

// Ends an AwaitingAck flow with GaveUp and keeps a tombstone (while the id's window lasts and
// there is room) so that a late ACK is noticed once.
void give_up(StepContext& ctx, std::map<FlowKey, OutFlow>::iterator it, GiveUpReason reason,
             std::optional<RejectCode> code) {
  State& s = ctx.s;
  const FlowKey key = it->first;
  OutFlow& flow = it->second;
  clear_timer(s, TimerKind::Out, key, flow.deadline_ms);
  release_call(s, key, flow);
  const GaveUpPhase phase = flow.attempts_rejected == flow.attempts ? GaveUpPhase::NeverDelivered
                                                                    : GaveUpPhase::Unacknowledged;
  ctx.effects.emplace_back(
      GaveUp{key.peer, key.msg_id, std::move(flow.request), reason, code, flow.attempts, phase});
  ++s.counters.gave_up;
  const TimeMs forget_at = forget_at_ms(s.config, key.msg_id);
  if (forget_at <= ctx.now_ms ||
      s.dedupe_entries + s.requests_in_flight >= s.config.dedupe_entries_max) {
    s.out_flows.erase(it);
    return;
  }
  flow.phase = OutPhase::GaveUp;
  flow.request = Bytes{};
  flow.deadline_ms = forget_at;
  ++s.dedupe_entries;
  set_timer(s, TimerKind::Out, key, forget_at);
}

void transmit_new(StepContext& ctx, const FlowKey& key, const OutFlow& flow) {
  ctx.outbox.add(key.peer, NewFrame{key.msg_id, flow.request});
}

}  // namespace

void on_call(StepContext& ctx, const CallEvent& call) {
  State& s = ctx.s;
  const Config& c = s.config;
  // Every check comes before any change: a refusal leaves the state exactly as it was.
  if (call.payload.size() > c.payload_bytes_max)
    return refuse(ctx, RefusalReason::PayloadTooLarge, call.peer, std::nullopt);
  if (s.calls_in_flight >= c.calls_in_flight_max)
    return refuse(ctx, RefusalReason::CallsInFlightExceeded, call.peer, std::nullopt);
  const auto load = s.peer_loads.find(call.peer);
  // A peer with no entry has a load of zero, which a limit of zero already refuses.
  if ((load != s.peer_loads.end() ? load->second.calls_in_flight : 0) >=
      c.calls_in_flight_per_peer_max)
    return refuse(ctx, RefusalReason::CallsInFlightPerPeerExceeded, call.peer, std::nullopt);
  if (call.payload.size() > c.retained_bytes_max - s.retained_bytes)
    return refuse(ctx, RefusalReason::RetainedBytesExceeded, call.peer, std::nullopt);
  RefusalReason why{};
  const auto next = next_ulid(s.ids, ctx.now_ms, why);
  if (!next) return refuse(ctx, why, call.peer, std::nullopt);

  ctx.commit_clock();
  s.ids = next->after;
  const FlowKey key{call.peer, next->id};
  OutFlow flow;
  flow.attempts = 1;
  flow.deadline_ms = ctx.now_ms + retry_interval_ms(c, 1);
  flow.request_hash = crc32(call.payload);
  flow.request = call.payload;
  s.retained_bytes += flow.request.size();
  ++s.calls_in_flight;
  ++s.peer_loads[call.peer].calls_in_flight;
  ++s.counters.calls_accepted;
  set_timer(s, TimerKind::Out, key, flow.deadline_ms);
  // Ids only grow, so a fresh id never meets an existing flow.
  const auto [it, inserted] = s.out_flows.emplace(key, std::move(flow));
  AF_ASSERT(inserted);
  ctx.touch_out_created(key);
  ctx.effects.emplace_back(Accepted{key.peer, key.msg_id});
  transmit_new(ctx, key, it->second);
}

void on_ack(StepContext& ctx, const Peer& peer, const AckFrame& ack) {
  State& s = ctx.s;
  if (ack.payload.size() > s.config.payload_bytes_max)
    return drop(ctx, DropReason::PayloadTooLarge, peer, FrameKind::Ack, ack.msg_id);
  const Hash32 response_hash = crc32(ack.payload);
  const FlowKey key{peer, ack.msg_id};
  auto it = s.out_flows.find(key);
  if (it == s.out_flows.end()) {
    // Finished earlier (our FIN was lost) or never ours: a FIN lets the receiver free its state.
    ++s.counters.duplicate_acks;
  } else if (it->second.phase == OutPhase::GaveUp) {
    ctx.effects.emplace_back(LateCompletion{peer, ack.msg_id, ack.payload, ack.hash});
    ++s.counters.late_completions;
    clear_timer(s, TimerKind::Out, key, it->second.deadline_ms);
    --s.dedupe_entries;
    s.out_flows.erase(it);
  } else {
    OutFlow& flow = it->second;
    clear_timer(s, TimerKind::Out, key, flow.deadline_ms);
    release_call(s, key, flow);
    if (ack.hash && *ack.hash != flow.request_hash) {
      ctx.effects.emplace_back(Corrupted{peer, ack.msg_id, flow.request_hash, *ack.hash,
                                         std::move(flow.request), ack.payload});
      ++s.counters.corrupted;
    } else {
      ctx.effects.emplace_back(Completed{peer, ack.msg_id, std::move(flow.request), ack.payload,
                                         flow.request_hash, response_hash});
      ++s.counters.completed;
    }
    s.out_flows.erase(it);
  }
  send_fin(ctx, peer, FinFrame{ack.msg_id, response_hash});
}

void on_new_send_failed(StepContext& ctx, const Peer& peer, const MsgId& id, RejectCode code) {
  State& s = ctx.s;
  auto it = s.out_flows.find(FlowKey{peer, id});
  if (it == s.out_flows.end() || it->second.phase != OutPhase::AwaitingAck) return;
  OutFlow& flow = it->second;
  if (proves_not_delivered(code) && flow.attempts_rejected < flow.attempts)
    ++flow.attempts_rejected;
  // A transient failure needs nothing more: the retry timer set at the send still stands.
  if (is_permanent(code)) give_up(ctx, it, GiveUpReason::PermanentReject, code);
}

void on_out_timer(StepContext& ctx, const FlowKey& key) {
  State& s = ctx.s;
  auto it = s.out_flows.find(key);
  AF_ASSERT(it != s.out_flows.end());
  OutFlow& flow = it->second;
  if (flow.phase == OutPhase::GaveUp) {  // the id's window is over: forget the tombstone
    clear_timer(s, TimerKind::Out, key, flow.deadline_ms);
    --s.dedupe_entries;
    s.out_flows.erase(it);
    return;
  }
  if (flow.attempts >= s.config.send_attempts_max)
    return give_up(ctx, it, GiveUpReason::RetriesExhausted, std::nullopt);
  clear_timer(s, TimerKind::Out, key, flow.deadline_ms);
  ++flow.attempts;
  flow.deadline_ms = ctx.now_ms + retry_interval_ms(s.config, flow.attempts);
  set_timer(s, TimerKind::Out, key, flow.deadline_ms);
  ++s.counters.new_retransmissions;
  transmit_new(ctx, key, flow);
}

}  // namespace asyncflow::detail
