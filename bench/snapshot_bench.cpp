// Snapshot and restore throughput (bytes of snapshot per second) for a state holding the given
// number of in-flight calls with 64-byte payloads.
#include <benchmark/benchmark.h>

#include "asyncflow/snapshot.hpp"
#include "two_endpoints.hpp"

namespace {

asyncflow::State state_with_calls(std::int64_t calls) {
  auto config = asyncflow::bench::bench_config();
  config.retry_initial_ms = config.retry_interval_max_ms = 3'600'000;
  auto state = asyncflow::bench::make_bench_state(config, 11);
  const auto peer = *asyncflow::Peer::from_text("receiver");
  asyncflow::Effects effects;
  for (std::int64_t i = 0; i < calls; ++i) {
    effects.clear();
    asyncflow::step_in_place(
        state,
        {asyncflow::TimeMs{1'700'000'000'000} + static_cast<asyncflow::TimeMs>(i),
         asyncflow::CallEvent{peer, asyncflow::Bytes(64, 3)}},
        effects);
  }
  return state;
}

void BM_Snapshot(benchmark::State& bm) {
  const auto state = state_with_calls(bm.range(0));
  std::size_t bytes = 0;
  for (auto _ : bm) {
    auto image = asyncflow::snapshot(state);
    bytes = image.size();
    benchmark::DoNotOptimize(image.data());
  }
  bm.SetBytesProcessed(static_cast<std::int64_t>(bytes) * bm.iterations());
  bm.counters["snapshot_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Snapshot)->Arg(10'000)->Unit(benchmark::kMillisecond);

void BM_Restore(benchmark::State& bm) {
  const auto image = asyncflow::snapshot(state_with_calls(bm.range(0)));
  for (auto _ : bm) {
    auto restored = asyncflow::restore(image);
    if (!std::holds_alternative<asyncflow::State>(restored)) bm.SkipWithError("restore failed");
    benchmark::DoNotOptimize(restored);
  }
  bm.SetBytesProcessed(static_cast<std::int64_t>(image.size()) * bm.iterations());
}
BENCHMARK(BM_Restore)->Arg(10'000)->Unit(benchmark::kMillisecond);

}  // namespace
