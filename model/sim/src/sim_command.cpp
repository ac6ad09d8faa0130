// `asyncflow sim`: long randomized worlds from a seed, and `asyncflow demo`, a short friendly one.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "asyncflow/model/simulator.hpp"
#include "asyncflow/model/tla_trace.hpp"
#include "command.hpp"
#include "flags.hpp"
#include "report.hpp"

namespace asyncflow::model {
namespace {

constexpr const char* kUsage = R"(usage: asyncflow sim [--seed N] [--calls N] [--runs K] [--swarm]
         [--drop P] [--dup P] [--reorder P] [--reject P] [--restart P] [--trap P] [--corrupt P]
         [--endpoints N] [--concurrency N] [--payload-bytes N] [--send-attempts-max N]
         [--ack-attempts-max N] [--json] [--trace DIR]
Runs K randomized worlds (seeds N, N+1, ...) on the real kernel with the given fault rates
(--swarm: each run draws its own rates from its seed), drains them fault-free, and checks every
property. Exit 1 on a violation, with the seed and the last steps before it.
The attempts flags override the simulator's config (6 each): fewer attempts reach give-ups.
--trace DIR writes each run as DIR/sim-SEED.ndjson for TLA+ trace validation (tla/check).)";

struct Timed {
  SimStats stats;
  double seconds;
};

Timed timed_run(const SimOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  SimStats stats = simulate(o);
  return {std::move(stats),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

// A run that also writes its NDJSON trace (model/trace) to dir/sim-SEED.ndjson.
Timed traced_run(SimOptions o, const std::string& dir) {
  const std::string path = fmt::format("{}/sim-{}.ndjson", dir, o.seed);
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) {
    Timed failed{};
    failed.stats.seed = o.seed;
    failed.stats.violation = "Setup: cannot write " + path;
    return failed;
  }
  TlaTraceWriter writer(file, o.config);
  const StepObserver observer = writer.observer();
  o.observer = &observer;
  o.before_action = [&](const World& w, const Action& a) { writer.before(w, a); };
  o.after_action = [&](const World& w) { writer.after(w); };
  Timed t = timed_run(o);
  std::fclose(file);
  return t;
}

// A failure's last steps: the run is deterministic, so it is replayed with descriptions on.
void print_failure(SimOptions o, const SimStats& failed) {
  fmt::print("VIOLATION of {}\nseed {} (rates: {})\n", *failed.violation, failed.seed,
             rates_text(failed.rates));
  if (!failed.violation_step) return;
  o.trace_from_step = *failed.violation_step > 60 ? *failed.violation_step - 60 : 0;
  const SimStats replay = simulate(o);
  fmt::print("last {} steps before it (replayed from the seed):\n", replay.trace.size());
  for (const auto& line : replay.trace) fmt::print("  {}\n", line);
}

int run_sim(cli::Args args) {
  cli::Flags flags(args,
                   {"seed", "calls", "runs", "drop", "dup", "reorder", "reject", "restart", "trap",
                    "corrupt", "endpoints", "concurrency", "payload-bytes", "send-attempts-max",
                    "ack-attempts-max", "trace"},
                   {"swarm", "json", "help"});
  if (flags.has("help")) return std::puts(kUsage), 0;
  SimOptions o;
  o.seed = flags.u64("seed", 1);
  o.calls = flags.u64("calls", 10'000);
  const std::uint64_t runs = flags.u64("runs", 1);
  o.endpoints = static_cast<std::uint32_t>(flags.u64("endpoints", 2));
  o.calls_in_flight_max = static_cast<std::uint32_t>(flags.u64("concurrency", 64));
  o.payload_bytes = static_cast<std::uint32_t>(flags.u64("payload-bytes", 16));
  // Read as 64 bits and checked before narrowing: 2^32 + 3 must not become 3.
  const std::uint64_t send_attempts = flags.u64("send-attempts-max", o.config.send_attempts_max);
  const std::uint64_t ack_attempts = flags.u64("ack-attempts-max", o.config.ack_attempts_max);
  if (send_attempts > kAttemptsMax || ack_attempts > kAttemptsMax)
    return std::fprintf(stderr, "asyncflow sim: at most %u attempts\n", kAttemptsMax), 2;
  o.config.send_attempts_max = static_cast<std::uint32_t>(send_attempts);
  o.config.ack_attempts_max = static_cast<std::uint32_t>(ack_attempts);
  if (const auto bad = validate(o.config))
    return std::fprintf(stderr, "asyncflow sim: invalid config: %s\n", name_of(*bad).data()), 2;
  FaultRates& r = o.rates;
  r.drop = flags.real("drop", 0);
  r.dup = flags.real("dup", 0);
  r.reorder = flags.real("reorder", 0);
  r.reject = flags.real("reject", 0);
  r.restart = flags.real("restart", 0);
  r.trap = flags.real("trap", 0);
  r.corrupt = flags.real("corrupt", 0);
  const bool swarm = flags.has("swarm");
  for (double p : {r.drop, r.dup, r.reorder, r.reject, r.restart, r.trap, r.corrupt})
    if (p < 0 || p > 1)
      return std::fprintf(stderr, "asyncflow sim: rates are probabilities in [0, 1]\n"), 2;
  if (!flags.ok() || o.endpoints < 2 || o.calls_in_flight_max == 0) {
    std::fprintf(
        stderr, "asyncflow sim: %s\n%s\n",
        flags.ok() ? "need --endpoints >= 2 and --concurrency >= 1" : flags.error().c_str(),
        kUsage);
    return 2;
  }
  const bool json = flags.has("json");
  const std::uint64_t first_seed = o.seed;
  for (std::uint64_t k = 0; k < runs; ++k) {
    o.seed = first_seed + k;
    if (swarm) o.rates = swarm_rates(o.seed);
    const auto trace_dir = flags.text("trace");
    const Timed t = trace_dir ? traced_run(o, *trace_dir) : timed_run(o);
    if (json)
      fmt::print("{}\n", stats_json(t.stats, t.seconds));
    else
      fmt::print("{}{}", runs > 1 ? fmt::format("--- run {} of {}\n", k + 1, runs) : "",
                 stats_text(t.stats, t.seconds));
    if (t.stats.violation) {
      if (!json) print_failure(o, t.stats);
      return 1;
    }
  }
  return 0;
}

int run_demo(cli::Args args) {
  cli::Flags flags(args, {"calls", "seed"}, {"json", "help"});
  if (flags.has("help"))
    return std::puts(
               "usage: asyncflow demo [--calls N] [--seed N] [--json]\n"
               "Two in-process endpoints exchange N calls (default 1000) over a channel that\n"
               "drops 10%, duplicates 10% and reorders 30% of datagrams."),
           0;
  SimOptions o;
  o.calls = flags.u64("calls", 1000);
  o.seed = flags.u64("seed", 1);
  o.rates.drop = 0.1;
  o.rates.dup = 0.1;
  o.rates.reorder = 0.3;
  if (!flags.ok()) return std::fprintf(stderr, "asyncflow demo: %s\n", flags.error().c_str()), 2;
  const Timed t = timed_run(o);
  const SimStats& s = t.stats;
  if (flags.has("json")) {
    fmt::print("{}\n", stats_json(s, t.seconds));
    return s.violation ? 1 : 0;
  }
  fmt::print(
      "asyncflow demo: {} calls between two endpoints over a lossy channel\n"
      "  (drops 10%, duplicates 10%, reorders 30% of datagrams; seed {})\n\n"
      "  completed          {}\n"
      "  gave up            {}\n"
      "  corrupted          {}\n"
      "  processed twice    {}   (at most once: must be 0)\n"
      "  lost               {}   (exactly one outcome each: must be 0)\n"
      "  datagrams sent     {} ({:.2f} per call; {} dropped, {} duplicated in flight)\n"
      "  virtual time       {} ms; latency p50 {} ms, p99 {} ms\n\n"
      "{}\n",
      s.calls, s.seed, s.completed, s.gave_up, s.corrupted, s.duplicate_deliveries, s.lost_calls,
      s.transmissions, s.calls ? static_cast<double>(s.transmissions) / s.calls : 0.0,
      s.faults.drops, s.faults.duplicates, s.virtual_ms,
      s.latency_ms_percentiles.empty() ? 0 : s.latency_ms_percentiles[0],
      s.latency_ms_percentiles.empty() ? 0 : s.latency_ms_percentiles[2],
      s.violation ? "FAILED: " + *s.violation
                  : "ok: every call has exactly one outcome and no request was processed twice");
  return s.violation ? 1 : 0;
}

}  // namespace
}  // namespace asyncflow::model

ASYNCFLOW_COMMAND("sim", "run long randomized faulty worlds from a seed and check every property",
                  asyncflow::model::run_sim)
ASYNCFLOW_COMMAND("demo", "two endpoints exchange calls over a lossy in-memory channel",
                  asyncflow::model::run_demo)
