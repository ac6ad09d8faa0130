#include "asyncflow/metrics.hpp"

namespace asyncflow {

Metrics metrics(const State& s) noexcept {
  Metrics m;
  for (const auto& [key, f] : s.out_flows) {
    if (f.phase == OutPhase::AwaitingAck) {
      ++m.calls_awaiting_ack;
    } else {
      ++m.calls_gave_up_remembered;
    }
  }
  for (const auto& [key, f] : s.in_flows) {
    if (f.phase == InPhase::AwaitingResponse) ++m.requests_awaiting_response;
    if (f.phase == InPhase::Acking) ++m.requests_acking;
  }
  m.dedupe_entries = s.dedupe_entries;
  m.pending_fins = s.pending_fin_count;
  m.retained_bytes = s.retained_bytes;
  m.peers_with_load = s.peer_loads.size();
  m.timers = s.timers.size();
  m.counters = s.counters;
  for (auto n : s.counters.refusals) m.refusals_total += n;
  for (auto n : s.counters.drops) m.drops_total += n;
  return m;
}

}  // namespace asyncflow
