#include "asyncflow/model/properties.hpp"

#include "asyncflow/format.hpp"

namespace asyncflow::model {

std::optional<std::string> at_most_once_delivery(const World& world) {
  for (const auto& [k, r] : world.deliveries)
    if (r.count > 1)
      return fmt::format("e{} delivered {} from e{} {} times", k.receiver, k.msg_id, k.caller,
                         r.count);
  return std::nullopt;
}

std::optional<std::string> completion_matches_response(const World& world) {
  for (std::uint32_t i = 0; i < world.calls.size(); ++i) {
    const CallRecord& call = world.calls[i];
    if (call.status != CallStatus::Completed) continue;
    const CallPlan& plan = world.script[i];
    auto it = world.deliveries.find(DeliveryKey{plan.receiver, plan.caller, *call.msg_id});
    if (it == world.deliveries.end())
      return fmt::format("call #{} completed but e{} never delivered it", i, plan.receiver);
    const DeliveryRecord& d = it->second;
    if (d.request != plan.request)
      return fmt::format("call #{} completed but e{}'s app saw a different request", i,
                         plan.receiver);
    if (!d.response)
      return fmt::format("call #{} completed before e{}'s app answered", i, plan.receiver);
    const bool response_corrupted_in_flight =
        world.corrupted_responses.count(it->first) > 0;  // detected by the receiver via FIN
    if ((!call.response || *call.response != *d.response) && !response_corrupted_in_flight)
      return fmt::format("call #{} completed with a response e{}'s app did not give", i,
                         plan.receiver);
  }
  return std::nullopt;
}

std::optional<std::string> one_outcome_per_call(const World& world) {
  for (std::uint32_t i = 0; i < world.calls.size(); ++i) {
    const CallRecord& call = world.calls[i];
    if (call.outcomes > 1) return fmt::format("call #{} has {} outcomes", i, call.outcomes);
    if (is_quiet(world) && i < world.next_call && call.outcomes == 0)
      return fmt::format("call #{} is lost: the world is quiet and it has no outcome", i);
  }
  if (world.outcome_violation) return world.outcome_violation;
  return std::nullopt;
}

std::optional<std::string> peer_isolation(const World& world) {
  return world.isolation_violation;
}

std::optional<std::string> bounded_state(const World& world) {
  for (EndpointIndex e = 0; e < world.endpoints.size(); ++e) {
    const State& s = world.endpoints[e];
    if (s.retained_bytes > s.config.retained_bytes_max)
      return fmt::format("e{} retains {} bytes, over {}", e, s.retained_bytes,
                         s.config.retained_bytes_max);
    if (s.dedupe_entries > s.config.dedupe_entries_max)
      return fmt::format("e{} holds {} dedupe entries, over {}", e, s.dedupe_entries,
                         s.config.dedupe_entries_max);
  }
  if (is_quiet(world))
    for (EndpointIndex e = 0; e < world.endpoints.size(); ++e) {
      const State& s = world.endpoints[e];
      if (!s.out_flows.empty() || !s.in_flows.empty() || !s.pending_fins.empty())
        return fmt::format("e{} still holds {} caller and {} receiver flows in a quiet world", e,
                           s.out_flows.size(), s.in_flows.size());
    }
  return std::nullopt;
}

std::optional<std::string> kernel_sound(const World& world) {
  if (world.invariant_violation) return "invariant broken: " + *world.invariant_violation;
  return world.restore_violation;
}

const std::vector<NamedProperty>& safety_properties() {
  static const std::vector<NamedProperty> all{
      {"AtMostOnceDelivery", &at_most_once_delivery},
      {"CompletionMatchesResponse", &completion_matches_response},
      {"OneOutcomePerCall", &one_outcome_per_call},
      {"PeerIsolation", &peer_isolation},
      {"BoundedState", &bounded_state},
      {"KernelSound", &kernel_sound},
  };
  return all;
}

std::optional<std::string> first_violation(const World& world) {
  for (const auto& p : safety_properties())
    if (auto message = p.check(world)) return std::string(p.name) + ": " + *message;
  return std::nullopt;
}

Action fault_free_next(const World& world) {
  // Fair: the oldest datagram first, then the oldest owed answer, then new calls, then time.
  if (!world.network.empty()) return DeliverDatagram{0};
  if (!world.pending_answers.empty()) return AnswerRequest{0};
  if (world.next_call < world.script.size()) return IssueCall{};
  return AdvanceClock{};
}

std::optional<std::string> eventual_completion(const World& start, std::uint32_t steps_max) {
  World world = start;
  // Every state on this fault-free path is itself reachable, so the checkers check its safety
  // properties where they meet it; here only the end matters, and the per-step copies go.
  world.step_checks = false;
  for (std::uint32_t step = 0; step < steps_max; ++step) {
    if (is_quiet(world)) {
      if (auto broken = first_violation(world))
        return "the quiet world it reaches breaks " + *broken;
      for (std::uint32_t i = 0; i < world.calls.size(); ++i)
        if (world.calls[i].outcomes != 1)
          return fmt::format("quiet after {} fault-free steps but call #{} has {} outcomes", step,
                             i, world.calls[i].outcomes);
      return std::nullopt;
    }
    model::apply(world, fault_free_next(world));  // qualified: std::apply is found by ADL
  }
  return fmt::format("not quiet after {} fault-free steps", steps_max);
}

}  // namespace asyncflow::model
