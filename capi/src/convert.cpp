#include "convert.hpp"

#include <cstring>
#include <type_traits>

namespace asyncflow::capi {

// The header promises that these C values equal the C++ ones.
static_assert(ASYNCFLOW_CONFIG_WINDOW_OVERFLOW == static_cast<int>(ConfigError::WindowOverflow));
static_assert(ASYNCFLOW_EFFECT_DROPPED == std::variant_size_v<Effect> - 1);
static_assert(ASYNCFLOW_FRAME_FIN == static_cast<int>(FrameKind::Fin));
static_assert(ASYNCFLOW_REFUSED_TOO_MANY_FRAMES == static_cast<int>(RefusalReason::TooManyFrames));
static_assert(ASYNCFLOW_DROPPED_TOO_MANY_FRAMES == static_cast<int>(DropReason::TooManyFrames));
static_assert(ASYNCFLOW_GIVE_UP_PERMANENT_REJECT ==
              static_cast<int>(GiveUpReason::PermanentReject));
static_assert(ASYNCFLOW_PHASE_UNACKNOWLEDGED == static_cast<int>(GaveUpPhase::Unacknowledged));
static_assert(ASYNCFLOW_REJECT_SYS_UNKNOWN == static_cast<int>(RejectCode::SysUnknown));
static_assert(sizeof(asyncflow_metrics::refusals) == sizeof(Counters::refusals));
static_assert(sizeof(asyncflow_metrics::drops) == sizeof(Counters::drops));

Config to_config(const asyncflow_config& c) noexcept {
  Config k;
  k.retry_initial_ms = c.retry_initial_ms;
  k.retry_backoff_multiplier = c.retry_backoff_multiplier;
  k.retry_interval_max_ms = c.retry_interval_max_ms;
  k.send_attempts_max = c.send_attempts_max;
  k.ack_attempts_max = c.ack_attempts_max;
  k.clock_skew_ms = c.clock_skew_ms;
  k.fin_delay_ms = c.fin_delay_ms;
  k.pending_fins_max = c.pending_fins_max;
  k.payload_bytes_max = c.payload_bytes_max;
  k.calls_in_flight_per_peer_max = c.calls_in_flight_per_peer_max;
  k.calls_in_flight_max = c.calls_in_flight_max;
  k.requests_in_flight_per_peer_max = c.requests_in_flight_per_peer_max;
  k.requests_in_flight_max = c.requests_in_flight_max;
  k.dedupe_entries_max = c.dedupe_entries_max;
  k.retained_bytes_max = c.retained_bytes_max;
  k.frames_per_transmission_max = c.frames_per_transmission_max;
  k.new_payment_min_cycles = c.new_payment_min_cycles;
  return k;
}

asyncflow_config from_config(const Config& k) noexcept {
  asyncflow_config c{};
  c.retry_initial_ms = k.retry_initial_ms;
  c.retry_backoff_multiplier = k.retry_backoff_multiplier;
  c.retry_interval_max_ms = k.retry_interval_max_ms;
  c.send_attempts_max = k.send_attempts_max;
  c.ack_attempts_max = k.ack_attempts_max;
  c.clock_skew_ms = k.clock_skew_ms;
  c.fin_delay_ms = k.fin_delay_ms;
  c.pending_fins_max = k.pending_fins_max;
  c.payload_bytes_max = k.payload_bytes_max;
  c.calls_in_flight_per_peer_max = k.calls_in_flight_per_peer_max;
  c.calls_in_flight_max = k.calls_in_flight_max;
  c.requests_in_flight_per_peer_max = k.requests_in_flight_per_peer_max;
  c.requests_in_flight_max = k.requests_in_flight_max;
  c.dedupe_entries_max = k.dedupe_entries_max;
  c.retained_bytes_max = k.retained_bytes_max;
  c.frames_per_transmission_max = k.frames_per_transmission_max;
  c.new_payment_min_cycles = k.new_payment_min_cycles;
  return c;
}

MsgId to_msg_id(const asyncflow_msg_id& id) noexcept {
  std::array<std::uint8_t, 16> bytes{};
  std::copy(std::begin(id.bytes), std::end(id.bytes), bytes.begin());
  return MsgId::from_bytes(bytes);
}

asyncflow_msg_id from_msg_id(const MsgId& id) noexcept {
  asyncflow_msg_id out{};
  const auto bytes = id.to_bytes();
  std::copy(bytes.begin(), bytes.end(), std::begin(out.bytes));
  return out;
}

std::optional<Bytes> to_bytes(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return Bytes{};
  if (data == nullptr) return std::nullopt;
  return Bytes(data, data + size);
}

asyncflow_bytes view_of(const Bytes& bytes) noexcept {
  return {bytes.data(), bytes.size()};
}

namespace {

// A C caller may store any int in an enum field; in C++ loading an enum outside its range is
// undefined, so the kind is read as the integer it is, then checked.
std::optional<FrameKind> kind_from_c(const asyncflow_frame_kind& kind) noexcept {
  std::underlying_type_t<asyncflow_frame_kind> raw;
  static_assert(sizeof raw == sizeof kind);
  std::memcpy(&raw, &kind, sizeof raw);
  if (raw != ASYNCFLOW_FRAME_NEW && raw != ASYNCFLOW_FRAME_ACK && raw != ASYNCFLOW_FRAME_FIN)
    return std::nullopt;
  return static_cast<FrameKind>(raw);
}

std::optional<Hash32> to_hash(const asyncflow_frame& f) noexcept {
  return f.has_hash ? std::optional<Hash32>(f.hash) : std::nullopt;
}

}  // namespace

asyncflow_status to_frames(std::span<const asyncflow_frame> in, std::vector<Frame>& out) {
  out.reserve(in.size());
  for (const asyncflow_frame& f : in) {
    const auto kind = kind_from_c(f.kind);
    if (!kind) return ASYNCFLOW_ERR_BAD_FRAME_KIND;
    const MsgId id = to_msg_id(f.msg_id);
    if (*kind == FrameKind::Fin) {
      out.emplace_back(FinFrame{id, to_hash(f)});
      continue;
    }
    auto payload = to_bytes(f.payload.data, f.payload.size);
    if (!payload) return ASYNCFLOW_ERR_NULL_ARGUMENT;
    if (*kind == FrameKind::New)
      out.emplace_back(NewFrame{id, std::move(*payload)});
    else
      out.emplace_back(AckFrame{id, to_hash(f), std::move(*payload)});
  }
  return ASYNCFLOW_OK;
}

asyncflow_status to_frame_refs(std::span<const asyncflow_frame_ref> in,
                               std::vector<FrameRef>& out) {
  out.reserve(in.size());
  for (const asyncflow_frame_ref& r : in) {
    const auto kind = kind_from_c(r.kind);
    if (!kind) return ASYNCFLOW_ERR_BAD_FRAME_KIND;
    out.push_back(FrameRef{*kind, to_msg_id(r.msg_id)});
  }
  return ASYNCFLOW_OK;
}

asyncflow_frame view_of(const Frame& frame) noexcept {
  asyncflow_frame out{};
  out.kind = static_cast<asyncflow_frame_kind>(kind_of(frame));
  out.msg_id = from_msg_id(msg_id_of(frame));
  std::visit(
      [&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (!std::is_same_v<F, NewFrame>) {
          out.has_hash = f.hash.has_value();
          out.hash = f.hash.value_or(0);
        }
        if constexpr (!std::is_same_v<F, FinFrame>) out.payload = view_of(f.payload);
      },
      frame);
  return out;
}

namespace {

// Fills the fields one effect kind has; the rest stay zero.
struct EffectView {
  asyncflow_effect& out;
  std::vector<asyncflow_frame>& frames;
  const Bytes& candid;

  void peer_and_id(const Peer& peer, const MsgId& id) {
    out.has_peer = 1;
    out.peer = {peer.bytes().data(), peer.size()};
    out.has_msg_id = 1;
    out.msg_id = from_msg_id(id);
  }
  void reject(const std::optional<RejectCode>& code) {
    out.reject_code = code ? static_cast<int>(*code) : 0;
  }

  void operator()(const Transmit& e) {
    out.has_peer = 1;
    out.peer = {e.peer.bytes().data(), e.peer.size()};
    const std::size_t first = frames.size();
    for (const Frame& f : e.frames) frames.push_back(view_of(f));
    out.frames = frames.data() + first;
    out.frame_count = e.frames.size();
    out.candid = view_of(candid);
  }
  void operator()(const Accepted& e) { peer_and_id(e.peer, e.msg_id); }
  void operator()(const Completed& e) {
    peer_and_id(e.peer, e.msg_id);
    out.request = view_of(e.request);
    out.response = view_of(e.response);
    out.request_hash = e.request_hash;
    out.response_hash = e.response_hash;
  }
  void operator()(const Corrupted& e) {
    peer_and_id(e.peer, e.msg_id);
    out.request = view_of(e.request);
    out.response = view_of(e.response);
    out.expected_hash = e.expected_hash;
    out.has_received_hash = 1;
    out.received_hash = e.received_hash;
  }
  void operator()(const GaveUp& e) {
    peer_and_id(e.peer, e.msg_id);
    out.request = view_of(e.request);
    out.reason = static_cast<int>(e.reason);
    reject(e.reject_code);
    out.attempts = e.attempts;
    out.phase = static_cast<int>(e.phase);
  }
  void operator()(const LateCompletion& e) {
    peer_and_id(e.peer, e.msg_id);
    out.response = view_of(e.response);
    out.has_received_hash = e.ack_hash.has_value();
    out.received_hash = e.ack_hash.value_or(0);
  }
  void operator()(const Deliver& e) {
    peer_and_id(e.peer, e.msg_id);
    out.request = view_of(e.payload);
  }
  void operator()(const FlowClosed& e) { peer_and_id(e.peer, e.msg_id); }
  void operator()(const FinMismatch& e) {
    peer_and_id(e.peer, e.msg_id);
    out.response = view_of(e.response);
    out.expected_hash = e.expected_hash;
    out.has_received_hash = 1;
    out.received_hash = e.received_hash;
  }
  void operator()(const AckGaveUp& e) {
    peer_and_id(e.peer, e.msg_id);
    out.reason = static_cast<int>(e.reason);
    reject(e.reject_code);
    out.attempts = e.attempts;
  }
  void operator()(const Refused& e) {
    out.reason = static_cast<int>(e.reason);
    if (e.peer) {
      out.has_peer = 1;
      out.peer = {e.peer->bytes().data(), e.peer->size()};
    }
    if (e.msg_id) {
      out.has_msg_id = 1;
      out.msg_id = from_msg_id(*e.msg_id);
    }
  }
  void operator()(const Dropped& e) {
    peer_and_id(e.peer, e.msg_id);
    out.reason = static_cast<int>(e.reason);
    out.frame_kind = static_cast<asyncflow_frame_kind>(e.kind);
  }
};

}  // namespace

asyncflow_effect view_of(const Effect& effect, std::vector<asyncflow_frame>& frames,
                         const Bytes& candid) {
  asyncflow_effect out{};
  out.kind = static_cast<asyncflow_effect_kind>(effect.index());
  std::visit(EffectView{out, frames, candid}, effect);
  return out;
}

asyncflow_metrics from_metrics(const Metrics& m) noexcept {
  asyncflow_metrics out{};
  out.calls_awaiting_ack = m.calls_awaiting_ack;
  out.calls_gave_up_remembered = m.calls_gave_up_remembered;
  out.requests_awaiting_response = m.requests_awaiting_response;
  out.requests_acking = m.requests_acking;
  out.dedupe_entries = m.dedupe_entries;
  out.pending_fins = m.pending_fins;
  out.retained_bytes = m.retained_bytes;
  out.peers_with_load = m.peers_with_load;
  out.timers = m.timers;
  const Counters& c = m.counters;
  out.calls_accepted = c.calls_accepted;
  out.completed = c.completed;
  out.corrupted = c.corrupted;
  out.gave_up = c.gave_up;
  out.late_completions = c.late_completions;
  out.delivered = c.delivered;
  out.responses = c.responses;
  out.flows_closed = c.flows_closed;
  out.fin_mismatches = c.fin_mismatches;
  out.ack_gave_up = c.ack_gave_up;
  out.transmissions = c.transmissions;
  out.frames_sent = c.frames_sent;
  out.new_retransmissions = c.new_retransmissions;
  out.ack_retransmissions = c.ack_retransmissions;
  out.transmissions_received = c.transmissions_received;
  out.frames_received = c.frames_received;
  out.duplicate_news_suppressed = c.duplicate_news_suppressed;
  out.duplicate_acks = c.duplicate_acks;
  out.duplicate_fins = c.duplicate_fins;
  out.rejects_transient = c.rejects_transient;
  out.rejects_permanent = c.rejects_permanent;
  std::copy(c.refusals.begin(), c.refusals.end(), std::begin(out.refusals));
  std::copy(c.drops.begin(), c.drops.end(), std::begin(out.drops));
  out.refusals_total = m.refusals_total;
  out.drops_total = m.drops_total;
  return out;
}

}  // namespace asyncflow::capi
