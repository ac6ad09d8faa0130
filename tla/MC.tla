---------------------------------- MODULE MC ----------------------------------
(* Values the MC*.cfg files substitute for constants a .cfg cannot spell (tuples). *)
EXTENDS AsyncFlow

OneWay == {<<"a", "b">>}                 \* a calls b
BothWays == {<<"a", "b">>, <<"b", "a">>} \* each calls the other
TwoCallers == {<<"a", "b">>, <<"c", "b">>} \* a and c call b with colliding ids
\* An ACTION_CONSTRAINT of the deep configs: every call is made at time 0. Their ids then differ
\* only by sequence (two calls) or collide outright (two callers): the cases those configs are
\* for. Calls made later, at every deadline the clock visits, multiply the states past what a
\* 2-core machine finishes (MCTwoCalls with all its faults was still growing at 1.2 M states).
CallsAtTimeZero == act'.name = "Call" => now = 0
===============================================================================
