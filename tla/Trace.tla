-------------------------------- MODULE Trace --------------------------------
(***************************************************************************)
(* Code -> spec trace validation.  A simulator run of the real kernel,      *)
(* written as NDJSON by model/trace (`asyncflow sim --trace DIR`) and       *)
(* turned into the module TraceLog (Log == << line, ... >>) by tla/check,   *)
(* must be a behaviour of AsyncFlow: a cursor walks the log and each line   *)
(* is matched by the spec action it names.  One line can be several spec   *)
(* steps (composed actions): a datagram of k frames is k Receive (Drop,     *)
(* Duplicate, Trap, Reject) steps, one per frame, and a line whose clock is *)
(* later than the spec's first takes a PassTime step.  Before each line the *)
(* spec state must agree with the previous line's logged endpoint state:    *)
(* its flows (phase, attempts, rejected, deadline) and how many outcomes,   *)
(* deliveries and receiver notices of each kind it has produced.            *)
(*                                                                         *)
(* The log is accepted when the cursor passes its last line with the state  *)
(* matching: the stuttering step Accept then prints "TRACE ACCEPTED", which *)
(* tla/check looks for.  A log no behaviour of the spec can follow never    *)
(* gets there: rejected ("TRACE REJECTED" and the furthest line reached).   *)
(***************************************************************************)
EXTENDS AsyncFlow, TraceLog

VARIABLES i, \* the log line being matched (line 1 is the header)
          j  \* how many frames of line i are matched already

\* ------------------------------------------------------------- constants from the header
Hdr == Log[1]
TraceNodes == {Hdr.nodes[k] : k \in DOMAIN Hdr.nodes}
TracePairs == {<<a, b>> \in TraceNodes \X TraceNodes : a # b}
TraceBound == Len(Log)   \* no node makes more calls than the log has lines
\* Faults are not bounded here: the log decides. (A datagram of k frames is k spec faults, so
\* the number of lines is no bound for them.)
TraceFaultsMax == 1000000000
TraceRetryInitial == Hdr.retry_initial_ms
TraceBackoffMult == Hdr.retry_backoff_multiplier
TraceRetryMax == Hdr.retry_interval_max_ms
TraceSendAttemptsMax == Hdr.send_attempts_max
TraceAckAttemptsMax == Hdr.ack_attempts_max
TraceClockSkew == Hdr.clock_skew_ms

\* ------------------------------------------------------------- the logged abstraction
L == Log[i]
Range(s) == {s[k] : k \in DOMAIN s}
IsBad(v) == v # None /\ v[1] = "bad"
\* Spec frame m is the logged frame x of line L (the log knows only intact or corrupted).
Matches(m, x) ==
  /\ m.kind = x.k /\ m.id = x.id /\ m.from = L.src /\ m.to = L.dst
  /\ IsBad(m.payload) = x.pb /\ IsBad(m.hash) = x.hb

OutRows(n) == {[p |-> k[1], id |-> k[2], ph |-> out[n][k].phase, a |-> out[n][k].attempts,
                r |-> out[n][k].rejected, d |-> out[n][k].deadline] : k \in DOMAIN out[n]}
InRows(n) == {[p |-> k[1], id |-> k[2], ph |-> in[n][k].phase, a |-> in[n][k].attempts,
               d |-> in[n][k].deadline] : k \in DOMAIN in[n]}
RECURSIVE Sum(_, _)
Sum(f, S) == IF S = {} THEN 0 ELSE LET x == CHOOSE x \in S : TRUE IN f[x] + Sum(f, S \ {x})
Outcomes(n, kind) ==
  LET cs == {c \in DOMAIN outcomes : c[1] = n} IN
  Sum([c \in cs |-> Len(SelectSeq(outcomes[c], LAMBDA o : o.kind = kind))], cs)
Deliveries(n) == LET ks == {k \in DOMAIN delivered : k[1] = n} IN Sum([k \in ks |-> delivered[k]], ks)
Notices(n, kind) ==
  LET ks == {k \in DOMAIN notices : k[1] = n} IN
  Sum([k \in ks |-> Len(SelectSeq(notices[k], LAMBDA x : x = kind))], ks)

\* The spec's state agrees with what line l logged for its endpoint (lines of network actions
\* log no endpoint).
StateMatches(l) ==
  "n" \in DOMAIN l =>
    LET n == l.n IN
    /\ OutRows(n) = Range(l.fo)
    /\ InRows(n) = Range(l.fi)
    /\ Outcomes(n, "Completed") = l.cnt.done
    /\ Outcomes(n, "Corrupted") = l.cnt.corr
    /\ Outcomes(n, "GaveUp") = l.cnt.gave
    /\ Outcomes(n, "LateCompletion") = l.cnt.late
    /\ Deliveries(n) = l.cnt.dlv
    /\ Notices(n, "FlowClosed") = l.cnt.closed
    /\ Notices(n, "FinMismatch") = l.cnt.finx
    /\ Notices(n, "AckGaveUp") = l.cnt.ackgu

\* ------------------------------------------------------------- walking the log
NextLine == i' = i + 1 /\ j' = 0
\* Frame j + 1 of the line is done: the line is done with its last frame.
NextFrame == IF j + 1 = Len(L.f) THEN NextLine ELSE i' = i /\ j' = j + 1

\* Each frame of the line's datagram, in order, by the spec action A.
PerFrame(A(_)) == \E m \in Frames : Matches(m, L.f[j + 1]) /\ A(m) /\ NextFrame

Line ==
  CASE L.e = "call" -> Call(L.n, L.p) /\ act'.id = L.id /\ NextLine
    [] L.e = "respond" -> Respond(L.n, <<L.p, L.id>>) /\ NextLine
    [] L.e = "tick" -> Tick(L.n) /\ NextLine
    [] L.e = "restart" -> Restart(L.n) /\ NextLine
    [] L.e = "recv" -> PerFrame(Receive)
    [] L.e = "trap" -> PerFrame(Trap)
    [] L.e = "drop" -> PerFrame(Drop)
    [] L.e = "dup" -> PerFrame(Duplicate)
    [] L.e = "reject" ->
         PerFrame(LAMBDA m : Reject(m, L.code)
                             /\ CopiesIn(m, net') = CopiesIn(m, net) - (IF L.stays THEN 0 ELSE 1))
    [] L.e = "corrupt" -> \E m \in Frames : Matches(m, L.f[L.x]) /\ Corrupt(m) /\ NextLine
    [] OTHER -> FALSE   \* "forge", "refused": nothing in the spec does that

TraceInit == Init /\ i = 2 /\ j = 0

\* A rejected log is reported with the furthest line any branch of the walk reached (TLC
\* register 1, set by the first step: every walk starts with PassTime from 0): printed each time
\* it grows, so the last "LINE" printed is where it got stuck.
Furthest == IF now = 0 \/ i > TLCGet(1) THEN TLCSet(1, i) /\ PrintT(<<"LINE", i>>) ELSE TRUE

TraceNext ==
  /\ Furthest
  /\ i <= Len(Log)
  /\ j = 0 => StateMatches(Log[i - 1])
  /\ IF j = 0 /\ L.now > now
     THEN PassTime(L.now) /\ UNCHANGED <<i, j>>   \* the simulator's clock moved first
     ELSE L.now = now /\ Line

\* The whole log matched: say so (a stuttering step, so the search simply ends here).
Accept ==
  /\ i > Len(Log) /\ StateMatches(Log[Len(Log)])
  /\ PrintT(<<"TRACE ACCEPTED", Len(Log) - 1>>)
  /\ UNCHANGED <<vars, i, j>>

TraceNextAll == TraceNext \/ Accept
TraceSpec == TraceInit /\ [][TraceNextAll]_<<vars, i, j>>
=============================================================================
