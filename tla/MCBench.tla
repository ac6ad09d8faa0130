------------------------------- MODULE MCBench -------------------------------
(* The models scripts/bench-checker runs with TLC and with `asyncflow check` alike (tla/MCBench*.cfg;
   the checker's side is `asyncflow check --bounds tla`). The constants are the checker's: times in
   milliseconds as model/check/src/bounds.cpp configures the kernel (retry 1000 ms doubling to
   2000 ms, skew 500 ms), so both see the same deadlines in the same order. *)
EXTENDS AsyncFlow

OneWay == {<<"a", "b">>}                 \* a calls b
BothWays == {<<"a", "b">>, <<"b", "a">>} \* each calls the other
\* The checker's apps issue their calls in script order (model/check/src/bounds.cpp: call 0 is
\* e0 -> e1, call 1 is e1 -> e0), at any time: b calls only once a has.
ScriptOrder == (act'.name = "Call" /\ act'.node = "b") => \E k \in DOMAIN issued : k[1] = "a"
==============================================================================
