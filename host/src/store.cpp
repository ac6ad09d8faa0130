#include "store.hpp"

#include <sodium.h>

#include <algorithm>
#include <span>

namespace asyncflow::host {

namespace {

// accounts: this endpoint's balances. transfers: the caller's outbox (queued -> in_flight ->
// done). outcomes: one row per outcome the caller's app saw; deliberately not unique, so a
// second outcome would be visible to the chaos test rather than silently merged. applied: one
// row per request the receiver applied, also not unique for the same reason.
constexpr const char* kSchema = R"(
CREATE TABLE meta(key TEXT PRIMARY KEY, value NOT NULL);
CREATE TABLE kernel(id INTEGER PRIMARY KEY CHECK (id = 1), snapshot BLOB NOT NULL, checksum BLOB);
CREATE TABLE accounts(name TEXT PRIMARY KEY, balance INTEGER NOT NULL);
CREATE TABLE transfers(id INTEGER PRIMARY KEY, peer TEXT NOT NULL,
  from_account TEXT NOT NULL, to_account TEXT NOT NULL, amount INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued', msg_id TEXT);
CREATE INDEX transfers_by_state ON transfers(state, id);
CREATE INDEX transfers_by_msg_id ON transfers(msg_id);
CREATE TABLE outcomes(transfer_id INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE late_completions(transfer_id INTEGER NOT NULL, response TEXT NOT NULL);
CREATE TABLE applied(peer TEXT NOT NULL, msg_id TEXT NOT NULL,
  transfer_id INTEGER NOT NULL, to_account TEXT NOT NULL, amount INTEGER NOT NULL,
  balance_after INTEGER NOT NULL);
)";

// Format 3: the kernel's entries, one row each (kind: asyncflow::RecordKind; msg_id: 16 bytes,
// zero for a peer's pending FINs; record: the entry as a snapshot holds it). The `kernel` row
// holds the scalars record.
constexpr const char* kEntriesSchema = R"(
CREATE TABLE kernel_entries(kind INTEGER NOT NULL, peer BLOB NOT NULL, msg_id BLOB NOT NULL,
  record BLOB NOT NULL, checksum BLOB NOT NULL, PRIMARY KEY (kind, peer, msg_id)) WITHOUT ROWID;
)";

constexpr const char* kTables[] = {"meta",     "kernel",  "accounts",        "transfers",
                                   "outcomes", "applied", "late_completions"};
constexpr std::string_view kChecksumDomain = "asyncflow-host/2 kernel row";
constexpr std::string_view kScalarsDomain = "asyncflow-host/3 scalars";
constexpr std::string_view kEntryDomain = "asyncflow-host/3 entry";
constexpr std::size_t kEntryChecksumBytes = 16;  // BLAKE2b-128: a row's rot, not an attacker

Bytes checksum(std::string_view domain, std::uint8_t kind, std::span<const std::uint8_t> data,
               std::size_t size) {
  Bytes out(size);
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain.data()),
                            domain.size());
  crypto_generichash_update(&state, &kind, 1);
  crypto_generichash_update(&state, data.data(), data.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

Bytes msg_id_bytes(const MsgId& id) {
  Bytes b(16);
  for (int i = 0; i < 8; ++i) {
    b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(id.hi >> (56 - 8 * i));
    b[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(id.lo >> (56 - 8 * i));
  }
  return b;
}

struct Inspection {
  std::vector<std::string> tables;
  std::optional<std::string> format;
  bool empty() const { return tables.empty(); }
};

// Reads only. quick_check reads every page: a truncated or damaged file is refused here, at
// start, rather than half-way through a transaction; a file that is no database fails on this
// first read.
Inspection inspect(Database& db) {
  {
    auto check = db.prepare("PRAGMA quick_check");
    if (!check.step() || check.text(0) != "ok")
      throw SqliteError("database failed its integrity check: " + check.text(0));
  }
  Inspection found;
  auto tables = db.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "ORDER BY name");
  while (tables.step()) found.tables.push_back(tables.text(0));
  if (std::find(found.tables.begin(), found.tables.end(), "meta") != found.tables.end()) {
    auto format = db.prepare("SELECT value FROM meta WHERE key = 'format'");
    if (format.step()) found.format = format.text(0);
  }
  return found;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// The checks every opener makes; true when the file is empty (a new database).
bool check_asyncflow_file(const Inspection& found) {
  if (found.empty()) return true;
  if (!found.format)
    throw SqliteError("not an asyncflow host database (it holds the tables " +
                      joined(found.tables) +
                      " and no asyncflow format row); refused and left untouched");
  if (*found.format != kStoreFormat && *found.format != kStoreFormatV2 &&
      *found.format != kStoreFormatV1)
    throw SqliteError("database format '" + *found.format + "' is not one this asyncflow reads (" +
                      std::string(kStoreFormatV1) + ", " + std::string(kStoreFormatV2) + ", " +
                      std::string(kStoreFormat) + "); refused and left untouched");
  std::vector<std::string> needed(std::begin(kTables), std::end(kTables));
  if (*found.format == kStoreFormat) needed.emplace_back("kernel_entries");
  for (const auto& table : needed)
    if (std::find(found.tables.begin(), found.tables.end(), table) == found.tables.end())
      throw SqliteError("damaged asyncflow database: table '" + table +
                        "' is missing; refused and left untouched");
  return false;
}

void create_schema(Database& db) {
  db.exec("PRAGMA journal_mode=WAL");
  Transaction tx(db);
  db.exec(kSchema);
  db.exec(kEntriesSchema);
  db.prepare("INSERT INTO meta(key, value) VALUES ('format', ?1)").bind(1, kStoreFormat).run();
  tx.commit();
}

std::int64_t count(Database& db, std::string_view sql) {
  auto q = db.prepare(sql);
  q.step();
  return q.integer(0);
}

// A database that has run a daemon before but lost its kernel row would start afresh, with the
// memory of applied request ids gone: a retransmitted NEW would be applied a second time.
void refuse_missing_kernel_row(Database& db) {
  std::vector<std::string> history;
  if (const auto n = meta_integer(db, "host_starts"); n > 0)
    history.push_back(std::to_string(n) + " daemon start(s)");
  if (meta_text(db, "endpoint_id")) history.push_back("an endpoint id");
  const std::pair<const char*, const char*> checks[] = {
      {"SELECT count(*) FROM transfers WHERE state != 'queued'", "transfers issued"},
      {"SELECT count(*) FROM outcomes", "outcomes"},
      {"SELECT count(*) FROM applied", "applied requests"},
      {"SELECT count(*) FROM late_completions", "late completions"}};
  for (const auto& [sql, what] : checks)
    if (const auto n = count(db, sql); n > 0) history.push_back(std::to_string(n) + " " + what);
  if (!history.empty())
    throw SqliteError("the kernel state row is missing from a database that has run before (" +
                      joined(history) +
                      "): starting afresh would forget which requests were applied; restore the "
                      "file from a backup. Refused and left untouched");
}

bool has_column(Database& db, std::string_view table, std::string_view column) {
  auto q = db.prepare("SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2");
  q.bind(1, table).bind(2, column);
  q.step();
  return q.integer(0) > 0;
}

EndpointId endpoint_id_in(Database& db) {
  EndpointId id{};
  if (auto hex = meta_text(db, "endpoint_id"); hex && hex->size() == 2 * id.size()) {
    for (std::size_t i = 0; i < id.size(); ++i)
      id[i] = static_cast<std::uint8_t>(std::stoi(hex->substr(2 * i, 2), nullptr, 16));
    return id;
  }
  randombytes_buf(id.data(), id.size());
  db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('endpoint_id', ?1)")
      .bind(1, to_hex(id.data(), id.size()))
      .run();
  return id;
}

}  // namespace

Bytes kernel_row_checksum(const Bytes& snapshot) {
  Bytes out(crypto_generichash_BYTES);
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kChecksumDomain.data()),
                            kChecksumDomain.size());
  crypto_generichash_update(&state, snapshot.data(), snapshot.size());
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

void open_store(Database& db) {
  if (check_asyncflow_file(inspect(db))) create_schema(db);
}

OpenedStore open_daemon_store(Database& db, const std::string& owner,
                              const std::vector<std::string>& peers) {
  const Inspection found = inspect(db);
  const bool fresh = check_asyncflow_file(found);
  OpenedStore opened;
  if (!fresh) {
    opened.state = load_kernel_state(db);  // every checksum verified before anything changes
    if (!opened.state) refuse_missing_kernel_row(db);
  }
  // Checked: from here on the file may change.
  if (fresh) create_schema(db);
  db.exec("PRAGMA journal_mode=WAL");
  Transaction tx(db);
  if (!fresh && *found.format != kStoreFormat) {
    // Formats 1 and 2 held one snapshot row: the same state, now written as rows.
    if (!has_column(db, "kernel", "checksum"))
      db.exec("ALTER TABLE kernel ADD COLUMN checksum BLOB");
    db.exec(kEntriesSchema);
    db.prepare("UPDATE meta SET value = ?1 WHERE key = 'format'").bind(1, kStoreFormat).run();
    if (opened.state) save_kernel_state(db, *opened.state);
    opened.upgraded_from = *found.format;
  }
  opened.endpoint_id = endpoint_id_in(db);
  db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('owner', ?1)").bind(1, owner).run();
  std::string names;  // peer names have no spaces (Peer::from_text of a --peer NAME)
  for (const auto& p : peers) names += (names.empty() ? "" : " ") + p;
  db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('peers', ?1)").bind(1, names).run();
  tx.commit();
  return opened;
}

std::optional<std::vector<std::string>> daemon_peers(Database& db) {
  const auto names = meta_text(db, "peers");
  if (!names) return std::nullopt;
  std::vector<std::string> out;
  std::string_view rest = *names;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    out.emplace_back(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  return out;
}

std::optional<Bytes> load_kernel_snapshot(Database& db) {
  const bool v2 = meta_text(db, "format").value_or("") == kStoreFormatV2;
  auto q = db.prepare(v2 ? "SELECT snapshot, checksum FROM kernel WHERE id = 1"
                         : "SELECT snapshot FROM kernel WHERE id = 1");
  if (!q.step()) return std::nullopt;
  Bytes snapshot = q.blob(0);
  if (v2 && (q.is_null(1) || q.blob(1) != kernel_row_checksum(snapshot)))
    throw SqliteError(
        "the kernel state row does not match its checksum (the file was changed outside "
        "asyncflow, or the disk corrupted it); restore the file from a backup. Refused and left "
        "untouched");
  return snapshot;
}

void save_kernel_snapshot(Database& db, const Bytes& snapshot) {
  db.prepare("INSERT OR REPLACE INTO kernel(id, snapshot, checksum) VALUES (1, ?1, ?2)")
      .bind_blob(1, snapshot)
      .bind_blob(2, kernel_row_checksum(snapshot))
      .run();
}

namespace {

State restored_or_throw(std::variant<State, RestoreError> restored) {
  if (auto* error = std::get_if<RestoreError>(&restored))
    throw SqliteError("the kernel state in the database is damaged (" +
                      std::string(name_of(*error)) +
                      "); restore the file from a backup. Refused and left untouched");
  return std::get<State>(std::move(restored));
}

constexpr const char* kRowRot =
    " does not match its checksum (the file was changed outside asyncflow, or the disk "
    "corrupted it); restore the file from a backup. Refused and left untouched";

void save_scalars(Database& db, const Bytes& scalars) {
  db.prepare("INSERT OR REPLACE INTO kernel(id, snapshot, checksum) VALUES (1, ?1, ?2)")
      .bind_blob(1, scalars)
      .bind_blob(2, checksum(kScalarsDomain, 0, scalars, crypto_generichash_BYTES))
      .run();
}

void save_entry(Statement& upsert, RecordKind kind, const Peer& peer, const MsgId& id,
                const Bytes& record) {
  const auto k = static_cast<std::uint8_t>(kind);
  upsert.bind(1, std::int64_t{k})
      .bind_blob(2, Bytes(peer.bytes().begin(), peer.bytes().end()))
      .bind_blob(3, msg_id_bytes(id))
      .bind_blob(4, record)
      .bind_blob(5, checksum(kEntryDomain, k, record, kEntryChecksumBytes))
      .run();
}

constexpr const char* kUpsertEntry =
    "INSERT OR REPLACE INTO kernel_entries(kind, peer, msg_id, record, checksum) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

}  // namespace

std::optional<State> load_kernel_state(Database& db) {
  const auto format = meta_text(db, "format").value_or("");
  if (format != kStoreFormat) {
    const auto snap = load_kernel_snapshot(db);
    if (!snap) return std::nullopt;
    return restored_or_throw(restore(*snap));
  }
  auto q = db.prepare("SELECT snapshot, checksum FROM kernel WHERE id = 1");
  if (!q.step()) return std::nullopt;
  const Bytes scalars = q.blob(0);
  if (q.is_null(1) || q.blob(1) != checksum(kScalarsDomain, 0, scalars, crypto_generichash_BYTES))
    throw SqliteError(std::string("the kernel state row") + kRowRot);
  std::vector<StoredRecord> records;
  auto rows = db.prepare("SELECT kind, record, checksum FROM kernel_entries");
  while (rows.step()) {
    const auto kind = rows.integer(0);
    if (kind < 1 || kind > 3)
      throw SqliteError("a kernel entry row has the unknown kind " + std::to_string(kind) +
                        "; refused and left untouched");
    Bytes record = rows.blob(1);
    if (rows.blob(2) !=
        checksum(kEntryDomain, static_cast<std::uint8_t>(kind), record, kEntryChecksumBytes))
      throw SqliteError(std::string("a kernel entry row") + kRowRot);
    records.push_back({static_cast<RecordKind>(kind), std::move(record)});
  }
  return restored_or_throw(restore_from_records(scalars, records));
}

void save_kernel_state(Database& db, const State& state) {
  db.exec("DELETE FROM kernel_entries");
  save_kernel_entries(db, Journal{entries_of(state), {}, false});
  save_scalars(db, scalars_record(state));
}

void save_kernel_entries(Database& db, const Journal& journal) {
  if (journal.entries.empty()) return;
  auto upsert = db.prepare(kUpsertEntry);
  auto remove =
      db.prepare("DELETE FROM kernel_entries WHERE kind = ?1 AND peer = ?2 AND msg_id = ?3");
  for (const auto& e : journal.entries) {
    if (e.change == Change::Removed) {
      remove.bind(1, std::int64_t{static_cast<std::uint8_t>(e.kind)})
          .bind_blob(2, Bytes(e.peer.bytes().begin(), e.peer.bytes().end()))
          .bind_blob(3, msg_id_bytes(e.msg_id))
          .run();
    } else {
      save_entry(upsert, e.kind, e.peer, e.msg_id, e.record);
    }
  }
}

void save_kernel_scalars(Database& db, const State& state) {
  save_scalars(db, scalars_record(state));
}

std::int64_t meta_integer(Database& db, std::string_view key) {
  auto q = db.prepare("SELECT value FROM meta WHERE key = ?1");
  q.bind(1, key);
  return q.step() ? q.integer(0) : 0;
}

std::optional<std::string> meta_text(Database& db, std::string_view key) {
  auto q = db.prepare("SELECT value FROM meta WHERE key = ?1");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
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
