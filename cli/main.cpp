// `asyncflow SUBCOMMAND ...`: finds the registered subcommand and runs it.
//   asyncflow --help | -h | help     the commands (stdout, exit 0); no argument: the same, exit 2
//   asyncflow help CMD               CMD's usage (what `asyncflow CMD --help` prints)
//   asyncflow --version | version    the program's version and the formats it reads and writes
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "asyncflow/snapshot.hpp"
#include "command.hpp"

#ifndef ASYNCFLOW_VERSION
#error "cli/CMakeLists.txt defines ASYNCFLOW_VERSION from the project's version"
#endif

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

std::vector<VersionNote>& note_registry() {
  static std::vector<VersionNote> all;
  return all;
}

bool register_version_note(const VersionNote& note) {
  note_registry().push_back(note);
  return true;
}

const std::vector<VersionNote>& version_notes() {
  return note_registry();
}

}  // namespace asyncflow::cli

namespace {

using asyncflow::cli::Command;

void usage(std::FILE* out) {
  auto all = asyncflow::cli::commands();
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  fmt::print(out,
             "usage: asyncflow COMMAND [FLAGS]\n"
             "       asyncflow help COMMAND    (or asyncflow COMMAND --help): COMMAND's usage\n"
             "       asyncflow --version       the version and the data formats it reads\n\n"
             "commands:\n");
  for (const auto& c : all) fmt::print(out, "  {:<13} {}\n", c.name, c.summary);
}

int version() {
  fmt::print("asyncflow {}\nsnapshot format {}\n", ASYNCFLOW_VERSION,
             asyncflow::kSnapshotFormatVersion);
  auto notes = asyncflow::cli::version_notes();
  std::sort(notes.begin(), notes.end(),
            [](const auto& a, const auto& b) { return a.what < b.what; });
  for (const auto& n : notes) fmt::print("{} {}\n", n.what, n.value);
  return 0;
}

const Command* find(std::string_view name) {
  for (const auto& c : asyncflow::cli::commands())
    if (c.name == name) return &c;
  return nullptr;
}

int unknown_command(std::string_view name) {
  fmt::print(stderr, "asyncflow: unknown command '{}' (see 'asyncflow --help')\n", name);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(stderr), 2;
  const std::string_view first = argv[1];
  if (first == "--help" || first == "-h" || (first == "help" && argc == 2)) return usage(stdout), 0;
  if (first == "--version" || first == "-V" || first == "version") return version();
  if (first == "help") {
    const Command* c = find(argv[2]);
    if (c == nullptr) return unknown_command(argv[2]);
    const std::string_view help[] = {"--help"};
    return c->run(asyncflow::cli::Args(help));
  }
  const std::vector<std::string_view> args(argv + 2, argv + argc);
  if (const Command* c = find(first)) return c->run(args);
  return unknown_command(first);
}
