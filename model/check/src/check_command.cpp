// `asyncflow check`: the model checker from the command line.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "asyncflow/model/checker.hpp"
#include "asyncflow/model/tla_trace.hpp"
#include "command.hpp"
#include "flags.hpp"

namespace asyncflow::model {
namespace {

constexpr const char* kUsage =
    R"(usage: asyncflow check [--bounds default|deep|tla|big] [--endpoints N] [--calls N]
         [--attempts N] [--payload-bytes N] [--drops N] [--dups N] [--rejects N]
         [--corrupts N] [--restarts N] [--traps N] [--forgeries N] [--states-max N] [--no-liveness]
         [--threads N] [--memory-max MIB] [--only NAME] [--trace DIR [--trace-paths K]] [--json]
Explores every interleaving of the world (deliveries in any order, app answers, clock advances)
with at most the given number of each fault per path; checks every property in every state.
Exit: 0 all properties hold, 1 a property is violated (shortest trace printed), 2 incomplete or
bad usage.
--trace DIR writes, for TLA+ trace validation (tla/check), the shortest paths to K states (default
20) of the deeper half of each exploration and any counterexample, as DIR/check-RUN-K.ndjson.
Paths with a forgery are left out: the spec has no forger.
--threads N searches with N threads (default: the machine's cores); the result is the same for
any N (states, counts, counterexample), and nothing is random. --memory-max MIB bounds the
memory the search holds (default: half the machine's); queued states past it go to a temporary
file. --bounds tla: the explorations tla/MCBench*.cfg describe alike (scripts/bench-checker);
--bounds big: two calls, two attempts, every fault (gigabytes, minutes). --only NAME runs only
the preset's exploration of that name (as the summary names it).)";

// The paths a run kept (and its counterexample) as NDJSON traces; returns how many were written.
int write_traces(const CheckBounds& b, const CheckResult& r, const std::string& dir,
                 std::size_t run) {
  std::vector<std::pair<std::string, const std::vector<Action>*>> traces;
  for (std::size_t k = 0; k < r.paths.size(); ++k)
    traces.emplace_back(std::to_string(k + 1), &r.paths[k]);
  if (r.violation) traces.emplace_back("counterexample", &r.violation->actions);
  int written = 0;
  for (const auto& [name, actions] : traces) {
    if (std::any_of(actions->begin(), actions->end(),
                    [](const Action& a) { return std::holds_alternative<ForgeDatagram>(a); }))
      continue;
    const std::string path = fmt::format("{}/check-{}-{}.ndjson", dir, run + 1, name);
    std::FILE* file = std::fopen(path.c_str(), "w");
    if (file == nullptr) {
      std::fprintf(stderr, "asyncflow check: cannot write %s\n", path.c_str());
      return -1;
    }
    write_trace(file, *make_world(setup_for(b)), *actions);
    written += std::fclose(file) == 0 ? 1 : 0;
  }
  return written;
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20)
      out += fmt::format("\\u{:04x}", c);
    else
      out += c;
  }
  return out;
}

// Explores one set of bounds and prints its result; returns 0 (holds), 1 (violation) or 2
// (incomplete). With `json`, appends an object to `json_runs` instead of printing text.
int run_one(const CheckBounds& b, bool json, std::string& json_runs,
            const std::optional<std::string>& trace_dir, std::size_t run) {
  if (!json)
    fmt::print(
        "[{}] {} endpoints, {} calls, {} attempts; faults per path: {} drop, {} dup, "
        "{} reject, {} corrupt, {} restart, {} trap, {} forgery; liveness {}\n",
        b.name, b.endpoints, b.calls, b.send_attempts_max, b.faults.drops, b.faults.duplicates,
        b.faults.rejects, b.faults.corruptions, b.faults.restarts, b.faults.traps,
        b.faults.forgeries, b.liveness ? "on" : "off");
  const CheckResult r = check(b, [&b](const Progress& p) {
    std::fprintf(stderr,
                 "[%s] %llu states (%.0f/s), %.0f s elapsed, %llu transitions, queue %llu, "
                 "depth %u, memory %.0f MiB (%.0f MiB on disk)\n",
                 b.name.c_str(), static_cast<unsigned long long>(p.states), p.states / p.seconds,
                 p.seconds, static_cast<unsigned long long>(p.transitions),
                 static_cast<unsigned long long>(p.queue), p.depth, p.memory_bytes / 1048576.0,
                 p.spilled_bytes / 1048576.0);
  });
  const int code = r.violation ? 1 : (r.complete ? 0 : 2);
  if (trace_dir) {
    const int written = write_traces(b, r, *trace_dir, run);
    if (written < 0) return 2;
    if (!json) fmt::print("[{}] {} traces written to {}\n", b.name, written, *trace_dir);
  }
  const double rate = r.states / std::max(r.seconds, 1e-9);
  if (json) {
    std::string steps;
    if (r.violation)
      for (const auto& s : r.violation->steps)
        steps += (steps.empty() ? "\"" : ",\"") + json_escape(s) + "\"";
    json_runs += fmt::format(
        "{}{{\"name\":\"{}\",\"result\":\"{}\",\"states\":{},\"transitions\":{},"
        "\"max_depth\":{},\"seconds\":{:.3f},\"states_per_second\":{:.0f},\"threads\":{},"
        "\"collision_probability\":{:.3g},\"memory_peak_bytes\":{},\"spilled_bytes\":{},"
        "\"liveness_checked\":{},\"property\":{},\"trace\":[{}],\"mermaid\":{}}}",
        json_runs.empty() ? "" : ",", json_escape(b.name),
        r.violation ? "violation" : (r.complete ? "ok" : "incomplete"), r.states, r.transitions,
        r.max_depth, r.seconds, rate, r.threads, r.collision_probability, r.memory_peak_bytes,
        r.spilled_bytes, r.liveness_checked ? "true" : "false",
        r.violation ? "\"" + json_escape(r.violation->property) + "\"" : "null", steps,
        r.violation ? "\"" + json_escape(r.violation->mermaid) + "\"" : "null");
    return code;
  }
  if (r.violation) {
    fmt::print("VIOLATION of {}\nshortest trace ({} steps):\n", r.violation->property,
               r.violation->steps.size());
    for (const auto& s : r.violation->steps) fmt::print("{}\n", s);
    fmt::print("\n```mermaid\n{}```\n", r.violation->mermaid);
  }
  fmt::print(
      "[{}] {}: {} distinct states, {} transitions, max depth {}, {:.1f} s ({:.0f} "
      "states/s, {} threads, {:.0f} MiB)\n"
      "[{}] fingerprints: 128 bits; estimated collision probability {:.1e}\n",
      b.name,
      r.violation ? "FAILED"
                  : (r.complete ? "ok, every property holds" : "INCOMPLETE (--states-max reached)"),
      r.states, r.transitions, r.max_depth, r.seconds, rate, r.threads,
      r.memory_peak_bytes / 1048576.0, b.name, r.collision_probability);
  return code;
}

int run_check(cli::Args args) {
  for (const std::string_view a : args)
    if (a == "-h") return std::puts(kUsage), 0;
  cli::Flags flags(args,
                   {"bounds", "endpoints", "calls", "attempts", "payload-bytes", "drops", "dups",
                    "rejects", "corrupts", "restarts", "traps", "forgeries", "states-max", "trace",
                    "trace-paths", "threads", "memory-max", "only"},
                   {"no-liveness", "json", "help"});
  if (flags.has("help")) return std::puts(kUsage), 0;
  const std::string preset = flags.text("bounds").value_or("default");
  if (preset != "default" && preset != "deep" && preset != "tla" && preset != "big") {
    std::fprintf(stderr, "asyncflow check: --bounds must be default, deep, tla or big\n%s\n",
                 kUsage);
    return 2;
  }
  std::vector<CheckBounds> runs = preset == "deep"  ? deep_bounds()
                                  : preset == "tla" ? tla_bounds()
                                  : preset == "big" ? big_bounds()
                                                    : default_bounds();
  if (const auto only = flags.text("only")) {
    std::erase_if(runs, [&](const CheckBounds& b) { return b.name != *only; });
    if (runs.empty()) {
      std::fprintf(stderr,
                   "asyncflow check: --only %s: the preset has no exploration of that name\n",
                   only->c_str());
      return 2;
    }
  }
  // Any explicit bound turns the preset into one custom run based on its first entry.
  static constexpr const char* kBoundFlags[] = {"endpoints", "calls", "attempts", "payload-bytes",
                                                "drops",     "dups",  "rejects",  "corrupts",
                                                "restarts",  "traps", "forgeries"};
  bool custom = false;
  for (const char* f : kBoundFlags) custom = custom || flags.has(f);
  if (custom) {
    runs.resize(1);
    runs[0].name = "custom";
  }
  for (CheckBounds& b : runs) {
    bool too_large = false;
    const auto u32 = [&](const char* name, std::uint32_t fallback) {
      const std::uint64_t v = flags.u64(name, fallback);
      if (v > UINT32_MAX && !too_large) {
        too_large = true;
        std::fprintf(stderr, "asyncflow check: --%s must be at most %u, got %llu\n", name,
                     UINT32_MAX, static_cast<unsigned long long>(v));
      }
      return static_cast<std::uint32_t>(v);
    };
    b.endpoints = u32("endpoints", b.endpoints);
    b.calls = u32("calls", b.calls);
    b.send_attempts_max = u32("attempts", b.send_attempts_max);
    b.payload_bytes = u32("payload-bytes", b.payload_bytes);
    b.faults.drops = u32("drops", b.faults.drops);
    b.faults.duplicates = u32("dups", b.faults.duplicates);
    b.faults.rejects = u32("rejects", b.faults.rejects);
    b.faults.corruptions = u32("corrupts", b.faults.corruptions);
    b.faults.restarts = u32("restarts", b.faults.restarts);
    b.faults.traps = u32("traps", b.faults.traps);
    b.faults.forgeries = u32("forgeries", b.faults.forgeries);
    b.states_max = flags.u64("states-max", b.states_max);
    b.liveness = !flags.has("no-liveness");
    b.threads = u32("threads", b.threads);
    b.memory_max_bytes = flags.u64("memory-max", b.memory_max_bytes >> 20) << 20;
    if (flags.has("trace")) b.paths_kept = u32("trace-paths", 20);
    if (too_large) return 2;
    if (b.endpoints < 2 || b.send_attempts_max == 0) {
      std::fprintf(stderr, "asyncflow check: need --endpoints >= 2 and --attempts >= 1\n%s\n",
                   kUsage);
      return 2;
    }
    // A check that can explore nothing meaningful is refused, never reported as passing.
    if (b.states_max == 0)
      return std::fprintf(stderr,
                          "asyncflow check: --states-max must be at least 1: a check of no "
                          "states explores nothing (see 'asyncflow check --help')\n"),
             2;
    if (b.calls == 0)
      return std::fprintf(stderr,
                          "asyncflow check: --calls must be at least 1: with no call no property "
                          "is exercised (see 'asyncflow check --help')\n"),
             2;
    const std::uint64_t payload_max = Config{}.payload_bytes_max;
    if (b.payload_bytes > payload_max)
      return std::fprintf(stderr,
                          "asyncflow check: --payload-bytes %u is above the config's "
                          "payload_bytes_max %llu: every call would be refused and no call could "
                          "complete (see 'asyncflow check --help')\n",
                          b.payload_bytes, static_cast<unsigned long long>(payload_max)),
             2;
  }
  if (!flags.ok() || !flags.positional().empty()) {
    std::fprintf(stderr, "asyncflow check: %s\n%s\n",
                 flags.ok() ? "unexpected argument" : flags.error().c_str(), kUsage);
    return 2;
  }
  const bool json = flags.has("json");
  int exit_code = 0;
  std::string json_runs;
  const auto trace_dir = flags.text("trace");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const int code = run_one(runs[i], json, json_runs, trace_dir, i);
    exit_code = std::max(exit_code, code == 1 ? 10 : code);  // a violation outranks incomplete
    if (code == 1) break;
  }
  if (json) fmt::print("{{\"runs\":[{}]}}\n", json_runs);
  return exit_code == 10 ? 1 : exit_code;
}

}  // namespace
}  // namespace asyncflow::model

ASYNCFLOW_COMMAND("check", "model-check the real kernel over every interleaving within bounds",
                  asyncflow::model::run_check)
