#include "asyncflow/model/simulator.hpp"

#include <algorithm>
#include <random>

#include "asyncflow/model/properties.hpp"

namespace asyncflow::model {

Config SimOptions::sim_config() {
  Config c;
  c.retry_initial_ms = 200;
  c.retry_backoff_multiplier = 2;
  c.retry_interval_max_ms = 1600;
  c.send_attempts_max = 6;
  c.ack_attempts_max = 6;
  c.clock_skew_ms = 100;
  return c;
}

FaultRates swarm_rates(std::uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x5bd1e995u);
  std::uniform_real_distribution<double> unit(0, 1);
  // Each fault is off with probability 1/3, else drawn up to its ceiling.
  const auto draw = [&](double ceiling) { return unit(rng) < 1.0 / 3 ? 0.0 : unit(rng) * ceiling; };
  FaultRates r;
  r.drop = draw(0.4);
  r.dup = draw(0.4);
  r.reorder = draw(1.0);
  r.reject = draw(0.1);
  r.restart = draw(0.005);
  r.trap = draw(0.01);
  r.corrupt = draw(0.02);
  return r;
}

namespace {

class Scheduler {
 public:
  Scheduler(const SimOptions& o) : options_(o), rng_(o.seed) {}

  bool chance(double p) { return p > 0 && unit_(rng_) < p; }
  std::uint32_t below(std::size_t n) {
    return static_cast<std::uint32_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_));
  }

  // The next action, or nullopt when the run is over (every call issued and the world quiet).
  std::optional<Action> next(const World& w, std::uint64_t in_flight) {
    const FaultRates& r = options_.rates;
    if (chance(r.restart)) return Restart{below(w.endpoints.size())};
    const bool can_call = w.next_call < w.script.size() && in_flight < options_.calls_in_flight_max;
    // Apps call when they may; answers and datagrams are served in random proportions.
    if (can_call && chance(0.5)) return IssueCall{};
    if (!w.pending_answers.empty() && chance(0.3))
      return AnswerRequest{below(w.pending_answers.size())};
    if (!w.network.empty()) {
      const std::uint32_t i = chance(r.reorder) ? below(w.network.size()) : 0;
      if (chance(r.drop)) return DropDatagram{i};
      if (chance(r.dup)) return DuplicateDatagram{i};
      if (chance(r.reject)) return RejectDatagram{i, kCodes[below(std::size(kCodes))]};
      if (chance(r.corrupt)) return CorruptDatagram{i};
      if (chance(r.trap)) return TrapDelivery{i};
      if (chance(0.2)) return PassTime{1 + below(20)};  // network latency
      return DeliverDatagram{i};
    }
    if (!w.pending_answers.empty()) return AnswerRequest{below(w.pending_answers.size())};
    if (w.next_call < w.script.size()) return IssueCall{};  // nothing else to do: call anyway
    for (const State& e : w.endpoints)
      if (next_deadline(e)) return AdvanceClock{};
    return std::nullopt;
  }

 private:
  static constexpr RejectCode kCodes[] = {RejectCode::SysTransient, RejectCode::SysTransient,
                                          RejectCode::SysUnknown, RejectCode::CanisterError,
                                          RejectCode::DestinationInvalid};
  const SimOptions& options_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> unit_{0, 1};
};

std::optional<std::string> full_check(const World& w) {
  if (auto broken = first_violation(w)) return broken;
  for (EndpointIndex e = 0; e < w.endpoints.size(); ++e)
    if (auto bad = check_invariants(w.endpoints[e]))
      return "KernelSound: e" + std::to_string(e) + " breaks " + std::string(*bad);
  return std::nullopt;
}

void summarize(const World& w, SimStats& s) {
  std::vector<TimeMs> latencies;
  for (const CallRecord& c : w.calls) {
    switch (c.status) {
      case CallStatus::Completed:
        ++s.completed;
        latencies.push_back(c.outcome_ms - c.issued_ms);
        break;
      case CallStatus::Corrupted:
        ++s.corrupted;
        break;
      case CallStatus::GaveUp:
        ++s.gave_up;
        break;
      case CallStatus::Refused:
        ++s.refused;
        break;
      default:
        break;
    }
    s.late_notices += c.late_notices;
    if (c.outcomes == 0) ++s.lost_calls;
  }
  for (const auto& [k, d] : w.deliveries) {
    s.deliveries += d.count;
    if (d.count > 1) s.duplicate_deliveries += d.count - 1;
  }
  for (const State& e : w.endpoints) {
    s.transmissions += e.counters.transmissions;
    s.frames += e.counters.frames_sent;
  }
  s.faults = w.faults;
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty())
    for (double q : {0.5, 0.9, 0.99, 0.999, 1.0})
      s.latency_ms_percentiles.push_back(latencies[std::min(
          latencies.size() - 1, static_cast<std::size_t>(q * latencies.size()))]);
}

}  // namespace

SimStats simulate(const SimOptions& o) {
  SimStats stats;
  stats.seed = o.seed;
  stats.rates = o.rates;
  stats.calls = o.calls;
  WorldSetup setup;
  setup.endpoints = o.endpoints;
  setup.config = o.config;
  setup.seed = o.seed;
  std::mt19937_64 payloads(o.seed * 31 + 7);
  for (std::uint64_t i = 0; i < o.calls; ++i) {
    CallPlan plan;
    plan.caller = static_cast<EndpointIndex>(payloads() % o.endpoints);
    plan.receiver = static_cast<EndpointIndex>((plan.caller + 1 + payloads() % (o.endpoints - 1)) %
                                               o.endpoints);
    plan.request.resize(o.payload_bytes);
    for (auto& b : plan.request) b = static_cast<std::uint8_t>(payloads());
    setup.calls.push_back(std::move(plan));
  }
  auto made = make_world(setup);
  if (!made) {
    stats.violation = "Setup: invalid options";
    return stats;
  }
  World& w = *made;
  w.step_checks = false;  // O(state) per step; full checks run every check_every_steps instead
  const TimeMs start_ms = w.now_ms;
  Scheduler scheduler(o);
  for (std::uint64_t step = 0;; ++step) {
    if (w.outcomes_total > w.next_call) {
      stats.violation = "OneOutcomePerCall: more outcomes than calls";
      stats.violation_step = step;
      break;
    }
    const std::uint64_t in_flight = w.next_call - w.outcomes_total;
    auto action = scheduler.next(w, in_flight);
    if (!action) break;
    if (o.trace_from_step && step >= *o.trace_from_step)
      stats.trace.push_back(std::to_string(step) + ": " + describe(w, *action));
    if (o.before_action) o.before_action(w, *action);
    apply(w, *action, o.observer);
    if (o.after_action) o.after_action(w);
    ++stats.steps;
    if (w.outcome_violation || w.restore_violation ||
        (o.check_every_steps && stats.steps % o.check_every_steps == 0)) {
      if (auto broken = full_check(w)) {
        stats.violation = broken;
        stats.violation_step = step;
        break;
      }
    }
  }
  if (!stats.violation) stats.violation = full_check(w);
  stats.virtual_ms = w.now_ms - start_ms;
  summarize(w, stats);
  if (!stats.violation && stats.lost_calls)
    stats.violation = "OneOutcomePerCall: " + std::to_string(stats.lost_calls) + " calls lost";
  return stats;
}

}  // namespace asyncflow::model
