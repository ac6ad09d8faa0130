---------------------------------- MODULE MC ----------------------------------
(* Values the MC*.cfg files substitute for constants a .cfg cannot spell (tuples). *)
EXTENDS AsyncFlow

OneWay == {<<"a", "b">>}                 \* a calls b
BothWays == {<<"a", "b">>, <<"b", "a">>} \* each calls the other
TwoCallers == {<<"a", "b">>, <<"c", "b">>} \* a and c call b with colliding ids
===============================================================================
