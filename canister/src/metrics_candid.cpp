#include "metrics_candid.hpp"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace asyncflow::canister {
namespace {

// Candid's field id: the name's bytes folded as h = h * 223 + byte (mod 2^32).
std::uint32_t idl_hash(std::string_view name) {
  std::uint32_t h = 0;
  for (char c : name) h = h * 223 + static_cast<std::uint8_t>(c);
  return h;
}

void leb(Bytes& out, std::uint64_t v) {
  do {
    std::uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

}  // namespace

Bytes encode_metrics(const Metrics& m) {
  const Counters& c = m.counters;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> fields;
  auto f = [&](std::string_view name, std::uint64_t v) { fields.emplace_back(idl_hash(name), v); };
  f("calls_awaiting_ack", m.calls_awaiting_ack);
  f("calls_gave_up_remembered", m.calls_gave_up_remembered);
  f("requests_awaiting_response", m.requests_awaiting_response);
  f("requests_acking", m.requests_acking);
  f("dedupe_entries", m.dedupe_entries);
  f("pending_fins", m.pending_fins);
  f("retained_bytes", m.retained_bytes);
  f("peers_with_load", m.peers_with_load);
  f("timers", m.timers);
  f("refusals_total", m.refusals_total);
  f("drops_total", m.drops_total);
  f("calls_accepted", c.calls_accepted);
  f("completed", c.completed);
  f("corrupted", c.corrupted);
  f("gave_up", c.gave_up);
  f("late_completions", c.late_completions);
  f("delivered", c.delivered);
  f("responses", c.responses);
  f("flows_closed", c.flows_closed);
  f("fin_mismatches", c.fin_mismatches);
  f("ack_gave_up", c.ack_gave_up);
  f("transmissions", c.transmissions);
  f("frames_sent", c.frames_sent);
  f("new_retransmissions", c.new_retransmissions);
  f("ack_retransmissions", c.ack_retransmissions);
  f("transmissions_received", c.transmissions_received);
  f("frames_received", c.frames_received);
  f("duplicate_news_suppressed", c.duplicate_news_suppressed);
  f("duplicate_acks", c.duplicate_acks);
  f("duplicate_fins", c.duplicate_fins);
  f("rejects_transient", c.rejects_transient);
  f("rejects_permanent", c.rejects_permanent);
  std::sort(fields.begin(), fields.end());
  Bytes out = {'D', 'I', 'D', 'L', 1, 0x6c};
  leb(out, fields.size());
  for (const auto& [id, v] : fields) {
    leb(out, id);
    out.push_back(0x78);  // nat64
  }
  out.push_back(1);  // one argument, of type 0
  out.push_back(0);
  for (const auto& [id, v] : fields)
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  return out;
}

}  // namespace asyncflow::canister
