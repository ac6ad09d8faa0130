#pragma once
// The properties every checker states about the world, by name. The TLA+ spec (tla/) and the
// Z3 proofs (model/z3/) use the same names. Each returns nullopt when it holds, else a message.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asyncflow/model/world.hpp"

namespace asyncflow::model {

// At most one Deliver per (receiver, peer, msg_id), ever: across restarts and traps, because
// only executed effects count.
std::optional<std::string> at_most_once_delivery(const World& world);

// Completed only with the response the receiver's app produced for that very request, the
// request the receiver's app saw being the caller's own (a corrupted request ends in Corrupted).
// One exception the protocol cannot close at the caller: Ack.hash covers the request, not the
// response, so a response corrupted in flight completes the call with it. The receiver learns of
// it (FinMismatch) only if that first FIN arrives: the caller keeps nothing after Completed, so
// a FIN answering a retransmitted, intact ACK carries that ACK's hash (docs/model.md).
std::optional<std::string> completion_matches_response(const World& world);

// No call has more than one outcome (refused, completed, corrupted or gave up); once the world
// is quiet, every issued call has exactly one. A late completion notice is not an outcome.
std::optional<std::string> one_outcome_per_call(const World& world);

// Frames from one peer (and reports about sending to it) never change another peer's flows.
std::optional<std::string> peer_isolation(const World& world);

// Retained bytes and dedupe entries within their limits at all times; once the world is quiet
// (nothing in flight, every deadline passed), every endpoint holds no flows at all.
std::optional<std::string> bounded_state(const World& world);

// The kernel's own invariants held after every step, and restore(snapshot(s)) == s.
std::optional<std::string> kernel_sound(const World& world);

// From this world, fault-free actions (deliver the oldest datagram, answer the oldest request,
// issue calls, advance the clock) lead to a quiet world where every call has its outcome. The
// checker asks this of every reachable state; `steps_max` bounds the run.
// The next action of that fault-free, fair continuation (the world must not be quiet).
Action fault_free_next(const World& world);
std::optional<std::string> eventual_completion(const World& world,
                                               std::uint32_t steps_max = 10'000);

struct NamedProperty {
  std::string_view name;
  std::optional<std::string> (*check)(const World&);
};

// The safety properties, checked in every state: AtMostOnceDelivery, CompletionMatchesResponse,
// OneOutcomePerCall, PeerIsolation, BoundedState, KernelSound.
const std::vector<NamedProperty>& safety_properties();

// The first broken safety property as "Name: message", or nullopt.
std::optional<std::string> first_violation(const World& world);

}  // namespace asyncflow::model
