#include "sqlite_db.hpp"

#include <filesystem>
#include <system_error>

namespace asyncflow::host {

namespace {
[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw SqliteError(std::string(what) + ": " + sqlite3_errmsg(db));
}
}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK)
    fail(db, "prepare '" + std::string(sql) + "'");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, const std::vector<std::uint8_t>& blob) {
  if (sqlite3_bind_blob64(stmt_, index, blob.data(), blob.size(), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "step");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

std::vector<std::uint8_t> Statement::blob(int column) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

namespace {

// `path` as an SQLite URI naming the same file, read-only and immutable (no locks, no -shm).
std::string immutable_uri(const std::string& path) {
  std::string uri = path.starts_with('/') ? "file://" : "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789abcdef";
      uri += '%';
      uri += kHex[static_cast<unsigned char>(c) >> 4];
      uri += kHex[static_cast<unsigned char>(c) & 15];
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

Database::Database(const std::string& path, Access access) {
  const int flags = access == Access::ReadOnly ? SQLITE_OPEN_READONLY
                    : access == Access::ReadWriteExisting
                        ? SQLITE_OPEN_READWRITE
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    std::error_code ec;
    if (access != Access::ReadWrite && !std::filesystem::exists(path, ec))
      throw SqliteError(
          "no database at " + path + " (it is not created here: `asyncflow serve --db " + path +
          "` or `asyncflow ledger --db " + path + " --open ACCOUNT=AMOUNT` makes one)");
    throw SqliteError("cannot open " + path + ": " + message);
  }
  // Several processes (the daemon, `asyncflow transfer`) share the file: wait, do not fail.
  sqlite3_busy_timeout(db_, 5000);
  if (access == Access::ReadOnly) {
    // A reader of a WAL database needs its -shm file, which SQLite creates on the first read if
    // it can. In a folder this user may not write, with no writer running (no -wal file), it
    // cannot: the file is then read as immutable, which is exact when nothing is writing it.
    if (sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
      const bool readonly = (sqlite3_errcode(db_) & 0xff) == SQLITE_READONLY;
      std::string message = sqlite3_errmsg(db_);
      sqlite3_close(db_);
      db_ = nullptr;
      std::error_code ec;
      if (!readonly || std::filesystem::exists(path + "-wal", ec))
        throw SqliteError("cannot read " + path + ": " + message);
      if (sqlite3_open_v2(immutable_uri(path).c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                          nullptr) != SQLITE_OK) {
        message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw SqliteError("cannot read " + path + ": " + message);
      }
    }
    return;  // synchronous= is for writers
  }
  try {
    // FULL: a committed transaction survives power loss, not only a process kill. A per-connection
    // setting: nothing is written to the file (WAL is set by open_store, after its checks).
    exec("PRAGMA synchronous=FULL");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

Database::~Database() {
  sqlite3_close(db_);
}

void Database::exec(std::string_view sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw SqliteError(text);
  }
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // the connection is unusable: the caller is already unwinding with an error
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

void Transaction::rollback() {
  done_ = true;
  db_.exec("ROLLBACK");
}

}  // namespace asyncflow::host
