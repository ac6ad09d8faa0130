// `asyncflow sim`: long randomized worlds from a seed, and `asyncflow demo`, a short friendly one.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "asyncflow/model/simulator.hpp"
#include "asyncflow/model/tla_trace.hpp"
#include "command.hpp"
#include "options.hpp"
#include "report.hpp"

namespace asyncflow::model {
namespace {

constexpr const char* kAbout =
    "Runs K randomized worlds (seeds N, N+1, ...) on the real kernel with the given fault rates\n"
    "(--swarm: each run draws its own rates from its seed), drains them fault-free, and checks\n"
    "every property. Exit 0 when every property held, 1 on a violation (with the seed and the "
    "last\n"
    "steps before it), 2 on bad usage. The attempts flags override the simulator's config (6\n"
    "each): fewer attempts reach give-ups. Runs longer than 2 s report progress on stderr.";

// The limits of a run, named so the errors can say them. A run builds its whole script up front
// (every call's plan and payload, then one record per call), so its memory is about
// calls x (payload_bytes + kSimBytesPerCall); runs estimated above kSimScriptBytesMax are refused
// before anything is allocated.
constexpr std::uint64_t kSimCallsMax = 1'000'000'000;
constexpr std::uint64_t kSimRunsMax = 1'000'000;
constexpr std::uint32_t kSimEndpointsMax = 64;
constexpr std::uint32_t kSimConcurrencyMax = 1'000'000;
constexpr std::uint64_t kSimBytesPerCall = 256;
constexpr std::uint64_t kSimScriptBytesMax = 8ULL << 30;  // 8 GiB

struct Timed {
  SimStats stats;
  double seconds;
};

// A run longer than kProgressEvery reports on stderr every kProgressEvery, each line naming the
// run by its seed; a short run prints nothing (and tests never depend on these lines).
constexpr auto kProgressEvery = std::chrono::seconds(2);
constexpr std::uint64_t kActionsPerClockRead = 4096;

Timed timed_run(SimOptions o) {
  const auto start = std::chrono::steady_clock::now();
  auto next_report = start + kProgressEvery;
  std::uint64_t actions = 0;
  const auto inner = o.after_action;
  const std::uint64_t seed = o.seed, calls = o.calls;
  o.after_action = [&, inner](const World& w) {
    if (inner) inner(w);
    if (++actions % kActionsPerClockRead != 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now < next_report) return;
    next_report = now + kProgressEvery;
    const double seconds = std::chrono::duration<double>(now - start).count();
    fmt::print(stderr,
               "[sim seed {}] {} of {} calls made, {} outcomes ({:.0f} outcomes/s), {} steps, "
               "{:.0f} s elapsed\n",
               seed, w.next_call, calls, w.outcomes_total, w.outcomes_total / seconds, actions,
               seconds);
  };
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
  SimOptions o;
  std::uint64_t runs = 1;
  std::uint32_t send_attempts = o.config.send_attempts_max;
  std::uint32_t ack_attempts = o.config.ack_attempts_max;
  bool swarm = false, json = false;
  std::string trace_dir;
  FaultRates& r = o.rates;
  cli::CommandLine line("sim", kAbout);
  line.integer("--seed", o.seed, 0, UINT64_MAX, "the first run's seed");
  line.integer("--calls", o.calls, 1, kSimCallsMax, "calls per run",
               "a run of no calls checks nothing");
  line.integer("--runs", runs, 1, kSimRunsMax, "worlds to run (seeds N, N+1, ...)");
  line.toggle("--swarm", swarm, "each run draws its own fault rates from its seed");
  line.real("--drop", r.drop, "probability a datagram is lost");
  line.real("--dup", r.dup, "probability a datagram is duplicated");
  line.real("--reorder", r.reorder, "probability a datagram overtakes others");
  line.real("--reject", r.reject, "probability a transmission is rejected");
  line.real("--restart", r.restart, "probability per step that an endpoint restarts");
  line.real("--trap", r.trap, "probability per step that the host's handler traps");
  line.real("--corrupt", r.corrupt, "probability a datagram's payload is corrupted");
  line.integer("--endpoints", o.endpoints, 2, kSimEndpointsMax, "endpoints in the world",
               "a call needs a caller and a receiver");
  line.integer("--concurrency", o.calls_in_flight_max, 1, kSimConcurrencyMax,
               "the apps' calls in flight at once", "with none in flight no call is ever made");
  line.integer("--payload-bytes", o.payload_bytes, 0,
               static_cast<std::uint32_t>(o.config.payload_bytes_max),
               "request size in bytes (at most the config's payload_bytes_max: a larger call is "
               "refused)");
  line.integer("--send-attempts-max", send_attempts, 1, kAttemptsMax, "NEW transmissions per call",
               "a call must be sent at least once");
  line.integer("--ack-attempts-max", ack_attempts, 1, kAttemptsMax, "ACK transmissions per request",
               "a response must be sent at least once");
  line.toggle("--json", json, "one JSON object per run");
  line.text("--trace", trace_dir, "write each run as DIR/sim-SEED.ndjson (TLA+ trace validation)")
      ->type_name("DIR");
  if (auto exit_code = line.parse(args)) return *exit_code;
  const std::uint64_t script_bytes = o.calls * (o.payload_bytes + kSimBytesPerCall);
  if (script_bytes > kSimScriptBytesMax)
    return line.usage_error(fmt::format(
        "--calls {} x (--payload-bytes {} + {} bytes of bookkeeping) needs about {} MiB, more "
        "than the {} MiB a run may use",
        o.calls, o.payload_bytes, kSimBytesPerCall, script_bytes >> 20, kSimScriptBytesMax >> 20));
  o.config.send_attempts_max = send_attempts;
  o.config.ack_attempts_max = ack_attempts;
  if (const auto bad = validate(o.config))
    return line.usage_error(fmt::format("invalid config: {}", name_of(*bad)));
  const std::uint64_t first_seed = o.seed;
  for (std::uint64_t k = 0; k < runs; ++k) {
    o.seed = first_seed + k;
    if (swarm) o.rates = swarm_rates(o.seed);
    const Timed t = !trace_dir.empty() ? traced_run(o, trace_dir) : timed_run(o);
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
  SimOptions o;
  o.calls = 1000;
  bool json = false;
  cli::CommandLine line("demo",
                        "Two in-process endpoints exchange N calls over a channel that drops 10%, "
                        "duplicates 10% and reorders 30% of datagrams.");
  line.integer("--calls", o.calls, 1, 10'000'000, "calls to make",
               "a demo of no calls shows nothing");
  line.integer("--seed", o.seed, 0, UINT64_MAX, "the run's seed");
  line.toggle("--json", json, "print the statistics as JSON");
  if (auto exit_code = line.parse(args)) return *exit_code;
  o.rates.drop = 0.1;
  o.rates.dup = 0.1;
  o.rates.reorder = 0.3;
  const Timed t = timed_run(o);
  const SimStats& s = t.stats;
  if (json) {
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
