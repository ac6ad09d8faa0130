#include "asyncflow/model/abstraction.hpp"

#include <memory>
#include <vector>

#include "asyncflow/crc32.hpp"

namespace asyncflow::model::smt {

std::string ConcreteFlow::text() const {
  std::string out;
  for (int x = 0; x < kVarCount; ++x)
    out += std::string(var_name(static_cast<Var>(x))) + "=" +
           (vars[x] ? std::to_string(*vars[x]) : std::string("?")) + " ";
  return out;
}

std::optional<ConcreteFlow> abstract_flow(const World& w, std::uint32_t call) {
  const CallPlan& plan = w.script.at(call);
  const CallRecord& record = w.calls.at(call);
  if (record.status == CallStatus::Refused) return std::nullopt;
  ConcreteFlow f;
  auto& v = f.vars;
  const Config& config = w.endpoints[plan.caller].config;
  f.window_ms = static_cast<std::int64_t>(dedupe_window_ms(config));
  f.send_attempts_max = config.send_attempts_max;
  f.ack_attempts_max = config.ack_attempts_max;
  f.clock_skew_ms = static_cast<std::int64_t>(config.clock_skew_ms);
  v[Now] = static_cast<std::int64_t>(w.now_ms);
  for (Var x : {CPhase, CAttempts, Outcomes, Completed, CompletedOk, RPhase, RAttempts, Delivered,
                Responded, ReqBad, NewGood, NewBad, AckGood, AckBad, Fins})
    v[x] = 0;
  if (!record.msg_id) return f;  // not called yet: everything zero
  const MsgId id = *record.msg_id;
  f.id_time_ms = static_cast<std::int64_t>(id.time_ms());
  const Peer receiver_name = peer_name(plan.receiver);
  const Peer caller_name = peer_name(plan.caller);
  // caller
  const State& caller = w.endpoints[plan.caller];
  if (auto it = caller.out_flows.find(FlowKey{receiver_name, id}); it != caller.out_flows.end()) {
    v[CPhase] = it->second.phase == OutPhase::AwaitingAck ? 1 : 2;
    v[CAttempts] = it->second.attempts;
  } else {
    v[CPhase] = 3;
    v[CAttempts] = std::nullopt;
  }
  if (v[CPhase] == 2) v[CAttempts] = std::nullopt;  // not read again once given up
  v[Outcomes] = record.outcomes;
  v[Completed] = record.status == CallStatus::Completed;
  // receiver
  const State& receiver = w.endpoints[plan.receiver];
  v[RAttempts] = std::nullopt;
  if (auto it = receiver.in_flows.find(FlowKey{caller_name, id}); it != receiver.in_flows.end()) {
    v[RPhase] = it->second.phase == InPhase::AwaitingResponse ? 1
                : it->second.phase == InPhase::Acking         ? 2
                                                              : 3;
    if (v[RPhase] == 2) v[RAttempts] = it->second.attempts;
  }
  if (auto d = w.deliveries.find(DeliveryKey{plan.receiver, plan.caller, id});
      d != w.deliveries.end()) {
    v[Delivered] = d->second.count;
    v[Responded] = d->second.response.has_value();
    v[ReqBad] = d->second.request != plan.request;
  }
  // Completed with the request the app saw being the caller's and answered (the part a hash
  // can vouch for; a response corrupted in flight is the documented exemption).
  v[CompletedOk] = *v[Completed] == 1 && *v[ReqBad] == 0 && *v[Responded] == 1;
  // frames in flight of this flow, on its own direction (forged copies are another peer's)
  const Hash32 request_hash = crc32(plan.request);
  for (const Datagram& d : w.network) {
    const bool forward = d.from == plan.caller && d.to == plan.receiver;
    const bool backward = d.from == plan.receiver && d.to == plan.caller;
    for (const Frame& frame : d.frames) {
      if (msg_id_of(frame) != id) continue;
      if (const auto* n = std::get_if<NewFrame>(&frame); n && forward)
        ++*v[n->payload == plan.request ? NewGood : NewBad];
      else if (const auto* a = std::get_if<AckFrame>(&frame); a && backward)
        ++*v[!a->hash || *a->hash == request_hash ? AckGood : AckBad];
      else if (std::holds_alternative<FinFrame>(frame) && forward)
        ++*v[Fins];
    }
  }
  return f;
}

struct ConformanceChecker::Impl {
  z3::context c;
  FlowModel model{c};
  std::vector<FlowState> chain;                       // chain[0] before, chain[k] after k steps
  std::vector<std::unique_ptr<z3::solver>> by_depth;  // solver k: some path of exactly k steps

  explicit Impl(std::uint32_t depth_max) {
    for (std::uint32_t k = 0; k <= depth_max; ++k)
      chain.push_back(model.fresh("c" + std::to_string(k)));
    for (std::uint32_t depth = 1; depth <= depth_max; ++depth) {
      auto s = std::make_unique<z3::solver>(c);
      s->add(model.param_assumptions());
      for (std::uint32_t k = 0; k < depth; ++k) {
        s->add(model.well_typed(chain[k + 1]));
        s->add(model.any_step(chain[k], chain[k + 1]));
      }
      by_depth.push_back(std::move(s));
    }
  }

  void bind(z3::solver& s, const FlowState& state, const ConcreteFlow& f) {
    for (int x = 0; x < kVarCount; ++x)
      if (f.vars[x]) s.add(state.v[x] == c.int_val(*f.vars[x]));
  }
  void bind_params(z3::solver& s, const ConcreteFlow& f) {
    const Params& p = model.params();
    const auto set = [&](const z3::expr& e, const std::optional<std::int64_t>& v) {
      if (v) s.add(e == c.int_val(*v));
    };
    set(p.id_time_ms, f.id_time_ms);
    set(p.window_ms, f.window_ms);
    set(p.send_attempts_max, f.send_attempts_max);
    set(p.ack_attempts_max, f.ack_attempts_max);
    set(p.clock_skew_ms, f.clock_skew_ms);
  }
};

ConformanceChecker::ConformanceChecker(std::uint32_t depth_max) : impl_(new Impl(depth_max)) {}
ConformanceChecker::~ConformanceChecker() {
  delete impl_;
}

std::optional<std::string> ConformanceChecker::check(const ConcreteFlow& before,
                                                     const ConcreteFlow& after) {
  ConcreteFlow params = after;  // the id's time is known after the call, not before
  if (!params.id_time_ms) params.id_time_ms = before.id_time_ms;
  for (std::size_t depth = 1; depth <= impl_->by_depth.size(); ++depth) {
    z3::solver& s = *impl_->by_depth[depth - 1];
    s.push();
    impl_->bind_params(s, params);
    impl_->bind(s, impl_->chain[0], before);
    impl_->bind(s, impl_->chain[depth], after);
    const auto r = s.check();
    s.pop();
    if (r == z3::sat) return std::nullopt;
  }
  return "no composition of at most " + std::to_string(impl_->by_depth.size()) +
         " encoded rules leads from\n  " + before.text() + "\nto\n  " + after.text();
}

}  // namespace asyncflow::model::smt
