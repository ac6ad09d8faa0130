// The checker's presets. Default: small enough to finish in well under a minute on a 2-core
// machine, yet every fault kind appears at least once on every path it can. Deep: for manual or
// nightly runs.
#include "asyncflow/model/checker.hpp"

namespace asyncflow::model {

namespace {

CheckBounds every_fault(std::string name, std::uint32_t calls, std::uint32_t attempts) {
  CheckBounds b;
  b.name = std::move(name);
  b.calls = calls;
  b.send_attempts_max = attempts;
  return b;  // FaultBudget's defaults: one of each fault kind per path
}

}  // namespace

std::vector<CheckBounds> default_bounds() {
  // One call with a retry and every fault kind (drop, duplicate, transient and permanent
  // reject, corruption, restart, trap); two crossing calls (each endpoint both caller and
  // receiver) with every fault but corruption and no retries.
  CheckBounds crossing = every_fault("two crossing calls", 2, 1);
  crossing.faults.corruptions = 0;
  // A third, hostile endpoint replays (forges) the others' frames under its own name: peer
  // isolation must hold against it.
  CheckBounds hostile = every_fault("a hostile third endpoint", 1, 2);
  hostile.endpoints = 3;
  hostile.faults = no_faults();
  hostile.faults.forgeries = 1;
  return {every_fault("one call, every fault", 1, 2), crossing, hostile};
}

std::vector<CheckBounds> deep_bounds() {
  CheckBounds retries = every_fault("two calls with retries, drops", 2, 2);
  retries.faults = no_faults();
  retries.faults.drops = 1;
  CheckBounds twice = every_fault("one call, two of each fault", 1, 3);
  twice.faults.drops = twice.faults.duplicates = 2;
  twice.faults.reject_codes.push_back(RejectCode::SysUnknown);
  std::vector<CheckBounds> all{every_fault("two crossing calls, every fault", 2, 1), retries,
                               twice};
  for (auto& b : all) b.states_max = 200'000'000;
  return all;
}

std::vector<CheckBounds> tla_bounds() {
  // Each is named after its tla/MCBench*.cfg, whose constants are setup_for's kernel config
  // (retry 1000 ms doubling to 2000 ms, skew 500 ms), so the spec and the kernel see the same
  // deadlines in the same order. MCBenchOneCall: one call e0 -> e1, two send and two ACK
  // attempts, one each of drop, duplicate, corruption, reject (the spec's three code classes:
  // transient, unknown, permanent), trap and restart.
  CheckBounds one_call = every_fault("MCBenchOneCall", 1, 2);
  one_call.faults.reject_codes = {RejectCode::SysTransient, RejectCode::SysUnknown,
                                  RejectCode::DestinationInvalid};
  // MCBenchCrossing: e0 -> e1 then e1 -> e0 (the script's order; MCBench.tla's ScriptOrder),
  // one attempt each, one drop and one duplicate.
  CheckBounds crossing = every_fault("MCBenchCrossing", 2, 1);
  crossing.faults = no_faults();
  crossing.faults.drops = crossing.faults.duplicates = 1;
  // MCBenchQuick: one call, two attempts, one drop and one duplicate (seconds: CTest).
  CheckBounds quick = every_fault("MCBenchQuick", 1, 2);
  quick.faults = crossing.faults;
  return {one_call, crossing, quick};
}

std::vector<CheckBounds> big_bounds() {
  CheckBounds big = every_fault("two calls, two attempts, every fault", 2, 2);
  big.states_max = 400'000'000;
  return {big};
}

WorldSetup setup_for(const CheckBounds& bounds) {
  WorldSetup setup;
  setup.endpoints = bounds.endpoints;
  Config& c = setup.config;
  // Short, distinct times so clock advances interleave with deliveries in every order.
  c.retry_initial_ms = 1000;
  c.retry_backoff_multiplier = 2;
  c.retry_interval_max_ms = 2000;
  c.send_attempts_max = bounds.send_attempts_max;
  c.ack_attempts_max = bounds.send_attempts_max;
  c.clock_skew_ms = 500;
  for (std::uint32_t i = 0; i < bounds.calls; ++i) {
    const EndpointIndex caller = i % bounds.endpoints;
    const EndpointIndex receiver = (caller + 1) % bounds.endpoints;
    setup.calls.push_back(CallPlan{
        caller, receiver, Bytes(bounds.payload_bytes, static_cast<std::uint8_t>('a' + i))});
  }
  return setup;
}

}  // namespace asyncflow::model
