#include "rules.hpp"

namespace asyncflow::detail {
namespace {

// SplitMix64 (Steele, Lea, Flood 2014): 8 bytes of state, passes BigCrush, trivially
// snapshotted. The ids need unpredictability only against accidental collision, not secrecy.
std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

std::optional<NextId> next_ulid(const UlidGenerator& gen, TimeMs now_ms,
                                RefusalReason& why) noexcept {
  if (now_ms > MsgId::kTimeMsMax) {
    why = RefusalReason::ClockOutOfRange;
    return std::nullopt;
  }
  NextId next{{}, gen};
  // The kernel clock is monotonic, so the last id's time is never ahead of now.
  AF_ASSERT(gen.last.time_ms() <= now_ms);
  if (gen.last != MsgId{} && gen.last.time_ms() == now_ms) {
    // Same millisecond: increment the 80 random bits (ULID's monotonic mode).
    std::uint64_t lo = gen.last.lo + 1;
    std::uint16_t rhi = gen.last.random_hi();
    if (lo == 0) {
      if (rhi == 0xFFFF) {
        why = RefusalReason::IdSpaceExhausted;
        return std::nullopt;
      }
      ++rhi;
    }
    next.id = MsgId::from_parts(now_ms, rhi, lo);
  } else {
    const std::uint64_t a = splitmix64(next.after.rng_state);
    const std::uint64_t b = splitmix64(next.after.rng_state);
    // Keep the top random bit clear so a millisecond always has room for 2^79 increments.
    next.id = MsgId::from_parts(now_ms, static_cast<std::uint16_t>(a & 0x7FFF), b);
  }
  next.after.last = next.id;
  return next;
}

}  // namespace asyncflow::detail
