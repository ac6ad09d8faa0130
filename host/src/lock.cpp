#include "lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "sqlite_db.hpp"
#include "store.hpp"

namespace asyncflow::host {

namespace {

std::string recorded_owner(const std::string& db_path) {
  try {
    Database db(db_path, Database::Access::ReadOnly);
    return meta_text(db, "owner").value_or("no owner recorded");
  } catch (const std::exception& e) {
    return std::string("owner unreadable: ") + e.what();
  }
}

}  // namespace

DatabaseLock::DatabaseLock(const std::string& db_path) {
  fd_ = ::open(db_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0)
    throw std::runtime_error("cannot open database " + db_path +
                             " for writing: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK)
      throw std::runtime_error("database " + db_path + " is in use by another asyncflow serve (" +
                               recorded_owner(db_path) +
                               "); one daemon per database: stop that one first");
    throw std::runtime_error("cannot lock database " + db_path + ": " + std::strerror(error));
  }
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace asyncflow::host
