// The daemon's ledger as a canister, over the asyncflow canister library (ledger.did). Each
// canister holds one balance (1,000,000 at install). transfer(to, amount) debits at once and
// sends the amount to the other ledger as an asyncflow call; the receiver credits it when the
// request is delivered (exactly once) and answers "ok". The sender then settles the transfer:
//   Completed                   -> done
//   GaveUp, NeverDelivered      -> refunded (the receiver never ran the request)
//   GaveUp, Unacknowledged      -> in doubt (it may or may not have been credited), not refunded
//   Corrupted                   -> in doubt
// so money is conserved up to the in-doubt amounts, and each of those was either credited once
// on the other side or not at all. tests/ic/ledger_test.js checks it under faults and upgrades.
#include <map>
#include <vector>

#include "asyncflow/canister.hpp"

namespace af = asyncflow::canister;
using asyncflow::Bytes;
using asyncflow::MsgId;
using asyncflow::Peer;

namespace {

struct Transfer {
  MsgId id;
  std::uint64_t amount = 0;
  std::uint8_t state = 0;  // 0 in flight, 1 done, 2 refunded, 3 in doubt
};

struct Ledger {
  std::uint64_t balance = 1'000'000;
  std::uint64_t in_flight = 0;
  std::uint64_t in_doubt = 0;
  std::uint64_t received = 0;  // credited from other ledgers
  std::vector<Transfer> transfers;
  std::map<MsgId, std::size_t> by_id;
};

Ledger* ledger() {
  static Ledger* l = new Ledger;
  return l;
}

void put64(Bytes& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get64(std::span<const std::uint8_t> b, std::size_t at) {
  if (at + 8 > b.size()) af::trap("ledger: truncated");
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{b[at + static_cast<std::size_t>(i)]} << (8 * i);
  return v;
}

std::uint64_t amount_of(const Bytes& payload) {
  return get64(payload, 0);
}

void settle(const MsgId& id, std::uint8_t state) {
  Ledger& l = *ledger();
  auto it = l.by_id.find(id);
  if (it == l.by_id.end()) return;
  Transfer& t = l.transfers[it->second];
  if (t.state != 0) return;
  t.state = state;
  l.in_flight -= t.amount;
  if (state == 2) l.balance += t.amount;
  if (state == 3) l.in_doubt += t.amount;
}

Bytes save() {
  const Ledger& l = *ledger();
  Bytes b;
  for (std::uint64_t v : {l.balance, l.in_flight, l.in_doubt, l.received,
                          static_cast<std::uint64_t>(l.transfers.size())})
    put64(b, v);
  for (const Transfer& t : l.transfers) {
    const auto id = t.id.to_bytes();
    b.insert(b.end(), id.begin(), id.end());
    put64(b, t.amount);
    b.push_back(t.state);
  }
  return b;
}

void load(std::span<const std::uint8_t> b) {
  if (b.empty()) return;
  Ledger& l = *ledger();
  l.balance = get64(b, 0);
  l.in_flight = get64(b, 8);
  l.in_doubt = get64(b, 16);
  l.received = get64(b, 24);
  const std::uint64_t n = get64(b, 32);
  std::size_t at = 40;
  for (std::uint64_t i = 0; i < n; ++i, at += 25) {
    if (at + 25 > b.size()) af::trap("ledger: saved state truncated");
    std::array<std::uint8_t, 16> id{};
    std::copy(b.begin() + static_cast<std::ptrdiff_t>(at),
              b.begin() + static_cast<std::ptrdiff_t>(at + 16), id.begin());
    l.by_id[MsgId::from_bytes(id)] = l.transfers.size();
    l.transfers.push_back(Transfer{MsgId::from_bytes(id), get64(b, at + 16), b[at + 24]});
  }
}

// ---- Candid, the few forms this example needs ----
void leb(Bytes& out, std::uint64_t v) {
  do {
    std::uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v) byte |= 0x80;
    out.push_back(byte);
  } while (v);
}

// (nat): the msg_id's 128-bit value.
Bytes candid_nat(const MsgId& id) {
  Bytes out = {'D', 'I', 'D', 'L', 0, 1, 0x7d};
  std::uint64_t hi = id.hi, lo = id.lo;
  do {
    std::uint8_t byte = lo & 0x7f;
    lo = (lo >> 7) | (hi << 57);
    hi >>= 7;
    if (lo || hi) byte |= 0x80;
    out.push_back(byte);
  } while (lo || hi);
  return out;
}

// Candid's field id: h = h * 223 + byte (mod 2^32).
std::uint32_t idl_hash(std::string_view name) {
  std::uint32_t h = 0;
  for (char c : name) h = h * 223 + static_cast<std::uint8_t>(c);
  return h;
}

}  // namespace

void asyncflow_canister_setup(af::Setup& setup) {
  auto& c = setup.settings.config;  // test-sized retries, as in pingpong
  c.retry_initial_ms = 2'000;
  c.retry_interval_max_ms = 16'000;
  c.send_attempts_max = 8;
  c.ack_attempts_max = 8;
  c.clock_skew_ms = 60'000;
  auto& h = setup.handlers;
  h.on_return = [](const asyncflow::Completed& e) { settle(e.msg_id, 1); };
  h.on_corrupted = [](const asyncflow::Corrupted& e) { settle(e.msg_id, 3); };
  h.on_give_up = [](const asyncflow::GaveUp& e) {
    settle(e.msg_id, e.phase == asyncflow::GaveUpPhase::NeverDelivered ? 2 : 3);
  };
  h.on_request = [](const asyncflow::Deliver& d) {
    const std::uint64_t amount = amount_of(d.payload);
    ledger()->balance += amount;
    ledger()->received += amount;
    af::respond(d.peer, d.msg_id, Bytes{'o', 'k'});
  };
  h.save = save;
  h.load = load;
}

#define EXPORT(name) extern "C" __attribute__((export_name(name)))

// transfer : (principal, nat64) -> (nat), exactly as @dfinity/candid writes the argument.
EXPORT("canister_update transfer") void ledger_transfer() {
  const Bytes a = af::arg_data();
  static constexpr std::uint8_t kPrefix[] = {'D', 'I', 'D', 'L', 0, 2, 0x68, 0x78, 1};
  if (a.size() < sizeof kPrefix + 1 || !std::equal(kPrefix, kPrefix + sizeof kPrefix, a.begin()))
    af::trap("ledger: transfer takes (principal, nat64)");
  const std::size_t n = a[sizeof kPrefix];
  const std::size_t at = sizeof kPrefix + 1;
  if (n >= 0x80 || a.size() != at + n + 8) af::trap("ledger: transfer takes (principal, nat64)");
  auto to = Peer::from_bytes(std::span(a).subspan(at, n));
  if (!to) af::trap("ledger: bad principal");
  const std::uint64_t amount = get64(a, at + n);
  Ledger& l = *ledger();
  if (amount == 0 || amount > l.balance) af::trap("ledger: amount is 0 or above the balance");
  Bytes payload;
  put64(payload, amount);
  auto r = af::call_async(*to, std::move(payload));
  const MsgId* id = std::get_if<MsgId>(&r);
  if (!id) af::trap("ledger: the call was refused");
  l.balance -= amount;
  l.in_flight += amount;
  l.by_id[*id] = l.transfers.size();
  l.transfers.push_back(Transfer{*id, amount, 0});
  af::reply(candid_nat(*id));
}

// balance : () -> (record { balance; in_flight; in_doubt; received : nat64 }) query
EXPORT("canister_query balance") void ledger_balance() {
  const Ledger& l = *ledger();
  std::pair<std::uint32_t, std::uint64_t> f[] = {{idl_hash("balance"), l.balance},
                                                 {idl_hash("in_flight"), l.in_flight},
                                                 {idl_hash("in_doubt"), l.in_doubt},
                                                 {idl_hash("received"), l.received}};
  std::sort(std::begin(f), std::end(f));
  Bytes out = {'D', 'I', 'D', 'L', 1, 0x6c, 4};
  for (const auto& [id, v] : f) {
    leb(out, id);
    out.push_back(0x78);
  }
  out.push_back(1);
  out.push_back(0);
  for (const auto& [id, v] : f) put64(out, v);
  af::reply(out);
}

// outcomes : () -> (vec record { msg_id : nat; amount : nat64; state : nat8 }) query
// state: 0 in flight, 1 done, 2 refunded, 3 in doubt.
EXPORT("canister_query outcomes") void ledger_outcomes() {
  std::pair<std::uint32_t, std::uint8_t> f[] = {
      {idl_hash("msg_id"), 0x7d}, {idl_hash("amount"), 0x78}, {idl_hash("state"), 0x7b}};
  std::sort(std::begin(f), std::end(f));
  Bytes out = {'D', 'I', 'D', 'L', 2, 0x6d, 1, 0x6c, 3};
  for (const auto& [id, t] : f) {
    leb(out, id);
    out.push_back(t);
  }
  out.push_back(1);
  out.push_back(0);
  leb(out, ledger()->transfers.size());
  for (const Transfer& t : ledger()->transfers) {
    for (const auto& [id, type] : f) {
      if (type == 0x7d) {
        const Bytes nat = candid_nat(t.id);
        out.insert(out.end(), nat.begin() + 7, nat.end());
      } else if (type == 0x78) {
        put64(out, t.amount);
      } else {
        out.push_back(t.state);
      }
    }
  }
  af::reply(out);
}
