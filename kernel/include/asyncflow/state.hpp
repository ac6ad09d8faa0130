#pragma once
// The kernel's whole state: a value. Copying it is correct (the model checker does); moving it
// is cheap. Hosts treat the members as opaque and use kernel.hpp, snapshot.hpp, metrics.hpp
// and inspect.hpp; the members are visible so checkers can read them without friend hacks.
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "asyncflow/config.hpp"
#include "asyncflow/frame.hpp"
#include "asyncflow/peer.hpp"

namespace asyncflow {

struct FlowKey {
  Peer peer;
  MsgId msg_id;
  friend auto operator<=>(const FlowKey&, const FlowKey&) = default;
  friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

// Caller side. AwaitingAck holds the request for retransmission; GaveUp is a payload-free
// tombstone kept until the id's window ends, so a late ACK is reported once.
enum class OutPhase : std::uint8_t { AwaitingAck = 1, GaveUp = 2 };

struct OutFlow {
  OutPhase phase = OutPhase::AwaitingAck;
  std::uint32_t attempts = 0;           // NEW transmissions made
  std::uint32_t attempts_rejected = 0;  // of those, rejected with a code proving non-delivery
  TimeMs deadline_ms = 0;               // AwaitingAck: next retry; GaveUp: expiry
  Hash32 request_hash = 0;
  Bytes request;  // empty once GaveUp
  friend bool operator==(const OutFlow&, const OutFlow&) = default;
};

// Receiver side. AwaitingResponse: delivered, the app has not answered (no timer).
// Acking: the response is retransmitted until FIN. Closed: a payload-free dedupe entry
// kept until the id's window ends.
enum class InPhase : std::uint8_t { AwaitingResponse = 1, Acking = 2, Closed = 3 };

struct InFlow {
  InPhase phase = InPhase::AwaitingResponse;
  std::uint32_t attempts = 0;  // ACK transmissions made
  TimeMs deadline_ms = 0;      // Acking: next retry; Closed: expiry; AwaitingResponse: unused
  Hash32 request_hash = 0;
  Bytes response;  // only while Acking
  friend bool operator==(const InFlow&, const InFlow&) = default;
};

// FINs waiting (fin_delay_ms) to ride with the next frames to their peer.
struct PendingFins {
  TimeMs due_ms = 0;
  std::vector<FinFrame> fins;
  friend bool operator==(const PendingFins&, const PendingFins&) = default;
};

enum class TimerKind : std::uint8_t { Out = 0, In = 1, Fin = 2 };

// Every deadline in one ordered set: the earliest is begin(), ties break by kind then key, so
// firing order never depends on insertion history.
struct Timer {
  TimeMs at_ms = 0;
  TimerKind kind = TimerKind::Out;
  FlowKey key;  // Fin timers use msg_id {} (they are per peer)
  friend auto operator<=>(const Timer&, const Timer&) = default;
  friend bool operator==(const Timer&, const Timer&) = default;
};

// ULIDs: monotonic within a millisecond, fresh random bits (SplitMix64, seeded by the host)
// otherwise.
struct UlidGenerator {
  std::uint64_t rng_state = 0;
  MsgId last{};  // the last id made (zero before the first)
  friend bool operator==(const UlidGenerator&, const UlidGenerator&) = default;
};

struct PeerLoad {
  std::uint32_t calls_in_flight = 0;     // OutFlows AwaitingAck
  std::uint32_t requests_in_flight = 0;  // InFlows AwaitingResponse or Acking
  friend bool operator==(const PeerLoad&, const PeerLoad&) = default;
};

// Monotonic counters, kept in the state so metrics are a pure function of it.
struct Counters {
  std::uint64_t calls_accepted = 0;
  std::uint64_t completed = 0;
  std::uint64_t corrupted = 0;
  std::uint64_t gave_up = 0;
  std::uint64_t late_completions = 0;
  std::uint64_t delivered = 0;
  std::uint64_t responses = 0;
  std::uint64_t flows_closed = 0;
  std::uint64_t fin_mismatches = 0;
  std::uint64_t ack_gave_up = 0;
  std::uint64_t transmissions = 0;
  std::uint64_t frames_sent = 0;
  std::uint64_t new_retransmissions = 0;
  std::uint64_t ack_retransmissions = 0;
  std::uint64_t transmissions_received = 0;
  std::uint64_t frames_received = 0;
  std::uint64_t duplicate_news_suppressed = 0;
  std::uint64_t duplicate_acks = 0;  // ACKs for flows already finished or unknown
  std::uint64_t duplicate_fins = 0;  // FINs for flows already closed or unknown
  std::uint64_t rejects_transient = 0;
  std::uint64_t rejects_permanent = 0;
  std::array<std::uint64_t, 10> refusals{};  // indexed by RefusalReason
  std::array<std::uint64_t, 10> drops{};     // indexed by DropReason
  friend bool operator==(const Counters&, const Counters&) = default;
};

struct State {
  Config config;
  TimeMs clock_ms = 0;  // the latest now_ms seen
  UlidGenerator ids;
  std::map<FlowKey, OutFlow> out_flows;
  std::map<FlowKey, InFlow> in_flows;
  std::map<Peer, PendingFins> pending_fins;
  std::map<Peer, PeerLoad> peer_loads;  // only peers with a non-zero load
  std::set<Timer> timers;
  std::uint64_t retained_bytes = 0;  // requests AwaitingAck + responses Acking
  std::uint64_t dedupe_entries = 0;  // OutFlows GaveUp + InFlows Closed
  std::uint32_t calls_in_flight = 0;
  std::uint32_t requests_in_flight = 0;
  std::uint32_t pending_fin_count = 0;
  Counters counters;
  friend bool operator==(const State&, const State&) = default;
};

}  // namespace asyncflow
