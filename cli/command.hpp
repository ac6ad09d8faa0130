#pragma once
// The `asyncflow` program's subcommands. Each lives in its own file beside the code it drives
// and registers itself with ASYNCFLOW_COMMAND; cli/main.cpp only dispatches.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace asyncflow::cli {

using Args = std::span<const std::string_view>;  // the words after the subcommand's name
using CommandFn = int (*)(Args args);

struct Command {
  std::string_view name;
  std::string_view summary;
  CommandFn run;
};

bool register_command(const Command& command);
const std::vector<Command>& commands();

// Lines of `asyncflow --version` beyond the program's and the kernel snapshot format's, added by
// the folders that own a format (e.g. the host's database format).
struct VersionNote {
  std::string_view what;
  std::string_view value;
};
bool register_version_note(const VersionNote& note);
const std::vector<VersionNote>& version_notes();

}  // namespace asyncflow::cli

#define ASYNCFLOW_CLI_CONCAT2(a, b) a##b
#define ASYNCFLOW_CLI_CONCAT(a, b) ASYNCFLOW_CLI_CONCAT2(a, b)
#define ASYNCFLOW_COMMAND(name, summary, fn)                                        \
  namespace {                                                                       \
  [[maybe_unused]] const bool ASYNCFLOW_CLI_CONCAT(registered_command_, __LINE__) = \
      ::asyncflow::cli::register_command({name, summary, fn});                      \
  }
#define ASYNCFLOW_VERSION_NOTE(what, value)                                      \
  namespace {                                                                    \
  [[maybe_unused]] const bool ASYNCFLOW_CLI_CONCAT(registered_note_, __LINE__) = \
      ::asyncflow::cli::register_version_note({what, value});                    \
  }
