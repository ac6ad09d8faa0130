#pragma once
// The proof obligations over model/z3's flow encoding, each discharged by Z3:
//   init:<Invariant>         Init ⇒ Inv
//   step:<Rule>              Inv ∧ Rule ⇒ Inv'           (inductiveness, one per rule)
//   enabled:<Rule>           Inv ∧ Rule is satisfiable    (no rule is vacuous)
//   implies:<Property>       Inv ⇒ Property
// Each is checked as "the negation is unsat"; a failure carries Z3's model, printed as the
// counterexample to induction.
#include <string>
#include <vector>

namespace asyncflow::model::smt {

struct Obligation {
  std::string name;
  bool proved = false;
  double seconds = 0;
  std::string counterexample;  // when not proved: the variables before/after, readable
};

std::vector<Obligation> prove_all();

}  // namespace asyncflow::model::smt
