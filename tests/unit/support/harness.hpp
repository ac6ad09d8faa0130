#pragma once
// Shared setup for the kernel unit tests: a small, readable config, one-line event helpers that
// step a state and check every invariant afterwards, frame builders with the right hashes, and
// a text form of effects so a test compares a whole step's output in one assertion.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "asyncflow/crc32.hpp"
#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"
#include "show.hpp"

namespace asyncflow::test {

// A realistic Unix time (2023-11-14) so ULID times are non-trivial.
inline constexpr TimeMs kT0 = 1'700'000'000'000;

inline Peer peer(std::string_view name) {
  return *Peer::from_text(name);
}
inline Bytes bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}
inline Hash32 crc(std::string_view text) {
  return crc32(bytes(text));
}

// Small numbers so every schedule can be read off by eye:
//   NEW waits 1000, 2000, 4000, 5000 (8000 capped): give-up 12000 ms after the first send;
//   ACK waits 1000, 2000, 4000: give-up 7000 ms after the response;
//   dedupe window 12000 + 500 = 12500 ms, so forget_at(id) = time(id) + 12501.
inline Config small_config() {
  Config c;
  c.retry_initial_ms = 1'000;
  c.retry_backoff_multiplier = 2;
  c.retry_interval_max_ms = 5'000;
  c.send_attempts_max = 4;
  c.ack_attempts_max = 3;
  c.clock_skew_ms = 500;
  return c;
}
inline constexpr TimeMs kSmallWindowMs = 12'500;
inline constexpr TimeMs forget_at(const MsgId& id) {
  return id.time_ms() + kSmallWindowMs + 1;
}

inline State fresh_state(const Config& config = small_config(), std::uint64_t seed = 7) {
  auto made = make_state(config, seed);
  EXPECT_TRUE(std::holds_alternative<State>(made));
  return std::get<State>(std::move(made));
}

// Steps `s` through step() (moving it, as hosts do), checks every invariant of the new state and
// returns the step's effects.
inline Effects run(State& s, TimeMs now, EventBody body) {
  Step result = step(std::move(s), Event{now, std::move(body)});
  s = std::move(result.state);
  const auto broken = check_invariants(s);
  EXPECT_FALSE(broken.has_value()) << "invariant broken after a step: " << *broken;
  return std::move(result.effects);
}

inline Effects call(State& s, TimeMs now, const Peer& to, Bytes payload) {
  return run(s, now, CallEvent{to, std::move(payload)});
}
inline Effects receive(State& s, TimeMs now, const Peer& from, std::vector<Frame> frames,
                       std::uint64_t payment_cycles = 0) {
  return run(s, now, ReceiveEvent{from, std::move(frames), payment_cycles});
}
inline Effects respond(State& s, TimeMs now, const Peer& to, const MsgId& id, Bytes payload) {
  return run(s, now, RespondEvent{to, id, std::move(payload)});
}
inline Effects tick(State& s, TimeMs now) {
  return run(s, now, TickEvent{});
}
inline Effects send_failed(State& s, TimeMs now, const Peer& to, std::vector<FrameRef> frames,
                           RejectCode code) {
  return run(s, now, SendFailedEvent{to, std::move(frames), code});
}

// Frames as a correct peer would build them.
inline MsgId id_at(TimeMs time_ms, std::uint64_t random_lo = 1) {
  return MsgId::from_parts(time_ms, 0, random_lo);
}
inline Frame new_frame(const MsgId& id, std::string_view payload) {
  return NewFrame{id, bytes(payload)};
}
inline Frame ack_frame(const MsgId& id, std::string_view request, std::string_view response) {
  return AckFrame{id, crc(request), bytes(response)};
}
inline Frame fin_frame(const MsgId& id, std::string_view response) {
  return FinFrame{id, crc(response)};
}
inline Transmit transmit(const Peer& to, std::vector<Frame> frames) {
  return Transmit{to, std::move(frames)};
}

template <class T>
std::vector<T> all_of(const Effects& effects) {
  std::vector<T> found;
  for (const Effect& e : effects)
    if (const T* p = std::get_if<T>(&e)) found.push_back(*p);
  return found;
}

// The id of the call this step accepted (fails the test if there is not exactly one).
inline MsgId accepted_id(const Effects& effects) {
  const auto accepted = all_of<Accepted>(effects);
  EXPECT_EQ(accepted.size(), 1U) << show(effects);
  return accepted.empty() ? MsgId{} : accepted.front().msg_id;
}

// A call that the receiver got and answered: returns its id. The caller state keeps the flow
// AwaitingAck; the receiver's is Acking.
inline MsgId call_and_accept(State& caller, TimeMs now, const Peer& to, std::string_view payload) {
  return accepted_id(call(caller, now, to, bytes(payload)));
}

// What a refused local event must leave behind: the same state, one more refusal counted.
inline State with_refusal_counted(State s, RefusalReason reason) {
  ++s.counters.refusals[static_cast<std::size_t>(reason)];
  return s;
}

// What a received transmission whose frames were all dropped must leave behind: the same
// state, the clock moved to `now`, the transmission and its frames counted, and the drops.
inline State with_drops_counted(State s, TimeMs now, std::size_t frames, DropReason reason,
                                std::uint64_t drops = 1) {
  s.clock_ms = std::max(s.clock_ms, now);
  ++s.counters.transmissions_received;
  s.counters.frames_received += frames;
  s.counters.drops[static_cast<std::size_t>(reason)] += drops;
  return s;
}

inline State restored(const State& s) {
  auto back = restore(snapshot(s));
  EXPECT_TRUE(std::holds_alternative<State>(back))
      << "restore failed: " << name_of(std::get<RestoreError>(back));
  return std::holds_alternative<State>(back) ? std::get<State>(std::move(back)) : State{};
}

}  // namespace asyncflow::test
