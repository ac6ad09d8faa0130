#pragma once
// The daemon's database: schema, format checks, and the kernel's state as rows (format 3): one
// row per kernel entry (out flow, in flow, a peer's pending FINs) written from each step's
// journal (asyncflow/journal.hpp), and one scalars row; every row carries a checksum. A batch
// writes only the entries it changed. docs/hosts.md, "The database".
//
// Nothing is written to a file before it has been checked: another program's SQLite file, an
// unknown format, a damaged or incomplete asyncflow database are refused with a message naming
// the problem and left as they were.
#include <optional>
#include <string>
#include <vector>

#include "asyncflow/frame.hpp"
#include "asyncflow/journal.hpp"
#include "asyncflow/state.hpp"
#include "auth.hpp"
#include "host_counters.hpp"
#include "sqlite_db.hpp"

namespace asyncflow::host {

inline constexpr std::string_view kStoreFormat = "asyncflow-host/3";    // rows per kernel entry
inline constexpr std::string_view kStoreFormatV2 = "asyncflow-host/2";  // one snapshot row + sum
inline constexpr std::string_view kStoreFormatV1 = "asyncflow-host/1";  // one snapshot row
// Formats 1 and 2 are upgraded to 3 by the daemon's first open; the tools read all three.

// For the command-line tools: opens an asyncflow database of either format, or creates the
// schema in an empty file. Throws SqliteError naming the problem (the file left untouched).
void open_store(Database& db);

struct OpenedStore {
  EndpointId endpoint_id{};
  std::optional<State> state;  // the stored kernel state, every checksum verified; none: new
  std::string upgraded_from;   // the older format this open upgraded the file from, if any
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

// The stored kernel state of a database of any format; none when it holds none. Throws
// SqliteError naming the problem: a checksum that does not match, a state restore() refuses.
std::optional<State> load_kernel_state(Database& db);
// Format 3: the whole state's rows (a new database, an upgrade), replacing any stored ones.
void save_kernel_state(Database& db, const State& state);
// Format 3: the entries one step changed, upserted or deleted (the scalars are not written:
// save_kernel_scalars does that once per commit).
void save_kernel_entries(Database& db, const Journal& journal);
// Format 3: the scalars row (config, clock, id generator, counters) of `state`.
void save_kernel_scalars(Database& db, const State& state);

// Format 2's one snapshot row (read for upgrades; written by tests that make format-2 files).
std::optional<Bytes> load_kernel_snapshot(Database& db);
void save_kernel_snapshot(Database& db, const Bytes& snapshot);
// BLAKE2b-256 of the snapshot under a domain label: what format 2's kernel row checksum holds.
Bytes kernel_row_checksum(const Bytes& snapshot);

std::int64_t meta_integer(Database& db, std::string_view key);
std::optional<std::string> meta_text(Database& db, std::string_view key);
void add_meta_integer(Database& db, std::string_view key, std::int64_t delta);

HostCounters load_host_counters(Database& db);
// Adds what `now` counted beyond `stored` to the database; then stored = now.
void store_host_counters(Database& db, const HostCounters& now, HostCounters& stored);

}  // namespace asyncflow::host
