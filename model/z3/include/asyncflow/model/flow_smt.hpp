#pragma once
// One flow of the protocol as SMT (Z3): the caller's and the receiver's state for one msg_id,
// the frames in flight for it as counts, the receiver's clock and the id's window, with every
// kernel rule as a transition relation over (state, state'). Counters, ids and time are
// unbounded integers: the proofs cover every flow of every size, not a bounded world.
#include <z3++.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace asyncflow::model::smt {

// The flow's variables. Phases are integers with named values (below).
enum Var : int {
  Now,          // the receiver's clock, ms (never goes back)
  CPhase,       // caller: 0 not called, 1 awaiting ACK, 2 gave up (tombstone), 3 done/forgotten
  CAttempts,    // NEW transmissions made
  Outcomes,     // caller outcomes reported (Completed, Corrupted, GaveUp)
  Completed,    // (bool as 0/1) the outcome was Completed
  CompletedOk,  // (0/1) ... with the request the app saw being the caller's, and its response
  RPhase,       // receiver: 0 none, 1 awaiting the app, 2 acking, 3 closed (dedupe entry)
  RAttempts,    // ACK transmissions made
  Delivered,    // Deliver effects executed for this (peer, msg_id): the ghost count
  Responded,    // (0/1) the receiver's app answered
  ReqBad,       // (0/1) the request the receiver got differs from the caller's (corrupted)
  NewGood,      // NEW frames in flight carrying the caller's payload
  NewBad,       // NEW frames in flight with a corrupted payload
  AckGood,      // ACKs in flight whose hash matches the caller's request
  AckBad,       // ACKs in flight whose hash does not (the receiver got a corrupted request)
  Fins,         // FINs in flight
  kVarCount
};
const char* var_name(Var v);

// Constants of the flow: its id's time, the window, the attempt limits, the skew.
struct Params {
  z3::expr id_time_ms, window_ms, send_attempts_max, ack_attempts_max, clock_skew_ms;
  z3::expr forget_at() const { return id_time_ms + window_ms + 1; }  // as kernel forget_at_ms
};

struct FlowState {
  std::vector<z3::expr> v;  // indexed by Var
  const z3::expr& operator[](Var x) const { return v[x]; }
};

class FlowModel {
 public:
  explicit FlowModel(z3::context& c);
  z3::context& ctx() { return c_; }
  const Params& params() const { return p_; }
  FlowState fresh(const std::string& suffix);  // new variables name_suffix
  z3::expr param_assumptions() const;          // limits >= 1, time and window >= 0

  z3::expr initial(const FlowState& s) const;
  z3::expr well_typed(const FlowState& s) const;  // ranges of phases, counts >= 0, booleans

  struct Rule {
    std::string name;
    z3::expr relation;  // over (s, t)
  };
  // Every kernel rule for this flow, as the kernel implements it (kernel/src/*_rules.cpp,
  // timers.cpp), plus the network's and the host's actions; `s` before, `t` after.
  std::vector<Rule> rules(const FlowState& s, const FlowState& t) const;
  z3::expr stutter(const FlowState& s, const FlowState& t) const;   // nothing of this flow changes
  z3::expr any_step(const FlowState& s, const FlowState& t) const;  // some rule, or stutter

  struct Invariant {
    std::string name;
    z3::expr holds;
  };
  std::vector<Invariant> invariants(const FlowState& s) const;
  z3::expr invariant(const FlowState& s) const;  // their conjunction, with well_typed

  struct Property {
    std::string name;  // as model/world's properties and the TLA+ spec name them
    z3::expr holds;
  };
  std::vector<Property> safety(const FlowState& s) const;

 private:
  z3::context& c_;
  Params p_;
};

}  // namespace asyncflow::model::smt
