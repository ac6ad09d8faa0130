#pragma once
// One breadth-first level's states as encoded bytes, in chunks (one per unit of work that made
// them, in id order). A chunk's bytes can move to an unnamed temporary file (spill) when the
// search is over its memory budget; its offsets stay in memory (4 bytes a state).
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <span>
#include <vector>

namespace asyncflow::model {

struct Chunk {
  std::uint64_t first_id = 0;
  std::vector<std::uint32_t> ends;  // state k is bytes [ends[k-1], ends[k])
  std::vector<std::uint8_t> bytes;  // empty once spilled
  bool spilled = false;
  std::uint64_t file_offset = 0;
  std::uint64_t size() const { return ends.size(); }
  std::uint64_t byte_count() const { return ends.empty() ? 0 : ends.back(); }
};

class LevelStore {
 public:
  LevelStore() = default;
  LevelStore(const LevelStore&) = delete;
  LevelStore& operator=(const LevelStore&) = delete;
  ~LevelStore();

  std::vector<Chunk> chunks;
  // Moves a chunk's bytes to the spill file (thread-safe); false if the file cannot be written.
  bool spill(Chunk& chunk);
  // The bytes of a chunk: its own, or read back into `buffer`.
  std::span<const std::uint8_t> bytes_of(const Chunk& chunk,
                                         std::vector<std::uint8_t>& buffer) const;
  std::uint64_t spilled_bytes() const { return spill_end_.load(); }

 private:
  std::FILE* file_ = nullptr;
  std::atomic<std::uint64_t> spill_end_{0};
  std::atomic<bool> opening_{false};
  std::atomic<std::FILE*> ready_{nullptr};
};

}  // namespace asyncflow::model
