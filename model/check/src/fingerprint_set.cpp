#include "fingerprint_set.hpp"

#include <cassert>

namespace asyncflow::model {

FingerprintSet::FingerprintSet() : shards_(new Shard[std::size_t{1} << kShardBits]) {
  for (std::size_t i = 0; i < (std::size_t{1} << kShardBits); ++i) shards_[i].slots.resize(64);
  bytes_ = (std::uint64_t{64} << kShardBits) * sizeof(Slot);
}

codec::Fingerprint FingerprintSet::nonzero(codec::Fingerprint fp) {
  if (fp.hi == 0 && fp.lo == 0) fp.lo = 1;  // all-zero marks an empty slot
  return fp;
}

FingerprintSet::Shard& FingerprintSet::shard_of(const codec::Fingerprint& fp) const {
  return shards_[fp.hi >> (64 - kShardBits)];
}

FingerprintSet::Slot* FingerprintSet::find(Shard& s, const codec::Fingerprint& fp) {
  const std::size_t mask = s.slots.size() - 1;
  for (std::size_t i = fp.lo & mask;; i = (i + 1) & mask) {
    Slot& slot = s.slots[i];
    if ((slot.hi == fp.hi && slot.lo == fp.lo) || (slot.hi == 0 && slot.lo == 0)) return &slot;
  }
}

void FingerprintSet::grow(Shard& s) {
  std::vector<Slot> old(s.slots.size() * 2);
  bytes_ += old.size() / 2 * sizeof(Slot);
  old.swap(s.slots);
  for (const Slot& slot : old)
    if (slot.hi != 0 || slot.lo != 0) *find(s, {slot.hi, slot.lo}) = slot;
}

FingerprintSet::Offer FingerprintSet::offer(const codec::Fingerprint& raw, std::uint64_t key) {
  assert(key < kTentative);
  const codec::Fingerprint fp = nonzero(raw);
  Shard& s = shard_of(fp);
  std::lock_guard guard(s.lock);
  Slot* slot = find(s, fp);
  if (slot->hi == 0 && slot->lo == 0) {
    if ((s.count + 1) * 10 > s.slots.size() * 7) {  // at most 70 % full
      grow(s);
      slot = find(s, fp);
    }
    *slot = Slot{fp.hi, fp.lo, kTentative | key};
    ++s.count;
    return {Seen::New, kAbsent};
  }
  const std::uint64_t before = slot->value;
  if ((before & kTentative) != 0 && key < (before & ~kTentative)) {
    slot->value = kTentative | key;
    return {Seen::Lowered, before};
  }
  return {Seen::Kept, before};
}

std::uint64_t FingerprintSet::get(const codec::Fingerprint& raw) const {
  const codec::Fingerprint fp = nonzero(raw);
  Shard& s = shard_of(fp);
  std::lock_guard guard(s.lock);
  const Slot* slot = find(s, fp);
  return slot->hi == 0 && slot->lo == 0 ? kAbsent : slot->value;
}

void FingerprintSet::set(const codec::Fingerprint& raw, std::uint64_t value) {
  const codec::Fingerprint fp = nonzero(raw);
  Shard& s = shard_of(fp);
  std::lock_guard guard(s.lock);
  Slot* slot = find(s, fp);
  assert(slot->hi != 0 || slot->lo != 0);
  slot->value = value;
}

std::uint64_t FingerprintSet::size() const {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < (std::size_t{1} << kShardBits); ++i) {
    std::lock_guard guard(shards_[i].lock);
    n += shards_[i].count;
  }
  return n;
}

}  // namespace asyncflow::model
