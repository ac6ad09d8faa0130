// `asyncflow keygen FILE`: a new random key for one pair of daemons (host/src/auth.hpp).
#include <fmt/format.h>

#include "command.hpp"
#include "src/auth.hpp"
#include "src/cli_parse.hpp"

namespace asyncflow::host {
namespace {

int run_keygen(cli::Args args) {
  CLI::App app(
      "asyncflow keygen: writes a new random 32-byte peer key (64 hex digits) to FILE, "
      "mode 0600, never overwriting a file",
      "asyncflow keygen");
  app.footer("\nGive the same file to both daemons of the pair: --peer-key NAME=FILE on each.");
  std::string path;
  app.add_option("FILE", path, "where to write the key")->required();
  if (auto exit = parse_command(app, "keygen", args)) return *exit;
  if (auto error = write_new_key_file(path); !error.empty()) {
    fmt::print(stderr, "asyncflow keygen: {}\n", error);
    return 1;
  }
  fmt::print("wrote a new key to {} (mode 0600)\n", path);
  return 0;
}

}  // namespace
}  // namespace asyncflow::host

ASYNCFLOW_COMMAND("keygen", "make a peer key file (0600) for one pair of daemons",
                  asyncflow::host::run_keygen)
