// The yardstick printed beside the kernel's figures: std::unordered_map insert + find + erase of
// 128-bit keys on a table of steady size. The machines are shared and noisy, so the kernel's
// numbers are read as a ratio to this one, measured in the same run.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <unordered_map>

namespace {

struct Key128 {
  std::uint64_t hi;
  std::uint64_t lo;
  bool operator==(const Key128&) const = default;
};
struct Key128Hash {
  std::size_t operator()(const Key128& k) const noexcept {
    return std::hash<std::uint64_t>{}(k.hi * 0x9E3779B97F4A7C15ull ^ k.lo);
  }
};

void BM_UnorderedMapBaseline(benchmark::State& bm) {
  const auto live = static_cast<std::uint64_t>(bm.range(0));
  std::unordered_map<Key128, std::uint64_t, Key128Hash> table;
  std::uint64_t next = 0;
  for (; next < live; ++next) table.emplace(Key128{next, ~next}, next);
  for (auto _ : bm) {
    table.emplace(Key128{next, ~next}, next);
    benchmark::DoNotOptimize(table.find(Key128{next - live / 2, ~(next - live / 2)}));
    table.erase(Key128{next - live, ~(next - live)});
    ++next;
  }
  bm.counters["ops/s"] =
      benchmark::Counter(static_cast<double>(bm.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_UnorderedMapBaseline)->Arg(1024);

}  // namespace
