// `asyncflow SUBCOMMAND ...`: finds the registered subcommand and runs it.
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "command.hpp"

namespace asyncflow::cli {

std::vector<Command>& registry() {
  static std::vector<Command> all;  // built by static registration before main runs
  return all;
}

bool register_command(const Command& command) {
  registry().push_back(command);
  return true;
}

const std::vector<Command>& commands() {
  return registry();
}

}  // namespace asyncflow::cli

namespace {

void usage() {
  auto all = asyncflow::cli::commands();
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  fmt::print(stderr, "usage: asyncflow COMMAND [FLAGS]\n\ncommands:\n");
  for (const auto& c : all) fmt::print(stderr, "  {:<13} {}\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "help") {
    usage();
    return argc < 2 ? 2 : 0;
  }
  const std::vector<std::string_view> args(argv + 2, argv + argc);
  for (const auto& c : asyncflow::cli::commands())
    if (c.name == argv[1]) return c.run(args);
  fmt::print(stderr, "asyncflow: unknown command '{}'\n", argv[1]);
  usage();
  return 2;
}
