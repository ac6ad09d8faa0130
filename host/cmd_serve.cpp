// `asyncflow serve`: the UDP daemon (host/src/daemon.hpp), its flags and config file.
#include <fmt/format.h>

#include "command.hpp"
#include "src/cli_parse.hpp"
#include "src/config_file.hpp"
#include "src/daemon.hpp"
#include "src/log.hpp"

namespace asyncflow::host {
namespace {

constexpr const char* kCommand = "serve";
constexpr const char* kFooter = R"(
Every datagram to and from a peer is authenticated with the key in its --peer-key file (one key
per pair of daemons: 'asyncflow keygen FILE' makes one; give the same file to both). Timing
flags apply when the database is new; a restart keeps the stored settings and says so when a
flag differs. Flags win over --config. docs/hosts.md is the operator's guide.)";

struct Flags {
  std::string listen, db, metrics, config, log_level;
  std::vector<std::string> peers, peer_keys;
  std::map<std::string, std::uint64_t> timing;
  std::uint64_t calls_in_flight_max = 256;
};

void add_flags(CLI::App& app, Flags& f, std::map<std::string, CLI::Option*>& timing_options) {
  app.add_option("--listen", f.listen, "HOST:PORT (IPv4) this daemon receives on");
  app.add_option("--peer", f.peers, "NAME=HOST:PORT of a peer (repeatable)");
  app.add_option("--peer-key", f.peer_keys, "NAME=FILE: the key shared with that peer");
  app.add_option("--db", f.db, "the SQLite database (created if absent)");
  app.add_option("--metrics", f.metrics, "HOST:PORT to serve GET /metrics on");
  app.add_option("--config", f.config, "TOML file with the same settings (flags win)");
  app.add_option("--log-level", f.log_level, "error, warn, info (default) or debug");
  app.add_option("--calls-in-flight-max", f.calls_in_flight_max,
                 "outbox transfers issued and not yet answered (256)");
  const std::pair<const char*, const char*> timing[] = {
      {"retry-initial-ms", "first retry wait in ms (330000)"},
      {"retry-max-ms", "longest retry wait in ms (3600000)"},
      {"attempts", "transmissions of a NEW and of an ACK (6)"},
      {"clock-skew-ms", "allowed clock difference between peers in ms (120000)"},
      {"fin-delay-ms", "how long a FIN may wait for company in ms (0)"}};
  for (const auto& [name, help] : timing)
    timing_options[name] = app.add_option(std::string("--") + name, f.timing[name], help);
}

// NAME=VALUE; an error names the flag and what it got.
std::optional<std::pair<std::string, std::string>> split_pair(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) return std::nullopt;
  return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

// File settings first, then the flags over them. Empty string: fine.
std::string merge_peers(const Flags& f, const ServeFileSettings& file, DaemonOptions& o) {
  std::map<std::string, std::string> addresses, keys;
  for (const auto& [name, peer] : file.peers) {
    if (peer.address) addresses[name] = *peer.address;
    if (peer.key) keys[name] = *peer.key;
  }
  std::set<std::string> from_flags;
  for (const auto& text : f.peers) {
    auto pair = split_pair(text);
    if (!pair) return "--peer needs NAME=HOST:PORT, got '" + text + "'";
    if (!from_flags.insert(pair->first).second) return "peer '" + pair->first + "' is given twice";
    addresses[pair->first] = pair->second;
  }
  for (const auto& text : f.peer_keys) {
    auto pair = split_pair(text);
    if (!pair) return "--peer-key needs NAME=FILE, got '" + text + "'";
    keys[pair->first] = pair->second;
  }
  for (const auto& [name, key] : keys)
    if (!addresses.count(name)) return "--peer-key names '" + name + "', which is no --peer";
  for (const auto& [name, text] : addresses) {
    auto address = parse_address(text);
    if (!address) return "peer '" + name + "' needs HOST:PORT (IPv4), got '" + text + "'";
    o.peers[name] = PeerOptions{*address, keys.count(name) ? keys[name] : ""};
  }
  return "";
}

std::string merge(const Flags& f, const std::map<std::string, CLI::Option*>& timing_options,
                  const ServeFileSettings& file, DaemonOptions& o) {
  const std::string listen = !f.listen.empty() ? f.listen : file.listen.value_or("");
  auto address = parse_address(listen);
  if (!address)
    return listen.empty() ? "--listen HOST:PORT is needed"
                          : "--listen needs HOST:PORT (IPv4), got '" + listen + "'";
  o.listen = *address;
  o.db_path = !f.db.empty() ? f.db : file.db.value_or("");
  const std::string metrics = !f.metrics.empty() ? f.metrics : file.metrics.value_or("");
  if (!metrics.empty()) {
    o.metrics = parse_address(metrics);
    if (!o.metrics) return "--metrics needs HOST:PORT (IPv4), got '" + metrics + "'";
  }
  const std::string level = !f.log_level.empty() ? f.log_level : file.log_level.value_or("info");
  auto parsed = parse_log_level(level);
  if (!parsed) return "--log-level must be error, warn, info or debug, got '" + level + "'";
  set_log_level(*parsed);
  o.calls_in_flight_max = static_cast<std::uint32_t>(f.calls_in_flight_max);
  if (file.calls_in_flight_max && f.calls_in_flight_max == 256)
    o.calls_in_flight_max = static_cast<std::uint32_t>(*file.calls_in_flight_max);
  std::map<std::string, std::uint64_t> timing = file.timing;
  for (const auto& [name, option] : timing_options)
    if (option->count() > 0) timing[name] = f.timing.at(name);
  Config& c = o.config;
  for (const auto& [name, value] : timing) o.config_given.insert(name);
  auto get = [&](const char* name, std::uint64_t fallback) {
    return timing.count(name) ? timing[name] : fallback;
  };
  c.retry_initial_ms = get("retry-initial-ms", c.retry_initial_ms);
  c.retry_interval_max_ms = get("retry-max-ms", c.retry_interval_max_ms);
  c.send_attempts_max = static_cast<std::uint32_t>(get("attempts", c.send_attempts_max));
  c.ack_attempts_max = c.send_attempts_max;
  c.clock_skew_ms = get("clock-skew-ms", c.clock_skew_ms);
  c.fin_delay_ms = get("fin-delay-ms", c.fin_delay_ms);
  // The ledger's requests are a few dozen bytes; a small bound keeps every datagram small.
  c.payload_bytes_max = 4096;
  return merge_peers(f, file, o);
}

int run_serve(cli::Args args) {
  CLI::App app(
      "asyncflow serve: the UDP daemon (one durable kernel state, a ledger app, "
      "/metrics)",
      "asyncflow serve");
  app.footer(kFooter);
  Flags f;
  std::map<std::string, CLI::Option*> timing_options;
  add_flags(app, f, timing_options);
  if (auto exit = parse_command(app, kCommand, args)) return *exit;
  ServeFileSettings file;
  if (!f.config.empty()) {
    auto read = read_serve_config(f.config);
    if (auto* error = std::get_if<std::string>(&read)) return usage_error(kCommand, *error);
    file = std::get<ServeFileSettings>(std::move(read));
  }
  DaemonOptions options;
  if (auto error = merge(f, timing_options, file, options); !error.empty())
    return usage_error(kCommand, error);
  if (auto error = check_options(options); !error.empty()) return usage_error(kCommand, error);
  return run_daemon(options);
}

}  // namespace
}  // namespace asyncflow::host

ASYNCFLOW_COMMAND("serve", "UDP daemon: one durable kernel state, a ledger app, /metrics",
                  asyncflow::host::run_serve)
