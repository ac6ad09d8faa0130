#include "asyncflow/model/proofs.hpp"

#include <chrono>

#include "asyncflow/model/flow_smt.hpp"

namespace asyncflow::model::smt {
namespace {

std::string show(const z3::model& m, const FlowModel& f, const FlowState& s, const char* label) {
  std::string out = std::string("  ") + label + ":";
  for (int x = 0; x < kVarCount; ++x)
    out +=
        std::string(" ") + var_name(static_cast<Var>(x)) + "=" + m.eval(s.v[x], true).to_string();
  (void)f;
  return out + "\n";
}

std::string show_params(const z3::model& m, const Params& p) {
  return "  params: id_time_ms=" + m.eval(p.id_time_ms, true).to_string() +
         " window_ms=" + m.eval(p.window_ms, true).to_string() +
         " send_attempts_max=" + m.eval(p.send_attempts_max, true).to_string() +
         " ack_attempts_max=" + m.eval(p.ack_attempts_max, true).to_string() +
         " clock_skew_ms=" + m.eval(p.clock_skew_ms, true).to_string() + "\n";
}

// Proves `goal` valid under `assumptions` (checks assumptions ∧ ¬goal is unsat), or, with
// `expect_sat`, that `goal ∧ assumptions` has a model (for vacuity checks).
Obligation discharge(z3::context& c, FlowModel& f, std::string name, const z3::expr& assumptions,
                     const z3::expr& goal, const FlowState* before, const FlowState* after,
                     bool expect_sat = false) {
  const auto start = std::chrono::steady_clock::now();
  z3::solver solver(c);
  solver.add(f.param_assumptions());
  solver.add(assumptions);
  solver.add(expect_sat ? goal : !goal);
  const z3::check_result r = solver.check();
  Obligation o{std::move(name), expect_sat ? r == z3::sat : r == z3::unsat, 0, {}};
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!o.proved && r == z3::sat && !expect_sat) {
    const z3::model m = solver.get_model();
    o.counterexample = show_params(m, f.params());
    if (before) o.counterexample += show(m, f, *before, "before");
    if (after) o.counterexample += show(m, f, *after, "after ");
  } else if (!o.proved) {
    o.counterexample = expect_sat ? "  the rule can never fire from a state satisfying Inv\n"
                                  : "  Z3 answered unknown\n";
  }
  return o;
}

}  // namespace

std::vector<Obligation> prove_all() {
  z3::context c;
  FlowModel f(c);
  FlowState s = f.fresh("s");
  FlowState t = f.fresh("t");
  std::vector<Obligation> out;
  const z3::expr inv_s = f.invariant(s);
  const z3::expr inv_t = f.invariant(t);
  // (a) the initial state satisfies every invariant
  out.push_back(discharge(c, f, "init:Invariant", f.initial(s), inv_s, &s, nullptr));
  // (b) every rule preserves the invariant; (b') and can fire at all
  for (auto& rule : f.rules(s, t)) {
    out.push_back(discharge(c, f, "step:" + rule.name, inv_s && rule.relation, inv_t, &s, &t));
    out.push_back(
        discharge(c, f, "enabled:" + rule.name, inv_s, rule.relation, &s, &t, /*expect_sat=*/true));
  }
  out.push_back(discharge(c, f, "step:Stutter", inv_s && f.stutter(s, t), inv_t, &s, &t));
  // (c) the invariant implies each safety property
  for (auto& p : f.safety(s))
    out.push_back(discharge(c, f, "implies:" + p.name, inv_s, p.holds, &s, nullptr));
  return out;
}

}  // namespace asyncflow::model::smt
