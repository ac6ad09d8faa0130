#pragma once
// Counts the heap bytes this process holds, so the benchmarks can report kernel memory per flow
// as measured, not estimated. It replaces the global operator new/delete of the benchmark binary
// only; malloc_usable_size gives what the allocator really hands out (size classes included).
#include <cstdint>

namespace asyncflow::bench {

std::int64_t heap_bytes_live() noexcept;

}  // namespace asyncflow::bench
