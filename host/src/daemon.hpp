#pragma once
// `asyncflow serve`: one kernel state driven by a real clock, UDP datagrams and the ledger's
// outbox, made durable in SQLite before any effect leaves the process (docs/hosts.md).
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "asyncflow/config.hpp"
#include "udp.hpp"

namespace asyncflow::host {

struct DaemonOptions {
  Address listen;
  std::map<std::string, Address> peers;  // local name of the peer -> its address
  std::string db_path;
  std::optional<Address> metrics;
  Config config;                            // used only when the database holds no state yet
  std::uint32_t calls_in_flight_max = 256;  // outbox transfers issued but not yet answered
  std::uint64_t outbox_poll_ms = 20;
};

// Runs until SIGINT or SIGTERM (returns 0) or a fatal error (message on stderr, returns 1).
int run_daemon(const DaemonOptions& options);

}  // namespace asyncflow::host
