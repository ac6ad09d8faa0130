// Applying actions: each one becomes at most a few kernel steps, and every executed effect is
// carried out the way a host would (datagrams into the network, deliveries to the app, outcomes
// into the call records).
#include "asyncflow/model/world.hpp"

#include <cassert>
#include <string>

#include "asyncflow/snapshot.hpp"
#include "effect_execution.hpp"
#include "isolation.hpp"
#include "journal_check.hpp"

namespace asyncflow::model {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

// Runs one kernel step on endpoint `e`, checks what no single state can show, reports it, and
// executes the effects unless the step trapped.
void run_step(World& world, EndpointIndex e, EventBody body, const StepObserver* observer,
              bool trapped = false) {
  const Event event{world.now_ms, std::move(body)};
  Effects effects;
  const bool observed = observer != nullptr && *observer;
  if (!trapped && !world.step_checks && !observed) {
    step_in_place(world.endpoints[e], event, effects);
    execute_effects(world, e, event, effects);
    return;
  }
  State before = world.endpoints[e];
  State after = before;
  // Checked steps go through step_ready, the host contract: its effects, then its transmissions,
  // are exactly step_in_place's effects in order (tests/unit/journal_test.cpp).
  Ready ready = step_ready(after, event);
  effects = std::move(ready.effects);
  for (auto& t : ready.transmissions) effects.emplace_back(std::move(t));
  ready.transmissions.clear();
  if (world.step_checks && !world.invariant_violation) {
    if (auto broken = check_invariants(after))
      world.invariant_violation = "endpoint e" + std::to_string(e) + ": " + std::string(*broken);
    else if (auto wrong = journal_breach(before, after, ready))
      world.invariant_violation = "endpoint e" + std::to_string(e) + ": " + *wrong;
  }
  if (world.step_checks && !trapped && !world.isolation_violation)
    world.isolation_violation = isolation_breach(world, e, event, before, after);
  if (observed) (*observer)(StepRecord{e, &event, &before, &after, &effects, !trapped});
  if (trapped) return;  // the state stays `before`; the effects never leave
  world.endpoints[e] = std::move(after);
  execute_effects(world, e, event, effects);
}

// Every endpoint with a deadline at or before now ticks, in index order.
void tick_due(World& world, const StepObserver* observer) {
  for (EndpointIndex e = 0; e < world.endpoints.size(); ++e)
    if (auto d = next_deadline(world.endpoints[e]); d && *d <= world.now_ms)
      run_step(world, e, TickEvent{}, observer);
}

Datagram take(World& world, std::uint32_t index) {
  assert(index < world.network.size());
  Datagram d = std::move(world.network[index]);
  if (index == 0) {
    world.network.pop_front();
  } else {
    if (index + 1 != world.network.size()) world.network[index] = std::move(world.network.back());
    world.network.pop_back();
  }
  return d;
}

// Flips a bit of the first payload; returns the flow whose response it was, for an ACK.
std::optional<DeliveryKey> flip_first_payload(Datagram& d) {
  for (auto& frame : d.frames) {
    Bytes* payload = std::visit(
        Overloaded{[](NewFrame& f) { return &f.payload; }, [](AckFrame& f) { return &f.payload; },
                   [](FinFrame&) -> Bytes* { return nullptr; }},
        frame);
    if (payload == nullptr) continue;
    if (payload->empty())
      payload->push_back(0x01);
    else
      (*payload)[0] ^= 0x01;
    if (auto* ack = std::get_if<AckFrame>(&frame)) return DeliveryKey{d.from, d.to, ack->msg_id};
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

Peer peer_name(EndpointIndex endpoint) {
  return *Peer::from_text("e" + std::to_string(endpoint));
}

std::optional<EndpointIndex> endpoint_of(const World& world, const Peer& peer) {
  for (EndpointIndex e = 0; e < world.endpoints.size(); ++e)
    if (peer_name(e) == peer) return e;
  return std::nullopt;
}

Bytes app_response(const Bytes& request) {
  // "ok:" + the request reversed: depends on every request byte, differs from the request.
  Bytes response{'o', 'k', ':'};
  response.insert(response.end(), request.rbegin(), request.rend());
  return response;
}

std::optional<World> make_world(const WorldSetup& setup) {
  World world;
  world.now_ms = setup.start_ms;
  for (std::uint32_t e = 0; e < setup.endpoints; ++e) {
    auto made = make_state(setup.config, setup.seed + e);
    if (!std::holds_alternative<State>(made)) return std::nullopt;
    world.endpoints.push_back(std::move(std::get<State>(made)));
  }
  for (const auto& call : setup.calls)
    if (call.caller >= setup.endpoints || call.receiver >= setup.endpoints ||
        call.caller == call.receiver)
      return std::nullopt;
  world.script = setup.calls;
  world.hostile.assign(setup.endpoints, true);
  for (const auto& call : setup.calls)
    world.hostile[call.caller] = world.hostile[call.receiver] = false;
  world.calls.resize(setup.calls.size());
  return world;
}

void apply(World& world, const Action& action, const StepObserver* observer) {
  std::visit(Overloaded{
                 [&](const IssueCall&) {
                   assert(world.next_call < world.script.size());
                   const CallPlan& plan = world.script[world.next_call];
                   run_step(world, plan.caller, CallEvent{peer_name(plan.receiver), plan.request},
                            observer);
                   ++world.next_call;
                 },
                 [&](const DeliverDatagram& a) {
                   Datagram d = take(world, a.index);
                   run_step(world, d.to, ReceiveEvent{peer_name(d.from), std::move(d.frames), 0},
                            observer);
                 },
                 [&](const DropDatagram& a) {
                   take(world, a.index);
                   ++world.faults.drops;
                 },
                 [&](const DuplicateDatagram& a) {
                   assert(a.index < world.network.size());
                   world.network.push_back(world.network[a.index]);
                   ++world.faults.duplicates;
                 },
                 [&](const RejectDatagram& a) {
                   ++world.faults.rejects;
                   // A code that proves non-delivery takes the datagram out of the network; any
                   // other (SysUnknown) leaves it there: it may still arrive after the report.
                   const Datagram& d = world.network.at(a.index);
                   const EndpointIndex sender = d.from;
                   SendFailedEvent failed{peer_name(d.to), {}, a.code};
                   for (const auto& frame : d.frames) failed.frames.push_back(ref_of(frame));
                   if (proves_not_delivered(a.code)) take(world, a.index);
                   run_step(world, sender, std::move(failed), observer);
                 },
                 [&](const CorruptDatagram& a) {
                   if (auto key = flip_first_payload(world.network.at(a.index)))
                     world.corrupted_responses.insert(*key);
                   ++world.faults.corruptions;
                 },
                 [&](const AnswerRequest& a) {
                   assert(a.index < world.pending_answers.size());
                   const DeliveryKey key = world.pending_answers[a.index].key;
                   world.pending_answers.erase(world.pending_answers.begin() + a.index);
                   DeliveryRecord& record = world.deliveries[key];
                   Bytes response = app_response(record.request);
                   record.response = response;
                   run_step(world, key.receiver,
                            RespondEvent{peer_name(key.caller), key.msg_id, std::move(response)},
                            observer);
                 },
                 [&](const AdvanceClock&) {
                   std::optional<TimeMs> earliest;
                   for (const auto& s : world.endpoints)
                     if (auto d = next_deadline(s); d && (!earliest || *d < *earliest))
                       earliest = d;
                   assert(earliest.has_value());
                   if (*earliest > world.now_ms) world.now_ms = *earliest;
                   tick_due(world, observer);
                 },
                 [&](const ForgeDatagram& a) {
                   Datagram forged = world.network.at(a.index);
                   forged.from = a.as;
                   world.network.push_back(std::move(forged));
                   ++world.faults.forgeries;
                 },
                 [&](const PassTime& a) {
                   world.now_ms += a.ms;
                   tick_due(world, observer);
                 },
                 [&](const Restart& a) {
                   ++world.faults.restarts;
                   State& s = world.endpoints.at(a.endpoint);
                   auto restored = restore(snapshot(s));
                   if (auto* state = std::get_if<State>(&restored)) {
                     if (!(*state == s) && !world.restore_violation)
                       world.restore_violation =
                           "restore(snapshot(e" + std::to_string(a.endpoint) + ")) differs";
                     s = std::move(*state);
                   } else if (!world.restore_violation) {
                     world.restore_violation =
                         "restore of e" + std::to_string(a.endpoint) +
                         " failed: " + std::string(name_of(std::get<RestoreError>(restored)));
                   }
                 },
                 [&](const TrapDelivery& a) {
                   Datagram d = take(world, a.index);
                   ++world.faults.traps;
                   run_step(world, d.to, ReceiveEvent{peer_name(d.from), std::move(d.frames), 0},
                            observer, /*trapped=*/true);
                 },
             },
             action);
}

bool is_quiet(const World& world) {
  if (world.next_call < world.script.size() || !world.network.empty() ||
      !world.pending_answers.empty())
    return false;
  for (const auto& s : world.endpoints)
    if (next_deadline(s)) return false;
  return true;
}

}  // namespace asyncflow::model
