#pragma once
// The daemon's database: schema, format checks, and the kernel's state (one snapshot row with
// its checksum, rewritten in the same transaction as the app's changes when a batch changed
// something). docs/hosts.md, "The database".
//
// Nothing is written to a file before it has been checked: another program's SQLite file, an
// unknown format, a damaged or incomplete asyncflow database are refused with a message naming
// the problem and left as they were.
#include <optional>
#include <string>
#include <vector>

#include "asyncflow/frame.hpp"
#include "auth.hpp"
#include "host_counters.hpp"
#include "sqlite_db.hpp"

namespace asyncflow::host {

inline constexpr std::string_view kStoreFormat = "asyncflow-host/2";    // snapshot row + checksum
inline constexpr std::string_view kStoreFormatV1 = "asyncflow-host/1";  // upgraded by the daemon

// For the command-line tools: opens an asyncflow database of either format, or creates the
// schema in an empty file. Throws SqliteError naming the problem (the file left untouched).
void open_store(Database& db);

struct OpenedStore {
  EndpointId endpoint_id{};
  std::optional<Bytes> snapshot;  // the kernel row, its checksum verified; none: a new database
  std::string upgraded_from;      // "asyncflow-host/1" when this open upgraded the file
};

// For the daemon (which holds the database's lock, host/src/lock.hpp): every check of
// open_store, then the ones only the daemon needs: a database that has run before (starts,
// transfers in flight, outcomes, applications) but has no kernel row is refused, as is a kernel
// row whose checksum does not match. Then, in one transaction: the schema or the upgrade from
// format 1, the endpoint id (made once), and `owner` (who holds the lock, for the next daemon's
// refusal message).
// `peers` (the names this daemon has a --peer for) are recorded too: `asyncflow transfer`
// refuses a transfer to any other name before debiting anything.
OpenedStore open_daemon_store(Database& db, const std::string& owner,
                              const std::vector<std::string>& peers);

// The peer names the last daemon on this database was started with; none: no daemon has run.
std::optional<std::vector<std::string>> daemon_peers(Database& db);

// Throws SqliteError if the row's checksum does not match (format 2).
std::optional<Bytes> load_kernel_snapshot(Database& db);
void save_kernel_snapshot(Database& db, const Bytes& snapshot);
// BLAKE2b-256 of the snapshot under a domain label: what the kernel row's checksum holds.
Bytes kernel_row_checksum(const Bytes& snapshot);

std::int64_t meta_integer(Database& db, std::string_view key);
std::optional<std::string> meta_text(Database& db, std::string_view key);
void add_meta_integer(Database& db, std::string_view key, std::int64_t delta);

HostCounters load_host_counters(Database& db);
// Adds what `now` counted beyond `stored` to the database; then stored = now.
void store_host_counters(Database& db, const HostCounters& now, HostCounters& stored);

}  // namespace asyncflow::host
