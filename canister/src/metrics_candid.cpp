#include "metrics_candid.hpp"

#include <algorithm>
#include <iterator>
#include <string>
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

struct Named {
  std::string_view name;
  std::uint64_t value;
  bool gauge;
};

// Every metric, in the order asyncflow::Metrics declares them; the first nine are gauges.
std::vector<Named> named(const Metrics& m) {
  const Counters& c = m.counters;
  std::vector<Named> out;
  std::size_t i = 0;
  auto f = [&](std::string_view name, std::uint64_t v) { out.push_back({name, v, i++ < 9}); };
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
  return out;
}

void put_text(Bytes& out, std::string_view t) {
  leb(out, t.size());
  out.insert(out.end(), t.begin(), t.end());
}

}  // namespace

Bytes encode_metrics(const Metrics& m) {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> fields;
  for (const Named& n : named(m)) fields.emplace_back(idl_hash(n.name), n.value);
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

std::string prometheus_text(const Metrics& m) {
  std::string out;
  for (const Named& n : named(m)) {
    out += "# TYPE asyncflow_";
    out += n.name;
    out += n.gauge ? " gauge\nasyncflow_" : " counter\nasyncflow_";
    out += n.name;
    out += ' ';
    out += std::to_string(n.value);
    out += '\n';
  }
  return out;
}

Bytes encode_http_response(std::uint16_t status, std::string_view content_type,
                           std::string_view body) {
  // record { status_code : nat16; headers : vec record { text; text }; body : blob }
  struct Field {
    std::uint32_t id;
    std::uint8_t type;  // a primitive opcode, or a type-table index (1: headers, 3: body)
  };
  Field fields[] = {
      {idl_hash("status_code"), 0x7a}, {idl_hash("headers"), 1}, {idl_hash("body"), 3}};
  std::sort(std::begin(fields), std::end(fields),
            [](const Field& a, const Field& b) { return a.id < b.id; });
  Bytes out = {'D', 'I', 'D', 'L', 4, 0x6c, 3};
  for (const Field& f : fields) {
    leb(out, f.id);
    out.push_back(f.type);
  }
  const std::uint8_t rest[] = {0x6d, 2, 0x6c, 2, 0, 0x71, 1, 0x71, 0x6d, 0x7b, 1, 0};
  out.insert(out.end(), std::begin(rest), std::end(rest));
  for (const Field& f : fields) {
    if (f.type == 0x7a) {
      out.push_back(static_cast<std::uint8_t>(status));
      out.push_back(static_cast<std::uint8_t>(status >> 8));
    } else if (f.type == 1) {
      leb(out, 1);
      put_text(out, "content-type");
      put_text(out, content_type);
    } else {
      leb(out, body.size());
      out.insert(out.end(), body.begin(), body.end());
    }
  }
  return out;
}

}  // namespace asyncflow::canister
