#include "report.hpp"

#include <fmt/format.h>

namespace asyncflow::model {
namespace {

double per_call(std::uint64_t n, std::uint64_t calls) {
  return calls ? static_cast<double>(n) / static_cast<double>(calls) : 0;
}

std::string percentiles_json(const SimStats& s) {
  static constexpr const char* kNames[] = {"p50", "p90", "p99", "p999", "max"};
  std::string out;
  for (std::size_t i = 0; i < s.latency_ms_percentiles.size(); ++i)
    out += fmt::format("{}\"{}\":{}", i ? "," : "", kNames[i], s.latency_ms_percentiles[i]);
  return "{" + out + "}";
}

}  // namespace

std::string rates_text(const FaultRates& r) {
  return fmt::format(
      "drop {:.3g}, dup {:.3g}, reorder {:.3g}, reject {:.3g}, restart {:.3g}, "
      "trap {:.3g}, corrupt {:.3g}",
      r.drop, r.dup, r.reorder, r.reject, r.restart, r.trap, r.corrupt);
}

std::string stats_text(const SimStats& s, double wall_seconds) {
  std::string lat = "n/a";
  if (s.latency_ms_percentiles.size() == 5) {
    const auto& p = s.latency_ms_percentiles;
    lat = fmt::format("p50 {} ms, p90 {} ms, p99 {} ms, p99.9 {} ms, max {} ms", p[0], p[1], p[2],
                      p[3], p[4]);
  }
  return fmt::format(
      "seed {}  faults: {}\n"
      "calls {}: completed {}, corrupted {}, gave up {}, refused {}  (late notices {})\n"
      "deliveries {}, duplicate deliveries {} (must be 0), lost calls {} (must be 0)\n"
      "transmissions {} ({:.2f} per call), frames {} ({:.2f} per call)\n"
      "faults injected: {} drops, {} duplicates, {} rejects, {} corruptions, {} restarts, {} "
      "traps\n"
      "virtual latency of completed calls: {}\n"
      "{} steps, {} virtual ms, {:.2f} s wall ({:.0f} calls/s)\n",
      s.seed, rates_text(s.rates), s.calls, s.completed, s.corrupted, s.gave_up, s.refused,
      s.late_notices, s.deliveries, s.duplicate_deliveries, s.lost_calls, s.transmissions,
      per_call(s.transmissions, s.calls), s.frames, per_call(s.frames, s.calls), s.faults.drops,
      s.faults.duplicates, s.faults.rejects, s.faults.corruptions, s.faults.restarts,
      s.faults.traps, lat, s.steps, s.virtual_ms, wall_seconds,
      wall_seconds > 0 ? static_cast<double>(s.calls) / wall_seconds : 0.0);
}

std::string stats_json(const SimStats& s, double wall_seconds) {
  std::string violation = "null";
  if (s.violation) {
    violation = "\"";
    for (char c : *s.violation)
      violation += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    violation += "\"";
  }
  return fmt::format(
      "{{\"seed\":{},\"rates\":{{\"drop\":{},\"dup\":{},\"reorder\":{},\"reject\":{},"
      "\"restart\":{},\"trap\":{},\"corrupt\":{}}},\"calls\":{},\"completed\":{},\"corrupted\":{},"
      "\"gave_up\":{},\"refused\":{},\"late_notices\":{},\"deliveries\":{},"
      "\"duplicate_deliveries\":{},\"lost_calls\":{},\"transmissions\":{},"
      "\"transmissions_per_call\":{:.4f},\"frames\":{},\"frames_per_call\":{:.4f},\"steps\":{},"
      "\"virtual_ms\":{},\"latency_ms\":{},\"wall_seconds\":{:.3f},\"violation\":{}}}",
      s.seed, s.rates.drop, s.rates.dup, s.rates.reorder, s.rates.reject, s.rates.restart,
      s.rates.trap, s.rates.corrupt, s.calls, s.completed, s.corrupted, s.gave_up, s.refused,
      s.late_notices, s.deliveries, s.duplicate_deliveries, s.lost_calls, s.transmissions,
      per_call(s.transmissions, s.calls), s.frames, per_call(s.frames, s.calls), s.steps,
      s.virtual_ms, percentiles_json(s), wall_seconds, violation);
}

}  // namespace asyncflow::model
