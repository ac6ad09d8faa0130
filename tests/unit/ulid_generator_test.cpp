// The in-state ULID generator: time = the kernel clock, monotonic within a millisecond, fresh
// seeded random bits (top bit clear) in a new millisecond, reproducible from the seed.
#include <set>

#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kBob = peer("bob");

TEST(UlidGenerator, SameMillisecondIncrementsTheLastId) {
  State s = fresh_state();
  const MsgId a = call_and_accept(s, kT0, kBob, "a");
  const MsgId b = call_and_accept(s, kT0, kBob, "b");
  EXPECT_EQ(b.time_ms(), kT0);
  EXPECT_EQ(b.random_hi(), a.random_hi());
  EXPECT_EQ(b.lo, a.lo + 1);
  EXPECT_EQ(s.ids.last, b);
}

TEST(UlidGenerator, IncrementCarriesIntoTheHighRandomBits) {
  State s = fresh_state();
  s.clock_ms = kT0;
  s.ids.last = MsgId::from_parts(kT0, 0x1234, ~0ULL);
  const MsgId next = call_and_accept(s, kT0, kBob, "a");
  EXPECT_EQ(next, MsgId::from_parts(kT0, 0x1235, 0));
}

TEST(UlidGenerator, NewMillisecondDrawsFreshBitsWithTheTopBitClear) {
  State s = fresh_state();
  std::set<std::uint16_t> highs;
  MsgId last{};
  for (TimeMs t = kT0; t < kT0 + 200; ++t) {
    const MsgId id = call_and_accept(s, t, kBob, "x");
    EXPECT_EQ(id.time_ms(), t);
    EXPECT_EQ(id.random_hi() & 0x8000U, 0U);
    EXPECT_GT(id, last);
    highs.insert(id.random_hi());
    last = id;
    receive(s, t, kBob, {ack_frame(id, "x", "")});  // keep the flow count low
  }
  EXPECT_GT(highs.size(), 150U);  // random, not counting
}

TEST(UlidGenerator, TheSeedDeterminesTheIds) {
  State a = fresh_state(small_config(), 99);
  State b = fresh_state(small_config(), 99);
  State c = fresh_state(small_config(), 100);
  const MsgId ia = call_and_accept(a, kT0, kBob, "x");
  EXPECT_EQ(call_and_accept(b, kT0, kBob, "x"), ia);
  EXPECT_NE(call_and_accept(c, kT0, kBob, "x"), ia);
}

TEST(UlidGenerator, KnownValueForSeedZero) {
  // SplitMix64 from state 0: first outputs 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4.
  State s = fresh_state(small_config(), 0);
  const MsgId id = call_and_accept(s, kT0, kBob, "x");
  EXPECT_EQ(id, MsgId::from_parts(kT0, 0xCDAF & 0x7FFF, 0x6E789E6AA1B965F4ULL));
}

TEST(UlidGenerator, RestoredStateContinuesTheSequence) {
  State s = fresh_state();
  call_and_accept(s, kT0, kBob, "a");
  State back = restored(s);
  EXPECT_EQ(call_and_accept(back, kT0, kBob, "b"), call_and_accept(s, kT0, kBob, "b"));
  EXPECT_EQ(call_and_accept(back, kT0 + 1, kBob, "c"), call_and_accept(s, kT0 + 1, kBob, "c"));
}

}  // namespace
}  // namespace asyncflow::test
