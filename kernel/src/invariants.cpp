// The state's invariants, in one place: what every step must preserve and what restore checks.
// Derived totals must equal what they summarise; every timer must belong to a live flow.
#include "rules.hpp"

namespace asyncflow {

std::optional<std::string_view> check_invariants(const State& s) {
  const Config& c = s.config;
  std::uint64_t retained = 0;
  std::uint64_t dedupe = 0;
  std::uint64_t timers = 0;
  std::uint32_t calls = 0;
  std::uint32_t requests = 0;
  std::map<Peer, PeerLoad> loads;

  if (validate(c)) return "ConfigValid";
  for (const auto& [key, f] : s.out_flows) {
    if (key.msg_id > s.ids.last) return "OutIdsIssuedByGenerator";
    if (!s.timers.count(Timer{f.deadline_ms, TimerKind::Out, key})) return "OutFlowHasTimer";
    ++timers;
    if (f.phase == OutPhase::AwaitingAck) {
      if (f.attempts < 1 || f.attempts > c.send_attempts_max) return "OutAttemptsInRange";
      if (f.attempts_rejected > f.attempts) return "OutRejectsAtMostAttempts";
      if (f.request.size() > c.payload_bytes_max) return "OutPayloadWithinLimit";
      if (crc32(f.request) != f.request_hash) return "OutRequestHashMatches";
      // A retry is set at most one capped interval ahead of the clock, which only grows.
      if (f.deadline_ms > s.clock_ms + c.retry_interval_max_ms) return "OutRetryWithinInterval";
      retained += f.request.size();
      ++calls;
      ++loads[key.peer].calls_in_flight;
    } else if (f.phase == OutPhase::GaveUp) {
      if (!f.request.empty()) return "OutTombstoneHoldsNoPayload";
      if (f.deadline_ms != detail::forget_at_ms(c, key.msg_id)) return "OutTombstoneExpiry";
      ++dedupe;
    } else {
      return "OutPhaseValid";
    }
  }
  for (const auto& [key, f] : s.in_flows) {
    switch (f.phase) {
      case InPhase::AwaitingResponse:
        if (f.attempts != 0 || !f.response.empty()) return "InAwaitingHasNoAck";
        ++requests;
        ++loads[key.peer].requests_in_flight;
        break;
      case InPhase::Acking:
        if (f.attempts < 1 || f.attempts > c.ack_attempts_max) return "InAttemptsInRange";
        if (f.response.size() > c.payload_bytes_max) return "InPayloadWithinLimit";
        if (!s.timers.count(Timer{f.deadline_ms, TimerKind::In, key})) return "InFlowHasTimer";
        if (f.deadline_ms > s.clock_ms + c.retry_interval_max_ms) return "InRetryWithinInterval";
        ++timers;
        retained += f.response.size();
        ++requests;
        ++loads[key.peer].requests_in_flight;
        break;
      case InPhase::Closed:
        if (!f.response.empty()) return "InDedupeHoldsNoPayload";
        if (f.deadline_ms != detail::forget_at_ms(c, key.msg_id)) return "InDedupeExpiry";
        if (!s.timers.count(Timer{f.deadline_ms, TimerKind::In, key})) return "InFlowHasTimer";
        ++timers;
        ++dedupe;
        break;
      default:
        return "InPhaseValid";
    }
  }
  std::uint64_t fins = 0;
  for (const auto& [peer, p] : s.pending_fins) {
    if (p.fins.empty()) return "PendingFinsNonEmpty";
    if (c.fin_delay_ms == 0) return "PendingFinsOnlyWithDelay";
    if (p.due_ms > s.clock_ms + c.fin_delay_ms) return "PendingFinsDueWithinDelay";
    if (!s.timers.count(Timer{p.due_ms, TimerKind::Fin, FlowKey{peer, MsgId{}}}))
      return "PendingFinsHaveTimer";
    ++timers;
    fins += p.fins.size();
  }
  if (timers != s.timers.size()) return "NoStrayTimers";
  if (retained != s.retained_bytes) return "RetainedBytesTotal";
  if (retained > c.retained_bytes_max) return "RetainedBytesWithinLimit";
  if (dedupe != s.dedupe_entries) return "DedupeEntriesTotal";
  if (dedupe + requests > c.dedupe_entries_max) return "DedupeWithinLimit";
  if (calls != s.calls_in_flight || requests != s.requests_in_flight) return "InFlightTotals";
  if (calls > c.calls_in_flight_max || requests > c.requests_in_flight_max)
    return "InFlightWithinLimits";
  if (loads != s.peer_loads) return "PeerLoadsTotal";
  for (const auto& [peer, load] : loads)
    if (load.calls_in_flight > c.calls_in_flight_per_peer_max ||
        load.requests_in_flight > c.requests_in_flight_per_peer_max)
      return "PeerLoadsWithinLimits";
  if (fins != s.pending_fin_count) return "PendingFinsTotal";
  if (fins > c.pending_fins_max) return "PendingFinsWithinLimit";
  if (s.ids.last.time_ms() > s.clock_ms) return "IdsNotAheadOfClock";
  // step() never moves the clock past the ceiling; a restored later clock would run backwards.
  if (s.clock_ms > detail::kClockMsMax) return "ClockWithinRange";
  return std::nullopt;
}

}  // namespace asyncflow
