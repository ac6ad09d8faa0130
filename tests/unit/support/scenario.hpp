#pragma once
// A scripted two-endpoint history that visits every rule: completion, duplicates before and
// after the response, FIN delay, corruption both ways, transient and permanent rejects, retries,
// give-up and a late completion, refusals and drops, ACK give-up, and the end of every window.
// It records each event as applied, so tests can replay the same history on restored states.
#include <array>
#include <vector>

#include "harness.hpp"

namespace asyncflow::test {

struct RecordedEvent {
  int endpoint;  // index into Scenario::ends
  Event event;
};

struct Scenario {
  std::array<State, 2> ends;  // ends[0] is peer "a", ends[1] is peer "b"
  std::vector<RecordedEvent> log;

  Effects apply(int who, TimeMs now, EventBody body) {
    log.push_back(RecordedEvent{who, Event{now, body}});
    return run(ends[static_cast<std::size_t>(who)], now, std::move(body));
  }
};

inline Config scenario_config() {
  Config c = small_config();
  c.fin_delay_ms = 50;
  c.payload_bytes_max = 64;
  c.new_payment_min_cycles = 10;
  return c;
}

inline Scenario run_scenario() {
  const Peer a = peer("a");
  const Peer b = peer("b");
  constexpr int A = 0;
  constexpr int B = 1;
  Scenario sc{{fresh_state(scenario_config(), 11), fresh_state(scenario_config(), 22)}, {}};
  const TimeMs t = kT0;
  // A calls B three times; B gets the first two, the third is lost.
  const MsgId id1 = accepted_id(sc.apply(A, t, CallEvent{b, bytes("r1")}));
  const MsgId id2 = accepted_id(sc.apply(A, t, CallEvent{b, bytes("r2")}));
  const MsgId id3 = accepted_id(sc.apply(A, t + 1, CallEvent{b, bytes("r3")}));
  sc.apply(A, t + 2, SendFailedEvent{b, {FrameRef{FrameKind::New, id3}}, RejectCode::SysTransient});
  sc.apply(A, t + 3, CallEvent{b, Bytes(65, 'x')});  // refused: payload too large
  sc.apply(B, t + 5, ReceiveEvent{a, {new_frame(id1, "r1")}, 10});
  sc.apply(B, t + 6, ReceiveEvent{a, {new_frame(id1, "r1")}, 10});  // duplicate before response
  sc.apply(B, t + 7, RespondEvent{a, id1, bytes("s1")});
  sc.apply(B, t + 8, ReceiveEvent{a, {new_frame(id1, "r1")}, 10});       // duplicate after response
  sc.apply(A, t + 9, ReceiveEvent{b, {ack_frame(id1, "r1", "s1")}, 0});  // Completed, FIN held
  sc.apply(B, t + 10, ReceiveEvent{a, {new_frame(id2, "r2")}, 9});       // under-paid
  sc.apply(B, t + 11, ReceiveEvent{a, {new_frame(id2, "r2")}, 10});
  sc.apply(A, t + 59, TickEvent{});
  sc.apply(A, t + 60, TickEvent{});                                 // the held FIN leaves
  sc.apply(B, t + 61, ReceiveEvent{a, {fin_frame(id1, "s1")}, 0});  // FlowClosed
  sc.apply(B, t + 62, ReceiveEvent{a, {fin_frame(id1, "s1")}, 0});  // duplicate FIN
  sc.apply(B, t + 100, RespondEvent{a, id2, bytes("s2")});
  sc.apply(B, t + 101, RespondEvent{a, id2, bytes("again")});  // refused: already responded
  sc.apply(A, t + 102,
           ReceiveEvent{b, {AckFrame{id2, crc("r2") ^ 4, bytes("s2")}}, 0});  // Corrupted
  sc.apply(B, t + 103, ReceiveEvent{a, {FinFrame{id2, crc("s2") ^ 8}}, 0});   // FinMismatch
  // B calls A; A answers but its ACK is lost: B retries the NEW, A re-sends the stored ACK.
  const MsgId back = accepted_id(sc.apply(B, t + 200, CallEvent{a, bytes("q")}));
  sc.apply(A, t + 201, ReceiveEvent{b, {new_frame(back, "q")}, 10});
  sc.apply(A, t + 202, RespondEvent{b, back, bytes("w")});
  sc.apply(A, t + 1'001, TickEvent{});                                      // id3 retried
  sc.apply(B, t + 1'200, TickEvent{});                                      // B's NEW retried
  sc.apply(A, t + 1'201, ReceiveEvent{b, {new_frame(back, "q")}, 10});      // ACK re-sent
  sc.apply(A, t + 1'202, TickEvent{});                                      // A's ACK retry due
  sc.apply(B, t + 1'203, ReceiveEvent{a, {ack_frame(back, "q", "w")}, 0});  // Completed
  sc.apply(B, t + 1'254, TickEvent{});  // B's FIN leaves; it is lost
  sc.apply(A, t + 3'001, TickEvent{});
  sc.apply(A, t + 7'001, TickEvent{});
  sc.apply(A, t + 12'001, TickEvent{});                                  // id3 GaveUp
  sc.apply(B, t + 12'002, ReceiveEvent{a, {new_frame(id3, "r3")}, 10});  // delivered late
  sc.apply(B, t + 12'003, RespondEvent{a, id3, bytes("s3")});
  sc.apply(A, t + 12'004, ReceiveEvent{b, {ack_frame(id3, "r3", "s3")}, 0});  // LateCompletion
  sc.apply(A, t + 12'005, TickEvent{});
  sc.apply(A, t + 12'006,
           SendFailedEvent{b, {FrameRef{FrameKind::Ack, back}}, RejectCode::SysFatal});
  sc.apply(B, t + 12'007, ReceiveEvent{a, {new_frame(id_at(t - 20'000, 1), "old")}, 10});  // TooOld
  sc.apply(B, t + 15'003, TickEvent{});
  sc.apply(B, t + 19'003, TickEvent{});  // B's ACK for id3 gives up (never FINned)
  sc.apply(A, t + 40'000, TickEvent{});  // every window is over
  sc.apply(B, t + 40'000, TickEvent{});
  return sc;
}

}  // namespace asyncflow::test
