// The world's own bookkeeping: the network multiset, the clock, the fault budget, the ghost
// records effects leave, the property predicates at their edges, fingerprints and the
// isolation check. The checkers trust these to report a broken kernel; each test pins one rule
// the world's header promises.
#include <gtest/gtest.h>

#include <algorithm>

#include "../src/effect_execution.hpp"
#include "../src/isolation.hpp"
#include "asyncflow/model/properties.hpp"
#include "asyncflow/model/world.hpp"

namespace asyncflow::model {
namespace {

Config small_config() {
  Config c;
  c.retry_initial_ms = 1000;
  c.retry_interval_max_ms = 2000;
  c.send_attempts_max = 3;
  c.ack_attempts_max = 3;
  c.clock_skew_ms = 100;
  c.payload_bytes_max = 16;
  return c;
}

World world_of(std::vector<CallPlan> calls, std::uint32_t endpoints = 2) {
  WorldSetup setup;
  setup.endpoints = endpoints;
  setup.config = small_config();
  setup.calls = std::move(calls);
  auto world = make_world(setup);
  EXPECT_TRUE(world.has_value());
  return world ? *world : World{};
}

void run_fault_free(World& w) {
  for (int i = 0; i < 1000 && !is_quiet(w); ++i) model::apply(w, fault_free_next(w));
  ASSERT_TRUE(is_quiet(w));
}

// ---- setup ----

TEST(WorldSetup, EachEndpointIsSeededWithTheSeedPlusItsIndex) {
  WorldSetup setup;
  setup.endpoints = 3;
  setup.seed = 40;
  setup.config = small_config();
  const World w = *make_world(setup);
  for (std::uint32_t e = 0; e < 3; ++e)
    EXPECT_EQ(w.endpoints[e], std::get<State>(make_state(setup.config, 40 + e))) << e;
  EXPECT_NE(w.endpoints[0].ids.rng_state, w.endpoints[1].ids.rng_state);
}

TEST(WorldSetup, CallsMustJoinTwoDistinctExistingEndpoints) {
  WorldSetup setup;
  setup.config = small_config();
  setup.calls = {{0, 0, Bytes{'a'}}};
  EXPECT_FALSE(make_world(setup).has_value());  // a call to oneself
  setup.calls = {{0, 2, Bytes{'a'}}};
  EXPECT_FALSE(make_world(setup).has_value());  // no endpoint 2
  setup.calls = {{2, 1, Bytes{'a'}}};
  EXPECT_FALSE(make_world(setup).has_value());
  setup.calls = {{1, 0, Bytes{'a'}}};
  EXPECT_TRUE(make_world(setup).has_value());
}

TEST(WorldSetup, OnlyEndpointsInNoScriptedCallAreHostile) {
  const World w = world_of({{0, 1, Bytes{'a'}}, {3, 1, Bytes{'b'}}}, 5);
  EXPECT_EQ(w.hostile, (std::vector<bool>{false, false, true, false, true}));
}

// ---- network, clock ----

TEST(WorldNetwork, TakingFromTheMiddleRemovesExactlyThatDatagram) {
  World w = world_of({{0, 1, Bytes{'a'}}, {1, 0, Bytes{'b'}}, {0, 1, Bytes{'c'}}});
  for (int i = 0; i < 3; ++i) apply(w, IssueCall{});
  ASSERT_EQ(w.network.size(), 3u);
  const Datagram first = w.network[0], middle = w.network[1], last = w.network[2];
  apply(w, DropDatagram{1});
  ASSERT_EQ(w.network.size(), 2u);
  EXPECT_EQ(std::count(w.network.begin(), w.network.end(), middle), 0);
  EXPECT_EQ(std::count(w.network.begin(), w.network.end(), first), 1);
  EXPECT_EQ(std::count(w.network.begin(), w.network.end(), last), 1);
  apply(w, DeliverDatagram{1});
  ASSERT_EQ(w.network.size(), 1u);
  EXPECT_EQ(std::count(w.network.begin(), w.network.end(), first), 1);
  EXPECT_EQ(std::count(w.network.begin(), w.network.end(), last), 0);
}

TEST(WorldClock, AdvanceClockGoesExactlyToTheEarliestDeadline) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  apply(w, DropDatagram{0});
  const TimeMs deadline = *next_deadline(w.endpoints[0]);
  ASSERT_GT(deadline, w.now_ms);
  apply(w, AdvanceClock{});
  EXPECT_EQ(w.now_ms, deadline);
  EXPECT_EQ(w.network.size(), 1u);  // the caller, due then, retried
}

TEST(WorldClock, PassTimeMovesTheClockByItsAmountAndTicksWhoIsDue) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  apply(w, DropDatagram{0});
  const TimeMs start = w.now_ms;
  const TimeMs deadline = *next_deadline(w.endpoints[0]);
  apply(w, PassTime{deadline - start - 1});
  EXPECT_EQ(w.now_ms, deadline - 1);
  EXPECT_TRUE(w.network.empty());  // not due yet
  apply(w, PassTime{1});
  EXPECT_EQ(w.now_ms, deadline);
  EXPECT_EQ(w.network.size(), 1u);  // due exactly now: retried
}

TEST(WorldQuiet, NothingOwedNothingInFlightNothingScheduled) {
  World w = world_of({});
  EXPECT_TRUE(is_quiet(w));
  World owed = w;
  owed.pending_answers.push_back(PendingAnswer{DeliveryKey{1, 0, MsgId{1, 2}}});
  EXPECT_FALSE(is_quiet(owed));
  World flying = w;
  flying.network.push_back(Datagram{0, 1, {FinFrame{MsgId{1, 2}, std::nullopt}}, 0});
  EXPECT_FALSE(is_quiet(flying));
  World scripted = world_of({{0, 1, Bytes{'a'}}});
  EXPECT_FALSE(is_quiet(scripted));
}

// ---- faults offered ----

TEST(WorldFaults, OnlyFaultActionsAreFaults) {
  for (const Action& a : std::vector<Action>{IssueCall{}, DeliverDatagram{}, AnswerRequest{},
                                             AdvanceClock{}, PassTime{5}})
    EXPECT_FALSE(is_fault(a)) << a.index();
  for (const Action& a :
       std::vector<Action>{DropDatagram{}, DuplicateDatagram{}, RejectDatagram{}, CorruptDatagram{},
                           Restart{}, TrapDelivery{}, ForgeDatagram{}})
    EXPECT_TRUE(is_fault(a)) << a.index();
}

TEST(WorldFaults, CorruptionIsOfferedOnlyForDatagramsWithAPayload) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  apply(w, DeliverDatagram{0});
  apply(w, AnswerRequest{0});
  apply(w, DeliverDatagram{0});  // the ACK: the caller completes and sends its FIN
  ASSERT_EQ(w.network.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<FinFrame>(w.network[0].frames.at(0)));
  FaultBudget budget = no_faults();
  budget.corruptions = 1;
  for (const auto& a : enabled_actions(w, budget))
    EXPECT_FALSE(std::holds_alternative<CorruptDatagram>(a)) << describe(w, a);
}

TEST(WorldFaults, AHostileEndpointNeverForgesItsOwnDatagram) {
  // e2 (hostile) forges e0's NEW to e1; e1 answers e2, and e2's kernel FINs that unknown ACK:
  // a datagram e2 wrote itself, which it may not "forge".
  World w = world_of({{0, 1, Bytes{'a'}}}, 3);
  apply(w, IssueCall{});
  apply(w, ForgeDatagram{0, 2});
  apply(w, DeliverDatagram{1});  // the forged NEW, from e2
  ASSERT_EQ(w.pending_answers.size(), 1u);
  apply(w, AnswerRequest{0});
  ASSERT_EQ(w.network.back().to, 2u);
  apply(w, DeliverDatagram{static_cast<std::uint32_t>(w.network.size() - 1)});  // e1's ACK
  bool own = false;
  for (const auto& d : w.network) own = own || d.origin == 2;
  ASSERT_TRUE(own) << "e2 wrote nothing";
  FaultBudget budget = no_faults();
  budget.forgeries = 5;
  for (const auto& a : enabled_actions(w, budget))
    if (const auto* f = std::get_if<ForgeDatagram>(&a)) {
      EXPECT_NE(f->as, w.network[f->index].origin) << describe(w, a);
      EXPECT_NE(f->as, w.network[f->index].to) << describe(w, a);
      EXPECT_TRUE(w.hostile[f->as]);
    }
}

TEST(WorldFaults, RestartNoticesAStateItsSnapshotDoesNotReproduce) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  // A timer no flow owns: snapshot() does not carry timers, restore() rebuilds them from flows.
  w.endpoints[0].timers.insert(Timer{w.now_ms + 5, TimerKind::Fin, FlowKey{peer_name(1), {}}});
  apply(w, Restart{0});
  EXPECT_NE(w.restore_violation, std::nullopt);
  EXPECT_NE(kernel_sound(w), std::nullopt);
}

// ---- ghost records ----

TEST(WorldRecords, AcceptedCallsRecordTheirId) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  ASSERT_TRUE(w.calls[0].msg_id.has_value());
  EXPECT_EQ(w.calls[0].status, CallStatus::InFlight);
  EXPECT_EQ(*w.calls[0].msg_id, w.endpoints[0].out_flows.begin()->first.msg_id);
  EXPECT_EQ(w.call_by_id.at({0, *w.calls[0].msg_id}), 0u);
}

TEST(WorldRecords, ARefusedCallHasTheRefusalAsItsOneOutcome) {
  World w = world_of({{0, 1, Bytes(17, 'x')}, {0, 1, Bytes{'a'}}});  // over payload_bytes_max
  apply(w, IssueCall{});
  EXPECT_EQ(w.calls[0].status, CallStatus::Refused);
  EXPECT_EQ(w.calls[0].outcomes, 1u);
  EXPECT_EQ(w.outcomes_total, 1u);
  EXPECT_EQ(eventual_completion(w), std::nullopt);
}

TEST(WorldRecords, ALateAckIsANoticeNotASecondOutcome) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  apply(w, DuplicateDatagram{0});
  apply(w, RejectDatagram{0, RejectCode::DestinationInvalid});  // GaveUp: never delivered
  ASSERT_EQ(w.calls[0].status, CallStatus::GaveUp);
  apply(w, DeliverDatagram{0});  // ... but the duplicate arrives
  apply(w, AnswerRequest{0});
  apply(w, DeliverDatagram{0});  // the ACK: LateCompletion
  EXPECT_EQ(w.calls[0].late_notices, 1u);
  EXPECT_EQ(w.calls[0].outcomes, 1u);
  EXPECT_EQ(w.calls[0].status, CallStatus::GaveUp);
  EXPECT_EQ(one_outcome_per_call(w), std::nullopt);
}

TEST(WorldRecords, EveryDeliverIsCountedUnderReceiverCallerAndId) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  const MsgId id{7, 8};
  const Effects twice{Deliver{peer_name(0), id, Bytes{'q'}}, Deliver{peer_name(0), id, Bytes{'q'}}};
  execute_effects(w, 1, Event{w.now_ms, TickEvent{}}, twice);
  ASSERT_EQ(w.deliveries.size(), 1u);
  const auto& [key, record] = *w.deliveries.begin();
  EXPECT_EQ(key.receiver, 1u);
  EXPECT_EQ(key.caller, 0u);
  EXPECT_EQ(key.msg_id, id);
  EXPECT_EQ(record.count, 2u);
  EXPECT_EQ(record.request, Bytes{'q'});
  EXPECT_EQ(w.pending_answers.size(), 2u);
  EXPECT_NE(at_most_once_delivery(w), std::nullopt);
}

TEST(WorldRecords, CorruptedResponsesAreRecordedUnderTheirFlow) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  apply(w, DeliverDatagram{0});
  apply(w, AnswerRequest{0});
  apply(w, CorruptDatagram{0});  // the ACK, from e1 to e0
  ASSERT_EQ(w.corrupted_responses.size(), 1u);
  const DeliveryKey key = *w.corrupted_responses.begin();
  EXPECT_EQ(key.receiver, 1u);
  EXPECT_EQ(key.caller, 0u);
  EXPECT_EQ(key.msg_id, *w.calls[0].msg_id);
}

// ---- properties at their edges ----

TEST(Properties, ACompletionWithAnotherRequestIsReported) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  run_fault_free(w);
  ASSERT_EQ(completion_matches_response(w), std::nullopt);
  World other = w;
  other.deliveries.begin()->second.request = Bytes{'z'};
  EXPECT_NE(completion_matches_response(other), std::nullopt);
}

TEST(Properties, AQuietWorldHoldsNoPendingFins) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  run_fault_free(w);
  ASSERT_EQ(bounded_state(w), std::nullopt);
  World held = w;
  held.endpoints[0].pending_fins[peer_name(1)].fins.push_back(FinFrame{MsgId{1, 1}, 5u});
  ASSERT_TRUE(is_quiet(held));  // no timer: nothing will ever send it
  EXPECT_NE(bounded_state(held), std::nullopt);
}

TEST(Properties, BoundedStateAllowsExactlyTheLimits) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  World at = w;
  at.endpoints[1].retained_bytes = at.endpoints[1].config.retained_bytes_max;
  at.endpoints[1].dedupe_entries = at.endpoints[1].config.dedupe_entries_max;
  EXPECT_EQ(bounded_state(at), std::nullopt);
  World over = at;
  over.endpoints[1].dedupe_entries += 1;
  EXPECT_NE(bounded_state(over), std::nullopt);
}

TEST(Properties, KernelSoundReportsRestoreAndInvariantViolations) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  EXPECT_EQ(kernel_sound(w), std::nullopt);
  World restored = w;
  restored.restore_violation = "restore differs";
  EXPECT_NE(kernel_sound(restored), std::nullopt);
  World broken = w;
  broken.invariant_violation = "e0: X";
  EXPECT_NE(kernel_sound(broken), std::nullopt);
}

TEST(Properties, OneOutcomeReportsAnOutcomeViolation) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  w.outcome_violation = "an outcome for no call";
  EXPECT_NE(one_outcome_per_call(w), std::nullopt);
}

// ---- fingerprints ----

TEST(Fingerprint, SeesEveryRuleRelevantMember) {
  World w = world_of({{0, 1, Bytes{'a'}}});
  apply(w, IssueCall{});
  apply(w, DeliverDatagram{0});
  apply(w, AnswerRequest{0});  // e1 now holds an acking flow with its response
  ASSERT_EQ(w.network.size(), 1u);
  const auto base = fingerprint(w);

  World response = w;
  response.endpoints[1].in_flows.begin()->second.response.push_back('!');
  EXPECT_NE(fingerprint(response), base) << "an in-flow's response";

  World origin = w;
  ASSERT_EQ(origin.network[0].origin, 1u);  // e1's ACK
  origin.network[0].origin = 0;
  EXPECT_NE(fingerprint(origin), base) << "a datagram's origin";

  World outcomes = w;
  outcomes.calls[0].outcomes = 1;
  EXPECT_NE(fingerprint(outcomes), base) << "a call's outcome count";

  World request = w;
  request.endpoints[0].out_flows.begin()->second.request.push_back('!');
  EXPECT_NE(fingerprint(request), base) << "an out-flow's request";

  World ghost = w;
  ghost.deliveries.begin()->second.count = 2;
  EXPECT_NE(fingerprint(ghost), base) << "a delivery count";
}

// ---- isolation ----

TEST(Isolation, AnEventAboutOnePeerMayChangeNoOtherPeersFlowsOrFins) {
  World w = world_of({{0, 1, Bytes{'a'}}}, 3);
  const State before = w.endpoints[0];
  const Event from_e1{w.now_ms, ReceiveEvent{peer_name(1), {}, 0}};
  const Event failed_to_e1{w.now_ms, SendFailedEvent{peer_name(1), {}, RejectCode::SysTransient}};

  State fins = before;
  fins.pending_fins[peer_name(2)].fins.push_back(FinFrame{MsgId{1, 2}, std::nullopt});
  EXPECT_NE(isolation_breach(w, 0, from_e1, before, fins), std::nullopt);
  EXPECT_NE(isolation_breach(w, 0, failed_to_e1, before, fins), std::nullopt);

  State own = before;
  own.pending_fins[peer_name(1)].fins.push_back(FinFrame{MsgId{1, 2}, std::nullopt});
  EXPECT_EQ(isolation_breach(w, 0, from_e1, before, own), std::nullopt);

  State flows = before;
  flows.out_flows[FlowKey{peer_name(2), MsgId{1, 2}}] = OutFlow{};
  EXPECT_NE(isolation_breach(w, 0, failed_to_e1, before, flows), std::nullopt);
  State in = before;
  in.in_flows[FlowKey{peer_name(2), MsgId{1, 2}}] = InFlow{};
  EXPECT_NE(isolation_breach(w, 0, from_e1, before, in), std::nullopt);
  // A local event (a tick) is about no peer.
  EXPECT_EQ(isolation_breach(w, 0, Event{w.now_ms, TickEvent{}}, before, flows), std::nullopt);
}

}  // namespace
}  // namespace asyncflow::model
