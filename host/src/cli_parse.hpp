#pragma once
// CLI11 for the host's subcommands, one convention: `--help`/`-h` prints the command's usage and
// exits 0; a usage error prints `asyncflow CMD: <what was wrong> (see 'asyncflow CMD --help')`
// and exits 2.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asyncflow::host {

inline int usage_error(std::string_view command, std::string_view what) {
  fmt::print(stderr, "asyncflow {}: {} (see 'asyncflow {} --help')\n", command, what, command);
  return 2;
}

// nullopt when parsing succeeded; else the exit status (help printed, or a usage error).
template <typename Words>
std::optional<int> parse_command(CLI::App& app, std::string_view command, const Words& words) {
  std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 takes them reversed
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}", app.help());
    return 0;
  } catch (const CLI::ParseError& e) {
    return usage_error(command, e.what());
  }
  return std::nullopt;
}

}  // namespace asyncflow::host
