#pragma once
// The executable model's world: N endpoints running the *real* kernel, a faulty network holding
// datagrams (one kernel Transmit each) as a multiset, a virtual clock, scripted apps, and ghost
// records of what the hosts actually did. The checker, the simulator and the property tests all
// drive this one world; there is no second implementation of the protocol or the network.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "asyncflow/kernel.hpp"

namespace asyncflow::model {

using EndpointIndex = std::uint32_t;

// A call the caller's app makes, in script order.
struct CallPlan {
  EndpointIndex caller = 0;
  EndpointIndex receiver = 1;
  Bytes request;
};

struct WorldSetup {
  std::uint32_t endpoints = 2;
  Config config;                // every endpoint's kernel config
  std::uint64_t seed = 1;       // endpoint i's ULID generator is seeded with seed + i
  TimeMs start_ms = 1'000'000;  // the virtual clock's start (ULID time is milliseconds)
  std::vector<CallPlan> calls;
};

// One kernel Transmit in flight: all its frames arrive, fail or vanish together.
struct Datagram {
  EndpointIndex from = 0;
  EndpointIndex to = 0;
  std::vector<Frame> frames;
  EndpointIndex origin = 0;  // whose kernel made these frames (a forged copy keeps it)
  friend bool operator==(const Datagram&, const Datagram&) = default;
};

enum class CallStatus : std::uint8_t { NotIssued, InFlight, Refused, Completed, Corrupted, GaveUp };

struct CallRecord {
  CallStatus status = CallStatus::NotIssued;
  TimeMs issued_ms = 0;   // virtual time of the call and of its outcome (latency figures; not
  TimeMs outcome_ms = 0;  // part of fingerprints: only the checker's clock jumps matter there)
  std::optional<MsgId> msg_id;
  std::uint32_t outcomes = 0;      // outcome effects executed for this call (must end at 1)
  std::uint32_t late_notices = 0;  // LateCompletion notices (not outcomes)
  std::optional<Bytes> response;   // as reported by Completed
  friend bool operator==(const CallRecord&, const CallRecord&) = default;
};

// (receiver, the caller's peer name as the receiver sees it, msg_id).
struct DeliveryKey {
  EndpointIndex receiver = 0;
  EndpointIndex caller = 0;
  MsgId msg_id;
  friend auto operator<=>(const DeliveryKey&, const DeliveryKey&) = default;
};

struct DeliveryRecord {
  std::uint32_t count = 0;        // Deliver effects executed (must stay <= 1)
  Bytes request;                  // what the receiver's app got
  std::optional<Bytes> response;  // what the receiver's app answered
  friend bool operator==(const DeliveryRecord&, const DeliveryRecord&) = default;
};

// A request delivered to a receiver's app and not yet answered (apps answer as an action, so
// responses can come in any later step).
struct PendingAnswer {
  DeliveryKey key;
  friend bool operator==(const PendingAnswer&, const PendingAnswer&) = default;
};

// How many faults of each kind have happened: the checker bounds them, the simulator counts them.
struct FaultCounts {
  std::uint32_t drops = 0;
  std::uint32_t duplicates = 0;
  std::uint32_t rejects = 0;
  std::uint32_t corruptions = 0;
  std::uint32_t restarts = 0;
  std::uint32_t traps = 0;
  std::uint32_t forgeries = 0;
  friend bool operator==(const FaultCounts&, const FaultCounts&) = default;
};

struct World {
  std::vector<State> endpoints;
  // Datagrams in flight, a multiset: any may be delivered next (reorder). The front is the oldest;
  // taking from the middle moves the newest into the gap (O(1); the order carries no meaning).
  std::deque<Datagram> network;
  TimeMs now_ms = 0;
  std::vector<CallPlan> script;
  std::vector<bool> hostile;    // endpoints in no scripted call: third parties that may forge
  std::uint32_t next_call = 0;  // index into script
  std::vector<CallRecord> calls;
  std::uint64_t outcomes_total = 0;  // outcome effects executed, all calls together
  std::map<std::pair<EndpointIndex, MsgId>, std::uint32_t> call_by_id;  // (caller, id) -> call
  std::map<DeliveryKey, DeliveryRecord> deliveries;
  std::vector<PendingAnswer> pending_answers;
  // Flows whose response was corrupted in flight. Ack.hash covers the request only, so the
  // caller cannot see this (see CompletionMatchesResponse).
  std::set<DeliveryKey> corrupted_responses;
  FaultCounts faults;
  // Ghost observations a single state cannot show: the first of each, if any.
  std::optional<std::string> isolation_violation;  // a peer's frames changed another peer's flows
  std::optional<std::string> restore_violation;    // restore(snapshot(s)) was an error or != s
  std::optional<std::string> invariant_violation;  // check_invariants after a step
  std::optional<std::string> outcome_violation;    // an outcome for no call, or for the wrong one
  // Per-step checks (invariants, isolation) copy the state around each step: O(flows). The
  // checker and the properties keep them on; the long simulator turns them off and checks the
  // invariants periodically instead.
  bool step_checks = true;
  friend bool operator==(const World&, const World&) = default;
};

// Actions. Indices name a datagram in `network` or an entry of `pending_answers`.
struct IssueCall {};  // the next scripted call
struct DeliverDatagram {
  std::uint32_t index = 0;
};  // any one: reordering
struct DropDatagram {
  std::uint32_t index = 0;
};
struct DuplicateDatagram {
  std::uint32_t index = 0;
};
struct RejectDatagram {  // the sender's host reports the send failed with this code
  std::uint32_t index = 0;
  RejectCode code = RejectCode::SysTransient;
};
struct CorruptDatagram {
  std::uint32_t index = 0;
};  // flips a bit of the first payload
struct AnswerRequest {
  std::uint32_t index = 0;
};                       // the receiver app answers
struct AdvanceClock {};  // to the earliest deadline; every endpoint due then ticks
struct PassTime {        // the simulator's clock: `ms` pass; every endpoint due then ticks
  TimeMs ms = 1;
};
struct Restart {
  EndpointIndex endpoint = 0;
};  // snapshot -> restore (an upgrade or a crash)
// A hostile peer: endpoint `as` sends a copy of datagram `i` (someone else's frames, with their
// msg_ids and hashes) to the same destination under its own name. Peers are authenticated (the
// IC's caller id, the UDP host's address check), so `as` is neither the frames' author nor
// their destination: it cannot speak as anyone but itself. Only hostile endpoints (in no
// scripted call) forge: honest ones run the kernel and nothing else.
struct ForgeDatagram {
  std::uint32_t index = 0;
  EndpointIndex as = 0;
};
struct TrapDelivery {  // the receiving step traps: state kept, effects dropped, datagram gone
  std::uint32_t index = 0;
};
using Action = std::variant<IssueCall, DeliverDatagram, DropDatagram, DuplicateDatagram,
                            RejectDatagram, CorruptDatagram, AnswerRequest, AdvanceClock, Restart,
                            TrapDelivery, PassTime, ForgeDatagram>;

bool is_fault(const Action& action) noexcept;
std::string describe(const World& world, const Action& action);

// Which faults `enabled_actions` offers, and how many of each in one run.
struct FaultBudget {
  std::uint32_t drops = 1;
  std::uint32_t duplicates = 1;
  std::uint32_t rejects = 1;
  std::uint32_t corruptions = 1;
  std::uint32_t restarts = 1;
  std::uint32_t traps = 1;
  std::uint32_t forgeries = 0;  // needs a third endpoint to mean much; off unless asked
  std::vector<RejectCode> reject_codes{RejectCode::SysTransient, RejectCode::DestinationInvalid};
};
FaultBudget no_faults();

// Every action possible in `world` within `budget` (faults already used count against it).
std::vector<Action> enabled_actions(const World& world, const FaultBudget& budget);

// One kernel step as the world ran it, for trace writers and debuggers. `effects` are the
// kernel's output; `executed` is false when a trap discarded them.
struct StepRecord {
  EndpointIndex endpoint = 0;
  const Event* event = nullptr;
  const State* before = nullptr;
  const State* after = nullptr;
  const Effects* effects = nullptr;
  bool executed = true;
};
using StepObserver = std::function<void(const StepRecord&)>;

std::optional<World> make_world(const WorldSetup& setup);
Peer peer_name(EndpointIndex endpoint);  // "e0", "e1", ...
std::optional<EndpointIndex> endpoint_of(const World& world, const Peer& peer);

// Applies an enabled action. Calling it with an action `enabled_actions` did not offer is a
// programming error (asserted).
void apply(World& world, const Action& action, const StepObserver* observer = nullptr);

// The app's answer to a request: deterministic, so checkers can recompute it.
Bytes app_response(const Bytes& request);

// A 64-bit fingerprint of everything that can influence the future or the properties (kernel
// states without their statistics counters, the network as a multiset, the ghost records).
std::uint64_t fingerprint(const World& world);

// True when nothing can happen any more: every call issued, nothing in flight, no app owes an
// answer and no endpoint has a deadline.
bool is_quiet(const World& world);

}  // namespace asyncflow::model
