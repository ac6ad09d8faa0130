#include "asyncflow/model/proofs.hpp"

#include <gtest/gtest.h>

#include "asyncflow/model/flow_smt.hpp"

namespace asyncflow::model::smt {
namespace {

TEST(Proofs, EveryObligationIsProved) {
  const auto obligations = prove_all();
  ASSERT_GT(obligations.size(), 60u);  // init, 2 per rule, stutter, 3 properties
  for (const auto& o : obligations) EXPECT_TRUE(o.proved) << o.name << "\n" << o.counterexample;
}

// The obligations are not vacuous: a receiver rule without the window guard (a NEW delivered
// again after its dedupe entry was forgotten) breaks inductiveness, and Z3 shows how.
TEST(Proofs, ARuleWithoutTheWindowGuardIsNotInductive) {
  z3::context c;
  FlowModel f(c);
  const FlowState s = f.fresh("s"), t = f.fresh("t");
  z3::expr_vector same(c);
  for (int x = 0; x < kVarCount; ++x)
    if (x != RPhase && x != Delivered && x != NewGood) same.push_back(t.v[x] == s.v[x]);
  const z3::expr broken = s[NewGood] > 0 && s[RPhase] == 0 && t[RPhase] == 1 &&
                          t[Delivered] == s[Delivered] + 1 && t[NewGood] == s[NewGood] - 1 &&
                          z3::mk_and(same);
  z3::solver solver(c);
  solver.add(f.param_assumptions());
  solver.add(f.invariant(s) && broken && !f.invariant(t));
  ASSERT_EQ(solver.check(), z3::sat);
  const z3::model m = solver.get_model();
  EXPECT_EQ(m.eval(s[Delivered], true).get_numeral_int(), 1);  // the second delivery
  EXPECT_EQ(m.eval(t[Delivered], true).get_numeral_int(), 2);
}

TEST(Proofs, TheInvariantRulesOutADoubleDelivery) {
  z3::context c;
  FlowModel f(c);
  const FlowState s = f.fresh("s");
  z3::solver solver(c);
  solver.add(f.param_assumptions());
  solver.add(f.invariant(s) && s[Delivered] == 2);
  EXPECT_EQ(solver.check(), z3::unsat);
}

}  // namespace
}  // namespace asyncflow::model::smt
