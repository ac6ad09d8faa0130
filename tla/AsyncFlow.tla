------------------------------- MODULE AsyncFlow -------------------------------
(***************************************************************************)
(* The one-shot flow (NEW -> ACK -> FIN) as the kernel implements it.       *)
(*                                                                         *)
(* One action (or one named rule inside a composite action) per kernel      *)
(* rule of kernel/src/*_rules.cpp and timers.cpp; names follow              *)
(* docs/protocol.md.  A kernel step that runs several rules (a tick fires   *)
(* every due timer, a transmission carries several frames) is one TLA+      *)
(* action here when the kernel does it atomically (Tick), or a sequence of  *)
(* actions when the order is visible anyway (frames of one transmission).   *)
(*                                                                         *)
(* Abstractions (and why they are sound for the properties checked):        *)
(*  - payloads are values, and a hash is the payload itself (H(p) = p): a   *)
(*    perfect CRC.  Corruption wraps a payload in Bad(...), so hashes of    *)
(*    corrupted payloads differ, as CRC-32 does for the single-byte flips   *)
(*    the world makes.                                                      *)
(*  - one global clock `now` (every endpoint's events carry the world's     *)
(*    clock); it only jumps to the next pending deadline, as the world      *)
(*    does, so no deadline is ever skipped.                                 *)
(*  - restart is restore(snapshot(s)) = s: it changes nothing (counted).    *)
(*  - a trap discards the step: a trapped receive consumes the frame and    *)
(*    leaves the endpoint as it was.                                        *)
(*  - limits (sizes, flows in flight, dedupe capacity), payment and         *)
(*    fin_delay_ms > 0 are not modelled here: the Z3 proofs and the         *)
(*    property suite cover them (docs/formal.md).                           *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, Bags, TLC

CONSTANTS
  Nodes,            \* endpoint names
  CallPairs,        \* set of <<caller, callee>> the apps may call
  CallsPerPair,     \* how many calls each pair makes at most
  SendAttemptsMax,  \* Config::send_attempts_max
  AckAttemptsMax,   \* Config::ack_attempts_max
  RetryInitial,     \* Config::retry_initial_ms (time units of the spec)
  BackoffMult,      \* Config::retry_backoff_multiplier
  RetryMax,         \* Config::retry_interval_max_ms
  ClockSkew,        \* Config::clock_skew_ms
  Ordered,          \* channel guarantee: FIFO per direction (TRUE) or any order
  Duplicates,       \* channel may duplicate frames
  MaxDups, MaxCorrupts, MaxRejects, MaxTraps, MaxRestarts, MaxDrops,
  ClockLateMax      \* how late a host may tick: the clock may pass the next deadline by this much

\* ---------------------------------------------------------------- schedule
Min(a, b) == IF a < b THEN a ELSE b
RECURSIVE Pow(_, _)
Pow(b, e) == IF e = 0 THEN 1 ELSE b * Pow(b, e - 1)
\* retry_interval_ms: the wait after the k-th transmission.
Wait(k) == Min(RetryInitial * Pow(BackoffMult, k - 1), RetryMax)
RECURSIVE SpanTo(_)
SpanTo(k) == IF k = 0 THEN 0 ELSE Wait(k) + SpanTo(k - 1)
Window == SpanTo(SendAttemptsMax) + ClockSkew   \* dedupe_window_ms
ForgetAt(id) == id.t + Window + 1              \* forget_at_ms

\* ---------------------------------------------------------------- values
None == <<>>                 \* no payload / no hash (a tuple, so it compares with payloads)
Bad(p) == <<"bad", p>>
H(p) == p                 \* CRC-32 as a perfect hash (see header)
Request(caller, callee, id) == <<"req", caller, callee, id.s>>
Response(req) == <<"rsp", req>>  \* the scripted receiver app answers deterministically

VARIABLES
  now,        \* the world's clock
  out,        \* out[n]: <<peer, id>> -> caller flow (OutFlow)
  in,         \* in[n]:  <<peer, id>> -> receiver flow (InFlow)
  net,        \* bag of frames in flight
  chan,       \* per-direction sequence numbers (only advance when Ordered)
  nextSeq,    \* ids made by each node (the ULID generator)
  \* ghosts: what the properties read
  issued,     \* <<caller, callee, id>> -> request sent
  produced,   \* <<receiver, peer, id>> -> response the app produced
  delivered,  \* <<receiver, peer, id>> -> number of Deliver effects
  outcomes,   \* <<caller, callee, id>> -> sequence of outcome records
  notices,    \* <<receiver, peer, id>> -> how the receiver's app learnt its flow ended:
              \* "FlowClosed", "FinMismatch" (the corruption handler) or "AckGaveUp"
  faults,     \* counters of injected faults
  act         \* the last action and its parameters (for trace dumps)

vars == <<now, out, in, net, chan, nextSeq, issued, produced, delivered, outcomes, notices, faults,
          act>>
\* What identifies a state for model checking (act only labels the step).
view == <<now, out, in, net, chan, nextSeq, issued, produced, delivered, outcomes, notices, faults>>

\* ---------------------------------------------------------------- helpers
Put(f, k, v) == [x \in DOMAIN f \cup {k} |-> IF x = k THEN v ELSE f[x]]
Del(f, k) == [x \in DOMAIN f \ {k} |-> f[x]]
Set(f, n, v) == [f EXCEPT ![n] = v]
Send(bag, frames) == bag (+) SetToBag(frames)
\* A frame: kind, direction, id, payload and hash; seq orders a channel when Ordered.
Frame(kind, from, to, id, payload, hash) ==
  [kind |-> kind, from |-> from, to |-> to, id |-> id, payload |-> payload, hash |-> hash,
   seq |-> IF Ordered THEN chan[<<from, to>>] ELSE 0]
NoFault == [dup |-> 0, corrupt |-> 0, reject |-> 0, trap |-> 0, restart |-> 0, drop |-> 0]
Count(f, k) == IF k \in DOMAIN f THEN f[k] ELSE 0

OutFlow(phase, attempts, rejected, deadline, req) ==
  [phase |-> phase, attempts |-> attempts, rejected |-> rejected, deadline |-> deadline,
   req |-> req]
InFlow(phase, attempts, deadline, reqHash, resp) ==
  [phase |-> phase, attempts |-> attempts, deadline |-> deadline, reqHash |-> reqHash,
   resp |-> resp]
\* An outcome (Completed, Corrupted, GaveUp) or the LateCompletion notice.
Outcome(kind, req, resp, detail) == [kind |-> kind, req |-> req, resp |-> resp, detail |-> detail]
\* The receiver's notice for (receiver, peer, id), appended.
Notify(nt, receiver, peer, id, kind) ==
  LET k == <<receiver, peer, id>> IN
  [x \in DOMAIN nt \cup {k} |-> IF x = k THEN (IF k \in DOMAIN nt THEN nt[k] ELSE <<>>) \o <<kind>>
                                ELSE nt[x]]
Record(o, caller, callee, id, rec) ==
  LET k == <<caller, callee, id>> IN
  IF k \in DOMAIN o THEN [o EXCEPT ![k] = Append(@, rec)] ELSE o

Init ==
  /\ now = 0
  /\ out = [n \in Nodes |-> <<>>]
  /\ in = [n \in Nodes |-> <<>>]
  /\ net = EmptyBag
  /\ chan = [d \in Nodes \X Nodes |-> 0]
  /\ nextSeq = [n \in Nodes |-> 0]
  /\ issued = <<>>
  /\ produced = <<>>
  /\ delivered = <<>>
  /\ outcomes = <<>>
  /\ notices = <<>>
  /\ faults = NoFault
  /\ act = [name |-> "Init"]

\* =====================================================================
\* Caller rules (caller_rules.cpp)
\* =====================================================================

\* on_call: a fresh id (ULID time = now), flow AwaitingAck, NEW sent.
OnCall(n, p, id, req) ==
  LET key == <<p, id>> IN
  /\ key \notin DOMAIN out[n]
  /\ out' = Set(out, n, Put(out[n], key, OutFlow("AwaitingAck", 1, 0, now + Wait(1), req)))
  /\ net' = Send(net, {Frame("NEW", n, p, id, req, None)})
  /\ chan' = IF Ordered THEN [chan EXCEPT ![<<n, p>>] = @ + 1] ELSE chan
  /\ issued' = Put(issued, <<n, p, id>>, req)
  /\ outcomes' = Put(outcomes, <<n, p, id>>, <<>>)

Call(n, p) ==
  /\ <<n, p>> \in CallPairs
  /\ Cardinality({k \in DOMAIN issued : k[1] = n /\ k[2] = p}) < CallsPerPair
  /\ LET id == [t |-> now, s |-> nextSeq[n] + 1] IN
     /\ OnCall(n, p, id, Request(n, p, id))
     /\ nextSeq' = [nextSeq EXCEPT ![n] = @ + 1]
     /\ act' = [name |-> "Call", node |-> n, peer |-> p, id |-> id, payload |-> Request(n, p, id)]
  /\ UNCHANGED <<now, in, produced, delivered, notices, faults>>

\* give_up: the outcome GaveUp, then a payload-free tombstone until forget_at.
Forgotten(id) == ForgetAt(id) <= now   \* the id's window is over: keep nothing for it
GiveUpFlow(f, id) == OutFlow("GaveUp", f.attempts, f.rejected, ForgetAt(id), None)
GaveUpOutcome(f, reason) ==
  Outcome("GaveUp", f.req, None,
          <<reason, IF f.rejected = f.attempts THEN "NeverDelivered" ELSE "Unacknowledged">>)

\* on_ack: one outcome for an AwaitingAck flow, a notice for a tombstone, FIN always.
OnAck(n, m) ==
  LET key == <<m.from, m.id>>
      fin == Frame("FIN", n, m.from, m.id, None, H(m.payload))
  IN
  /\ IF key \notin DOMAIN out[n] THEN         \* on_ack (unknown): FIN only
       /\ UNCHANGED <<out, outcomes>>
     ELSE IF out[n][key].phase = "GaveUp" THEN   \* on_ack (late)
       /\ out' = Set(out, n, Del(out[n], key))
       /\ outcomes' = Record(outcomes, n, m.from, m.id,
                             Outcome("LateCompletion", None, m.payload, m.hash))
     ELSE                                          \* on_ack (complete / corrupted)
       LET f == out[n][key] IN
       /\ out' = Set(out, n, Del(out[n], key))
       /\ outcomes' = Record(outcomes, n, m.from, m.id,
                             IF m.hash # None /\ m.hash # H(f.req)
                             THEN Outcome("Corrupted", f.req, m.payload, m.hash)
                             ELSE Outcome("Completed", f.req, m.payload, H(m.payload)))
  /\ net' = Send(net (-) SetToBag({m}), {fin})
  /\ chan' = IF Ordered THEN [chan EXCEPT ![<<n, m.from>>] = @ + 1] ELSE chan

\* on_new_send_failed: count a reject proving non-delivery; a permanent one gives up.
OnNewSendFailed(n, p, id, code) ==
  LET key == <<p, id>> IN
  IF key \notin DOMAIN out[n] \/ out[n][key].phase # "AwaitingAck" THEN
    UNCHANGED <<out, outcomes>>
  ELSE
    LET f0 == out[n][key]
        f == [f0 EXCEPT !.rejected = IF code # "unknown" /\ @ < f0.attempts THEN @ + 1 ELSE @]
    IN
    IF code = "permanent" THEN
      /\ out' = Set(out, n, IF Forgotten(id) THEN Del(out[n], key)
                            ELSE Put(out[n], key, GiveUpFlow(f, id)))
      /\ outcomes' = Record(outcomes, n, p, id, GaveUpOutcome(f, "PermanentReject"))
    ELSE
      /\ out' = Set(out, n, Put(out[n], key, f))
      /\ UNCHANGED outcomes

\* on_out_timer: retry (NEW again), give_up after the last attempt, or forget a tombstone.
\* Returns [keep |-> flow stays, flow, frames |-> set sent, outcomes |-> set of records].
OnOutTimer(n, key, f) ==
  IF f.phase = "GaveUp" THEN [keep |-> FALSE, flow |-> f, frames |-> {}, outcomes |-> {}] \* forget
  ELSE IF f.attempts >= SendAttemptsMax THEN                                              \* give_up
    [keep |-> ~Forgotten(key[2]), flow |-> GiveUpFlow(f, key[2]), frames |-> {},
     outcomes |-> {GaveUpOutcome(f, "RetriesExhausted")}]
  ELSE                                                                                    \* retry
    [keep |-> TRUE, flow |-> [f EXCEPT !.attempts = @ + 1, !.deadline = now + Wait(f.attempts + 1)],
     frames |-> {Frame("NEW", n, key[1], key[2], f.req, None)}, outcomes |-> {}]

\* =====================================================================
\* Receiver rules (receiver_rules.cpp)
\* =====================================================================

\* close_flow: keep only the dedupe entry until forget_at (none when that has passed).
CloseFlow(f, id) == InFlow("Closed", f.attempts, ForgetAt(id), f.reqHash, None)
\* The node's in-flows after closing key (gone at once when its window is over).
Closed(n, key) == IF Forgotten(key[2]) THEN Del(in[n], key) ELSE Put(in[n], key, CloseFlow(in[n][key], key[2]))
AckFrame(n, key, f) == Frame("ACK", n, key[1], key[2], f.resp, f.reqHash)

\* on_new: duplicate (suppressed; ACK again while acking), TooOld, or admit and Deliver.
OnNew(n, m) ==
  LET key == <<m.from, m.id>> IN
  /\ IF key \in DOMAIN in[n] THEN                       \* on_new (duplicate)
       /\ net' = IF in[n][key].phase = "Acking"
                 THEN Send(net (-) SetToBag({m}), {AckFrame(n, key, in[n][key])})
                 ELSE net (-) SetToBag({m})
       /\ chan' = IF Ordered /\ in[n][key].phase = "Acking"
                  THEN [chan EXCEPT ![<<n, m.from>>] = @ + 1] ELSE chan
       /\ UNCHANGED <<in, delivered>>
     ELSE IF now >= ForgetAt(m.id) \/ m.id.t > now + ClockSkew THEN  \* TooOld / CreatedInFuture
       /\ net' = net (-) SetToBag({m})
       /\ UNCHANGED <<in, delivered, chan>>
     ELSE                                              \* on_new (admit): Deliver
       /\ in' = Set(in, n, Put(in[n], key, InFlow("AwaitingResponse", 0, 0, H(m.payload), None)))
       /\ delivered' = Put(delivered, <<n, m.from, m.id>>, Count(delivered, <<n, m.from, m.id>>) + 1)
       /\ net' = net (-) SetToBag({m})
       /\ UNCHANGED chan
  /\ UNCHANGED <<out, outcomes, notices>>

\* on_respond: the app answers a delivered request; Acking, ACK sent.
OnRespond(n, key, resp) ==
  /\ key \in DOMAIN in[n]
  /\ in[n][key].phase = "AwaitingResponse"
  /\ in' = Set(in, n, Put(in[n], key,
                          InFlow("Acking", 1, now + Wait(1), in[n][key].reqHash, resp)))
  /\ net' = Send(net, {AckFrame(n, key, [in[n][key] EXCEPT !.resp = resp])})
  /\ chan' = IF Ordered THEN [chan EXCEPT ![<<n, key[1]>>] = @ + 1] ELSE chan
  /\ produced' = Put(produced, <<n, key[1], key[2]>>, resp)

\* on_fin: FlowClosed or FinMismatch, then close; a FIN for a flow not acking is counted only.
OnFin(n, m) ==
  LET key == <<m.from, m.id>> IN
  /\ IF key \in DOMAIN in[n] /\ in[n][key].phase = "Acking" THEN
       /\ in' = Set(in, n, Closed(n, key))
       /\ notices' = Notify(notices, n, m.from, m.id,
                            IF m.hash # None /\ m.hash # H(in[n][key].resp)
                            THEN "FinMismatch" ELSE "FlowClosed")
     ELSE UNCHANGED <<in, notices>>
  /\ net' = net (-) SetToBag({m})
  /\ UNCHANGED <<out, outcomes, delivered, chan>>

\* on_ack_send_failed: a permanent reject ends the ACK retries (AckGaveUp, close).
OnAckSendFailed(n, p, id, code) ==
  LET key == <<p, id>> IN
  IF key \in DOMAIN in[n] /\ in[n][key].phase = "Acking" /\ code = "permanent" THEN
    /\ in' = Set(in, n, Closed(n, key))
    /\ notices' = Notify(notices, n, p, id, "AckGaveUp")
  ELSE UNCHANGED <<in, notices>>

\* on_in_timer: ACK retry, ack_give_up after the last attempt, or forget a dedupe entry.
\* Returns [keep, flow, frames, gaveUp |-> the flow ends with AckGaveUp].
OnInTimer(n, key, f) ==
  IF f.phase = "Closed" THEN [keep |-> FALSE, flow |-> f, frames |-> {}, gaveUp |-> FALSE] \* forget
  ELSE IF f.attempts >= AckAttemptsMax                                                    \* ack_give_up
  THEN [keep |-> ~Forgotten(key[2]), flow |-> CloseFlow(f, key[2]), frames |-> {}, gaveUp |-> TRUE]
  ELSE [keep |-> TRUE, flow |-> [f EXCEPT !.attempts = @ + 1, !.deadline = now + Wait(f.attempts + 1)],
        frames |-> {AckFrame(n, key, f)}, gaveUp |-> FALSE]                               \* retry

\* =====================================================================
\* Events (step.cpp): what a host feeds one endpoint
\* =====================================================================

Deliverable(m) ==
  /\ BagIn(m, net)
  /\ Ordered => \A x \in BagToSet(net) : (x.from = m.from /\ x.to = m.to) => m.seq <= x.seq

\* One frame of a transmission arrives (a transmission of k frames is k of these in a row).
Receive(m) ==
  /\ Deliverable(m)
  /\ CASE m.kind = "NEW" -> OnNew(m.to, m) /\ UNCHANGED <<produced>>
       [] m.kind = "ACK" -> OnAck(m.to, m) /\ UNCHANGED <<in, delivered, produced, notices>>
       [] m.kind = "FIN" -> OnFin(m.to, m) /\ UNCHANGED <<produced>>
  /\ act' = [name |-> "Receive", node |-> m.to, frame |-> m]
  /\ UNCHANGED <<now, nextSeq, issued, faults>>

Respond(n, key) ==
  /\ key \in DOMAIN in[n]
  /\ in[n][key].phase = "AwaitingResponse"
  /\ LET resp == Response(in[n][key].reqHash) IN
     /\ OnRespond(n, key, resp)
     /\ act' = [name |-> "Respond", node |-> n, peer |-> key[1], id |-> key[2], payload |-> resp]
  /\ UNCHANGED <<now, out, nextSeq, issued, delivered, outcomes, notices, faults>>

Due(f) == f.deadline <= now /\ f.phase # "AwaitingResponse"

\* on_tick: every due timer of the node fires, in one kernel step.
TickOut(n) == [k \in {k \in DOMAIN out[n] : Due(out[n][k])} |-> OnOutTimer(n, k, out[n][k])]
TickIn(n) == [k \in {k \in DOMAIN in[n] : Due(in[n][k])} |-> OnInTimer(n, k, in[n][k])]
Tick(n) ==
  LET o == TickOut(n)
      i == TickIn(n)
      keepOut == {k \in DOMAIN out[n] : k \notin DOMAIN o \/ o[k].keep}
      keepIn == {k \in DOMAIN in[n] : k \notin DOMAIN i \/ i[k].keep}
  IN
  /\ DOMAIN o # {} \/ DOMAIN i # {}
  /\ out' = Set(out, n, [k \in keepOut |-> IF k \in DOMAIN o THEN o[k].flow ELSE out[n][k]])
  /\ in' = Set(in, n, [k \in keepIn |-> IF k \in DOMAIN i THEN i[k].flow ELSE in[n][k]])
  /\ net' = Send(net, UNION {o[k].frames : k \in DOMAIN o} \cup UNION {i[k].frames : k \in DOMAIN i})
  \* All frames of one tick to one peer are one transmission: one ordering slot.
  /\ chan' = IF Ordered
             THEN [d \in DOMAIN chan |->
                     IF d[1] = n /\ \E f \in UNION {o[k].frames : k \in DOMAIN o}
                                              \cup UNION {i[k].frames : k \in DOMAIN i} : f.to = d[2]
                     THEN chan[d] + 1 ELSE chan[d]]
             ELSE chan
  /\ outcomes' = [c \in DOMAIN outcomes |->
                    IF c[1] = n /\ <<c[2], c[3]>> \in DOMAIN o /\ o[<<c[2], c[3]>>].outcomes # {}
                    THEN Append(outcomes[c], CHOOSE x \in o[<<c[2], c[3]>>].outcomes : TRUE)
                    ELSE outcomes[c]]
  /\ LET gaveUp == {k \in DOMAIN i : i[k].gaveUp} IN
     notices' = [x \in DOMAIN notices \cup {<<n, k[1], k[2]>> : k \in gaveUp} |->
                   IF x[1] = n /\ <<x[2], x[3]>> \in gaveUp
                   THEN (IF x \in DOMAIN notices THEN notices[x] ELSE <<>>) \o <<"AckGaveUp">>
                   ELSE notices[x]]
  /\ act' = [name |-> "Tick", node |-> n, now |-> now]
  /\ UNCHANGED <<now, nextSeq, issued, produced, delivered, faults>>

Deadlines ==
  UNION {{out[n][k].deadline : k \in DOMAIN out[n]} : n \in Nodes}
  \cup UNION {{in[n][k].deadline : k \in {k \in DOMAIN in[n] : in[n][k].phase # "AwaitingResponse"}}
               : n \in Nodes}

\* Time passes to t. A host may tick late, so in general the clock jumps to any later time (past
\* several deadlines; Tick then fires them all at once): trace validation follows the
\* simulator's clock with PassTime(t) for the t it logged.
PassTime(t) ==
  /\ t > now
  /\ now' = t
  /\ act' = [name |-> "PassTime", now |-> t]
  /\ UNCHANGED <<out, in, net, chan, nextSeq, issued, produced, delivered, outcomes, notices,
                 faults>>

\* Model checking keeps time finite: once every due timer has fired, the clock jumps to the next
\* deadline (the kernel's next_deadline), or up to ClockLateMax past it: a host that ticks late
\* (0 in the model-checking configs; the replay's config ticks late, where the kernel must
\* schedule retries from the time it fired them, not from the deadline it missed).
AdvanceClock ==
  /\ \E d \in Deadlines : d > now
  /\ \A d \in Deadlines : d > now
  /\ LET next == CHOOSE d \in Deadlines : d > now /\ \A e \in Deadlines : e > now => d <= e IN
     \E late \in 0..ClockLateMax : PassTime(next + late)

\* =====================================================================
\* The network and the host: faults
\* =====================================================================

Fault(kind, max) == faults[kind] < max /\ faults' = [faults EXCEPT ![kind] = @ + 1]

Drop(m) ==
  /\ BagIn(m, net) /\ Fault("drop", MaxDrops)
  /\ net' = net (-) SetToBag({m})
  /\ act' = [name |-> "Drop", frame |-> m]
  /\ UNCHANGED <<now, out, in, chan, nextSeq, issued, produced, delivered, outcomes, notices>>

Duplicate(m) ==
  /\ Duplicates /\ BagIn(m, net) /\ Fault("dup", MaxDups)
  /\ net' = net (+) SetToBag({m})
  /\ act' = [name |-> "Duplicate", frame |-> m]
  /\ UNCHANGED <<now, out, in, chan, nextSeq, issued, produced, delivered, outcomes, notices>>

\* A bit of the payload flips; flipping it again restores the payload (the world flips one fixed
\* bit, so a twice-corrupted frame arrives intact).
Flip(p) == IF p[1] = "bad" THEN p[2] ELSE Bad(p)
Corrupt(m) ==
  /\ BagIn(m, net) /\ m.payload # None /\ Fault("corrupt", MaxCorrupts)
  /\ net' = (net (-) SetToBag({m})) (+) SetToBag({[m EXCEPT !.payload = Flip(m.payload)]})
  /\ act' = [name |-> "Corrupt", frame |-> m]
  /\ UNCHANGED <<now, out, in, chan, nextSeq, issued, produced, delivered, outcomes, notices>>

\* The host reports the frame's transmission failed with a code class: "transient" (2),
\* "unknown" (6: may have run, so the frame may still arrive) or "permanent" (1, 3, 4, 5).
\* step.cpp's on_send_failed dispatches NEW and ACK; a FIN's failure changes nothing.
Reject(m, code) ==
  /\ BagIn(m, net) /\ Fault("reject", MaxRejects)
  /\ \E stays \in (IF code = "unknown" THEN BOOLEAN ELSE {FALSE}) :
       net' = IF stays THEN net ELSE net (-) SetToBag({m})
  /\ CASE m.kind = "NEW" -> OnNewSendFailed(m.from, m.to, m.id, code) /\ UNCHANGED <<in, notices>>
       [] m.kind = "ACK" -> OnAckSendFailed(m.from, m.to, m.id, code) /\ UNCHANGED <<out, outcomes>>
       [] m.kind = "FIN" -> UNCHANGED <<out, in, outcomes, notices>>
  /\ act' = [name |-> "Reject", frame |-> m, code |-> code]
  /\ UNCHANGED <<now, chan, nextSeq, issued, produced, delivered>>

\* The receiving host's handler traps: the step is discarded, the frame is consumed.
Trap(m) ==
  /\ Deliverable(m) /\ Fault("trap", MaxTraps)
  /\ net' = net (-) SetToBag({m})
  /\ act' = [name |-> "Trap", frame |-> m]
  /\ UNCHANGED <<now, out, in, chan, nextSeq, issued, produced, delivered, outcomes, notices>>

\* restore(snapshot(s)) = s: the endpoint carries on exactly where it was.
Restart(n) ==
  /\ Fault("restart", MaxRestarts)
  /\ act' = [name |-> "Restart", node |-> n]
  /\ UNCHANGED <<now, out, in, net, chan, nextSeq, issued, produced, delivered, outcomes, notices>>

\* =====================================================================
\* The specification
\* =====================================================================

Frames == BagToSet(net)
Codes == {"transient", "unknown", "permanent"}

Next ==
  \/ \E n \in Nodes, p \in Nodes : Call(n, p)
  \/ \E m \in Frames : Receive(m)
  \/ \E n \in Nodes : \E k \in DOMAIN in[n] : Respond(n, k)
  \/ \E n \in Nodes : Tick(n)
  \/ AdvanceClock
  \/ \E m \in Frames : Drop(m) \/ Duplicate(m) \/ Corrupt(m) \/ Trap(m)
  \/ \E m \in Frames, code \in Codes : Reject(m, code)
  \/ \E n \in Nodes : Restart(n)

\* Fairness: the world keeps time moving, fires timers and the apps answer; delivery of frames
\* is fair too (a frame that stays deliverable is delivered), faults are not.
Fairness ==
  /\ WF_vars(AdvanceClock)
  /\ \A n \in Nodes : WF_vars(Tick(n))
  /\ \A n \in Nodes : WF_vars(\E k \in DOMAIN in[n] : Respond(n, k))
  /\ WF_vars(\E m \in Frames : Receive(m))

Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ Fairness

\* =====================================================================
\* Properties (named as the model's, docs/model.md)
\* =====================================================================

Finals == {"Completed", "Corrupted", "GaveUp"}
FinalsOf(c) == SelectSeq(outcomes[c], LAMBDA o : o.kind \in Finals)
LatesOf(c) == SelectSeq(outcomes[c], LAMBDA o : o.kind = "LateCompletion")

\* The receiver's app sees each (receiver, peer, msg_id) at most once, ever.
AtMostOnceDelivery == \A k \in DOMAIN delivered : delivered[k] <= 1

\* At most one outcome per call; a late completion only after GaveUp, at most once.
OneOutcomePerCall ==
  \A c \in DOMAIN outcomes :
    /\ Len(FinalsOf(c)) <= 1
    /\ Len(LatesOf(c)) <= 1
    /\ Len(LatesOf(c)) = 1 => (Len(FinalsOf(c)) = 1 /\ FinalsOf(c)[1].kind = "GaveUp"
                               /\ outcomes[c][1].kind = "GaveUp")

\* Completed only for the request we sent, delivered intact (the ACK hash matched), and only with
\* the response the receiver's app produced for it: as produced, or corrupted in flight (which the
\* receiver detects: the FIN's hash then differs, FinMismatch).
CompletionMatchesResponse ==
  \A c \in DOMAIN outcomes : \A i \in 1..Len(outcomes[c]) :
    LET o == outcomes[c][i]
        rk == <<c[2], c[1], c[3]>>
    IN o.kind = "Completed" =>
         /\ o.req = issued[c]
         /\ rk \in DOMAIN produced
         /\ o.resp \in {produced[rk], Bad(produced[rk])}
         /\ produced[rk] = Response(H(issued[c]))

\* The receiver's app learns once how each delivered flow ended (FlowClosed, FinMismatch or
\* AckGaveUp), and only for a request it was delivered.
OneCloseNoticePerFlow ==
  \A k \in DOMAIN notices : Len(notices[k]) <= 1 /\ Count(delivered, k) = 1

\* Flows are keyed by the peer a frame came from: every flow at a node belongs to a call that
\* peer really made to that node, and holds that call's request (as received).
PeerIsolation ==
  \A n \in Nodes :
    /\ \A k \in DOMAIN in[n] : /\ <<k[1], n, k[2]>> \in DOMAIN issued
                               /\ in[n][k].reqHash \in {H(issued[<<k[1], n, k[2]>>]), H(Bad(issued[<<k[1], n, k[2]>>]))}
    /\ \A k \in DOMAIN out[n] : <<n, k[1], k[2]>> \in DOMAIN issued
    /\ \A k \in DOMAIN delivered : <<k[2], k[1], k[3]>> \in DOMAIN issued

\* State stays bounded: no deadline is ever further in the past than a late tick leaves it
\* (nothing lingers unfired), dedupe entries (tombstones, closed flows) live exactly until their
\* id's forget_at, and flows are only the calls made.
BoundedState ==
  /\ \A d \in Deadlines : d + ClockLateMax >= now
  /\ \A n \in Nodes :
       /\ \A k \in DOMAIN out[n] : out[n][k].phase = "GaveUp" => out[n][k].deadline = ForgetAt(k[2])
       /\ \A k \in DOMAIN in[n] : in[n][k].phase = "Closed" => in[n][k].deadline = ForgetAt(k[2])
       /\ Cardinality(DOMAIN out[n]) + Cardinality(DOMAIN in[n]) <= Cardinality(DOMAIN issued)

TypeOK ==
  /\ now \in Nat
  /\ \A n \in Nodes : \A k \in DOMAIN out[n] : out[n][k].phase \in {"AwaitingAck", "GaveUp"}
  /\ \A n \in Nodes : \A k \in DOMAIN in[n] : in[n][k].phase \in {"AwaitingResponse", "Acking", "Closed"}

Empty == \A n \in Nodes : out[n] = <<>> /\ in[n] = <<>>

\* Liveness, under FairSpec: every call ends with exactly one outcome, and every endpoint
\* eventually holds nothing (no flows, no dedupe entries: memory returns to zero).
EventualCompletion == <>[](\A c \in DOMAIN outcomes : Len(FinalsOf(c)) = 1)
EventuallyEmpty == <>[]Empty
=============================================================================
