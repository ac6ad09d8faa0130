// `asyncflow replay-tla --cfg FILE BEHAVIOUR...`: spec -> code, behaviours TLC wrote
// (`-simulate file=...`) replayed through the real kernel (tla/check runs it).
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "asyncflow/model/spec_replay.hpp"
#include "command.hpp"
#include "flags.hpp"

namespace asyncflow::model {
namespace {

constexpr const char* kUsage = R"(usage: asyncflow replay-tla --cfg FILE.cfg BEHAVIOUR...
Replays behaviours of tla/AsyncFlow.tla, as TLC writes them (-simulate file=PREFIX), through the
real kernel: one endpoint per spec node, every spec step the event a host would feed, and after
each step the kernel's flows, frames sent, outcomes and deliveries compared with the spec's.
The timing constants come from the TLC config the behaviours were made with.
Exit 0 when every step of every behaviour matched, 1 on the first mismatch, 2 on bad input.)";

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int run_replay(cli::Args args) {
  for (const std::string_view a : args)
    if (a == "--help" || a == "-h") return std::puts(kUsage), 0;
  cli::Flags flags(args, {"cfg"}, {});
  const auto cfg_path = flags.text("cfg");
  if (!flags.ok() || !cfg_path || flags.positional().empty()) {
    std::fprintf(stderr, "asyncflow replay-tla: %s\n%s\n",
                 flags.ok() ? "need --cfg and at least one behaviour" : flags.error().c_str(),
                 kUsage);
    return 2;
  }
  const auto cfg_text = read_file(*cfg_path);
  if (!cfg_text) return std::fprintf(stderr, "cannot read %s\n", cfg_path->c_str()), 2;
  const auto config = config_from_tlc_cfg(*cfg_text);
  if (const auto* e = std::get_if<std::string>(&config))
    return std::fprintf(stderr, "%s: %s\n", cfg_path->c_str(), e->c_str()), 2;

  std::uint64_t steps = 0;
  std::map<std::string, std::uint64_t> actions, outcomes;
  for (const std::string_view path_view : flags.positional()) {
    const std::string path(path_view);
    const auto text = read_file(path);
    if (!text) return std::fprintf(stderr, "cannot read %s\n", path.c_str()), 2;
    const auto parsed = tla::parse_trace_module(*text);
    if (const auto* e = std::get_if<tla::ParseError>(&parsed))
      return std::fprintf(stderr, "%s: offset %zu: %s\n", path.c_str(), e->offset, e->what.c_str()),
             2;
    const ReplayResult r =
        replay_behaviour(std::get<std::vector<tla::TraceState>>(parsed), std::get<Config>(config));
    if (r.mismatch) {
      fmt::print("MISMATCH {}: state {}: {}\n", path, r.mismatch_step, *r.mismatch);
      return 1;
    }
    steps += r.steps;
    for (const auto& [name, n] : r.actions) actions[name] += n;
    for (const auto& [name, n] : r.outcomes) outcomes[name] += n;
  }
  const auto list = [](const std::map<std::string, std::uint64_t>& counts) {
    std::string text;
    for (const auto& [name, n] : counts)
      text += fmt::format("{}{} {}", text.empty() ? "" : ", ", name, n);
    return text;
  };
  fmt::print(
      "{} behaviours, {} steps replayed through the kernel, every step matched\n"
      "  spec actions: {}\n  kernel outcomes and notices: {}\n",
      flags.positional().size(), steps, list(actions), list(outcomes));
  return 0;
}

}  // namespace
}  // namespace asyncflow::model

ASYNCFLOW_COMMAND("replay-tla", "replay TLC behaviours of tla/AsyncFlow.tla through the kernel",
                  asyncflow::model::run_replay)
