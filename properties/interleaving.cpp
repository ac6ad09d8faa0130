#include "interleaving.hpp"

#include <fmt/format.h>

namespace asyncflow::model::props {

FaultBudget property_budget() {
  FaultBudget b;
  b.drops = 3;
  b.duplicates = 3;
  b.rejects = 2;
  b.corruptions = 1;
  b.restarts = 2;
  b.traps = 2;
  b.forgeries = 2;
  b.reject_codes = {RejectCode::SysFatal,           RejectCode::SysTransient,
                    RejectCode::DestinationInvalid, RejectCode::CanisterReject,
                    RejectCode::CanisterError,      RejectCode::SysUnknown};
  return b;
}

WorldSetup setup_of(const Interleaving& i) {
  WorldSetup s;
  s.endpoints = i.endpoints;
  s.config.retry_initial_ms = 1000;
  s.config.retry_interval_max_ms = 4000;
  s.config.send_attempts_max = i.attempts;
  s.config.ack_attempts_max = i.attempts;
  s.config.clock_skew_ms = 500;
  // Calls go back and forth between e0 and e1; a third endpoint is a hostile bystander that
  // may forge their frames under its own name.
  for (std::uint32_t c = 0; c < i.calls; ++c)
    s.calls.push_back(
        CallPlan{c % 2, (c + 1) % 2, Bytes(i.payload_bytes, static_cast<std::uint8_t>('a' + c))});
  return s;
}

std::optional<Action> pick(const World& world, const FaultBudget& budget, std::uint32_t choice) {
  std::vector<Action> faults, fault_free;
  for (Action& a : enabled_actions(world, budget))
    (is_fault(a) ? faults : fault_free).push_back(std::move(a));
  const bool want_fault = choice % 4 == 3;
  const std::vector<Action>& from =
      (want_fault && !faults.empty()) || fault_free.empty() ? faults : fault_free;
  if (from.empty()) return std::nullopt;
  return from[(choice / 4) % from.size()];
}

Outcome run(const Interleaving& i,
            const std::function<std::optional<std::string>(const World&)>& after_each,
            const StepObserver* observer) {
  auto made = make_world(setup_of(i));
  RC_ASSERT(made.has_value());
  Outcome out{std::move(*made), {}, std::nullopt};
  const FaultBudget budget = property_budget();
  for (std::uint32_t choice : i.choices) {
    const auto action = pick(out.world, budget, choice);
    if (!action) break;
    out.actions.push_back(*action);
    apply(out.world, *action, observer);
    if (auto broken = after_each(out.world)) {
      out.failure = std::move(broken);
      break;
    }
  }
  return out;
}

std::string describe_run(const Interleaving& i, const std::vector<Action>& actions) {
  auto world = make_world(setup_of(i));
  std::string text = fmt::format("{} endpoints, {} calls of {} bytes, {} attempts:\n", i.endpoints,
                                 i.calls, i.payload_bytes, i.attempts);
  for (std::size_t k = 0; k < actions.size(); ++k) {
    text += fmt::format("  {:>2}. {}\n", k + 1, describe(*world, actions[k]));
    apply(*world, actions[k]);
  }
  return text;
}

}  // namespace asyncflow::model::props
