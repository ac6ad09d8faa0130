#include "settle.hpp"

#include "asyncflow/msg_id.hpp"
#include "asyncflow/snapshot.hpp"
#include "ledger.hpp"
#include "store.hpp"

namespace asyncflow::host {

namespace {

constexpr const char* kSettledDelivered = "settled_delivered";
constexpr const char* kSettledNotDelivered = "settled_not_delivered";

struct AppliedRow {
  std::int64_t transfer_id = 0;
  std::int64_t amount = 0;
};

std::optional<AppliedRow> applied_in(Database& peer_db, const std::string& msg_id) {
  auto q = peer_db.prepare("SELECT transfer_id, amount FROM applied WHERE msg_id = ?1");
  q.bind(1, msg_id);
  if (!q.step()) return std::nullopt;
  return AppliedRow{q.integer(0), q.integer(1)};
}

void record(Database& db, const Settlement& s) {
  const auto& t = s.transfer;
  const bool delivered = s.verdict == Verdict::Delivered;
  db.prepare("INSERT INTO outcomes(transfer_id, kind, detail) VALUES (?1, ?2, ?3)")
      .bind(1, t.transfer_id)
      .bind(2, delivered ? kSettledDelivered : kSettledNotDelivered)
      .bind(3,
            delivered ? "applied by the receiver" : "refunded: the receiver can no longer apply it")
      .run();
  add_meta_integer(db, "in_doubt", -t.amount);
  if (!delivered) refund_account(db, t.from_account, t.amount);  // checked, never lost
}

}  // namespace

std::string_view name_of(Verdict verdict) {
  switch (verdict) {
    case Verdict::Delivered:
      return "delivered";
    case Verdict::NotDelivered:
      return "not_delivered";
    case Verdict::Undecided:
      return "undecided";
  }
  return "unknown";
}

std::vector<InDoubtTransfer> in_doubt_transfers(Database& db) {
  auto q = db.prepare(
      "SELECT t.id, t.msg_id, t.peer, t.to_account, t.from_account, t.amount, o.kind "
      "FROM transfers t JOIN outcomes o ON o.transfer_id = t.id "
      "WHERE o.kind IN ('gave_up_unacknowledged', 'corrupted') "
      "AND NOT EXISTS (SELECT 1 FROM late_completions l WHERE l.transfer_id = t.id) "
      "AND NOT EXISTS (SELECT 1 FROM outcomes s WHERE s.transfer_id = t.id "
      "                AND s.kind IN ('settled_delivered', 'settled_not_delivered')) "
      "ORDER BY t.id");
  std::vector<InDoubtTransfer> out;
  while (q.step())
    out.push_back(
        {q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.integer(5), q.text(6)});
  return out;
}

bool is_settled(Database& db, std::int64_t transfer_id) {
  auto q = db.prepare(
      "SELECT count(*) FROM outcomes WHERE transfer_id = ?1 "
      "AND kind IN ('settled_delivered', 'settled_not_delivered')");
  q.bind(1, transfer_id);
  q.step();
  return q.integer(0) > 0;
}

PeerEvidence read_peer_evidence(Database& peer_db) {
  const auto format = meta_text(peer_db, "format");
  if (!format ||
      (*format != kStoreFormat && *format != kStoreFormatV2 && *format != kStoreFormatV1))
    throw SqliteError("the peer's database is not an asyncflow host database");
  std::optional<State> state;
  try {
    state = load_kernel_state(peer_db);  // every checksum verified
  } catch (const SqliteError& e) {
    throw SqliteError(std::string("the peer's database: ") + e.what());
  }
  if (!state) throw SqliteError("the peer's database holds no kernel state: it has never run");
  return {state->clock_ms, state->config};
}

std::vector<Settlement> settle_from_peer(Database& db, const std::string& peer, Database& peer_db,
                                         bool dry_run) {
  const PeerEvidence evidence = read_peer_evidence(peer_db);
  Transaction tx(db);
  std::vector<Settlement> out;
  for (auto& t : in_doubt_transfers(db)) {
    if (t.peer != peer) continue;
    const auto id = MsgId::parse(t.msg_id);
    if (!id)
      throw SqliteError("transfer " + std::to_string(t.transfer_id) + " has no valid msg_id");
    Settlement s{t, Verdict::Undecided, forget_at_ms(evidence.config, *id)};
    if (auto applied = applied_in(peer_db, t.msg_id)) {
      if (applied->transfer_id != t.transfer_id || applied->amount != t.amount)
        throw SqliteError("the peer's database applied msg_id " + t.msg_id + " as transfer " +
                          std::to_string(applied->transfer_id) + " of " +
                          std::to_string(applied->amount) + ", not transfer " +
                          std::to_string(t.transfer_id) + " of " + std::to_string(t.amount) +
                          ": it is not the database of peer '" + peer + "'");
      s.verdict = Verdict::Delivered;
    } else if (evidence.clock_ms >= s.forget_at_ms) {
      s.verdict = Verdict::NotDelivered;
    }
    if (s.verdict != Verdict::Undecided && !dry_run) record(db, s);
    out.push_back(std::move(s));
  }
  if (!dry_run) tx.commit();
  return out;
}

}  // namespace asyncflow::host
