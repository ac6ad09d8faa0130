#pragma once
// The daemon's database: schema, format check, and the kernel's state (one snapshot row,
// rewritten in the same transaction as the app's changes after every batch of events).
#include <optional>
#include <string>

#include "asyncflow/frame.hpp"
#include "host_counters.hpp"
#include "sqlite_db.hpp"

namespace asyncflow::host {

inline constexpr std::string_view kStoreFormat = "asyncflow-host/1";

// Opens the file, checks it is a healthy database of this format (or empty, then creates the
// schema). Throws SqliteError with a message that names the problem.
void open_store(Database& db);

std::optional<Bytes> load_kernel_snapshot(Database& db);
void save_kernel_snapshot(Database& db, const Bytes& snapshot);

std::int64_t meta_integer(Database& db, std::string_view key);
void add_meta_integer(Database& db, std::string_view key, std::int64_t delta);

HostCounters load_host_counters(Database& db);
// Adds what `now` counted beyond `stored` to the database; then stored = now.
void store_host_counters(Database& db, const HostCounters& now, HostCounters& stored);

}  // namespace asyncflow::host
