#include "store.hpp"

namespace asyncflow::host {

namespace {

// accounts: this endpoint's balances. transfers: the caller's outbox (queued -> in_flight ->
// done). outcomes: one row per outcome the caller's app saw; deliberately not unique, so a
// second outcome would be visible to the chaos test rather than silently merged. applied: one
// row per request the receiver applied, also not unique for the same reason.
constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value NOT NULL);
CREATE TABLE IF NOT EXISTS kernel(id INTEGER PRIMARY KEY CHECK (id = 1), snapshot BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS accounts(name TEXT PRIMARY KEY, balance INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS transfers(id INTEGER PRIMARY KEY, peer TEXT NOT NULL,
  from_account TEXT NOT NULL, to_account TEXT NOT NULL, amount INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued', msg_id TEXT);
CREATE INDEX IF NOT EXISTS transfers_by_state ON transfers(state, id);
CREATE INDEX IF NOT EXISTS transfers_by_msg_id ON transfers(msg_id);
CREATE TABLE IF NOT EXISTS outcomes(transfer_id INTEGER NOT NULL, kind TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS late_completions(transfer_id INTEGER NOT NULL, response TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS applied(peer TEXT NOT NULL, msg_id TEXT NOT NULL,
  transfer_id INTEGER NOT NULL, to_account TEXT NOT NULL, amount INTEGER NOT NULL,
  balance_after INTEGER NOT NULL);
)";

}  // namespace

void open_store(Database& db) {
  // quick_check reads every page: a truncated or damaged file is refused here, at start, rather
  // than half-way through a transaction.
  {
    auto check = db.prepare("PRAGMA quick_check");
    if (!check.step() || check.text(0) != "ok")
      throw SqliteError("database failed its integrity check: " + check.text(0));
  }
  Transaction tx(db);
  db.exec(kSchema);
  auto format = db.prepare("SELECT value FROM meta WHERE key = 'format'");
  if (format.step()) {
    if (format.text(0) != kStoreFormat)
      throw SqliteError("not an asyncflow host database (format '" + format.text(0) + "', want '" +
                        std::string(kStoreFormat) + "')");
  } else {
    db.prepare("INSERT INTO meta(key, value) VALUES ('format', ?1)").bind(1, kStoreFormat).run();
  }
  tx.commit();
}

std::optional<Bytes> load_kernel_snapshot(Database& db) {
  auto q = db.prepare("SELECT snapshot FROM kernel WHERE id = 1");
  if (!q.step()) return std::nullopt;
  return q.blob(0);
}

void save_kernel_snapshot(Database& db, const Bytes& snapshot) {
  db.prepare("INSERT OR REPLACE INTO kernel(id, snapshot) VALUES (1, ?1)")
      .bind_blob(1, snapshot)
      .run();
}

std::int64_t meta_integer(Database& db, std::string_view key) {
  auto q = db.prepare("SELECT value FROM meta WHERE key = ?1");
  q.bind(1, key);
  return q.step() ? q.integer(0) : 0;
}

void add_meta_integer(Database& db, std::string_view key, std::int64_t delta) {
  db.prepare(
        "INSERT INTO meta(key, value) VALUES (?1, ?2) "
        "ON CONFLICT(key) DO UPDATE SET value = value + ?2")
      .bind(1, key)
      .bind(2, delta)
      .run();
}

HostCounters load_host_counters(Database& db) {
  HostCounters counters;
  for (const auto& field : kHostCounterFields)
    counters.*field.member =
        static_cast<std::uint64_t>(meta_integer(db, "host_" + std::string(field.name)));
  return counters;
}

void store_host_counters(Database& db, const HostCounters& now, HostCounters& stored) {
  for (const auto& field : kHostCounterFields) {
    const std::uint64_t delta = now.*field.member - stored.*field.member;
    if (delta != 0)
      add_meta_integer(db, "host_" + std::string(field.name), static_cast<std::int64_t>(delta));
  }
  stored = now;
}

}  // namespace asyncflow::host
