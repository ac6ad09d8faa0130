// Kernel memory, measured with the counting allocator: heap bytes per in-flight flow beyond its
// payload (caller side holding the request, receiver side holding the response) and heap bytes
// per dedupe entry (a closed receiver flow kept until its id's window ends). A state's bytes are
// what a copy of it allocates, so buffers of the driver (frames in transit) never count.
#include <benchmark/benchmark.h>

#include <algorithm>

#include "allocation_counter.hpp"
#include "two_endpoints.hpp"

namespace {

using asyncflow::bench::heap_bytes_live;

double heap_bytes_of(const asyncflow::State& state) {
  const auto before = heap_bytes_live();
  const asyncflow::State copy = state;
  return static_cast<double>(heap_bytes_live() - before);
}
constexpr std::uint32_t kFlows = 100'000;
constexpr std::size_t kPayloadBytes = 64;

asyncflow::Config roomy_config() {
  auto config = asyncflow::bench::bench_config();
  config.retry_initial_ms = config.retry_interval_max_ms = 3'600'000;  // nothing expires
  return config;
}

// Caller side: kFlows calls to one peer, none answered.
void BM_BytesPerInFlightCall(benchmark::State& bm) {
  for (auto _ : bm) {
    auto state = asyncflow::bench::make_bench_state(roomy_config(), 7);
    const auto peer = *asyncflow::Peer::from_text("receiver");
    asyncflow::Effects effects;
    const auto before = heap_bytes_of(state);
    for (std::uint32_t i = 0; i < kFlows; ++i) {
      effects.clear();
      asyncflow::step_in_place(
          state,
          asyncflow::Event{asyncflow::TimeMs{1'700'000'000'000} + i,
                           asyncflow::CallEvent{peer, asyncflow::Bytes(kPayloadBytes, 1)}},
          effects);
    }
    const auto bytes = heap_bytes_of(state) - before;
    if (state.out_flows.size() != kFlows) bm.SkipWithError("calls were refused");
    bm.counters["bytes/flow"] = bytes / kFlows;
    bm.counters["beyond_payload"] = bytes / kFlows - static_cast<double>(kPayloadBytes);
  }
}
BENCHMARK(BM_BytesPerInFlightCall)->Iterations(1)->Unit(benchmark::kMillisecond);

// Feeds `frames` to `state` from `from` in transmissions of at most frames_per_transmission_max
// frames (the kernel drops the excess of a larger one) and returns the frames it transmits back.
std::vector<asyncflow::Frame> receive_all(asyncflow::State& state, const asyncflow::Peer& from,
                                          std::vector<asyncflow::Frame> frames,
                                          asyncflow::TimeMs now) {
  std::vector<asyncflow::Frame> replies;
  asyncflow::Effects effects;
  const std::size_t chunk = state.config.frames_per_transmission_max;
  for (std::size_t first = 0; first < frames.size(); first += chunk) {
    const std::size_t last = std::min(frames.size(), first + chunk);
    asyncflow::ReceiveEvent receive{from, {}, 0};
    for (std::size_t i = first; i < last; ++i) receive.frames.push_back(std::move(frames[i]));
    effects.clear();
    asyncflow::step_in_place(state, {now, std::move(receive)}, effects);
    for (auto& effect : effects) {
      if (auto* transmit = std::get_if<asyncflow::Transmit>(&effect))
        for (auto& frame : transmit->frames) replies.push_back(std::move(frame));
      if (auto* deliver = std::get_if<asyncflow::Deliver>(&effect)) {
        // The app answers at once with a response as long as the request.
        asyncflow::Effects answer;
        asyncflow::step_in_place(state,
                                 {now, asyncflow::RespondEvent{from, deliver->msg_id,
                                                               asyncflow::Bytes(kPayloadBytes, 2)}},
                                 answer);
        for (auto& a : answer)
          if (auto* t = std::get_if<asyncflow::Transmit>(&a))
            for (auto& frame : t->frames) replies.push_back(std::move(frame));
      }
    }
  }
  return replies;
}

// Receiver side: kFlows requests delivered and answered (Acking) or closed by FIN (dedupe).
void receiver_memory(benchmark::State& bm, bool close) {
  for (auto _ : bm) {
    auto caller = asyncflow::bench::make_bench_state(roomy_config(), 8);
    auto receiver = asyncflow::bench::make_bench_state(roomy_config(), 9);
    const auto caller_name = *asyncflow::Peer::from_text("caller");
    const auto receiver_name = *asyncflow::Peer::from_text("receiver");
    const asyncflow::TimeMs now = 1'700'000'000'000;
    asyncflow::Effects effects;
    std::vector<asyncflow::Frame> news;
    for (std::uint32_t i = 0; i < kFlows; ++i) {
      effects.clear();
      asyncflow::step_in_place(
          caller, {now, asyncflow::CallEvent{receiver_name, asyncflow::Bytes(kPayloadBytes, 1)}},
          effects);
      for (auto& e : effects)
        if (auto* t = std::get_if<asyncflow::Transmit>(&e))
          for (auto& f : t->frames) news.push_back(std::move(f));
    }
    const auto before = heap_bytes_of(receiver);
    auto acks = receive_all(receiver, caller_name, std::move(news), now);
    if (close) {
      auto fins = receive_all(caller, receiver_name, std::move(acks), now);
      receive_all(receiver, caller_name, std::move(fins), now);
    }
    const auto bytes = heap_bytes_of(receiver) - before;
    const auto held = close ? receiver.dedupe_entries : receiver.in_flows.size();
    if (held != kFlows || receiver.in_flows.size() != kFlows) bm.SkipWithError("flows missing");
    if (close) {
      bm.counters["bytes/dedupe_entry"] = bytes / kFlows;
    } else {
      bm.counters["bytes/flow"] = bytes / kFlows;
      bm.counters["beyond_payload"] = bytes / kFlows - static_cast<double>(kPayloadBytes);
    }
  }
}
void BM_BytesPerInFlightResponse(benchmark::State& bm) {
  receiver_memory(bm, false);
}
void BM_BytesPerDedupeEntry(benchmark::State& bm) {
  receiver_memory(bm, true);
}
BENCHMARK(BM_BytesPerInFlightResponse)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BytesPerDedupeEntry)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
