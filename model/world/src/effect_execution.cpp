#include "effect_execution.hpp"

#include <string>

#include "asyncflow/format.hpp"

namespace asyncflow::model {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

void note(std::optional<std::string>& slot, std::string what) {
  if (!slot) slot = std::move(what);
}

// The call an outcome names: the caller's own (endpoint, msg_id).
CallRecord* call_for(World& world, EndpointIndex caller, const MsgId& msg_id) {
  auto it = world.call_by_id.find({caller, msg_id});
  return it == world.call_by_id.end() ? nullptr : &world.calls[it->second];
}

void outcome(World& world, EndpointIndex caller, const MsgId& msg_id, CallStatus status,
             std::optional<Bytes> response) {
  CallRecord* call = call_for(world, caller, msg_id);
  if (call == nullptr) {
    note(world.outcome_violation,
         fmt::format("e{} reported an outcome for {} which it never accepted", caller, msg_id));
    return;
  }
  ++call->outcomes;
  ++world.outcomes_total;
  call->status = status;
  call->outcome_ms = world.now_ms;
  call->response = std::move(response);
}

}  // namespace

void execute_effects(World& world, EndpointIndex e, const Event& event, const Effects& effects) {
  for (const Effect& effect : effects) {
    std::visit(
        Overloaded{
            [&](const Transmit& t) {
              if (auto to = endpoint_of(world, t.peer))
                world.network.push_back(Datagram{e, *to, t.frames, e});
              else
                note(world.outcome_violation,
                     fmt::format("e{} transmitted to unknown {}", e, t.peer));
            },
            [&](const Accepted& a) {
              // Only a CallEvent (the script's next call) can be accepted.
              const std::uint32_t index = world.next_call;
              world.calls[index].status = CallStatus::InFlight;
              world.calls[index].issued_ms = world.now_ms;
              world.calls[index].msg_id = a.msg_id;
              world.call_by_id[{e, a.msg_id}] = index;
            },
            [&](const Completed& c) {
              outcome(world, e, c.msg_id, CallStatus::Completed, c.response);
            },
            [&](const Corrupted& c) { outcome(world, e, c.msg_id, CallStatus::Corrupted, {}); },
            [&](const GaveUp& g) { outcome(world, e, g.msg_id, CallStatus::GaveUp, {}); },
            [&](const LateCompletion& l) {
              if (CallRecord* call = call_for(world, e, l.msg_id))
                ++call->late_notices;
              else
                note(world.outcome_violation,
                     fmt::format("e{} gave a late notice for unknown {}", e, l.msg_id));
            },
            [&](const Deliver& d) {
              const auto caller = endpoint_of(world, d.peer);
              if (!caller) return note(world.outcome_violation, "delivery from an unknown peer");
              const DeliveryKey key{e, *caller, d.msg_id};
              DeliveryRecord& record = world.deliveries[key];
              ++record.count;
              record.request = d.payload;
              world.pending_answers.push_back(PendingAnswer{key});
            },
            [&](const Refused& r) {
              if (std::holds_alternative<CallEvent>(event.body)) {
                CallRecord& call = world.calls[world.next_call];
                call.status = CallStatus::Refused;
                call.issued_ms = call.outcome_ms = world.now_ms;
                ++call.outcomes;  // a refused call's one outcome is the refusal
                ++world.outcomes_total;
              } else {
                note(world.outcome_violation,
                     fmt::format("e{} refused its app's answer: {}", e, r.reason));
              }
            },
            [](const auto&) {},  // receiver-side notices and drops change no ghost record
        },
        effect);
  }
}

}  // namespace asyncflow::model
