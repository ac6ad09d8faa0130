// Counterexamples as people read them: numbered steps with the kernel effects each caused, and
// the same trace as a Mermaid sequence diagram (paste into any Markdown viewer that renders it).
#include <fmt/format.h>

#include "asyncflow/format.hpp"
#include "asyncflow/model/checker.hpp"

namespace asyncflow::model {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

std::string frames_text(const std::vector<Frame>& frames) {
  std::string text;
  for (const auto& f : frames) text += (text.empty() ? "" : ", ") + to_string(f);
  return text;
}

// One Mermaid line for the action itself (before it is applied).
std::string mermaid_action(const World& w, const Action& action) {
  const auto d = [&](std::uint32_t i) -> const Datagram& { return w.network.at(i); };
  return std::visit(
      Overloaded{
          [&](const IssueCall&) {
            const CallPlan& p = w.script[w.next_call];
            return fmt::format("Note over e{}: app calls e{} (call {})", p.caller, p.receiver,
                               w.next_call);
          },
          [&](const DeliverDatagram& a) {
            return fmt::format("e{}->>e{}: {}", d(a.index).from, d(a.index).to,
                               frames_text(d(a.index).frames));
          },
          [&](const DropDatagram& a) {
            return fmt::format("e{}-xe{}: DROP {}", d(a.index).from, d(a.index).to,
                               frames_text(d(a.index).frames));
          },
          [&](const DuplicateDatagram& a) {
            return fmt::format("Note over e{},e{}: DUPLICATE {}", d(a.index).from, d(a.index).to,
                               frames_text(d(a.index).frames));
          },
          [&](const RejectDatagram& a) {
            return fmt::format("e{}--)e{}: REJECT {} of {}", d(a.index).to, d(a.index).from, a.code,
                               frames_text(d(a.index).frames));
          },
          [&](const CorruptDatagram& a) {
            return fmt::format("Note over e{},e{}: CORRUPT {}", d(a.index).from, d(a.index).to,
                               frames_text(d(a.index).frames));
          },
          [&](const AnswerRequest& a) {
            const DeliveryKey& k = w.pending_answers.at(a.index).key;
            return fmt::format("Note over e{}: app answers {}", k.receiver, k.msg_id);
          },
          [&](const AdvanceClock&) {
            return fmt::format("Note over e0,e{}: {}", w.endpoints.size() - 1,
                               describe(w, AdvanceClock{}));
          },
          [&](const ForgeDatagram& a) {
            return fmt::format("Note over e{},e{}: FORGE {} as e{}", d(a.index).from, d(a.index).to,
                               frames_text(d(a.index).frames), a.as);
          },
          [&](const PassTime& a) {
            return fmt::format("Note over e0,e{}: clock +{} ms", w.endpoints.size() - 1, a.ms);
          },
          [&](const Restart& a) { return fmt::format("Note over e{}: RESTART", a.endpoint); },
          [&](const TrapDelivery& a) {
            return fmt::format("e{}-xe{}: TRAP receiving {}", d(a.index).from, d(a.index).to,
                               frames_text(d(a.index).frames));
          },
      },
      action);
}

}  // namespace

Counterexample render_trace(const CheckBounds& bounds, const std::vector<Action>& actions,
                            std::string property) {
  Counterexample out{std::move(property), {}, {}, actions};
  auto world = make_world(setup_for(bounds));
  if (!world) return out;
  std::string mermaid = "sequenceDiagram\n";
  for (EndpointIndex e = 0; e < world->endpoints.size(); ++e)
    mermaid += fmt::format("  participant e{}\n", e);
  std::vector<std::string> effects;
  const StepObserver observer = [&](const StepRecord& r) {
    for (const Effect& effect : *r.effects) {
      if (std::holds_alternative<Transmit>(effect)) continue;  // shown as network steps
      effects.push_back(
          fmt::format("e{}{}: {}", r.endpoint, r.executed ? "" : " (trapped)", to_string(effect)));
    }
  };
  for (std::size_t i = 0; i < actions.size(); ++i) {
    mermaid += "  " + mermaid_action(*world, actions[i]) + "\n";
    std::string line = fmt::format("{:>3}. {}", i + 1, describe(*world, actions[i]));
    effects.clear();
    apply(*world, actions[i], &observer);
    for (const auto& e : effects) {
      line += "\n       -> " + e;
      mermaid += fmt::format("  Note right of e{}: {}\n", e.substr(1, e.find_first_of(" :") - 1),
                             e.substr(e.find(": ") + 2));
    }
    out.steps.push_back(std::move(line));
  }
  out.mermaid = std::move(mermaid);
  return out;
}

}  // namespace asyncflow::model
