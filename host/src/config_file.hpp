#pragma once
// `asyncflow serve --config FILE`: the same settings as the flags, in TOML (flags win):
//
//   listen = "127.0.0.1:7001"
//   db = "/var/lib/asyncflow/alice.db"
//   metrics = "127.0.0.1:9101"          # optional
//   log_level = "info"                  # optional: error, warn, info, debug
//   calls_in_flight_max = 256           # optional
//   [timing]                            # optional; used when the database is new
//   retry_initial_ms = 1000
//   retry_max_ms = 60000
//   attempts = 6
//   clock_skew_ms = 1000
//   fin_delay_ms = 0
//   [peers.bob]
//   address = "127.0.0.1:7002"
//   key = "/etc/asyncflow/alice-bob.key"
//
// Unknown keys are errors (a misspelt setting must not be silently ignored).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

namespace asyncflow::host {

struct ServeFileSettings {
  std::optional<std::string> listen, db, metrics, log_level;
  std::optional<std::uint64_t> calls_in_flight_max;
  std::map<std::string, std::uint64_t> timing;  // flag name (retry-initial-ms, ...) -> value
  struct Peer {
    std::optional<std::string> address, key;
  };
  std::map<std::string, Peer> peers;
};

// The settings, or an error naming the file, the key and what is wrong.
std::variant<ServeFileSettings, std::string> read_serve_config(const std::string& path);

}  // namespace asyncflow::host
