#pragma once
// A thin RAII layer over SQLite: open a database, run statements, bind and read columns.
// Every failure is a SqliteError carrying SQLite's own message, so callers report it and stop.
#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace asyncflow::host {

struct SqliteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, const std::vector<std::uint8_t>& blob);
  bool step();  // true while a row is available
  void run();   // step to the end, reset for reuse
  void reset();

  std::int64_t integer(int column) const;
  std::string text(int column) const;
  std::vector<std::uint8_t> blob(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  // ReadWrite creates the file if absent (the daemon, `ledger --open`); ReadWriteExisting and
  // ReadOnly never create one: a missing file is a SqliteError naming the path.
  enum class Access : std::uint8_t { ReadWrite, ReadOnly, ReadWriteExisting };
  // Opens as `access` says. Writes nothing: open_store checks the file before it changes
  // anything (journal mode included).
  explicit Database(const std::string& path, Access access = Access::ReadWrite);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  std::int64_t changes() const { return sqlite3_changes64(db_); }
  // Rows changed by this connection since it opened: a batch that changed none need not commit.
  std::int64_t total_changes() const { return sqlite3_total_changes64(db_); }

 private:
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();
  void rollback();  // undoes everything since BEGIN; nothing reaches the file

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace asyncflow::host
