#pragma once
// Two in-process endpoints joined by a perfect channel, for measuring the kernel alone: every
// frame one side transmits is handed to the other in the next receive, the receiver app answers
// each request at once. No faults: fault handling is the model's and the simulator's job.
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <variant>
#include <vector>

#include "asyncflow/kernel.hpp"

namespace asyncflow::bench {

// Limits high enough that a benchmark never hits them, and a short dedupe window (one attempt of
// 1 s, no skew) so that closed entries expire while the benchmark runs: steady state, not growth.
inline Config bench_config() {
  Config config;
  config.retry_initial_ms = 1000;
  config.retry_interval_max_ms = 1000;
  config.send_attempts_max = 1;
  config.ack_attempts_max = 1;
  config.clock_skew_ms = 0;
  config.calls_in_flight_max = config.calls_in_flight_per_peer_max = 1u << 30;
  config.requests_in_flight_max = config.requests_in_flight_per_peer_max = 1u << 30;
  config.dedupe_entries_max = 1ull << 40;
  config.retained_bytes_max = 1ull << 40;
  return config;
}

inline State make_bench_state(const Config& config, std::uint64_t seed) {
  auto made = make_state(config, seed);
  if (auto* state = std::get_if<State>(&made)) return std::move(*state);
  std::abort();  // bench_config() is valid; a failure here is a bug in this file
}

class TwoEndpoints {
 public:
  explicit TwoEndpoints(const Config& config = bench_config())
      : caller_(make_bench_state(config, 1)), receiver_(make_bench_state(config, 2)) {}

  // Runs `calls` complete flows (NEW, deliver, respond, ACK, FIN) with one receive per direction
  // per round, so `calls` is also the batch size. Returns the number of Completed outcomes.
  std::uint64_t run_round(std::uint32_t calls, const Bytes& payload) {
    now_ms_ += 1;
    for (std::uint32_t i = 0; i < calls; ++i)
      apply(caller_, CallEvent{receiver_name_, payload}, to_receiver_);
    deliver(receiver_, caller_name_, to_receiver_, to_caller_);
    // The app echoes each request as its response.
    pending_.swap(requests_);
    for (auto& [msg_id, request] : pending_)
      apply(receiver_, RespondEvent{caller_name_, msg_id, std::move(request)}, to_caller_);
    pending_.clear();
    deliver(caller_, receiver_name_, to_caller_, to_receiver_);
    deliver(receiver_, caller_name_, to_receiver_, to_caller_);
    apply(caller_, TickEvent{}, to_receiver_);
    apply(receiver_, TickEvent{}, to_caller_);
    return std::exchange(completed_, 0);
  }

  std::uint64_t events() const noexcept { return events_; }
  const State& caller() const noexcept { return caller_; }
  const State& receiver() const noexcept { return receiver_; }

 private:
  void deliver(State& to, const Peer& from, std::vector<Frame>& frames,
               std::vector<Frame>& replies) {
    if (frames.empty()) return;
    apply(to, ReceiveEvent{from, std::move(frames), 0}, replies);
    frames.clear();
  }

  void apply(State& state, EventBody body, std::vector<Frame>& outbox) {
    ++events_;
    effects_.clear();
    step_in_place(state, Event{now_ms_, std::move(body)}, effects_);
    for (auto& effect : effects_) {
      if (auto* transmit = std::get_if<Transmit>(&effect)) {
        for (auto& frame : transmit->frames) outbox.push_back(std::move(frame));
      } else if (auto* deliver = std::get_if<Deliver>(&effect)) {
        requests_.emplace_back(deliver->msg_id, std::move(deliver->payload));
      } else if (std::holds_alternative<Completed>(effect)) {
        ++completed_;
      }
    }
  }

  State caller_;
  State receiver_;
  Peer caller_name_ = *Peer::from_text("caller");
  Peer receiver_name_ = *Peer::from_text("receiver");
  TimeMs now_ms_ = 1'700'000'000'000;
  Effects effects_;
  std::vector<Frame> to_receiver_;
  std::vector<Frame> to_caller_;
  std::vector<std::pair<MsgId, Bytes>> requests_;
  std::vector<std::pair<MsgId, Bytes>> pending_;
  std::uint64_t completed_ = 0;
  std::uint64_t events_ = 0;
};

}  // namespace asyncflow::bench
