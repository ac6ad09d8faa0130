// Complete flows per second between two in-process endpoints (64-byte payloads, no faults), and
// kernel events per second in the same runs. The argument is the batch: calls per round, so
// frames per receive. batch 1 is the worst case (five events per flow).
#include <benchmark/benchmark.h>

#include "two_endpoints.hpp"

namespace {

void BM_CompleteFlows(benchmark::State& bm) {
  asyncflow::bench::TwoEndpoints pair;
  const auto batch = static_cast<std::uint32_t>(bm.range(0));
  const asyncflow::Bytes payload(64, 0xAB);
  std::uint64_t completed = 0;
  const auto events_before = pair.events();
  for (auto _ : bm) completed += pair.run_round(batch, payload);
  if (completed != bm.iterations() * batch) bm.SkipWithError("a flow did not complete");
  bm.counters["flows/s"] =
      benchmark::Counter(static_cast<double>(completed), benchmark::Counter::kIsRate);
  bm.counters["events/s"] = benchmark::Counter(static_cast<double>(pair.events() - events_before),
                                               benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CompleteFlows)->Arg(1)->Arg(16)->Arg(256);

}  // namespace
