// `asyncflow prove`: the Z3 proof obligations, or `--config FILE`: a config's sanity.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "asyncflow/model/config_check.hpp"
#include "asyncflow/model/proofs.hpp"
#include "command.hpp"
#include "flags.hpp"

namespace asyncflow::model::smt {
namespace {

int run_config(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return std::fprintf(stderr, "asyncflow prove: --config %s is not a readable file\n",
                        path.c_str()),
           2;
  std::ifstream file(path);
  if (!file) return std::fprintf(stderr, "asyncflow prove: cannot read %s\n", path.c_str()), 2;
  std::stringstream text;
  text << file.rdbuf();
  const auto parsed = parse_config(text.str());
  if (const auto* e = std::get_if<ConfigFileError>(&parsed)) {
    std::fprintf(stderr, "asyncflow prove: %s:%zu: %s\n", path.c_str(), e->line,
                 e->message.c_str());
    return 2;
  }
  bool all = true;
  for (const auto& r : check_config(std::get<Config>(parsed))) {
    fmt::print("{:<6} {:<32} {}\n", r.holds ? "ok" : "FAILS", r.name, r.meaning);
    if (!r.holds) fmt::print("       {}\n", r.detail);
    all = all && r.holds;
  }
  fmt::print("{}\n", all ? "the config satisfies every constraint the proofs assume"
                         : "the config violates the constraints marked FAILS");
  return all ? 0 : 1;
}

int run_prove(cli::Args args) {
  cli::Flags flags(args, {"config"}, {"help"});
  const bool short_help = !args.empty() && args.front() == "-h";
  if (short_help || flags.has("help") || !flags.ok()) {
    if (short_help) flags = cli::Flags({}, {}, {});
    std::fprintf(flags.ok() ? stdout : stderr,
                 "usage: asyncflow prove [--config FILE]\n"
                 "Proves with Z3 that the invariant set holds initially, is preserved by every "
                 "kernel rule and implies the safety properties; with --config, checks a config "
                 "file's retry and window settings against the constraints the proofs assume.\n");
    return flags.ok() ? 0 : 2;
  }
  if (auto path = flags.text("config")) return run_config(*path);
  const auto obligations = prove_all();
  int failed = 0;
  double total = 0;
  for (const auto& o : obligations) {
    fmt::print("{:<8} {:<48} {:7.3f} s\n", o.proved ? "proved" : "FAILED", o.name, o.seconds);
    if (!o.proved) {
      ++failed;
      fmt::print("counterexample to induction:\n{}", o.counterexample);
    }
    total += o.seconds;
  }
  fmt::print("{} obligations, {} proved, {} failed, {:.2f} s\n", obligations.size(),
             obligations.size() - failed, failed, total);
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace asyncflow::model::smt

ASYNCFLOW_COMMAND("prove", "prove the invariants inductive with Z3 (or check a --config file)",
                  asyncflow::model::smt::run_prove)
