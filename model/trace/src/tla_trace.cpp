#include "asyncflow/model/tla_trace.hpp"

#include <fmt/format.h>

#include <variant>

#include "asyncflow/model/spec_names.hpp"

namespace asyncflow::model {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

std::string node(EndpointIndex e) {
  return "\"e" + std::to_string(e) + "\"";
}

const char* kind_name(FrameKind k) {
  switch (k) {
    case FrameKind::New:
      return "NEW";
    case FrameKind::Ack:
      return "ACK";
    case FrameKind::Fin:
      return "FIN";
  }
  return "?";
}

const char* flag(bool b) {
  return b ? "true" : "false";
}

// The request the caller's app sent for (caller, id), and the response the receiver's app
// produced for what it was delivered: the intact values that "corrupted" is measured against.
const Bytes* request_of(const World& w, EndpointIndex caller, const MsgId& id) {
  auto it = w.call_by_id.find({caller, id});
  return it == w.call_by_id.end() ? nullptr : &w.script[it->second].request;
}
std::optional<Bytes> response_of(const World& w, EndpointIndex receiver, EndpointIndex caller,
                                 const MsgId& id) {
  auto it = w.deliveries.find(DeliveryKey{receiver, caller, id});
  if (it == w.deliveries.end()) return std::nullopt;
  return app_response(it->second.request);
}
bool differs(const Bytes& got, const Bytes* intact) {
  return intact == nullptr || got != *intact;
}
bool hash_differs(const std::optional<Hash32>& got, const std::optional<Bytes>& intact) {
  return !got || !intact || *got != crc32(*intact);
}

}  // namespace

void TlaTraceWriter::header(const World& world) {
  const Config& c = config_;
  std::string nodes;
  for (EndpointIndex e = 0; e < world.endpoints.size(); ++e) nodes += (e ? "," : "") + node(e);
  emit(fmt::format(
      "\"e\":\"config\",\"nodes\":[{}],\"now\":{},\"retry_initial_ms\":{},"
      "\"retry_backoff_multiplier\":{},\"retry_interval_max_ms\":{},\"send_attempts_max\":{},"
      "\"ack_attempts_max\":{},\"clock_skew_ms\":{}",
      nodes, world.now_ms, c.retry_initial_ms, c.retry_backoff_multiplier, c.retry_interval_max_ms,
      c.send_attempts_max, c.ack_attempts_max, c.clock_skew_ms));
}

std::string TlaTraceWriter::id_json(EndpointIndex caller, const MsgId& id) const {
  auto it = ordinal_.find({caller, id});
  // An id no scripted call made (a forgery): s = 0 matches no spec id, so validation fails.
  return fmt::format("{{\"t\":{},\"s\":{}}}", id.time_ms(), it == ordinal_.end() ? 0 : it->second);
}

std::string TlaTraceWriter::frames_json(const Datagram& d) const {
  const World& w = *world_;
  std::string out = "[";
  for (const Frame& frame : d.frames) {
    const FrameKind kind = kind_of(frame);
    const MsgId id = msg_id_of(frame);
    // NEW and FIN travel caller -> receiver, ACK the other way.
    const EndpointIndex caller = kind == FrameKind::Ack ? d.to : d.from;
    const EndpointIndex receiver = kind == FrameKind::Ack ? d.from : d.to;
    bool payload_bad = false;
    bool hash_bad = false;
    std::visit(
        Overloaded{
            [&](const NewFrame& f) { payload_bad = differs(f.payload, request_of(w, caller, id)); },
            [&](const AckFrame& f) {
              const auto response = response_of(w, receiver, caller, id);
              payload_bad = !response || f.payload != *response;
              const Bytes* request = request_of(w, caller, id);
              hash_bad =
                  hash_differs(f.hash, request ? std::optional<Bytes>(*request) : std::nullopt);
            },
            [&](const FinFrame& f) {
              hash_bad = hash_differs(f.hash, response_of(w, receiver, caller, id));
            },
        },
        frame);
    out +=
        fmt::format("{}{{\"k\":\"{}\",\"id\":{},\"pb\":{},\"hb\":{}}}", out.size() > 1 ? "," : "",
                    kind_name(kind), id_json(caller, id), flag(payload_bad), flag(hash_bad));
  }
  return out + "]";
}

void TlaTraceWriter::count(EndpointIndex e, const Effects& effects) {
  Reported& r = reported_[e];
  for (const Effect& effect : effects)
    std::visit(Overloaded{
                   [&](const Completed&) { ++r.completed; },
                   [&](const Corrupted&) { ++r.corrupted; },
                   [&](const GaveUp&) { ++r.gave_up; },
                   [&](const LateCompletion&) { ++r.late; },
                   [&](const Deliver&) { ++r.delivered; },
                   [&](const FlowClosed&) { ++r.flows_closed; },
                   [&](const FinMismatch&) { ++r.fin_mismatches; },
                   [&](const AckGaveUp&) { ++r.ack_gave_up; },
                   [](const auto&) {},
               },
               effect);
}

std::string TlaTraceWriter::state_json(EndpointIndex e, const State& s) {
  std::string fo, fi;
  for (const auto& [key, f] : s.out_flows) {
    const auto peer = endpoint_of(*world_, key.peer);
    fo += fmt::format("{}{{\"p\":{},\"id\":{},\"ph\":\"{}\",\"a\":{},\"r\":{},\"d\":{}}}",
                      fo.empty() ? "" : ",", node(peer.value_or(~0u)), id_json(e, key.msg_id),
                      spec_phase(f.phase), f.attempts, f.attempts_rejected, f.deadline_ms);
  }
  for (const auto& [key, f] : s.in_flows) {
    const auto peer = endpoint_of(*world_, key.peer).value_or(~0u);
    // The spec keeps no deadline while the app owes the answer (the kernel's is unused then).
    const TimeMs deadline = f.phase == InPhase::AwaitingResponse ? 0 : f.deadline_ms;
    fi += fmt::format("{}{{\"p\":{},\"id\":{},\"ph\":\"{}\",\"a\":{},\"d\":{}}}",
                      fi.empty() ? "" : ",", node(peer), id_json(peer, key.msg_id),
                      spec_phase(f.phase), f.attempts, deadline);
  }
  const Reported& r = reported_[e];
  return fmt::format(
      "\"n\":{},\"fo\":[{}],\"fi\":[{}],\"cnt\":{{\"done\":{},\"corr\":{},\"gave\":{},"
      "\"late\":{},\"dlv\":{},\"closed\":{},\"finx\":{},\"ackgu\":{}}}",
      node(e), fo, fi, r.completed, r.corrupted, r.gave_up, r.late, r.delivered, r.flows_closed,
      r.fin_mismatches, r.ack_gave_up);
}

void TlaTraceWriter::before(const World& world, const Action& action) {
  if (lines_ == 0) header(world);
  world_ = &world;
  stepped_ = false;
  node_.reset();
  fields_.clear();
  const auto datagram = [&](std::uint32_t i) -> const Datagram& { return world.network.at(i); };
  const auto ends = [&](const Datagram& d) {
    return fmt::format("\"src\":{},\"dst\":{},\"f\":{}", node(d.from), node(d.to), frames_json(d));
  };
  std::visit(
      Overloaded{
          [&](const IssueCall&) {
            const CallPlan& plan = world.script.at(world.next_call);
            event_ = "call";
            fields_ = fmt::format("\"p\":{}", node(plan.receiver));
          },
          [&](const DeliverDatagram& a) { event_ = "recv", fields_ = ends(datagram(a.index)); },
          [&](const TrapDelivery& a) { event_ = "trap", fields_ = ends(datagram(a.index)); },
          [&](const RejectDatagram& a) {
            event_ = "reject";
            fields_ = fmt::format("{},\"code\":\"{}\",\"stays\":{}", ends(datagram(a.index)),
                                  spec_code_class(a.code), flag(!proves_not_delivered(a.code)));
          },
          [&](const DropDatagram& a) { event_ = "drop", fields_ = ends(datagram(a.index)); },
          [&](const DuplicateDatagram& a) { event_ = "dup", fields_ = ends(datagram(a.index)); },
          [&](const CorruptDatagram& a) {
            // The world flips a bit of the first frame with a payload (NEW or ACK).
            const Datagram& d = datagram(a.index);
            std::size_t flipped = 0;
            while (flipped < d.frames.size() && std::holds_alternative<FinFrame>(d.frames[flipped]))
              ++flipped;
            // A datagram of FINs only: the world changes nothing, nor does the spec.
            event_ = flipped < d.frames.size() ? "corrupt" : "";
            fields_ = fmt::format("{},\"x\":{}", ends(d), flipped + 1);
          },
          [&](const AnswerRequest& a) {
            const DeliveryKey& k = world.pending_answers.at(a.index).key;
            event_ = "respond";
            fields_ =
                fmt::format("\"p\":{},\"id\":{}", node(k.caller), id_json(k.caller, k.msg_id));
          },
          [&](const AdvanceClock&) { event_ = "tick"; },
          [&](const PassTime&) { event_ = "tick"; },
          [&](const Restart& a) { event_ = "restart", node_ = a.endpoint; },
          [&](const ForgeDatagram& a) {
            event_ = "forge";
            fields_ = fmt::format("\"as\":{},{}", node(a.as), ends(datagram(a.index)));
          },
      },
      action);
}

void TlaTraceWriter::on_step(const StepRecord& step) {
  stepped_ = true;
  std::string fields = fields_;
  if (event_ == "call") {
    // The kernel names the call; the spec's id is (its ULID time, the caller's ordinal).
    for (const Effect& effect : *step.effects)
      if (const auto* accepted = std::get_if<Accepted>(&effect))
        ordinal_[{step.endpoint, accepted->msg_id}] = ++calls_made_[step.endpoint],
                                 fields += ",\"id\":" + id_json(step.endpoint, accepted->msg_id);
  }
  if (step.executed) count(step.endpoint, *step.effects);  // a trap's effects never leave
  const State& state = step.executed ? *step.after : *step.before;
  emit(fmt::format("\"e\":\"{}\",\"now\":{}{}{},{}", event_, step.event->now_ms,
                   fields.empty() ? "" : ",", fields, state_json(step.endpoint, state)));
}

void TlaTraceWriter::after(const World& world) {
  world_ = &world;
  // Network actions and restarts run no kernel step: one line for the action itself.
  if (stepped_ || event_ == "tick" || event_.empty()) return;
  std::string line = fmt::format("\"e\":\"{}\",\"now\":{}", event_, world.now_ms);
  if (!fields_.empty()) line += "," + fields_;
  if (node_) line += "," + state_json(*node_, world.endpoints.at(*node_));
  emit(line);
}

std::uint64_t write_trace(std::FILE* out, World world, const std::vector<Action>& actions) {
  if (world.endpoints.empty()) return 0;
  TlaTraceWriter writer(out, world.endpoints.front().config);
  const StepObserver observer = writer.observer();
  for (const Action& action : actions) {
    writer.before(world, action);
    apply(world, action, &observer);
    writer.after(world);
  }
  return writer.lines();
}

void TlaTraceWriter::emit(const std::string& body) {
  std::fputs(("{" + body + "}\n").c_str(), out_);
  ++lines_;
}

}  // namespace asyncflow::model
