// `asyncflow serve`: the UDP daemon (host/src/daemon.hpp).
#include <fmt/format.h>

#include "command.hpp"
#include "flags.hpp"
#include "src/daemon.hpp"

namespace asyncflow::host {
namespace {

constexpr const char* kUsage =
    R"(usage: asyncflow serve --listen HOST:PORT --peer NAME=HOST:PORT [--peer ...]
                       --db PATH [--metrics HOST:PORT] [timing flags]
Timing flags (used when the database is new; a restart keeps the stored settings):
  --retry-initial-ms N (330000)  --retry-max-ms N (3600000)  --attempts N (6, NEW and ACK)
  --clock-skew-ms N (120000)     --fin-delay-ms N (0)
  --calls-in-flight-max N (256)  transfers issued from the outbox and not yet answered
)";

int usage(const std::string& error) {
  fmt::print(stderr, "asyncflow serve: {}\n{}", error, kUsage);
  return 2;
}

int run_serve(cli::Args args) {
  cli::Flags flags(args,
                   {"listen", "peer", "db", "metrics", "retry-initial-ms", "retry-max-ms",
                    "attempts", "clock-skew-ms", "fin-delay-ms", "calls-in-flight-max"},
                   {});
  if (!flags.ok()) return usage(flags.error());
  DaemonOptions options;
  auto listen = parse_address(flags.text("listen").value_or(""));
  if (!listen) return usage("--listen needs HOST:PORT (IPv4)");
  options.listen = *listen;
  for (const auto& peer : flags.all("peer")) {
    const auto eq = peer.find('=');
    auto address = eq == std::string::npos ? std::nullopt : parse_address(peer.substr(eq + 1));
    if (!address || eq == 0) return usage("--peer needs NAME=HOST:PORT, got '" + peer + "'");
    options.peers[peer.substr(0, eq)] = *address;
  }
  if (options.peers.empty()) return usage("at least one --peer is needed");
  options.db_path = flags.text("db").value_or("");
  if (options.db_path.empty()) return usage("--db PATH is needed");
  if (auto metrics = flags.text("metrics")) {
    options.metrics = parse_address(*metrics);
    if (!options.metrics) return usage("--metrics needs HOST:PORT (IPv4)");
  }
  Config& c = options.config;
  c.retry_initial_ms = flags.u64("retry-initial-ms", c.retry_initial_ms);
  c.retry_interval_max_ms = flags.u64("retry-max-ms", c.retry_interval_max_ms);
  c.send_attempts_max = static_cast<std::uint32_t>(flags.u64("attempts", c.send_attempts_max));
  c.ack_attempts_max = c.send_attempts_max;
  c.clock_skew_ms = flags.u64("clock-skew-ms", c.clock_skew_ms);
  c.fin_delay_ms = flags.u64("fin-delay-ms", c.fin_delay_ms);
  // The ledger's requests are a few dozen bytes; a small bound keeps every datagram small.
  c.payload_bytes_max = 4096;
  options.calls_in_flight_max =
      static_cast<std::uint32_t>(flags.u64("calls-in-flight-max", options.calls_in_flight_max));
  if (!flags.ok()) return usage(flags.error());
  return run_daemon(options);
}

}  // namespace
}  // namespace asyncflow::host

ASYNCFLOW_COMMAND("serve", "UDP daemon: one durable kernel state, a ledger app, /metrics",
                  asyncflow::host::run_serve)
