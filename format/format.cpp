#include "asyncflow/format.hpp"

#include <fmt/ranges.h>

#include <type_traits>

namespace asyncflow {
namespace {

// Short payload view: its size and CRC, and up to 8 bytes of hex, so traces stay one line.
std::string bytes_brief(const Bytes& b) {
  std::string hex;
  for (std::size_t i = 0; i < b.size() && i < 8; ++i) hex += fmt::format("{:02x}", b[i]);
  if (b.size() > 8) hex += "..";
  return fmt::format("{}B:{}", b.size(), hex);
}

std::string opt_hash(const std::optional<Hash32>& h) {
  return h ? fmt::format("{:08x}", *h) : std::string("-");
}

template <class T>
std::string opt(const std::optional<T>& v) {
  return v ? to_string(*v) : std::string("-");
}

}  // namespace

std::string to_string(const Peer& p) {
  bool printable = true;
  for (auto c : p.bytes()) printable = printable && c >= 0x21 && c < 0x7f;
  if (printable) return std::string(p.bytes().begin(), p.bytes().end());
  std::string hex = "0x";
  for (auto c : p.bytes()) hex += fmt::format("{:02x}", c);
  return hex;
}

std::string to_string(const MsgId& id) {
  return id.to_string();
}
std::string to_string(FrameKind k) {
  return k == FrameKind::New ? "NEW" : k == FrameKind::Ack ? "ACK" : "FIN";
}
std::string to_string(RejectCode c) {
  return std::string(name_of(c));
}
std::string to_string(RefusalReason r) {
  return std::string(name_of(r));
}
std::string to_string(DropReason r) {
  return std::string(name_of(r));
}
std::string to_string(GiveUpReason r) {
  return std::string(name_of(r));
}
std::string to_string(GaveUpPhase p) {
  return std::string(name_of(p));
}
std::string to_string(ConfigError e) {
  return std::string(name_of(e));
}
std::string to_string(RestoreError e) {
  return std::string(name_of(e));
}
std::string to_string(OutPhase p) {
  return p == OutPhase::AwaitingAck ? "AwaitingAck" : "GaveUp";
}
std::string to_string(InPhase p) {
  return p == InPhase::AwaitingResponse ? "AwaitingResponse"
         : p == InPhase::Acking         ? "Acking"
                                        : "Closed";
}

std::string to_string(const FrameRef& r) {
  return fmt::format("{} {}", r.kind, r.msg_id);
}

std::string to_string(const Frame& frame) {
  return std::visit(
      [](const auto& f) -> std::string {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, NewFrame>) {
          return fmt::format("NEW {} {}", f.msg_id, bytes_brief(f.payload));
        } else if constexpr (std::is_same_v<F, AckFrame>) {
          return fmt::format("ACK {} h={} {}", f.msg_id, opt_hash(f.hash), bytes_brief(f.payload));
        } else {
          return fmt::format("FIN {} h={}", f.msg_id, opt_hash(f.hash));
        }
      },
      frame);
}

std::string to_string(const Event& e) {
  const std::string body = std::visit(
      [](const auto& b) -> std::string {
        using B = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<B, CallEvent>) {
          return fmt::format("call {} {}", b.peer, bytes_brief(b.payload));
        } else if constexpr (std::is_same_v<B, ReceiveEvent>) {
          return fmt::format("receive from {} [{}] paid={}", b.peer, fmt::join(b.frames, ", "),
                             b.payment_cycles);
        } else if constexpr (std::is_same_v<B, SendFailedEvent>) {
          return fmt::format("send-failed to {} [{}] {}", b.peer, fmt::join(b.frames, ", "),
                             b.code);
        } else if constexpr (std::is_same_v<B, RespondEvent>) {
          return fmt::format("respond {} {} {}", b.peer, b.msg_id, bytes_brief(b.payload));
        } else {
          return "tick";
        }
      },
      e.body);
  return fmt::format("@{} {}", e.now_ms, body);
}

std::string to_string(const Effect& effect) {
  return std::visit(
      [](const auto& x) -> std::string {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, Transmit>) {
          return fmt::format("Transmit {} [{}]", x.peer, fmt::join(x.frames, ", "));
        } else if constexpr (std::is_same_v<X, Accepted>) {
          return fmt::format("Accepted {} {}", x.peer, x.msg_id);
        } else if constexpr (std::is_same_v<X, Completed>) {
          return fmt::format("Completed {} {} req={} resp={}", x.peer, x.msg_id,
                             bytes_brief(x.request), bytes_brief(x.response));
        } else if constexpr (std::is_same_v<X, Corrupted>) {
          return fmt::format("Corrupted {} {} expected={:08x} received={:08x}", x.peer, x.msg_id,
                             x.expected_hash, x.received_hash);
        } else if constexpr (std::is_same_v<X, GaveUp>) {
          return fmt::format("GaveUp {} {} {} {} attempts={} {}", x.peer, x.msg_id, x.reason,
                             opt(x.reject_code), x.attempts, x.phase);
        } else if constexpr (std::is_same_v<X, LateCompletion>) {
          return fmt::format("LateCompletion {} {} resp={}", x.peer, x.msg_id,
                             bytes_brief(x.response));
        } else if constexpr (std::is_same_v<X, Deliver>) {
          return fmt::format("Deliver {} {} {}", x.peer, x.msg_id, bytes_brief(x.payload));
        } else if constexpr (std::is_same_v<X, FlowClosed>) {
          return fmt::format("FlowClosed {} {}", x.peer, x.msg_id);
        } else if constexpr (std::is_same_v<X, FinMismatch>) {
          return fmt::format("FinMismatch {} {} expected={:08x} received={:08x}", x.peer, x.msg_id,
                             x.expected_hash, x.received_hash);
        } else if constexpr (std::is_same_v<X, AckGaveUp>) {
          return fmt::format("AckGaveUp {} {} {} {} attempts={}", x.peer, x.msg_id, x.reason,
                             opt(x.reject_code), x.attempts);
        } else if constexpr (std::is_same_v<X, Refused>) {
          return fmt::format("Refused {} peer={} id={}", x.reason, opt(x.peer), opt(x.msg_id));
        } else {
          return fmt::format("Dropped {} {} {} {}", x.reason, x.peer, x.kind, x.msg_id);
        }
      },
      effect);
}

std::string to_string(const Config& c) {
  return fmt::format(
      "retry_initial_ms={} retry_backoff_multiplier={} retry_interval_max_ms={} "
      "send_attempts_max={} ack_attempts_max={} clock_skew_ms={} fin_delay_ms={} "
      "pending_fins_max={} payload_bytes_max={} calls_in_flight_per_peer_max={} "
      "calls_in_flight_max={} requests_in_flight_per_peer_max={} requests_in_flight_max={} "
      "dedupe_entries_max={} retained_bytes_max={} frames_per_transmission_max={} "
      "new_payment_min_cycles={} (dedupe_window_ms={})",
      c.retry_initial_ms, c.retry_backoff_multiplier, c.retry_interval_max_ms, c.send_attempts_max,
      c.ack_attempts_max, c.clock_skew_ms, c.fin_delay_ms, c.pending_fins_max, c.payload_bytes_max,
      c.calls_in_flight_per_peer_max, c.calls_in_flight_max, c.requests_in_flight_per_peer_max,
      c.requests_in_flight_max, c.dedupe_entries_max, c.retained_bytes_max,
      c.frames_per_transmission_max, c.new_payment_min_cycles, dedupe_window_ms(c));
}

std::string to_string(const Metrics& m) {
  const Counters& k = m.counters;
  return fmt::format(
      "awaiting_ack={} gave_up_remembered={} awaiting_response={} acking={} dedupe={} "
      "pending_fins={} retained_bytes={} | accepted={} completed={} corrupted={} gave_up={} "
      "late={} delivered={} closed={} fin_mismatch={} ack_gave_up={} tx={} frames={} "
      "new_retx={} ack_retx={} dup_new={} dup_ack={} dup_fin={} refusals={} drops={}",
      m.calls_awaiting_ack, m.calls_gave_up_remembered, m.requests_awaiting_response,
      m.requests_acking, m.dedupe_entries, m.pending_fins, m.retained_bytes, k.calls_accepted,
      k.completed, k.corrupted, k.gave_up, k.late_completions, k.delivered, k.flows_closed,
      k.fin_mismatches, k.ack_gave_up, k.transmissions, k.frames_sent, k.new_retransmissions,
      k.ack_retransmissions, k.duplicate_news_suppressed, k.duplicate_acks, k.duplicate_fins,
      m.refusals_total, m.drops_total);
}

}  // namespace asyncflow
