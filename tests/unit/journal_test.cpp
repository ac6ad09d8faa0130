// The host contract (journal.hpp): a Ready carries the app effects, a journal that alone keeps a
// durable copy of the state exact, whether a sync is needed, and the transmissions.
#include "asyncflow/journal.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

#include "support/harness.hpp"

namespace asyncflow::test {
namespace {

using RowKey = std::tuple<RecordKind, Bytes, MsgId>;  // what a host's primary key would be

// A host's rows: one per entry, updated from journals only, plus the scalars row.
struct Rows {
  std::map<RowKey, Bytes> entries;
  Bytes scalars;

  void apply(const Journal& j) {
    for (const auto& e : j.entries) {
      RowKey key{e.kind, Bytes(e.peer.bytes().begin(), e.peer.bytes().end()), e.msg_id};
      if (e.change == Change::Removed) {
        ASSERT_EQ(entries.erase(key), 1u) << "removed an entry that was never written";
        ASSERT_TRUE(e.record.empty());
      } else {
        ASSERT_EQ(entries.count(key), e.change == Change::Changed ? 1u : 0u)
            << "Created/Changed disagree with what was stored";
        entries[key] = e.record;
      }
    }
    scalars = j.scalars;
  }

  State restored() const {
    std::vector<StoredRecord> records;
    for (const auto& [key, record] : entries) records.push_back({std::get<0>(key), record});
    auto r = restore_from_records(scalars, records);
    EXPECT_TRUE(std::holds_alternative<State>(r)) << name_of(std::get<RestoreError>(r));
    return std::get<State>(std::move(r));
  }
};

struct Endpoint {
  State state;
  Rows rows;
  std::vector<std::pair<Peer, MsgId>> delivered;  // requests waiting for the app's answer
};

class JournalWorld {
 public:
  explicit JournalWorld(std::uint64_t seed) : rng_(seed) {
    Config c = small_config();
    c.fin_delay_ms = seed % 2 ? 300 : 0;  // held FINs too
    for (int i = 0; i < 2; ++i) {
      nodes_[i].state = fresh_state(c, seed * 2 + i);
      nodes_[i].rows.scalars = scalars_record(nodes_[i].state);
    }
  }

  // One step of node i; checks the Ready against the state it produced.
  void step(int i, EventBody body) {
    Endpoint& n = nodes_[i];
    const State before = n.state;
    State plain = n.state;
    Effects plain_effects;
    step_in_place(plain, Event{now_, body}, plain_effects);
    Ready ready = step_ready(n.state, Event{now_, std::move(body)});
    // The same transition as step_in_place, its effects split in their order.
    ASSERT_EQ(n.state, plain);
    std::size_t e = 0, t = 0;
    for (const auto& effect : plain_effects) {
      if (auto* tr = std::get_if<Transmit>(&effect)) {
        ASSERT_LT(t, ready.transmissions.size());
        EXPECT_EQ(ready.transmissions[t].peer, tr->peer);
        EXPECT_EQ(ready.transmissions[t++].frames, tr->frames);
      } else {
        ASSERT_LT(e, ready.effects.size());
        EXPECT_EQ(show(ready.effects[e++]), show(effect));
      }
    }
    EXPECT_EQ(e, ready.effects.size());
    EXPECT_EQ(t, ready.transmissions.size());
    // Nothing to sync means no entry changed: what leaves is a resend of durable state.
    if (!ready.must_sync) {
      EXPECT_TRUE(ready.journal.entries.empty());
      EXPECT_EQ(before.ids, n.state.ids);
      EXPECT_EQ(before.out_flows, n.state.out_flows);
      EXPECT_EQ(before.in_flows, n.state.in_flows);
      EXPECT_EQ(before.pending_fins, n.state.pending_fins);
    }
    n.rows.apply(ready.journal);
    // The rows alone rebuild the state exactly.
    ASSERT_EQ(n.rows.restored(), n.state) << "after step " << steps_;
    entries_seen_ += ready.journal.entries.size();
    ++steps_;
    for (const auto& eff : ready.effects)
      if (auto* d = std::get_if<Deliver>(&eff)) n.delivered.emplace_back(d->peer, d->msg_id);
    for (auto& tr : ready.transmissions) net_.push_back({1 - i, std::move(tr.frames)});
  }

  void run(int steps) {
    for (int k = 0; k < steps && !::testing::Test::HasFatalFailure(); ++k) {
      const int i = static_cast<int>(rng_() % 2);
      Endpoint& n = nodes_[i];
      const Peer other = peer(i == 0 ? "bob" : "alice");
      const auto dice = rng_() % 100;
      if (dice < 15) {
        step(i, CallEvent{other, bytes("req" + std::to_string(k))});
      } else if (dice < 55 && !net_.empty()) {
        const std::size_t pick = rng_() % net_.size();
        auto [to, frames] = net_[pick];
        const auto fate = rng_() % 10;
        if (fate >= 2) net_.erase(net_.begin() + static_cast<std::ptrdiff_t>(pick));  // else dup
        const Peer from = peer(to == 0 ? "bob" : "alice");
        if (fate == 9) {  // rejected: the sender hears of it
          std::vector<FrameRef> refs;
          for (const auto& f : frames) refs.push_back(ref_of(f));
          step(1 - to, SendFailedEvent{
                           peer(to == 0 ? "alice" : "bob"), refs,
                           rng_() % 2 ? RejectCode::SysTransient : RejectCode::DestinationInvalid});
        } else if (fate != 8) {  // 8: lost
          step(to, ReceiveEvent{from, std::move(frames), 0});
        }
      } else if (dice < 70 && !n.delivered.empty()) {
        const auto [p, id] = n.delivered.front();
        n.delivered.erase(n.delivered.begin());
        step(i, RespondEvent{p, id, bytes("resp")});
      } else if (dice < 97) {
        now_ += rng_() % 1500;
        step(i, TickEvent{});
      } else {
        // A restart: the node goes on from what its rows hold, and its app forgets deliveries.
        n.state = n.rows.restored();
        n.delivered.clear();
      }
    }
  }

  std::size_t entries_seen() const { return entries_seen_; }

 private:
  std::mt19937_64 rng_;
  Endpoint nodes_[2];
  std::vector<std::pair<int, std::vector<Frame>>> net_;
  TimeMs now_ = kT0;
  std::size_t steps_ = 0;
  std::size_t entries_seen_ = 0;
};

TEST(Journal, RowsKeptOnlyFromJournalsRebuildTheStateAfterEveryStep) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    JournalWorld world(seed);
    world.run(1500);
    if (::testing::Test::HasFatalFailure()) return;
    EXPECT_GT(world.entries_seen(), 100u) << "seed " << seed << " exercised little";
  }
}

TEST(Journal, ARefusedCallNeedsNoSyncAndSendsNothing) {
  Config c = small_config();
  c.payload_bytes_max = 4;
  State s = fresh_state(c);
  const Ready ready = step_ready(s, Event{kT0, CallEvent{peer("bob"), bytes("too long")}});
  EXPECT_FALSE(ready.must_sync);
  EXPECT_TRUE(ready.journal.entries.empty());
  EXPECT_FALSE(ready.journal.ids_changed);
  EXPECT_TRUE(ready.transmissions.empty());
  ASSERT_EQ(ready.effects.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<Refused>(ready.effects[0]));
}

TEST(Journal, AnAcceptedCallCreatesItsFlowAndAdvancesTheIds) {
  State s = fresh_state();
  const Ready ready = step_ready(s, Event{kT0, CallEvent{peer("bob"), bytes("hi")}});
  EXPECT_TRUE(ready.must_sync);
  EXPECT_TRUE(ready.journal.ids_changed);
  ASSERT_EQ(ready.journal.entries.size(), 1u);
  const JournalEntry& e = ready.journal.entries[0];
  EXPECT_EQ(e.kind, RecordKind::OutFlow);
  EXPECT_EQ(e.change, Change::Created);
  EXPECT_EQ(e.peer, peer("bob"));
  EXPECT_EQ(e.msg_id, s.out_flows.begin()->first.msg_id);
  ASSERT_EQ(ready.transmissions.size(), 1u);
  EXPECT_EQ(ready.journal.scalars, scalars_record(s));
}

TEST(Journal, AWholeStatesRecordsRestoreItAndBadRecordsAreRefused) {
  JournalWorld world(99);
  world.run(300);
  State s = fresh_state();
  step_ready(s, Event{kT0, CallEvent{peer("bob"), bytes("one")}});
  step_ready(s, Event{kT0 + 1, CallEvent{peer("carol"), bytes("two")}});
  auto records = records_of(s);
  ASSERT_EQ(records.size(), 2u);
  std::swap(records[0], records[1]);  // any order
  auto back = restore_from_records(scalars_record(s), records);
  ASSERT_TRUE(std::holds_alternative<State>(back));
  EXPECT_EQ(std::get<State>(back), s);
  // The same record twice is refused as a snapshot with a key twice is.
  records.push_back(records[0]);
  EXPECT_EQ(std::get<RestoreError>(restore_from_records(scalars_record(s), records)),
            RestoreError::NotCanonical);
  records.pop_back();
  // A record cut short, and one of an unknown kind.
  auto cut = records;
  cut[0].record.resize(3);
  EXPECT_EQ(std::get<RestoreError>(restore_from_records(scalars_record(s), cut)),
            RestoreError::Truncated);
  auto odd = records;
  odd[0].kind = static_cast<RecordKind>(9);
  EXPECT_EQ(std::get<RestoreError>(restore_from_records(scalars_record(s), odd)),
            RestoreError::InvalidValue);
  // Scalars missing their last byte.
  Bytes short_scalars = scalars_record(s);
  short_scalars.pop_back();
  EXPECT_TRUE(std::holds_alternative<RestoreError>(restore_from_records(short_scalars, records)));
}

}  // namespace
}  // namespace asyncflow::test
