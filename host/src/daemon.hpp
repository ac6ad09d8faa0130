#pragma once
// `asyncflow serve`: one kernel state driven by a real clock, authenticated UDP datagrams and the
// ledger's outbox, made durable in SQLite before any effect leaves the process (docs/hosts.md).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "asyncflow/config.hpp"
#include "udp.hpp"

namespace asyncflow::host {

struct PeerOptions {
  Address address;
  std::string key_path;  // the key this daemon shares with that peer (asyncflow keygen)
};

struct DaemonOptions {
  Address listen;
  std::map<std::string, PeerOptions> peers;  // local name of the peer -> where and which key
  std::string db_path;
  std::optional<Address> metrics;
  Config config;  // used only when the database holds no state yet
  // Timing settings the operator gave (flag or config file): each that differs from the stored
  // config of an existing database is reported at start (the stored one is used).
  std::set<std::string> config_given;
  std::uint32_t calls_in_flight_max = 256;  // outbox transfers issued but not yet answered
  std::uint64_t outbox_poll_ms = 20;
  std::uint64_t counters_flush_ms = 1000;  // host counters alone are committed at most this often
};

// The checks that need no file: empty when the options can run, else what is wrong (a usage
// error: exit 2).
std::string check_options(const DaemonOptions& options);

// Runs until SIGINT or SIGTERM (returns 0) or a fatal error (a log line, returns 1).
int run_daemon(const DaemonOptions& options);

}  // namespace asyncflow::host
