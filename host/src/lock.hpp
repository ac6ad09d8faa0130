#pragma once
// One writer per database: `asyncflow serve` holds an exclusive flock(2) on the database file for
// its whole life. A second daemon on the same file fails to take it and refuses to start, naming
// the holder that the first recorded in meta 'owner'. flock is separate from SQLite's own
// fcntl locks (which the command-line tools still share), and the kernel drops it when the
// holder dies, SIGKILL included: no stale lock to clean up.
#include <string>

namespace asyncflow::host {

class DatabaseLock {
 public:
  // Creates the file if absent. Throws std::runtime_error: "in use by another daemon (...)",
  // or why the file cannot be opened for writing (a read-only path, a missing directory).
  explicit DatabaseLock(const std::string& db_path);
  ~DatabaseLock();
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace asyncflow::host
