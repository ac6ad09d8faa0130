// Receiver rules: a NEW is delivered to the app at most once; its response is retried as an
// ACK until the caller's FIN; the id is then remembered until its window ends.
#include "rules.hpp"

namespace asyncflow::detail {
namespace {

void add_request_load(State& s, const Peer& peer) {
  ++s.requests_in_flight;
  ++s.peer_loads[peer].requests_in_flight;
}

void release_request(State& s, const Peer& peer) {
  --s.requests_in_flight;
  auto load = s.peer_loads.find(peer);
  AF_ASSERT(load != s.peer_loads.end() && load->second.requests_in_flight > 0);
  if (--load->second.requests_in_flight == 0 && load->second.calls_in_flight == 0)
    s.peer_loads.erase(load);
}

void transmit_ack(StepContext& ctx, const FlowKey& key, const InFlow& flow) {
  ctx.outbox.add(key.peer, AckFrame{key.msg_id, flow.request_hash, flow.response});
}

// An Acking flow is done (FIN, or its ACK gave up): free the response and keep only the
// dedupe entry, until the id's window ends. Room for it was reserved when the NEW was admitted.
void close_flow(StepContext& ctx, std::map<FlowKey, InFlow>::iterator it) {
  State& s = ctx.s;
  const FlowKey key = it->first;
  InFlow& flow = it->second;
  AF_ASSERT(flow.phase == InPhase::Acking);
  clear_timer(s, TimerKind::In, key, flow.deadline_ms);
  s.retained_bytes -= flow.response.size();
  release_request(s, key.peer);
  const TimeMs forget_at = forget_at_ms(s.config, key.msg_id);
  if (forget_at <= ctx.now_ms) {  // a NEW with this id would now be refused as TooOld anyway
    s.in_flows.erase(it);
    return;
  }
  flow.phase = InPhase::Closed;
  flow.response = Bytes{};
  flow.deadline_ms = forget_at;
  ++s.dedupe_entries;
  set_timer(s, TimerKind::In, key, forget_at);
}

void ack_give_up(StepContext& ctx, std::map<FlowKey, InFlow>::iterator it, GiveUpReason reason,
                 std::optional<RejectCode> code) {
  ctx.effects.emplace_back(
      AckGaveUp{it->first.peer, it->first.msg_id, reason, code, it->second.attempts});
  ++ctx.s.counters.ack_gave_up;
  close_flow(ctx, it);
}

}  // namespace

void on_new(StepContext& ctx, const Peer& peer, const NewFrame& frame,
            std::uint64_t& payment_left_cycles) {
  State& s = ctx.s;
  const Config& c = s.config;
  const MsgId& id = frame.msg_id;
  if (frame.payload.size() > c.payload_bytes_max)
    return drop(ctx, DropReason::PayloadTooLarge, peer, FrameKind::New, id);
  const FlowKey key{peer, id};
  if (auto it = s.in_flows.find(key); it != s.in_flows.end()) {
    // Seen before: never processed again. While acking, the duplicate says our ACK may be lost.
    ++s.counters.duplicate_news_suppressed;
    if (it->second.phase == InPhase::Acking) {
      ++s.counters.ack_retransmissions;
      transmit_ack(ctx, key, it->second);
    }
    return;
  }
  // Unknown id: admissible only while it cannot be a duplicate of a forgotten one.
  if (ctx.now_ms >= forget_at_ms(c, id))
    return drop(ctx, DropReason::TooOld, peer, FrameKind::New, id);
  if (id.time_ms() > ctx.now_ms + c.clock_skew_ms)
    return drop(ctx, DropReason::CreatedInFuture, peer, FrameKind::New, id);
  if (payment_left_cycles < c.new_payment_min_cycles)
    return drop(ctx, DropReason::UnderPaid, peer, FrameKind::New, id);
  if (s.requests_in_flight >= c.requests_in_flight_max)
    return drop(ctx, DropReason::RequestsInFlightExceeded, peer, FrameKind::New, id);
  const auto load = s.peer_loads.find(peer);
  // A peer with no entry has a load of zero, which a limit of zero already drops.
  if ((load != s.peer_loads.end() ? load->second.requests_in_flight : 0) >=
      c.requests_in_flight_per_peer_max)
    return drop(ctx, DropReason::RequestsInFlightPerPeerExceeded, peer, FrameKind::New, id);
  // Each admitted request becomes a dedupe entry later: reserve that room now.
  if (s.dedupe_entries + s.requests_in_flight >= c.dedupe_entries_max)
    return drop(ctx, DropReason::DedupeFull, peer, FrameKind::New, id);

  payment_left_cycles -= c.new_payment_min_cycles;
  InFlow flow;
  flow.request_hash = crc32(frame.payload);
  s.in_flows.emplace(key, flow);
  add_request_load(s, peer);
  ++s.counters.delivered;
  ctx.effects.emplace_back(Deliver{peer, id, frame.payload});
}

void on_respond(StepContext& ctx, const RespondEvent& respond) {
  State& s = ctx.s;
  const FlowKey key{respond.peer, respond.msg_id};
  auto it = s.in_flows.find(key);
  if (it == s.in_flows.end() || it->second.phase == InPhase::Closed)
    return refuse(ctx, RefusalReason::UnknownRequest, respond.peer, respond.msg_id);
  if (it->second.phase == InPhase::Acking)
    return refuse(ctx, RefusalReason::AlreadyResponded, respond.peer, respond.msg_id);
  if (respond.payload.size() > s.config.payload_bytes_max)
    return refuse(ctx, RefusalReason::PayloadTooLarge, respond.peer, respond.msg_id);
  if (respond.payload.size() > s.config.retained_bytes_max - s.retained_bytes)
    return refuse(ctx, RefusalReason::RetainedBytesExceeded, respond.peer, respond.msg_id);

  ctx.commit_clock();
  InFlow& flow = it->second;
  flow.phase = InPhase::Acking;
  flow.attempts = 1;
  flow.response = respond.payload;
  flow.deadline_ms = ctx.now_ms + retry_interval_ms(s.config, 1);
  s.retained_bytes += flow.response.size();
  set_timer(s, TimerKind::In, key, flow.deadline_ms);
  ++s.counters.responses;
  transmit_ack(ctx, key, flow);
}

void on_fin(StepContext& ctx, const Peer& peer, const FinFrame& fin) {
  State& s = ctx.s;
  auto it = s.in_flows.find(FlowKey{peer, fin.msg_id});
  // Only an ACK earns a FIN: one for a flow not acking is a duplicate or a peer's mistake.
  if (it == s.in_flows.end() || it->second.phase != InPhase::Acking) {
    ++s.counters.duplicate_fins;
    return;
  }
  const Hash32 expected = crc32(it->second.response);
  if (fin.hash && *fin.hash != expected) {
    ctx.effects.emplace_back(
        FinMismatch{peer, fin.msg_id, expected, *fin.hash, it->second.response});
    ++s.counters.fin_mismatches;
  } else {
    ctx.effects.emplace_back(FlowClosed{peer, fin.msg_id});
    ++s.counters.flows_closed;
  }
  close_flow(ctx, it);
}

void on_ack_send_failed(StepContext& ctx, const Peer& peer, const MsgId& id, RejectCode code) {
  auto it = ctx.s.in_flows.find(FlowKey{peer, id});
  if (it == ctx.s.in_flows.end() || it->second.phase != InPhase::Acking) return;
  if (is_permanent(code)) ack_give_up(ctx, it, GiveUpReason::PermanentReject, code);
}

void on_in_timer(StepContext& ctx, const FlowKey& key) {
  State& s = ctx.s;
  auto it = s.in_flows.find(key);
  AF_ASSERT(it != s.in_flows.end());
  InFlow& flow = it->second;
  if (flow.phase == InPhase::Closed) {  // the id's window is over: a NEW for it is now TooOld
    clear_timer(s, TimerKind::In, key, flow.deadline_ms);
    --s.dedupe_entries;
    s.in_flows.erase(it);
    return;
  }
  AF_ASSERT(flow.phase == InPhase::Acking);
  if (flow.attempts >= s.config.ack_attempts_max)
    return ack_give_up(ctx, it, GiveUpReason::RetriesExhausted, std::nullopt);
  clear_timer(s, TimerKind::In, key, flow.deadline_ms);
  ++flow.attempts;
  flow.deadline_ms = ctx.now_ms + retry_interval_ms(s.config, flow.attempts);
  set_timer(s, TimerKind::In, key, flow.deadline_ms);
  ++s.counters.ack_retransmissions;
  transmit_ack(ctx, key, flow);
}

}  // namespace asyncflow::detail
