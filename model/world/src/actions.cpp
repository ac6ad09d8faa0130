// Which actions a world offers, and how each reads in a trace.
#include <fmt/format.h>

#include "asyncflow/format.hpp"
#include "asyncflow/model/world.hpp"

namespace asyncflow::model {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

bool carries_payload(const Datagram& d) {
  for (const auto& f : d.frames)
    if (!std::holds_alternative<FinFrame>(f)) return true;
  return false;
}

std::string frames_text(const Datagram& d) {
  std::string text;
  for (const auto& f : d.frames) text += (text.empty() ? "" : ", ") + to_string(f);
  return fmt::format("e{}->e{} [{}]", d.from, d.to, text);
}

}  // namespace

FaultBudget no_faults() {
  FaultBudget b;
  b.drops = b.duplicates = b.rejects = b.corruptions = b.restarts = b.traps = b.forgeries = 0;
  return b;
}

bool is_fault(const Action& action) noexcept {
  return !(std::holds_alternative<IssueCall>(action) ||
           std::holds_alternative<DeliverDatagram>(action) ||
           std::holds_alternative<AnswerRequest>(action) ||
           std::holds_alternative<AdvanceClock>(action) ||
           std::holds_alternative<PassTime>(action));
}

std::vector<Action> enabled_actions(const World& world, const FaultBudget& budget) {
  std::vector<Action> actions;
  if (world.next_call < world.script.size()) actions.push_back(IssueCall{});
  const auto n = static_cast<std::uint32_t>(world.network.size());
  for (std::uint32_t i = 0; i < n; ++i) actions.push_back(DeliverDatagram{i});
  for (std::uint32_t i = 0; i < world.pending_answers.size(); ++i)
    actions.push_back(AnswerRequest{i});
  for (const auto& s : world.endpoints)
    if (next_deadline(s)) {
      actions.push_back(AdvanceClock{});
      break;
    }
  const FaultCounts& used = world.faults;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (used.drops < budget.drops) actions.push_back(DropDatagram{i});
    if (used.duplicates < budget.duplicates) actions.push_back(DuplicateDatagram{i});
    if (used.rejects < budget.rejects)
      for (RejectCode code : budget.reject_codes) actions.push_back(RejectDatagram{i, code});
    if (used.corruptions < budget.corruptions && carries_payload(world.network[i]))
      actions.push_back(CorruptDatagram{i});
    if (used.traps < budget.traps) actions.push_back(TrapDelivery{i});
    if (used.forgeries < budget.forgeries)
      for (EndpointIndex as = 0; as < world.endpoints.size(); ++as)
        // Peers are authenticated (the IC's caller id, the UDP host's address check): a
        // hostile peer can only send under its own name, to someone else.
        if (world.hostile[as] && as != world.network[i].origin && as != world.network[i].to)
          actions.push_back(ForgeDatagram{i, as});
  }
  if (used.restarts < budget.restarts)
    for (EndpointIndex e = 0; e < world.endpoints.size(); ++e) actions.push_back(Restart{e});
  return actions;
}

std::string describe(const World& world, const Action& action) {
  const auto datagram = [&](std::uint32_t i) {
    return i < world.network.size() ? frames_text(world.network[i]) : std::string("?");
  };
  return std::visit(
      Overloaded{
          [&](const IssueCall&) {
            if (world.next_call >= world.script.size()) return std::string("call (none left)");
            const CallPlan& p = world.script[world.next_call];
            return fmt::format("call #{} e{}->e{} ({} bytes)", world.next_call, p.caller,
                               p.receiver, p.request.size());
          },
          [&](const DeliverDatagram& a) { return "deliver " + datagram(a.index); },
          [&](const DropDatagram& a) { return "DROP " + datagram(a.index); },
          [&](const DuplicateDatagram& a) { return "DUPLICATE " + datagram(a.index); },
          [&](const RejectDatagram& a) {
            return fmt::format("REJECT({}) {}", a.code, datagram(a.index));
          },
          [&](const CorruptDatagram& a) { return "CORRUPT " + datagram(a.index); },
          [&](const AnswerRequest& a) {
            if (a.index >= world.pending_answers.size()) return std::string("answer ?");
            const DeliveryKey& k = world.pending_answers[a.index].key;
            return fmt::format("app e{} answers e{} {}", k.receiver, k.caller, k.msg_id);
          },
          [&](const AdvanceClock&) {
            std::optional<TimeMs> earliest;
            for (const auto& s : world.endpoints)
              if (auto d = next_deadline(s); d && (!earliest || *d < *earliest)) earliest = d;
            return fmt::format("clock -> {} ms (+{})", earliest.value_or(world.now_ms),
                               earliest.value_or(world.now_ms) - world.now_ms);
          },
          [&](const PassTime& a) { return fmt::format("clock +{} ms", a.ms); },
          [&](const ForgeDatagram& a) {
            return fmt::format("FORGE as e{}: {}", a.as, datagram(a.index));
          },
          [&](const Restart& a) {
            return fmt::format("RESTART e{} (snapshot -> restore)", a.endpoint);
          },
          [&](const TrapDelivery& a) { return "TRAP while receiving " + datagram(a.index); },
      },
      action);
}

}  // namespace asyncflow::model
