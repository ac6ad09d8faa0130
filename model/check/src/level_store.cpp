#include "level_store.hpp"

#include <unistd.h>

#include <thread>

namespace asyncflow::model {

LevelStore::~LevelStore() {
  if (file_ != nullptr) std::fclose(file_);  // tmpfile(): removed when closed
}

bool LevelStore::spill(Chunk& chunk) {
  if (chunk.spilled || chunk.bytes.empty()) return true;
  // The first spill opens the file; others wait for it.
  if (ready_.load() == nullptr) {
    bool expected = false;
    if (opening_.compare_exchange_strong(expected, true)) {
      file_ = std::tmpfile();
      ready_.store(file_ != nullptr ? file_ : reinterpret_cast<std::FILE*>(1));
    } else {
      while (ready_.load() == nullptr) std::this_thread::yield();
    }
  }
  if (ready_.load() == reinterpret_cast<std::FILE*>(1)) return false;
  const std::uint64_t offset = spill_end_.fetch_add(chunk.bytes.size());
  const int fd = fileno(file_);
  std::size_t done = 0;
  while (done < chunk.bytes.size()) {
    const ssize_t n = ::pwrite(fd, chunk.bytes.data() + done, chunk.bytes.size() - done,
                               static_cast<off_t>(offset + done));
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  chunk.file_offset = offset;
  chunk.spilled = true;
  std::vector<std::uint8_t>().swap(chunk.bytes);
  return true;
}

std::span<const std::uint8_t> LevelStore::bytes_of(const Chunk& chunk,
                                                   std::vector<std::uint8_t>& buffer) const {
  if (!chunk.spilled) return chunk.bytes;
  buffer.resize(chunk.byte_count());
  const int fd = fileno(file_);
  std::size_t done = 0;
  while (done < buffer.size()) {
    const ssize_t n = ::pread(fd, buffer.data() + done, buffer.size() - done,
                              static_cast<off_t>(chunk.file_offset + done));
    if (n <= 0) return {};  // the caller treats a short chunk as a decode failure
    done += static_cast<std::size_t>(n);
  }
  return buffer;
}

}  // namespace asyncflow::model
