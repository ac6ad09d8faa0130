#include "ledger.hpp"

#include <charconv>
#include <limits>
#include <optional>
#include <string_view>

#include "settle.hpp"
#include "store.hpp"

namespace asyncflow::host {

namespace {

// Request payload: "transfer_id from_account to_account amount" (text, space separated).
Bytes encode_request(std::int64_t id, const std::string& from, const std::string& to,
                     std::int64_t amount) {
  const std::string text =
      std::to_string(id) + " " + from + " " + to + " " + std::to_string(amount);
  return Bytes(text.begin(), text.end());
}

struct Request {
  std::int64_t transfer_id = 0;
  std::string to_account;
  std::int64_t amount = 0;
};

std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Request> decode_request(const Bytes& payload) {
  const std::string text(payload.begin(), payload.end());
  std::vector<std::string_view> words;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    words.push_back(rest.substr(0, space));
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  if (words.size() != 4) return std::nullopt;
  auto id = parse_integer(words[0]);
  auto amount = parse_integer(words[3]);
  if (!id || !amount || *amount <= 0 || words[2].empty()) return std::nullopt;
  return Request{*id, std::string(words[2]), *amount};
}

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

std::optional<std::int64_t> balance_of(Database& db, const std::string& account) {
  auto q = db.prepare("SELECT balance FROM accounts WHERE name = ?1");
  q.bind(1, account);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

// The new balance, or none (and nothing written) if it would leave the 64-bit range.
std::optional<std::int64_t> credit(Database& db, const std::string& account, std::int64_t amount) {
  const auto balance = checked_add(balance_of(db, account).value_or(0), amount);
  if (!balance) return std::nullopt;
  db.prepare(
        "INSERT INTO accounts(name, balance) VALUES (?1, ?2) "
        "ON CONFLICT(name) DO UPDATE SET balance = ?2")
      .bind(1, account)
      .bind(2, *balance)
      .run();
  return balance;
}

// Adds to a meta counter the tools keep (minted, in_transit), refusing an overflow.
void add_meta_checked(Database& db, std::string_view key, std::int64_t delta) {
  const std::int64_t now = meta_integer(db, key);
  if (!checked_add(now, delta))
    throw LedgerRefusal(LedgerRefusal::Kind::Overflow,
                        std::string(key) + " is " + std::to_string(now) + ": adding " +
                            std::to_string(delta) + " would pass " + std::to_string(kMax));
  add_meta_integer(db, key, delta);
}

struct TransferRow {
  std::int64_t id = 0;
  std::string from_account;
  std::int64_t amount = 0;
};

std::optional<TransferRow> transfer_by_msg_id(Database& db, MsgId msg_id) {
  auto q = db.prepare("SELECT id, from_account, amount FROM transfers WHERE msg_id = ?1");
  q.bind(1, msg_id.to_string());
  if (!q.step()) return std::nullopt;
  return TransferRow{q.integer(0), q.text(1), q.integer(2)};
}

void record_outcome(Database& db, const TransferRow& t, std::string_view kind,
                    std::string_view detail) {
  db.prepare("INSERT INTO outcomes(transfer_id, kind, detail) VALUES (?1, ?2, ?3)")
      .bind(1, t.id)
      .bind(2, kind)
      .bind(3, detail)
      .run();
  db.prepare("UPDATE transfers SET state = 'done' WHERE id = ?1").bind(1, t.id).run();
  add_meta_integer(db, "in_transit", -t.amount);
}

// Money the receiver certainly did not apply goes back to its account.
void refund(Database& db, const TransferRow& t) {
  refund_account(db, t.from_account, t.amount);
}

void on_deliver(Database& db, const Deliver& d, std::vector<EventBody>& follow_ups) {
  std::string answer;
  const auto request = decode_request(d.payload);
  const auto balance = request ? credit(db, request->to_account, request->amount) : std::nullopt;
  if (request && !balance) {
    answer = "refused overflow";  // the account cannot hold it: nothing applied
  } else if (request) {
    const std::string peer(d.peer.bytes().begin(), d.peer.bytes().end());
    db.prepare(
          "INSERT INTO applied(peer, msg_id, transfer_id, to_account, amount, balance_after) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, peer)
        .bind(2, d.msg_id.to_string())
        .bind(3, request->transfer_id)
        .bind(4, request->to_account)
        .bind(5, request->amount)
        .bind(6, *balance)
        .run();
    answer = "ok " + std::to_string(*balance);
  } else {
    answer = "refused bad-request";  // nothing applied; the caller sees this response
  }
  follow_ups.push_back(RespondEvent{d.peer, d.msg_id, Bytes(answer.begin(), answer.end())});
}

}  // namespace

void refund_account(Database& db, const std::string& account, std::int64_t amount) {
  if (!credit(db, account, amount)) add_meta_integer(db, "unrefunded", amount);
}

void open_account(Database& db, const std::string& name, std::int64_t amount) {
  if (amount < 0)
    throw LedgerRefusal(LedgerRefusal::Kind::BadAmount,
                        "cannot mint a negative amount (" + std::to_string(amount) + ")");
  Transaction tx(db);
  const std::int64_t before = balance_of(db, name).value_or(0);
  if (!credit(db, name, amount))
    throw LedgerRefusal(LedgerRefusal::Kind::Overflow,
                        "account '" + name + "' holds " + std::to_string(before) + ": minting " +
                            std::to_string(amount) + " more would pass " + std::to_string(kMax));
  add_meta_checked(db, "minted", amount);
  tx.commit();
}

void queue_transfers(Database& db, const std::string& peer, const std::string& from,
                     const std::string& to, std::int64_t amount, std::int64_t count) {
  if (amount < 1 || count < 1)
    throw LedgerRefusal(LedgerRefusal::Kind::BadAmount,
                        "a transfer moves at least 1, at least once (got " + std::to_string(count) +
                            " x " + std::to_string(amount) + ")");
  Transaction tx(db);
  const auto balance = balance_of(db, from);
  if (!balance) throw LedgerRefusal(LedgerRefusal::Kind::NoAccount, "no account '" + from + "'");
  std::int64_t total = 0;
  if (__builtin_mul_overflow(amount, count, &total))
    throw LedgerRefusal(LedgerRefusal::Kind::Overflow, std::to_string(count) + " x " +
                                                           std::to_string(amount) + " would pass " +
                                                           std::to_string(kMax));
  if (*balance < total)
    throw LedgerRefusal(LedgerRefusal::Kind::InsufficientBalance,
                        "account '" + from + "' holds " + std::to_string(*balance) +
                            ", less than " + std::to_string(count) + " x " +
                            std::to_string(amount) + " = " + std::to_string(total));
  add_meta_checked(db, "in_transit", total);
  credit(db, from, -total);  // cannot overflow: 0 <= total <= balance
  auto insert = db.prepare(
      "INSERT INTO transfers(peer, from_account, to_account, amount) VALUES (?1, ?2, ?3, ?4)");
  for (std::int64_t i = 0; i < count; ++i)
    insert.bind(1, peer).bind(2, from).bind(3, to).bind(4, amount).run();
  tx.commit();
}

std::vector<QueuedTransfer> queued_transfers(Database& db, std::size_t limit) {
  auto q = db.prepare(
      "SELECT id, peer, from_account, to_account, amount FROM transfers "
      "WHERE state = 'queued' ORDER BY id LIMIT ?1");
  q.bind(1, static_cast<std::int64_t>(limit));
  std::vector<QueuedTransfer> out;
  while (q.step())
    out.push_back({q.integer(0), q.text(1),
                   encode_request(q.integer(0), q.text(2), q.text(3), q.integer(4))});
  return out;
}

void mark_in_flight(Database& db, std::int64_t transfer_id, MsgId msg_id) {
  db.prepare("UPDATE transfers SET state = 'in_flight', msg_id = ?2 WHERE id = ?1")
      .bind(1, transfer_id)
      .bind(2, msg_id.to_string())
      .run();
}

void apply_effect(Database& db, const Effect& effect, std::vector<EventBody>& follow_ups) {
  if (auto* d = std::get_if<Deliver>(&effect)) return on_deliver(db, *d, follow_ups);
  if (auto* c = std::get_if<Completed>(&effect)) {
    if (auto t = transfer_by_msg_id(db, c->msg_id)) {
      const std::string response(c->response.begin(), c->response.end());
      if (response.starts_with("refused")) {  // the receiver says it applied nothing
        record_outcome(db, *t, "refused", response);
        refund(db, *t);
      } else {
        record_outcome(db, *t, "completed", response);
      }
    }
  } else if (auto* g = std::get_if<GaveUp>(&effect)) {
    if (auto t = transfer_by_msg_id(db, g->msg_id)) {
      if (g->phase == GaveUpPhase::NeverDelivered) {
        record_outcome(db, *t, "gave_up_never_delivered", "refunded");
        refund(db, *t);
      } else {
        record_outcome(db, *t, "gave_up_unacknowledged", "in doubt");
        add_meta_integer(db, "in_doubt", t->amount);
      }
    }
  } else if (auto* x = std::get_if<Corrupted>(&effect)) {
    if (auto t = transfer_by_msg_id(db, x->msg_id)) {
      record_outcome(db, *t, "corrupted", "in doubt");
      add_meta_integer(db, "in_doubt", t->amount);
    }
  } else if (auto* l = std::get_if<LateCompletion>(&effect)) {
    // The receiver did apply it: the in-doubt amount is settled as delivered, unless an
    // operator's `asyncflow settle` already moved it (host/src/settle.hpp).
    if (auto t = transfer_by_msg_id(db, l->msg_id)) {
      db.prepare("INSERT INTO late_completions(transfer_id, response) VALUES (?1, ?2)")
          .bind(1, t->id)
          .bind(2, std::string_view(reinterpret_cast<const char*>(l->response.data()),
                                    l->response.size()))
          .run();
      if (!is_settled(db, t->id)) add_meta_integer(db, "in_doubt", -t->amount);
    }
  }
}

}  // namespace asyncflow::host
