#pragma once
// The subcommands' command lines, parsed with CLI11 (Debian's libcli11-dev, header-only).
//
//   cli::CommandLine line("sim", "Runs randomized worlds ...");
//   line.integer("--calls", o.calls, 1, kCallsMax, "calls per run");
//   line.probability("--drop", o.rates.drop, "probability a datagram is lost");
//   if (auto exit_code = line.parse(args)) return *exit_code;
//
// `--help` and `-h` print the usage to stdout (exit 0). Every usage error prints one line to
// stderr, `asyncflow CMD: <what was wrong> (see 'asyncflow CMD --help')`, and exits 2: an unknown
// flag names itself, a number out of range names its flag and the range, NaN and infinities are
// refused, a whole number too large for 64 bits is out of range rather than "not a number".
#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"

namespace asyncflow::cli {

inline constexpr int kExitUsage = 2;

class CommandLine {
 public:
  // `command` is the subcommand's name ("sim"), `description` the paragraph under the usage line.
  CommandLine(std::string command, std::string description);

  CLI::App& app() { return app_; }
  const std::string& command() const { return command_; }

  // A whole number in [min, max]; the default (the value's current content) is shown in --help.
  // `below_min` says why a value under min is refused ("a run of no calls checks nothing").
  CLI::Option* integer(const std::string& flag, std::uint64_t& value, std::uint64_t min,
                       std::uint64_t max, const std::string& help,
                       const std::string& below_min = "");
  CLI::Option* integer(const std::string& flag, std::uint32_t& value, std::uint32_t min,
                       std::uint32_t max, const std::string& help,
                       const std::string& below_min = "");
  // A finite real number in [min, max] (a probability by default).
  CLI::Option* real(const std::string& flag, double& value, const std::string& help,
                    double min = 0.0, double max = 1.0);
  CLI::Option* text(const std::string& flag, std::string& value, const std::string& help);
  CLI::Option* texts(const std::string& flag, std::vector<std::string>& values,
                     const std::string& help);  // repeatable
  CLI::Option* toggle(const std::string& flag, bool& value, const std::string& help);
  bool given(const std::string& flag) const;  // after parse(): did the command line name it?

  // nullopt: go on. Otherwise the exit code to return now (0 after --help, 2 after an error).
  std::optional<int> parse(Args args);
  // Prints `asyncflow CMD: what (see 'asyncflow CMD --help')` to stderr; returns 2.
  int usage_error(const std::string& what) const;

 private:
  std::string command_;
  CLI::App app_;
};

// The checks behind integer() and real(), for values that do not come from a flag (ACCOUNT=N).
// Each returns an empty string when `text` is acceptable and stores the value, else the reason.
std::string parse_integer(const std::string& text, std::uint64_t min, std::uint64_t max,
                          std::uint64_t& value, const std::string& below_min = "");
std::string parse_real(const std::string& text, double min, double max, double& value);

}  // namespace asyncflow::cli
