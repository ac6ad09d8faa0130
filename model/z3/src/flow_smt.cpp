#include "asyncflow/model/flow_smt.hpp"

#include <initializer_list>
#include <utility>

namespace asyncflow::model::smt {
namespace {

constexpr const char* kNames[kVarCount] = {"now",       "c_phase",      "c_attempts", "outcomes",
                                           "completed", "completed_ok", "r_phase",    "r_attempts",
                                           "delivered", "responded",    "req_bad",    "new_good",
                                           "new_bad",   "ack_good",     "ack_bad",    "fins"};

// t equals s except for the listed updates: every rule is a frame condition plus its changes.
z3::expr update(const FlowState& s, const FlowState& t,
                std::initializer_list<std::pair<Var, z3::expr>> changes) {
  z3::expr_vector parts(s.v[0].ctx());
  bool changed[kVarCount] = {};
  for (const auto& [var, value] : changes) {
    parts.push_back(t[var] == value);
    changed[var] = true;
  }
  for (int x = 0; x < kVarCount; ++x)
    if (!changed[x]) parts.push_back(t.v[x] == s.v[x]);
  return z3::mk_and(parts);
}

}  // namespace

const char* var_name(Var v) {
  return kNames[v];
}

FlowModel::FlowModel(z3::context& c)
    : c_(c),
      p_{c.int_const("id_time_ms"), c.int_const("window_ms"), c.int_const("send_attempts_max"),
         c.int_const("ack_attempts_max"), c.int_const("clock_skew_ms")} {}

FlowState FlowModel::fresh(const std::string& suffix) {
  FlowState s;
  for (int x = 0; x < kVarCount; ++x)
    s.v.push_back(c_.int_const((std::string(kNames[x]) + "_" + suffix).c_str()));
  return s;
}

z3::expr FlowModel::param_assumptions() const {
  return p_.id_time_ms >= 0 && p_.window_ms >= 0 && p_.send_attempts_max >= 1 &&
         p_.ack_attempts_max >= 1 && p_.clock_skew_ms >= 0;
}

z3::expr FlowModel::well_typed(const FlowState& s) const {
  z3::expr_vector parts(c_);
  for (Var b : {Completed, CompletedOk, Responded, ReqBad}) parts.push_back(s[b] == 0 || s[b] == 1);
  for (Var n : {CAttempts, Outcomes, RAttempts, Delivered, NewGood, NewBad, AckGood, AckBad, Fins})
    parts.push_back(s[n] >= 0);
  parts.push_back(s[CPhase] >= 0 && s[CPhase] <= 3);
  parts.push_back(s[RPhase] >= 0 && s[RPhase] <= 3);
  parts.push_back(s[Now] >= 0);
  return z3::mk_and(parts);
}

z3::expr FlowModel::initial(const FlowState& s) const {
  z3::expr_vector parts(c_);
  for (int x = 0; x < kVarCount; ++x)
    if (x != Now) parts.push_back(s.v[x] == 0);
  parts.push_back(s[Now] >= 0 && s[Now] <= p_.id_time_ms);  // the call has not happened yet
  return z3::mk_and(parts);
}

std::vector<FlowModel::Rule> FlowModel::rules(const FlowState& s, const FlowState& t) const {
  const z3::expr forget = p_.forget_at();
  const z3::expr zero = c_.int_val(0), one = c_.int_val(1);
  const z3::expr news = s[NewGood] + s[NewBad];
  const z3::expr acks = s[AckGood] + s[AckBad];
  // The ACK the receiver sends carries the hash of the request it got.
  const auto ack_sent = [&](const FlowState& from) {
    return std::pair{z3::ite(from[ReqBad] == 0, from[AckGood] + 1, from[AckGood]),
                     z3::ite(from[ReqBad] == 1, from[AckBad] + 1, from[AckBad])};
  };
  // Closing a receiver flow keeps a dedupe entry unless its window is already over.
  const z3::expr closed = z3::ite(s[Now] >= forget, zero, c_.int_val(3));
  // Giving up keeps a tombstone unless the window is over or the dedupe table is full.
  const z3::expr gave_up = (t[CPhase] == 2 || t[CPhase] == 3);
  std::vector<Rule> r;
  // --- caller (kernel/src/caller_rules.cpp) ---
  r.push_back(
      {"Call", s[CPhase] == 0 && s[Now] == p_.id_time_ms &&
                   update(s, t, {{CPhase, one}, {CAttempts, one}, {NewGood, s[NewGood] + 1}})});
  r.push_back(
      {"RetryNew", s[CPhase] == 1 && s[CAttempts] < p_.send_attempts_max &&
                       update(s, t, {{CAttempts, s[CAttempts] + 1}, {NewGood, s[NewGood] + 1}})});
  r.push_back({"GiveUpRetriesExhausted",
               s[CPhase] == 1 && s[CAttempts] >= p_.send_attempts_max && gave_up &&
                   update(s, t, {{CPhase, t[CPhase]}, {Outcomes, s[Outcomes] + 1}})});
  r.push_back({"GiveUpPermanentReject",
               s[CPhase] == 1 && gave_up &&
                   update(s, t, {{CPhase, t[CPhase]}, {Outcomes, s[Outcomes] + 1}})});
  r.push_back({"AckCompletes",
               s[CPhase] == 1 && s[AckGood] > 0 &&
                   update(s, t,
                          {{CPhase, c_.int_val(3)},
                           {Outcomes, s[Outcomes] + 1},
                           {Completed, one},
                           {CompletedOk, z3::ite(s[ReqBad] == 0 && s[Responded] == 1, one, zero)},
                           {AckGood, s[AckGood] - 1},
                           {Fins, s[Fins] + 1}})});
  r.push_back({"AckCorrupted", s[CPhase] == 1 && s[AckBad] > 0 &&
                                   update(s, t,
                                          {{CPhase, c_.int_val(3)},
                                           {Outcomes, s[Outcomes] + 1},
                                           {AckBad, s[AckBad] - 1},
                                           {Fins, s[Fins] + 1}})});
  for (Var ack : {AckGood, AckBad}) {
    const std::string kind = ack == AckGood ? "" : "Corrupted";
    r.push_back(
        {"LateAck" + kind,
         s[CPhase] == 2 && s[ack] > 0 &&
             update(s, t, {{CPhase, c_.int_val(3)}, {ack, s[ack] - 1}, {Fins, s[Fins] + 1}})});
    r.push_back(
        {"DuplicateAck" + kind,
         s[CPhase] == 3 && s[ack] > 0 && update(s, t, {{ack, s[ack] - 1}, {Fins, s[Fins] + 1}})});
  }
  r.push_back({"ForgetTombstone",
               s[CPhase] == 2 && s[Now] >= forget && update(s, t, {{CPhase, c_.int_val(3)}})});
  // --- receiver (kernel/src/receiver_rules.cpp) ---
  for (Var nw : {NewGood, NewBad}) {
    const std::string kind = nw == NewGood ? "" : "Corrupted";
    r.push_back({"DeliverNew" + kind, s[nw] > 0 && s[RPhase] == 0 && s[Now] < forget &&
                                          p_.id_time_ms <= s[Now] + p_.clock_skew_ms &&
                                          update(s, t,
                                                 {{RPhase, one},
                                                  {Delivered, s[Delivered] + 1},
                                                  {ReqBad, nw == NewBad ? one : zero},
                                                  {nw, s[nw] - 1}})});
    r.push_back({"DuplicateNew" + kind, s[nw] > 0 && (s[RPhase] == 1 || s[RPhase] == 3) &&
                                            update(s, t, {{nw, s[nw] - 1}})});
    const auto [good, bad] = ack_sent(s);
    r.push_back({"DuplicateNewResendsAck" + kind,
                 s[nw] > 0 && s[RPhase] == 2 &&
                     update(s, t, {{nw, s[nw] - 1}, {AckGood, good}, {AckBad, bad}})});
    // Too old, from the future, under-paid, over a limit: dropped unprocessed.
    r.push_back(
        {"RefuseNew" + kind, s[nw] > 0 && s[RPhase] == 0 && update(s, t, {{nw, s[nw] - 1}})});
  }
  {
    const auto [good, bad] = ack_sent(s);
    r.push_back({"Respond", s[RPhase] == 1 && update(s, t,
                                                     {{RPhase, c_.int_val(2)},
                                                      {RAttempts, one},
                                                      {Responded, one},
                                                      {AckGood, good},
                                                      {AckBad, bad}})});
    r.push_back(
        {"RetryAck",
         s[RPhase] == 2 && s[RAttempts] < p_.ack_attempts_max &&
             update(s, t, {{RAttempts, s[RAttempts] + 1}, {AckGood, good}, {AckBad, bad}})});
  }
  r.push_back({"AckGiveUp", s[RPhase] == 2 && update(s, t, {{RPhase, closed}})});
  r.push_back({"FinCloses", s[Fins] > 0 && s[RPhase] == 2 &&
                                update(s, t, {{RPhase, closed}, {Fins, s[Fins] - 1}})});
  r.push_back({"FinIgnored", s[Fins] > 0 && s[RPhase] != 2 && update(s, t, {{Fins, s[Fins] - 1}})});
  r.push_back(
      {"ForgetDedupeEntry", s[RPhase] == 3 && s[Now] >= forget && update(s, t, {{RPhase, zero}})});
  // --- time and the network (model/world) ---
  r.push_back({"ClockAdvances", t[Now] >= s[Now] && update(s, t, {{Now, t[Now]}})});
  for (Var f : {NewGood, NewBad, AckGood, AckBad, Fins}) {
    r.push_back({std::string("Drop_") + kNames[f], s[f] > 0 && update(s, t, {{f, s[f] - 1}})});
    r.push_back({std::string("Duplicate_") + kNames[f], s[f] > 0 && update(s, t, {{f, s[f] + 1}})});
  }
  r.push_back(
      {"CorruptNew",
       s[NewGood] > 0 && update(s, t, {{NewGood, s[NewGood] - 1}, {NewBad, s[NewBad] + 1}})});
  (void)news;
  (void)acks;
  return r;
}

z3::expr FlowModel::stutter(const FlowState& s, const FlowState& t) const {
  return update(s, t, {});
}

z3::expr FlowModel::any_step(const FlowState& s, const FlowState& t) const {
  z3::expr_vector options(c_);
  options.push_back(stutter(s, t));
  for (auto& rule : rules(s, t)) options.push_back(rule.relation);
  return z3::mk_or(options);
}

std::vector<FlowModel::Invariant> FlowModel::invariants(const FlowState& s) const {
  const z3::expr forget = p_.forget_at();
  const z3::expr news = s[NewGood] + s[NewBad];
  const z3::expr acks = s[AckGood] + s[AckBad];
  return {
      {"DeliveredAtMostOnce", s[Delivered] <= 1},
      {"NothingBeforeTheCall",
       z3::implies(s[CPhase] == 0, s[Outcomes] == 0 && s[CAttempts] == 0 && news == 0 &&
                                       s[Delivered] == 0 && s[Fins] == 0)},
      {"CallHappenedAtIdTime", z3::implies(s[CPhase] != 0, s[Now] >= p_.id_time_ms)},
      {"AwaitingHasNoOutcome",
       z3::implies(s[CPhase] == 1, s[Outcomes] == 0 && s[CAttempts] >= 1 &&
                                       s[CAttempts] <= p_.send_attempts_max && s[Completed] == 0)},
      {"EndedHasOneOutcome", z3::implies(s[CPhase] >= 2, s[Outcomes] == 1)},
      {"GaveUpIsNotCompleted", z3::implies(s[CPhase] == 2, s[Completed] == 0)},
      {"FinsOnlyAfterTheCallEnded", z3::implies(s[Fins] > 0, s[CPhase] == 3)},
      {"NoReceiverRecordBeforeDelivery",
       z3::implies(s[Delivered] == 0, s[RPhase] == 0 && s[Responded] == 0 && s[ReqBad] == 0)},
      {"ReceiverRecordMeansDelivered", z3::implies(s[RPhase] != 0, s[Delivered] == 1)},
      {"RecordForgottenOnlyAfterWindow",
       z3::implies(s[Delivered] == 1 && s[RPhase] == 0, s[Now] >= forget)},
      {"AwaitingAppHasNotResponded", z3::implies(s[RPhase] == 1, s[Responded] == 0)},
      {"PastAwaitingHasResponded",
       z3::implies(s[Delivered] == 1 && s[RPhase] != 1, s[Responded] == 1)},
      {"AcksOnlyAfterResponse", z3::implies(acks > 0, s[Responded] == 1)},
      {"AckHashTellsRequestIntegrity",
       z3::implies(s[AckGood] > 0, s[ReqBad] == 0) && z3::implies(s[AckBad] > 0, s[ReqBad] == 1)},
      {"AckingAttemptsBounded",
       z3::implies(s[RPhase] == 2, s[RAttempts] >= 1 && s[RAttempts] <= p_.ack_attempts_max)},
      {"CompletedOnlyWhenOk",
       z3::implies(s[Completed] == 1, s[CompletedOk] == 1 && s[Outcomes] == 1)},
  };
}

z3::expr FlowModel::invariant(const FlowState& s) const {
  z3::expr_vector parts(c_);
  parts.push_back(well_typed(s));
  for (auto& inv : invariants(s)) parts.push_back(inv.holds);
  return z3::mk_and(parts);
}

std::vector<FlowModel::Property> FlowModel::safety(const FlowState& s) const {
  return {
      {"AtMostOnceDelivery", s[Delivered] <= 1},
      {"OneOutcomePerCall", s[Outcomes] <= 1 && z3::implies(s[CPhase] >= 2, s[Outcomes] == 1)},
      {"CompletionMatchesResponse", z3::implies(s[Completed] == 1, s[CompletedOk] == 1)},
  };
}

}  // namespace asyncflow::model::smt
