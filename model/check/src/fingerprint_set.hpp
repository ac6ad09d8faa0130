#pragma once
// The visited set shared by the search threads: 128-bit fingerprints -> a 64-bit value, in
// 1,024 shards (picked by the fingerprint's top bits), each an open-addressing table with its
// own lock. Threads meet on a shard rarely (1 in 1,024 per pair of inserts), so a lock is held
// for one probe sequence and almost never waited for.
//
// Values: a state of an earlier level holds its id; a state first seen in the level being
// expanded holds kTentative | key, where key = (parent id << 16 | action index) and the smallest
// key offered wins: that is the predecessor a one-thread breadth-first search would have met
// first, whatever the threads' timing.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "world_codec.hpp"

namespace asyncflow::model {

class FingerprintSet {
 public:
  static constexpr std::uint64_t kTentative = 1ull << 63;
  static constexpr std::uint64_t kAbsent = ~0ull;
  enum class Seen : std::uint8_t { New, Lowered, Kept };
  struct Offer {
    Seen seen;
    std::uint64_t value;  // the value before the offer (kAbsent when New)
  };

  FingerprintSet();
  FingerprintSet(const FingerprintSet&) = delete;
  FingerprintSet& operator=(const FingerprintSet&) = delete;

  // Inserts fp with kTentative | key, or lowers a tentative value to it; final values stay.
  Offer offer(const codec::Fingerprint& fp, std::uint64_t key);
  std::uint64_t get(const codec::Fingerprint& fp) const;        // kAbsent if not there
  void set(const codec::Fingerprint& fp, std::uint64_t value);  // fp must be there
  std::uint64_t size() const;
  std::uint64_t memory_bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  struct Slot {
    std::uint64_t hi = 0, lo = 0, value = 0;
  };
  struct Shard {
    mutable std::mutex lock;
    std::vector<Slot> slots;
    std::uint64_t count = 0;
  };
  static constexpr unsigned kShardBits = 10;
  static codec::Fingerprint nonzero(codec::Fingerprint fp);
  Shard& shard_of(const codec::Fingerprint& fp) const;
  static Slot* find(Shard& s, const codec::Fingerprint& fp);  // the slot holding fp or empty
  void grow(Shard& s);
  std::unique_ptr<Shard[]> shards_;
  std::atomic<std::uint64_t> bytes_{0};  // every shard's slots, kept as they grow
};

}  // namespace asyncflow::model
