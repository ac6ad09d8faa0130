// Admission by payment: each admitted NEW consumes new_payment_min_cycles from the cycles the
// host attached to its transmission, in frame order; an under-paid NEW is dropped unprocessed
// and counted; duplicates and otherwise refused frames consume nothing.
#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

const Peer kAlice = peer("alice");

Config paid_config() {
  Config c = small_config();
  c.new_payment_min_cycles = 100;
  return c;
}

constexpr std::size_t kUnderPaid = static_cast<std::size_t>(DropReason::UnderPaid);

TEST(Payment, UnderPaidNewIsDroppedUnprocessedAndCounted) {
  State s = fresh_state(paid_config());
  const State before = s;
  const MsgId id = id_at(kT0, 1);
  const Effects effects = receive(s, kT0, kAlice, {new_frame(id, "req")}, 99);
  EXPECT_EQ(show(effects),
            show(Effects{Dropped{DropReason::UnderPaid, kAlice, FrameKind::New, id}}));
  EXPECT_TRUE(s == with_drops_counted(before, kT0, 1, DropReason::UnderPaid));
  EXPECT_TRUE(s.in_flows.empty());
  // A later NEW with the same id that pays is processed: the refused one left no trace.
  EXPECT_EQ(show(receive(s, kT0 + 1, kAlice, {new_frame(id, "req")}, 100)),
            show(Effects{Deliver{kAlice, id, bytes("req")}}));
}

TEST(Payment, ExactMinimumIsAdmitted) {
  State s = fresh_state(paid_config());
  const MsgId id = id_at(kT0, 1);
  EXPECT_EQ(show(receive(s, kT0, kAlice, {new_frame(id, "req")}, 100)),
            show(Effects{Deliver{kAlice, id, bytes("req")}}));
}

TEST(Payment, OneTransmissionPaysForItsNewsInFrameOrder) {
  State s = fresh_state(paid_config());
  const MsgId a = id_at(kT0, 1), b = id_at(kT0, 2), c = id_at(kT0, 3);
  const Effects effects =
      receive(s, kT0, kAlice, {new_frame(a, "a"), new_frame(b, "b"), new_frame(c, "c")}, 250);
  EXPECT_EQ(show(effects),
            show(Effects{Deliver{kAlice, a, bytes("a")}, Deliver{kAlice, b, bytes("b")},
                         Dropped{DropReason::UnderPaid, kAlice, FrameKind::New, c}}));
  EXPECT_EQ(s.counters.drops[kUnderPaid], 1U);
  EXPECT_EQ(s.counters.delivered, 2U);
}

TEST(Payment, DuplicatesAndRefusedFramesConsumeNothing) {
  State s = fresh_state(paid_config());
  const MsgId known = id_at(kT0, 1);
  receive(s, kT0, kAlice, {new_frame(known, "k")}, 100);
  const MsgId stale = id_at(kT0 - kSmallWindowMs - 1, 2);
  const MsgId fresh = id_at(kT0, 3);
  const Effects effects = receive(
      s, kT0, kAlice, {new_frame(known, "k"), new_frame(stale, "s"), new_frame(fresh, "f")}, 100);
  EXPECT_EQ(show(effects), show(Effects{Dropped{DropReason::TooOld, kAlice, FrameKind::New, stale},
                                        Deliver{kAlice, fresh, bytes("f")}}));
  EXPECT_EQ(s.counters.drops[kUnderPaid], 0U);
}

TEST(Payment, AcksAndFinsNeedNoPayment) {
  State s = fresh_state(paid_config());
  const Peer kBob = peer("bob");
  const MsgId id = call_and_accept(s, kT0, kBob, "req");
  EXPECT_EQ(all_of<Completed>(receive(s, kT0 + 1, kBob, {ack_frame(id, "req", "r")}, 0)).size(),
            1U);
  const MsgId in = id_at(kT0, 9);
  receive(s, kT0, kAlice, {new_frame(in, "q")}, 100);
  respond(s, kT0, kAlice, in, bytes("a"));
  EXPECT_EQ(show(receive(s, kT0 + 1, kAlice, {fin_frame(in, "a")}, 0)),
            show(Effects{FlowClosed{kAlice, in}}));
}

TEST(Payment, FreeByDefault) {
  EXPECT_EQ(Config{}.new_payment_min_cycles, 0U);
  State s = fresh_state();
  EXPECT_EQ(all_of<Deliver>(receive(s, kT0, kAlice, {new_frame(id_at(kT0, 1), "q")}, 0)).size(),
            1U);
}

}  // namespace
}  // namespace asyncflow::test
