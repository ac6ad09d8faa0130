// Unit tests of the host's pieces: datagram framing and its MAC, the store's checks, the
// metrics page, and settling in-doubt transfers (host/src; docs/hosts.md).
#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

#include "asyncflow/crc32.hpp"
#include "asyncflow/journal.hpp"
#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"
#include "src/datagram.hpp"
#include "src/host_counters.hpp"
#include "src/ledger.hpp"
#include "src/metrics_http.hpp"
#include "src/settle.hpp"
#include "src/store.hpp"
#include "src/udp.hpp"

namespace asyncflow::host {
namespace {

PeerKey key_of(std::uint8_t seed) {
  PeerKey k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(seed + 7 * i);
  return k;
}

EndpointId id_of(std::uint8_t seed) {
  EndpointId id{};
  for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::uint8_t>(seed + i);
  return id;
}

MsgId msg(std::uint64_t time_ms, std::uint64_t low) {
  return MsgId::from_parts(time_ms, 0x1234, low);
}

std::vector<Frame> some_frames(std::size_t n, std::size_t payload_bytes) {
  std::vector<Frame> frames;
  for (std::size_t i = 0; i < n; ++i) {
    Bytes payload(payload_bytes, static_cast<std::uint8_t>(i));
    if (i % 3 == 0) frames.push_back(NewFrame{msg(1000 + i, i), payload});
    if (i % 3 == 1) frames.push_back(AckFrame{msg(1000 + i, i), Hash32{std::uint32_t(i)}, payload});
    if (i % 3 == 2) frames.push_back(FinFrame{msg(1000 + i, i), std::nullopt});
  }
  return frames;
}

class Datagrams : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto_ready()); }
  const PeerKey key = key_of(1);
  const EndpointId alice = id_of(10), bob = id_of(50);
};

TEST_F(Datagrams, RoundTripGivesTheFramesBack) {
  const auto frames = some_frames(7, 20);
  const auto datagrams = encode_datagrams(frames, SealingKey{key, alice});
  ASSERT_EQ(datagrams.size(), 1u);
  EXPECT_EQ(datagrams[0].first_frame, 0u);
  EXPECT_EQ(datagrams[0].frames, frames.size());
  const auto decoded = decode_datagram(datagrams[0].bytes, key, bob);
  ASSERT_TRUE(std::holds_alternative<std::vector<Frame>>(decoded));
  EXPECT_EQ(std::get<std::vector<Frame>>(decoded), frames);
  // The layout docs/hosts.md gives: magic, the sender's id, the body, a 32-byte tag.
  const Bytes& b = datagrams[0].bytes;
  EXPECT_EQ(std::string(b.begin(), b.begin() + 4), "AFD2");
  EXPECT_TRUE(std::equal(alice.begin(), alice.end(), b.begin() + 4));
  EXPECT_GT(b.size(), kDatagramOverheadBytes);
}

TEST_F(Datagrams, EveryFlippedBitFailsTheTag) {
  const auto frames = some_frames(3, 5);
  const Bytes sealed = encode_datagrams(frames, SealingKey{key, alice})[0].bytes;
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    for (int bit = 0; bit < 8; bit += 3) {
      Bytes bad = sealed;
      bad[i] ^= static_cast<std::uint8_t>(1u << bit);
      const auto decoded = decode_datagram(bad, key, bob);
      ASSERT_TRUE(std::holds_alternative<DatagramError>(decoded)) << "byte " << i;
      EXPECT_EQ(std::get<DatagramError>(decoded), DatagramError::BadTag) << "byte " << i;
    }
  }
}

TEST_F(Datagrams, AnotherKeyShortAndReflectedDatagramsAreRefused) {
  const Bytes sealed = encode_datagrams(some_frames(2, 3), SealingKey{key, alice})[0].bytes;
  EXPECT_EQ(std::get<DatagramError>(decode_datagram(sealed, key_of(2), bob)),
            DatagramError::BadTag);
  const Bytes short_one(sealed.begin(), sealed.begin() + kDatagramOverheadBytes - 1);
  EXPECT_EQ(std::get<DatagramError>(decode_datagram(short_one, key, bob)), DatagramError::TooShort);
  // Alice's own datagram bounced back at her under the pair's key.
  EXPECT_EQ(std::get<DatagramError>(decode_datagram(sealed, key, alice)), DatagramError::Reflected);
}

// Authentic datagrams with something else wrong: sealed here by hand with crypto_auth.
Bytes seal_by_hand(std::string_view magic, const EndpointId& sender, const Bytes& body,
                   const PeerKey& key) {
  Bytes out(magic.begin(), magic.end());
  out.insert(out.end(), sender.begin(), sender.end());
  out.insert(out.end(), body.begin(), body.end());
  unsigned char tag[crypto_auth_BYTES];
  crypto_auth(tag, out.data(), out.size(), key.data());
  out.insert(out.end(), tag, tag + sizeof tag);
  return out;
}

TEST_F(Datagrams, AuthenticButMalformedDatagramsAreNamed) {
  const Bytes sealed = encode_datagrams(some_frames(2, 3), SealingKey{key, alice})[0].bytes;
  const Bytes body(sealed.begin() + 4 + kEndpointIdBytes, sealed.end() - kDatagramTagBytes);
  EXPECT_EQ(
      std::get<DatagramError>(decode_datagram(seal_by_hand("AFD1", alice, body, key), key, bob)),
      DatagramError::BadMagic);
  EXPECT_EQ(std::get<DatagramError>(decode_datagram(
                seal_by_hand("AFD2", alice, Bytes{'D', 'I', 'D', 'L', 0xff}, key), key, bob)),
            DatagramError::Undecodable);
  // The control: the same hand sealing of the real body is accepted.
  EXPECT_TRUE(std::holds_alternative<std::vector<Frame>>(
      decode_datagram(seal_by_hand("AFD2", alice, body, key), key, bob)));
}

TEST_F(Datagrams, ALongTransmissionIsSplitInOrderAndEachPartFits) {
  const auto frames = some_frames(40, 5000);  // about 200 KB: several datagrams
  const auto datagrams = encode_datagrams(frames, SealingKey{key, alice});
  ASSERT_GT(datagrams.size(), 2u);
  std::size_t next = 0;
  for (const auto& d : datagrams) {
    EXPECT_LE(d.bytes.size(), kDatagramBytesMax);
    EXPECT_EQ(d.first_frame, next);
    ASSERT_GT(d.frames, 0u);
    const auto decoded = std::get<std::vector<Frame>>(decode_datagram(d.bytes, key, bob));
    ASSERT_EQ(decoded.size(), d.frames);
    for (std::size_t i = 0; i < d.frames; ++i) EXPECT_EQ(decoded[i], frames[d.first_frame + i]);
    next += d.frames;
  }
  EXPECT_EQ(next, frames.size());
}

TEST_F(Datagrams, ASendFailureReportsExactlyTheFramesThatDidNotLeave) {
  const Transmit t{*Peer::from_text("bob"), some_frames(9, 1)};
  const auto failed = frames_not_sent(t, 4, RejectCode::SysTransient);
  EXPECT_EQ(failed.peer, t.peer);
  EXPECT_EQ(failed.code, RejectCode::SysTransient);
  ASSERT_EQ(failed.frames.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(failed.frames[i], ref_of(t.frames[4 + i]));
  EXPECT_EQ(frames_not_sent(t, 0, RejectCode::DestinationInvalid).frames.size(), 9u);
}

TEST_F(Datagrams, ASendStopsAtTheFirstDatagramThatDoesNotLeaveAndNamesItsFrames) {
  const Transmit t{*Peer::from_text("bob"), some_frames(40, 5000)};
  const auto datagrams = encode_datagrams(t.frames, SealingKey{key, alice});
  ASSERT_GE(datagrams.size(), 3u);
  std::vector<std::size_t> tried;
  const auto failed = send_transmission(t, datagrams, [&](std::size_t i, const Datagram&) {
    tried.push_back(i);
    return i != 1;  // the second datagram does not leave
  });
  EXPECT_EQ(tried, (std::vector<std::size_t>{0, 1}));  // none after it is sent
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->code, RejectCode::SysTransient);
  // Exactly the frames of the failed datagram and of every later one: not the first's.
  ASSERT_EQ(failed->frames.size(), t.frames.size() - datagrams[1].first_frame);
  EXPECT_EQ(failed->frames.front(), ref_of(t.frames[datagrams[1].first_frame]));
  EXPECT_EQ(failed->frames.back(), ref_of(t.frames.back()));
  // All leave: nothing to report.
  EXPECT_FALSE(send_transmission(t, datagrams, [](std::size_t, const Datagram&) { return true; }));
}

// --- the store ---------------------------------------------------------------------------

class TempDb : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_ready());
    dir_ = std::filesystem::temp_directory_path() /
           ("asyncflow-host-unit-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

State fresh_state() {
  return std::get<State>(make_state(Config{}, 42));
}

TEST_F(TempDb, ANewDaemonStoreRecordsItsPeersAndKeepsItsEndpointId) {
  EndpointId first{};
  {
    Database db(path("a.db"));
    const auto opened = open_daemon_store(db, "test owner", {"bob", "carol"});
    EXPECT_FALSE(opened.state);
    first = opened.endpoint_id;
    EXPECT_EQ(daemon_peers(db), (std::vector<std::string>{"bob", "carol"}));
    save_kernel_state(db, fresh_state());
  }
  Database db(path("a.db"));
  const auto again = open_daemon_store(db, "test owner", {"bob"});
  EXPECT_EQ(again.endpoint_id, first);
  ASSERT_TRUE(again.state);
  EXPECT_EQ(*again.state, fresh_state());
  EXPECT_EQ(daemon_peers(db), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(meta_text(db, "owner"), "test owner");
}

TEST_F(TempDb, NoDaemonYetMeansNoKnownPeers) {
  Database db(path("b.db"));
  open_store(db);
  EXPECT_FALSE(daemon_peers(db));
}

// A state with one entry of each kind: an out flow, an in flow, held FINs.
State busy_state() {
  Config c;
  c.fin_delay_ms = 100;
  State s = std::get<State>(make_state(c, 42));
  const Peer bob = *Peer::from_text("bob");
  step_ready(s, Event{1'700'000'000'000, CallEvent{bob, Bytes{'h', 'i'}}});
  const MsgId theirs = MsgId::from_parts(1'700'000'000'000, 7, 7);
  step_ready(s, Event{1'700'000'000'001, ReceiveEvent{bob, {NewFrame{theirs, Bytes{'x'}}}, 0}});
  const MsgId mine = s.out_flows.begin()->first.msg_id;
  step_ready(s, Event{1'700'000'000'002,
                      ReceiveEvent{bob, {AckFrame{mine, crc32(Bytes{'h', 'i'}), Bytes{'k'}}}, 0}});
  step_ready(s, Event{1'700'000'000'003, CallEvent{*Peer::from_text("carol"), Bytes{'2'}}});
  EXPECT_EQ(s.out_flows.size(), 1u);
  EXPECT_EQ(s.in_flows.size(), 1u);
  EXPECT_EQ(s.pending_fins.size(), 1u);
  return s;
}

TEST_F(TempDb, KernelRowsRoundTripAndEveryRottenRowIsRefused) {
  Database db(path("c.db"));
  open_daemon_store(db, "o", {"bob"});
  const State s = busy_state();
  save_kernel_state(db, s);
  EXPECT_EQ(load_kernel_state(db), s);
  auto count = db.prepare("SELECT count(*) FROM kernel_entries");
  count.step();
  EXPECT_EQ(count.integer(0), 3);
  const auto expect_refused = [&](const char* what) {
    try {
      load_kernel_state(db);
      ADD_FAILURE() << "a damaged " << what << " was loaded";
    } catch (const SqliteError& e) {
      EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
    }
  };
  db.exec("UPDATE kernel SET snapshot = snapshot || x'00' WHERE id = 1");
  expect_refused("scalars row");
  save_kernel_state(db, s);
  for (int kind = 1; kind <= 3; ++kind) {
    db.exec(
        "UPDATE kernel_entries SET record = substr(record, 1, length(record) - 1) || x'ff' "
        "WHERE kind = " +
        std::to_string(kind));
    expect_refused("entry row");
    save_kernel_state(db, s);
    EXPECT_EQ(load_kernel_state(db), s);
  }
}

TEST_F(TempDb, JournalsWrittenStepByStepKeepTheRowsExact) {
  Database db(path("j.db"));
  open_daemon_store(db, "o", {"bob"});
  State s = std::get<State>(make_state(Config{}, 9));
  save_kernel_state(db, s);
  const Peer bob = *Peer::from_text("bob");
  TimeMs now = 1'700'000'000'000;
  for (int i = 0; i < 40; ++i) {
    std::vector<Ready> readies;
    readies.push_back(step_ready(s, Event{now, CallEvent{bob, Bytes(3, std::uint8_t(i))}}));
    const MsgId id = MsgId::from_parts(now, 1, static_cast<std::uint64_t>(i));
    readies.push_back(step_ready(s, Event{now, ReceiveEvent{bob, {NewFrame{id, Bytes{'q'}}}, 0}}));
    if (i % 2) readies.push_back(step_ready(s, Event{now, RespondEvent{bob, id, Bytes{'a'}}}));
    now += 60'000;  // retries, give-ups and expiries on the way
    readies.push_back(step_ready(s, Event{now, TickEvent{}}));
    Transaction tx(db);
    for (const auto& r : readies) save_kernel_entries(db, r.journal);
    save_kernel_scalars(db, s);
    tx.commit();
    ASSERT_EQ(load_kernel_state(db), s) << "after round " << i;
  }
}

TEST_F(TempDb, AFormat2DatabaseIsUpgradedToRowsWithTheSameState) {
  const State s = busy_state();
  {
    Database db(path("v2.db"));
    open_store(db);
    // Made back into format 2 by hand: one snapshot row with its checksum, no entry table.
    db.exec("DROP TABLE kernel_entries");
    db.exec("UPDATE meta SET value = 'asyncflow-host/2' WHERE key = 'format'");
    db.exec("INSERT INTO meta VALUES ('host_starts', 1)");
    save_kernel_snapshot(db, snapshot(s));
    EXPECT_EQ(load_kernel_state(db), s);  // the tools read format 2 as it is
  }
  Database db(path("v2.db"));
  const auto opened = open_daemon_store(db, "o", {"bob"});
  EXPECT_EQ(opened.upgraded_from, "asyncflow-host/2");
  ASSERT_TRUE(opened.state);
  EXPECT_EQ(*opened.state, s);
  EXPECT_EQ(meta_text(db, "format"), std::string(kStoreFormat));
  EXPECT_EQ(load_kernel_state(db), s);
}

TEST_F(TempDb, AnotherProgramsDatabaseIsRefusedAndLeftAsItWas) {
  {
    Database db(path("notes.db"));
    db.exec("CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES ('mine');");
  }
  const auto before = std::filesystem::file_size(path("notes.db"));
  Database db(path("notes.db"));
  EXPECT_THROW(open_store(db), SqliteError);
  EXPECT_THROW(open_daemon_store(db, "o", {"bob"}), SqliteError);
  auto q = db.prepare("SELECT count(*) FROM sqlite_master");
  q.step();
  EXPECT_EQ(q.integer(0), 1);  // still only its own table
  EXPECT_EQ(std::filesystem::file_size(path("notes.db")), before);
}

TEST_F(TempDb, ADatabaseThatRanBeforeButLostItsKernelRowIsRefused) {
  {
    Database db(path("d.db"));
    open_daemon_store(db, "o", {"bob"});
    save_kernel_state(db, fresh_state());
    db.exec("DELETE FROM kernel");
  }
  Database db(path("d.db"));
  try {
    open_daemon_store(db, "o", {"bob"});
    FAIL() << "started afresh without the kernel row";
  } catch (const SqliteError& e) {
    EXPECT_NE(std::string(e.what()).find("kernel state row is missing"), std::string::npos);
  }
}

TEST_F(TempDb, HostCountersAddOnlyWhatIsNew) {
  Database db(path("e.db"));
  open_store(db);
  HostCounters stored = load_host_counters(db), now = stored;
  now.commits = 5;
  now.datagrams_bad_tag = 2;
  store_host_counters(db, now, stored);
  EXPECT_EQ(stored, now);
  now.commits = 7;
  store_host_counters(db, now, stored);
  const HostCounters loaded = load_host_counters(db);
  EXPECT_EQ(loaded.commits, 7u);
  EXPECT_EQ(loaded.datagrams_bad_tag, 2u);
  EXPECT_EQ(loaded.rollbacks, 0u);
}

// --- the metrics page --------------------------------------------------------------------

TEST(MetricsText, EverySampleHasHelpAndTypeAndEveryHostCounterItsValue) {
  HostCounters h;
  std::uint64_t value = 100;
  for (const auto& field : kHostCounterFields) h.*field.member = value++;
  const std::string text = metrics_text(fresh_state(), h);
  std::set<std::string> helped, typed;
  std::size_t samples = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("# HELP ", 0) == 0) {
      helped.insert(line.substr(7, line.find(' ', 7) - 7));
    } else if (line.rfind("# TYPE ", 0) == 0) {
      typed.insert(line.substr(7, line.find(' ', 7) - 7));
    } else {
      const std::string name = line.substr(0, line.find_first_of(" {"));
      EXPECT_TRUE(helped.count(name) && typed.count(name)) << "no HELP/TYPE before: " << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, std::size(kHostCounterFields));
  value = 100;
  for (const auto& field : kHostCounterFields) {
    const std::string sample =
        "asyncflow_host_" + std::string(field.name) + "_total " + std::to_string(value) + "\n";
    EXPECT_NE(text.find(sample), std::string::npos) << sample;
    if (!field.drop_reason.empty()) {
      const std::string labelled = "asyncflow_host_datagrams_dropped_total{reason=\"" +
                                   std::string(field.drop_reason) + "\"} " + std::to_string(value) +
                                   "\n";
      EXPECT_NE(text.find(labelled), std::string::npos) << labelled;
    }
    ++value;
  }
  EXPECT_NE(text.find("asyncflow_build_info{version=\""), std::string::npos);
}

// --- the ledger's in-doubt arithmetic ----------------------------------------------------

class InDoubt : public TempDb {
 protected:
  void SetUp() override {
    TempDb::SetUp();
    db_ = std::make_unique<Database>(path("caller.db"));
    open_daemon_store(*db_, "o", {"bob"});
    open_account(*db_, "alice", 100);
    queue_transfers(*db_, "bob", "alice", "bob", 7, 1);
    const auto queued = queued_transfers(*db_, 10);
    EXPECT_EQ(queued.size(), 1u);
    mark_in_flight(*db_, queued.at(0).id, id_);
  }
  std::int64_t balance() {
    auto q = db_->prepare("SELECT balance FROM accounts WHERE name = 'alice'");
    q.step();
    return q.integer(0);
  }
  void apply(const Effect& e) {
    std::vector<EventBody> follow_ups;
    apply_effect(*db_, e, follow_ups);
    EXPECT_TRUE(follow_ups.empty());
  }
  const Peer bob_ = *Peer::from_text("bob");
  const MsgId id_ = msg(10'000, 77);
  std::unique_ptr<Database> db_;
};

TEST_F(InDoubt, AnUnacknowledgedGiveUpIsHeldAsideAndALateCompletionSettlesIt) {
  EXPECT_EQ(balance(), 93);
  EXPECT_EQ(meta_integer(*db_, "in_transit"), 7);
  apply(GaveUp{
      bob_, id_, {}, GiveUpReason::RetriesExhausted, std::nullopt, 6, GaveUpPhase::Unacknowledged});
  EXPECT_EQ(balance(), 93);  // never refunded by guessing
  EXPECT_EQ(meta_integer(*db_, "in_transit"), 0);
  EXPECT_EQ(meta_integer(*db_, "in_doubt"), 7);
  apply(LateCompletion{bob_, id_, Bytes{'o', 'k'}, std::nullopt});
  EXPECT_EQ(meta_integer(*db_, "in_doubt"), 0);  // delivered after all
  EXPECT_EQ(balance(), 93);
}

TEST_F(InDoubt, ACorruptedResponseIsHeldAsideToo) {
  apply(Corrupted{bob_, id_, 1, 2, {}, Bytes{'?'}});
  EXPECT_EQ(balance(), 93);
  EXPECT_EQ(meta_integer(*db_, "in_transit"), 0);
  EXPECT_EQ(meta_integer(*db_, "in_doubt"), 7);
  EXPECT_EQ(in_doubt_transfers(*db_).size(), 1u);
}

TEST_F(InDoubt, ANeverDeliveredGiveUpIsRefunded) {
  apply(GaveUp{bob_,
               id_,
               {},
               GiveUpReason::PermanentReject,
               RejectCode::DestinationInvalid,
               1,
               GaveUpPhase::NeverDelivered});
  EXPECT_EQ(balance(), 100);
  EXPECT_EQ(meta_integer(*db_, "in_transit"), 0);
  EXPECT_EQ(meta_integer(*db_, "in_doubt"), 0);
}

// --- settling ----------------------------------------------------------------------------

class Settling : public TempDb {
 protected:
  void SetUp() override {
    TempDb::SetUp();
    alice_ = std::make_unique<Database>(path("alice.db"));
    open_daemon_store(*alice_, "o", {"bob"});
    alice_->exec("INSERT INTO accounts VALUES ('alice', 100)");
    alice_->exec("INSERT INTO meta VALUES ('in_doubt', 0)");
  }

  // A transfer that gave up unacknowledged: its amount left alice's account into in_doubt.
  void in_doubt(std::int64_t id, MsgId msg_id, std::int64_t amount) {
    alice_->prepare("INSERT INTO transfers VALUES (?1, 'bob', 'alice', 'bob', ?2, 'done', ?3)")
        .bind(1, id)
        .bind(2, amount)
        .bind(3, msg_id.to_string())
        .run();
    alice_->prepare("INSERT INTO outcomes VALUES (?1, 'gave_up_unacknowledged', 'in doubt')")
        .bind(1, id)
        .run();
    add_meta_integer(*alice_, "in_doubt", amount);
  }

  // Bob's copy: his kernel row (clock at `clock_ms`) and what he applied.
  std::unique_ptr<Database> bob_copy(
      TimeMs clock_ms, std::vector<std::tuple<MsgId, std::int64_t, std::int64_t>> applied) {
    const std::string file = path("bob-" + std::to_string(copies_++) + ".db");
    {
      Database bob(file);
      open_daemon_store(bob, "o", {"alice"});
      State s = fresh_state();
      s.clock_ms = clock_ms;
      save_kernel_state(bob, s);
      for (const auto& [id, transfer, amount] : applied)
        bob.prepare("INSERT INTO applied VALUES ('alice', ?1, ?2, 'bob', ?3, 0)")
            .bind(1, id.to_string())
            .bind(2, transfer)
            .bind(3, amount)
            .run();
    }
    return std::make_unique<Database>(file, Database::Access::ReadOnly);
  }

  std::int64_t balance() {
    auto q = alice_->prepare("SELECT balance FROM accounts WHERE name = 'alice'");
    q.step();
    return q.integer(0);
  }

  std::unique_ptr<Database> alice_;
  int copies_ = 0;
};

TEST_F(Settling, TheReceiversCopyDecidesAtTheExactForgetTime) {
  const MsgId applied = msg(10'000, 1), lost = msg(10'000, 2);
  in_doubt(1, applied, 7);
  in_doubt(2, lost, 11);
  const TimeMs forget_at = forget_at_ms(Config{}, lost);
  EXPECT_EQ(forget_at, 10'000 + dedupe_window_ms(Config{}) + 1);

  // One ms before the forget time bob could still accept the lost NEW: only the applied one is
  // decided.
  auto early = bob_copy(forget_at - 1, {{applied, 1, 7}});
  auto first = settle_from_peer(*alice_, "bob", *early, false);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].verdict, Verdict::Delivered);
  EXPECT_EQ(first[1].verdict, Verdict::Undecided);
  EXPECT_EQ(first[1].forget_at_ms, forget_at);
  EXPECT_EQ(meta_integer(*alice_, "in_doubt"), 11);
  EXPECT_EQ(balance(), 100);

  auto late = bob_copy(forget_at, {{applied, 1, 7}});
  auto second = settle_from_peer(*alice_, "bob", *late, false);
  ASSERT_EQ(second.size(), 1u);  // the delivered one is settled already
  EXPECT_EQ(second[0].verdict, Verdict::NotDelivered);
  EXPECT_EQ(meta_integer(*alice_, "in_doubt"), 0);
  EXPECT_EQ(balance(), 111);  // refunded exactly the lost transfer
  EXPECT_TRUE(is_settled(*alice_, 1));
  EXPECT_TRUE(is_settled(*alice_, 2));
  EXPECT_TRUE(in_doubt_transfers(*alice_).empty());
}

TEST_F(Settling, ADryRunRecordsNothing) {
  in_doubt(1, msg(10'000, 3), 5);
  auto copy = bob_copy(1'000'000'000, {});
  const auto verdicts = settle_from_peer(*alice_, "bob", *copy, true);
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0].verdict, Verdict::NotDelivered);
  EXPECT_EQ(meta_integer(*alice_, "in_doubt"), 5);
  EXPECT_EQ(balance(), 100);
  EXPECT_FALSE(is_settled(*alice_, 1));
}

TEST_F(Settling, AnotherPeersDatabaseIsRefusedAndNothingIsRecorded) {
  const MsgId id = msg(10'000, 4);
  in_doubt(1, id, 5);
  in_doubt(2, msg(10'000, 5), 6);
  auto wrong = bob_copy(1'000'000'000, {{id, 99, 5}});  // applied as another transfer
  EXPECT_THROW(settle_from_peer(*alice_, "bob", *wrong, false), SqliteError);
  EXPECT_EQ(meta_integer(*alice_, "in_doubt"), 11);
  EXPECT_EQ(balance(), 100);
  EXPECT_FALSE(is_settled(*alice_, 2));
  // Transfers to other peers are not touched by bob's copy.
  auto copy = bob_copy(1'000'000'000, {});
  EXPECT_TRUE(settle_from_peer(*alice_, "carol", *copy, false).empty());
}

TEST_F(Settling, ALateCompletionAfterASettlementMovesNoMoney) {
  const MsgId id = msg(10'000, 6);
  in_doubt(1, id, 7);
  auto copy = bob_copy(10'001, {{id, 1, 7}});
  ASSERT_EQ(settle_from_peer(*alice_, "bob", *copy, false)[0].verdict, Verdict::Delivered);
  std::vector<EventBody> follow_ups;
  apply_effect(*alice_, LateCompletion{*Peer::from_text("bob"), id, Bytes{'o', 'k'}}, follow_ups);
  EXPECT_EQ(meta_integer(*alice_, "in_doubt"), 0);  // not -7
  EXPECT_EQ(balance(), 100);
}

TEST_F(Settling, ACopyWithoutKernelStateIsNoEvidence) {
  in_doubt(1, msg(10'000, 7), 7);
  {
    Database empty(path("empty.db"));
    open_store(empty);
  }
  Database copy(path("empty.db"), Database::Access::ReadOnly);
  EXPECT_THROW(settle_from_peer(*alice_, "bob", copy, false), SqliteError);
  EXPECT_EQ(meta_integer(*alice_, "in_doubt"), 7);
}

}  // namespace
}  // namespace asyncflow::host
