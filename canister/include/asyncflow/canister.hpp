#pragma once
// asyncflow on the Internet Computer: a canister library over the kernel (docs/canister.md).
//
// The library owns the canister's entry points: canister_init, canister_pre_upgrade,
// canister_post_upgrade, canister_global_timer, the protocol's update methods
// (com_asyncFlow_newMessage, com_asyncFlow_ack, com_asyncFlow_ackack, asyncFlow and maf's
// com_asyncFlow_fin) and the `metrics` query. The app provides one function,
// asyncflow_canister_setup(), which the library calls at install and after every upgrade (the
// heap is fresh then) to learn the settings and the handlers, and it calls call_async() and
// respond() from its own update methods or from the handlers.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include "asyncflow/effect.hpp"
#include "asyncflow/kernel.hpp"
#include "asyncflow/metrics.hpp"

namespace asyncflow::canister {

// How a peer speaks. AsyncFlow: this library's interface (docs/asyncflow.did), one frame per
// per-kind call or several in one `asyncFlow` call. Maf: the Motoko library maf's, one call per
// frame, each a Candid `variant` (NEW to com_asyncFlow_newMessage, ACK to com_asyncFlow_ack,
// FIN to com_asyncFlow_fin). Configured per peer, never guessed.
enum class Dialect : std::uint8_t { AsyncFlow = 0, Maf = 1 };

// Where the kernel's state goes for upgrades.
enum class Persistence : std::uint8_t {
  // canister_pre_upgrade writes one snapshot; nothing is written per message. Cheapest per
  // flow; the upgrade's cost grows with the state (docs/canister.md has the figures).
  PreUpgrade = 0,
  // Every message that changed the kernel rewrites the snapshot; pre_upgrade writes nothing, so
  // an upgrade cannot be blocked by a pre_upgrade that runs out of instructions.
  EveryMessage = 1,
};

struct Settings {
  Config config;                            // the kernel's retries, windows and limits
  std::uint64_t cycles_per_new = 0;         // attached to each NEW frame sent (call_cycles_add128)
  std::uint32_t best_effort_timeout_s = 0;  // >0: bounded-wait calls with this timeout
  Persistence persistence = Persistence::PreUpgrade;
};

// The app's handlers; any may be null. They run inside the message that produced the effect:
// a trap in a handler rolls that whole message back, kernel state included.
struct Handlers {
  // Caller side: exactly one outcome per accepted call.
  void (*on_return)(const Completed&) = nullptr;     // callee, request, response, id, hashes
  void (*on_corrupted)(const Corrupted&) = nullptr;  // both hashes, both payloads
  // Reason, phase and attempts: with phase Unacknowledged the call may or may not have been
  // processed by the receiver; with NeverDelivered it was not.
  void (*on_give_up)(const GaveUp&) = nullptr;
  void (*on_late_completion)(const LateCompletion&) = nullptr;  // notice after a give-up
  // Receiver side: a request, delivered once; answer with respond() now or in a later message.
  void (*on_request)(const Deliver&) = nullptr;
  void (*on_closed)(const FlowClosed&) = nullptr;         // the caller's FIN matched
  void (*on_fin_mismatch)(const FinMismatch&) = nullptr;  // the caller's FIN hash differs
  void (*on_ack_give_up)(const AckGaveUp&) = nullptr;     // the caller may never learn
  // Declined work, for logs and metrics.
  void (*on_refused)(const Refused&) = nullptr;
  void (*on_dropped)(const Dropped&) = nullptr;
  // The app's own state, kept in the same stable image as the kernel's (optional).
  Bytes (*save)() = nullptr;
  void (*load)(std::span<const std::uint8_t>) = nullptr;
};

struct Setup {
  Settings settings;
  Handlers handlers;
};

// The principal of the canister itself and of the current message's caller.
Peer self();
Peer caller();

// Starts a call: the NEW goes out in this message. Returns the flow's id (a ULID; a Candid
// `nat` on the wire) or why the kernel refused it (nothing changed then).
std::variant<MsgId, RefusalReason> call_async(const Peer& callee, Bytes payload);

// Answers a request delivered by on_request, in the same message or any later one.
std::optional<RefusalReason> respond(const Peer& caller, MsgId msg_id, Bytes payload);

// How a peer speaks (AsyncFlow unless set); kept across upgrades.
void set_dialect(const Peer& peer, Dialect dialect);
Dialect dialect_of(const Peer& peer);

// The kernel's state, read-only (for the app's own queries), its metrics and its clock.
const State& state();
Metrics current_metrics();
TimeMs now_ms();  // ic0.time in ms

// Traps with a message (the IC rolls the message back).
[[noreturn]] void trap(std::string_view message);
void print(std::string_view message);  // ic0.debug_print

// Raw message I/O for the app's own methods.
Bytes arg_data();
void reply(std::span<const std::uint8_t> bytes);

}  // namespace asyncflow::canister

// Defined by the app: fills in the settings and handlers. Called at canister_init and at
// canister_post_upgrade, before the kernel's state is made or restored.
void asyncflow_canister_setup(asyncflow::canister::Setup& setup);
