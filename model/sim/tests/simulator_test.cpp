#include "asyncflow/model/simulator.hpp"

#include <gtest/gtest.h>

namespace asyncflow::model {
namespace {

SimOptions faulty(std::uint64_t seed, std::uint64_t calls) {
  SimOptions o;
  o.seed = seed;
  o.calls = calls;
  o.rates = {0.2, 0.2, 0.5, 0.05, 0.001, 0.001, 0.01};
  return o;
}

TEST(Simulator, FaultyRunEndsWithEveryCallAnsweredOnceAndNothingProcessedTwice) {
  const SimStats s = simulate(faulty(7, 3000));
  ASSERT_FALSE(s.violation.has_value()) << *s.violation;
  EXPECT_EQ(s.completed + s.corrupted + s.gave_up + s.refused, 3000u);
  EXPECT_EQ(s.lost_calls, 0u);
  EXPECT_EQ(s.duplicate_deliveries, 0u);
  EXPECT_GT(s.faults.drops, 0u);
  EXPECT_GT(s.faults.duplicates, 0u);
  EXPECT_GT(s.completed, 2500u);  // drops are retried: most calls complete
  EXPECT_LE(s.deliveries, 3000u);
}

TEST(Simulator, SameSeedSameRun) {
  const SimStats a = simulate(faulty(11, 500));
  const SimStats b = simulate(faulty(11, 500));
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.transmissions, b.transmissions);
  EXPECT_EQ(a.latency_ms_percentiles, b.latency_ms_percentiles);
  const SimStats c = simulate(faulty(12, 500));
  EXPECT_NE(a.steps, c.steps);
}

TEST(Simulator, FaultFreeRunCompletesEverything) {
  SimOptions o;
  o.calls = 1000;
  const SimStats s = simulate(o);
  ASSERT_FALSE(s.violation.has_value()) << *s.violation;
  EXPECT_EQ(s.completed, 1000u);
  EXPECT_EQ(s.deliveries, 1000u);
}

TEST(Simulator, SwarmRatesDifferPerSeedAndSometimesSwitchFaultsOff) {
  int off = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const FaultRates r = swarm_rates(seed);
    off += (r.drop == 0) + (r.dup == 0) + (r.reject == 0);
  }
  EXPECT_GT(off, 0);
  EXPECT_NE(swarm_rates(1).drop, swarm_rates(2).drop);
}

}  // namespace
}  // namespace asyncflow::model
