// The ledger's rules (host/src/ledger.hpp) with exact balances: minting, debiting a queued batch
// all or nothing, crediting a delivery, refunds, and every refusal leaving the database as it was.
#include "src/ledger.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <string>

#include "src/store.hpp"

namespace asyncflow::host {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

class Ledger : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("asyncflow-ledger-test-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = std::make_unique<Database>((dir_ / "ledger.db").string());
    open_store(*db_);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Database& db() { return *db_; }
  std::optional<std::int64_t> balance(const std::string& account) {
    auto q = db().prepare("SELECT balance, typeof(balance) FROM accounts WHERE name = ?1");
    q.bind(1, account);
    if (!q.step()) return std::nullopt;
    EXPECT_EQ(q.text(1), "integer") << account << "'s balance is stored as " << q.text(1);
    return q.integer(0);
  }
  std::int64_t rows(const std::string& sql) {
    auto q = db().prepare(sql);
    q.step();
    return q.integer(0);
  }
  template <typename F>
  LedgerRefusal::Kind refusal(F&& f) {
    try {
      f();
    } catch (const LedgerRefusal& r) {
      last_refusal_ = r.what();
      return r.kind;
    }
    ADD_FAILURE() << "no LedgerRefusal";
    return LedgerRefusal::Kind::BadAmount;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
  std::string last_refusal_;
};

const Peer kBob = *Peer::from_text("bob");
const Peer kAlice = *Peer::from_text("alice");

Bytes bytes(const std::string& text) {
  return Bytes(text.begin(), text.end());
}
std::string text(const Bytes& b) {
  return std::string(b.begin(), b.end());
}

TEST_F(Ledger, MintingCreatesTheAccountAndCountsMinted) {
  open_account(db(), "alice", 1000);
  open_account(db(), "alice", 24);
  open_account(db(), "carol", 0);
  EXPECT_EQ(balance("alice"), 1024);
  EXPECT_EQ(balance("carol"), 0);
  EXPECT_EQ(meta_integer(db(), "minted"), 1024);
}

TEST_F(Ledger, MintingTheLargestBalanceTwiceIsRefusedAsOverflow) {
  open_account(db(), "x", kMax);
  EXPECT_EQ(refusal([&] { open_account(db(), "x", kMax); }), LedgerRefusal::Kind::Overflow);
  EXPECT_NE(last_refusal_.find("account 'x' holds 9223372036854775807"), std::string::npos)
      << last_refusal_;
  EXPECT_EQ(balance("x"), kMax);
  EXPECT_EQ(meta_integer(db(), "minted"), kMax);
}

TEST_F(Ledger, MintingPastTheLargestTotalIsRefusedAndCreatesNoAccount) {
  open_account(db(), "x", kMax);
  EXPECT_EQ(refusal([&] { open_account(db(), "y", 1); }), LedgerRefusal::Kind::Overflow);
  EXPECT_NE(last_refusal_.find("minted"), std::string::npos) << last_refusal_;
  EXPECT_EQ(balance("y"), std::nullopt);
  EXPECT_EQ(meta_integer(db(), "minted"), kMax);
}

TEST_F(Ledger, NegativeMintIsRefused) {
  EXPECT_EQ(refusal([&] { open_account(db(), "x", -1); }), LedgerRefusal::Kind::BadAmount);
  EXPECT_EQ(balance("x"), std::nullopt);
}

TEST_F(Ledger, QueuedBatchDebitsExactlyAndQueuesEachTransfer) {
  open_account(db(), "alice", 100);
  queue_transfers(db(), "bob", "alice", "bob", 7, 3);
  EXPECT_EQ(balance("alice"), 79);
  EXPECT_EQ(meta_integer(db(), "in_transit"), 21);
  EXPECT_EQ(rows("SELECT count(*) FROM transfers WHERE state = 'queued' AND amount = 7 AND "
                 "peer = 'bob' AND from_account = 'alice' AND to_account = 'bob'"),
            3);
  const auto queued = queued_transfers(db(), 10);
  ASSERT_EQ(queued.size(), 3u);
  EXPECT_EQ(text(queued[0].payload), std::to_string(queued[0].id) + " alice bob 7");
}

TEST_F(Ledger, BatchThatEmptiesTheAccountExactlyIsAccepted) {
  open_account(db(), "alice", 20);
  queue_transfers(db(), "bob", "alice", "bob", 5, 4);
  EXPECT_EQ(balance("alice"), 0);
  EXPECT_EQ(meta_integer(db(), "in_transit"), 20);
}

TEST_F(Ledger, BatchThatWouldOverdrawAsAWholeQueuesNothing) {
  open_account(db(), "alice", 20);  // enough for two of three transfers of 7, not for the batch
  EXPECT_EQ(refusal([&] { queue_transfers(db(), "bob", "alice", "bob", 7, 3); }),
            LedgerRefusal::Kind::InsufficientBalance);
  EXPECT_EQ(last_refusal_, "account 'alice' holds 20, less than 3 x 7 = 21");
  EXPECT_EQ(balance("alice"), 20);
  EXPECT_EQ(meta_integer(db(), "in_transit"), 0);
  EXPECT_EQ(rows("SELECT count(*) FROM transfers"), 0);
}

TEST_F(Ledger, BatchWhoseTotalOverflowsIsRefused) {
  open_account(db(), "alice", kMax);
  // 2 x (2^62) = 2^63: one past the largest balance (a wrapped product would be negative and
  // pass a plain `balance < total` check).
  EXPECT_EQ(refusal([&] { queue_transfers(db(), "bob", "alice", "bob", kMax / 2 + 1, 2); }),
            LedgerRefusal::Kind::Overflow);
  EXPECT_EQ(balance("alice"), kMax);
  EXPECT_EQ(meta_integer(db(), "in_transit"), 0);
  EXPECT_EQ(rows("SELECT count(*) FROM transfers"), 0);
}

TEST_F(Ledger, MissingAccountIsNamedAndNotCreated) {
  EXPECT_EQ(refusal([&] { queue_transfers(db(), "bob", "ghost", "bob", 1, 1); }),
            LedgerRefusal::Kind::NoAccount);
  EXPECT_EQ(last_refusal_, "no account 'ghost'");
  EXPECT_EQ(balance("ghost"), std::nullopt);
  EXPECT_EQ(rows("SELECT count(*) FROM transfers"), 0);
}

TEST_F(Ledger, ZeroAmountOrCountIsRefused) {
  open_account(db(), "alice", 10);
  EXPECT_EQ(refusal([&] { queue_transfers(db(), "bob", "alice", "bob", 0, 1); }),
            LedgerRefusal::Kind::BadAmount);
  EXPECT_EQ(refusal([&] { queue_transfers(db(), "bob", "alice", "bob", 1, 0); }),
            LedgerRefusal::Kind::BadAmount);
  EXPECT_EQ(balance("alice"), 10);
}

TEST_F(Ledger, DeliveryCreditsExactlyOnceAndAnswersTheBalance) {
  open_account(db(), "bob", 5);
  std::vector<EventBody> follow_ups;
  const MsgId id = MsgId::from_parts(1000, 1, 2);
  apply_effect(db(), Deliver{kAlice, id, bytes("42 alice bob 30")}, follow_ups);
  EXPECT_EQ(balance("bob"), 35);
  EXPECT_EQ(rows("SELECT count(*) FROM applied WHERE transfer_id = 42 AND amount = 30 AND "
                 "balance_after = 35 AND peer = 'alice'"),
            1);
  ASSERT_EQ(follow_ups.size(), 1u);
  const auto& respond = std::get<RespondEvent>(follow_ups[0]);
  EXPECT_EQ(respond.msg_id, id);
  EXPECT_EQ(text(respond.payload), "ok 35");
}

TEST_F(Ledger, DeliveryThatWouldOverflowTheAccountIsRefusedAndAppliesNothing) {
  open_account(db(), "bob", kMax - 4);
  std::vector<EventBody> follow_ups;
  apply_effect(db(), Deliver{kAlice, MsgId::from_parts(1000, 1, 2), bytes("7 alice bob 5")},
               follow_ups);
  EXPECT_EQ(balance("bob"), kMax - 4);
  EXPECT_EQ(rows("SELECT count(*) FROM applied"), 0);
  ASSERT_EQ(follow_ups.size(), 1u);
  EXPECT_EQ(text(std::get<RespondEvent>(follow_ups[0]).payload), "refused overflow");
  // One less fits exactly.
  apply_effect(db(), Deliver{kAlice, MsgId::from_parts(1000, 1, 3), bytes("8 alice bob 4")},
               follow_ups);
  EXPECT_EQ(balance("bob"), kMax);
  EXPECT_EQ(rows("SELECT count(*) FROM applied"), 1);
}

class CallerOutcomes : public Ledger {
 protected:
  void SetUp() override {
    Ledger::SetUp();
    open_account(db(), "alice", 100);
    queue_transfers(db(), "bob", "alice", "bob", 30, 1);
    transfer_ = queued_transfers(db(), 1).at(0).id;
    mark_in_flight(db(), transfer_, id_);
  }
  std::string outcome() {
    auto q = db().prepare("SELECT kind FROM outcomes WHERE transfer_id = ?1");
    q.bind(1, transfer_);
    return q.step() ? q.text(0) : "";
  }
  std::int64_t transfer_ = 0;
  const MsgId id_ = MsgId::from_parts(2000, 3, 4);
  std::vector<EventBody> follow_ups_;
};

TEST_F(CallerOutcomes, CompletedMovesTheAmountOut) {
  apply_effect(db(), Completed{kBob, id_, {}, bytes("ok 30"), 0, 0}, follow_ups_);
  EXPECT_EQ(outcome(), "completed");
  EXPECT_EQ(balance("alice"), 70);
  EXPECT_EQ(meta_integer(db(), "in_transit"), 0);
}

TEST_F(CallerOutcomes, RefusedByTheReceiverIsRefunded) {
  apply_effect(db(), Completed{kBob, id_, {}, bytes("refused overflow"), 0, 0}, follow_ups_);
  EXPECT_EQ(outcome(), "refused");
  EXPECT_EQ(balance("alice"), 100);
  EXPECT_EQ(meta_integer(db(), "in_transit"), 0);
}

TEST_F(CallerOutcomes, NeverDeliveredIsRefundedAndUnacknowledgedIsInDoubt) {
  apply_effect(db(),
               GaveUp{kBob,
                      id_,
                      {},
                      GiveUpReason::RetriesExhausted,
                      std::nullopt,
                      6,
                      GaveUpPhase::NeverDelivered},
               follow_ups_);
  EXPECT_EQ(outcome(), "gave_up_never_delivered");
  EXPECT_EQ(balance("alice"), 100);
  EXPECT_EQ(meta_integer(db(), "in_doubt"), 0);

  queue_transfers(db(), "bob", "alice", "bob", 10, 1);
  const auto second = queued_transfers(db(), 1).at(0).id;
  const MsgId id2 = MsgId::from_parts(2000, 3, 5);
  mark_in_flight(db(), second, id2);
  apply_effect(db(),
               GaveUp{kBob,
                      id2,
                      {},
                      GiveUpReason::RetriesExhausted,
                      std::nullopt,
                      6,
                      GaveUpPhase::Unacknowledged},
               follow_ups_);
  EXPECT_EQ(balance("alice"), 90);
  EXPECT_EQ(meta_integer(db(), "in_doubt"), 10);
  EXPECT_EQ(meta_integer(db(), "in_transit"), 0);
}

TEST_F(CallerOutcomes, RefundTheAccountCannotHoldIsKeptNotLost) {
  // Alice's balance grew meanwhile (as credits from other peers would make it) to 10 short of the
  // largest: the 30 coming back cannot be added, and is kept in meta 'unrefunded'.
  db().prepare("UPDATE accounts SET balance = ?1 WHERE name = 'alice'").bind(1, kMax - 10).run();
  apply_effect(db(), Completed{kBob, id_, {}, bytes("refused overflow"), 0, 0}, follow_ups_);
  EXPECT_EQ(outcome(), "refused");
  EXPECT_EQ(balance("alice"), kMax - 10);
  EXPECT_EQ(meta_integer(db(), "unrefunded"), 30);
  EXPECT_EQ(meta_integer(db(), "in_transit"), 0);
}

}  // namespace
}  // namespace asyncflow::host
