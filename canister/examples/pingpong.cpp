// An example canister built with the asyncflow canister library: it calls other canisters
// (`call`) and answers calls (an echo), keeping every outcome and every delivery so the tests
// in tests/ic/canister_test.js can check "exactly once". Its own methods take and return plain
// bytes (not Candid), to keep the example short; the protocol's methods are Candid.
//
//   update call(u8 n, callee[n], payload)  -> u8 0 + msg_id (16, big-endian) | u8 1 + reason
//   update set_maf(principal)               -> ()     the peer speaks maf's dialect
//   update respond_pending()                -> u32    answers requests that asked for "later:"
//   query outcomes()   -> u32 count, then per outcome: u8 kind (1 Completed, 2 Corrupted,
//                         3 GaveUp), msg_id (16), u8 reason, u8 phase, u32 attempts, u32 n,
//                         bytes[n]
//   query deliveries() -> u32 count, then per request: u8 n, caller[n], msg_id (16), u32 times
//   query notices()    -> u32 closed, u32 fin_mismatches, u32 ack_gave_up, u32 late_completions
//
// Install argument (optional, a Candid blob): u8 flags (1 best-effort calls, 2 persist after every
// message, 4 FINs wait up to 1 s to ride with other frames), u64 cycles attached per NEW, u64
// minimum payment per NEW (see asyncflow_canister_setup).
//
// A request whose payload starts with "trap:" makes the handler trap: the IC rolls the whole
// message back, so neither the kernel nor this app keep any trace of it.
#include <map>
#include <vector>

#include "asyncflow/canister.hpp"

namespace af = asyncflow::canister;
using asyncflow::Bytes;
using asyncflow::FlowKey;
using asyncflow::MsgId;
using asyncflow::Peer;

namespace {

struct Outcome {
  std::uint8_t kind = 0;
  MsgId id;
  std::uint8_t reason = 0;
  std::uint8_t phase = 0;
  std::uint32_t attempts = 0;
  Bytes payload;
};

// Ids first: every key from one peer shares the peer bytes, so comparing them first is wasted.
struct IdFirst {
  bool operator()(const FlowKey& a, const FlowKey& b) const {
    if (a.msg_id != b.msg_id) return a.msg_id < b.msg_id;
    return a.peer < b.peer;
  }
};

struct App {
  std::vector<Outcome> outcomes;
  std::map<FlowKey, std::uint32_t, IdFirst> deliveries;
  std::vector<FlowKey> pending;  // requests to answer later
  std::uint32_t closed = 0, fin_mismatches = 0, ack_gave_up = 0, late = 0;
};

App* app() {
  static App* a = new App;
  return a;
}

void put32(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_id(Bytes& b, const MsgId& id) {
  const auto bytes = id.to_bytes();
  b.insert(b.end(), bytes.begin(), bytes.end());
}
void put_peer(Bytes& b, const Peer& p) {
  b.push_back(static_cast<std::uint8_t>(p.size()));
  b.insert(b.end(), p.bytes().begin(), p.bytes().end());
}

struct Reader {
  std::span<const std::uint8_t> b;
  std::size_t i = 0;
  void need(std::size_t n) {
    if (i + n > b.size()) af::trap("pingpong: saved state truncated");
  }
  std::uint8_t u8() {
    need(1);
    return b[i++];
  }
  std::uint32_t u32() {
    need(4);
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= std::uint32_t{b[i++]} << (8 * k);
    return v;
  }
  MsgId id() {
    need(16);
    std::array<std::uint8_t, 16> a{};
    for (auto& x : a) x = b[i++];
    return MsgId::from_bytes(a);
  }
  Peer peer() {
    const std::size_t n = u8();
    need(n);
    auto p = Peer::from_bytes(b.subspan(i, n));
    i += n;
    if (!p) af::trap("pingpong: bad peer");
    return *p;
  }
  Bytes bytes() {
    const std::size_t n = u32();
    need(n);
    Bytes out(b.begin() + static_cast<std::ptrdiff_t>(i),
              b.begin() + static_cast<std::ptrdiff_t>(i + n));
    i += n;
    return out;
  }
};

Bytes encode_outcomes() {
  Bytes b;
  put32(b, static_cast<std::uint32_t>(app()->outcomes.size()));
  for (const Outcome& o : app()->outcomes) {
    b.push_back(o.kind);
    put_id(b, o.id);
    b.push_back(o.reason);
    b.push_back(o.phase);
    put32(b, o.attempts);
    put32(b, static_cast<std::uint32_t>(o.payload.size()));
    b.insert(b.end(), o.payload.begin(), o.payload.end());
  }
  return b;
}

Bytes encode_deliveries() {
  Bytes b;
  put32(b, static_cast<std::uint32_t>(app()->deliveries.size()));
  for (const auto& [key, n] : app()->deliveries) {
    put_peer(b, key.peer);
    put_id(b, key.msg_id);
    put32(b, n);
  }
  return b;
}

Bytes save() {
  Bytes b = encode_outcomes();
  Bytes d = encode_deliveries();
  b.insert(b.end(), d.begin(), d.end());
  put32(b, static_cast<std::uint32_t>(app()->pending.size()));
  for (const FlowKey& k : app()->pending) {
    put_peer(b, k.peer);
    put_id(b, k.msg_id);
  }
  for (std::uint32_t v : {app()->closed, app()->fin_mismatches, app()->ack_gave_up, app()->late})
    put32(b, v);
  return b;
}

void load(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return;
  Reader r{bytes};
  App& a = *app();
  for (std::uint32_t n = r.u32(); n > 0; --n) {
    Outcome o;
    o.kind = r.u8();
    o.id = r.id();
    o.reason = r.u8();
    o.phase = r.u8();
    o.attempts = r.u32();
    o.payload = r.bytes();
    a.outcomes.push_back(std::move(o));
  }
  for (std::uint32_t n = r.u32(); n > 0; --n) {
    Peer p = r.peer();
    MsgId id = r.id();
    a.deliveries.emplace_hint(a.deliveries.end(), FlowKey{p, id}, r.u32());  // saved in order
  }
  for (std::uint32_t n = r.u32(); n > 0; --n) {
    Peer p = r.peer();
    a.pending.push_back(FlowKey{p, r.id()});
  }
  a.closed = r.u32();
  a.fin_mismatches = r.u32();
  a.ack_gave_up = r.u32();
  a.late = r.u32();
}

// The argument as one Candid `blob` (exactly the form @dfinity/candid writes: one type, vec nat8).
Bytes blob_arg() {
  const Bytes a = af::arg_data();
  static constexpr std::uint8_t kPrefix[] = {'D', 'I', 'D', 'L', 1, 0x6d, 0x7b, 1, 0};
  if (a.size() < sizeof kPrefix || !std::equal(kPrefix, kPrefix + sizeof kPrefix, a.begin()))
    af::trap("pingpong: the argument must be one Candid blob");
  std::size_t i = sizeof kPrefix, n = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (i >= a.size() || shift > 28) af::trap("pingpong: bad blob length");
    n |= std::size_t{a[i] & 0x7fu} << shift;
    if (!(a[i++] & 0x80)) break;
  }
  if (a.size() - i != n) af::trap("pingpong: blob length does not match");
  return Bytes(a.begin() + static_cast<std::ptrdiff_t>(i), a.end());
}

void reply_blob(const Bytes& b) {
  Bytes out = {'D', 'I', 'D', 'L', 1, 0x6d, 0x7b, 1, 0};
  std::size_t n = b.size();
  do {
    std::uint8_t byte = n & 0x7f;
    n >>= 7;
    if (n) byte |= 0x80;
    out.push_back(byte);
  } while (n);
  out.insert(out.end(), b.begin(), b.end());
  af::reply(out);
}

bool starts_with(const Bytes& b, std::string_view prefix) {
  return b.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), b.begin(),
                    [](char c, std::uint8_t x) { return static_cast<std::uint8_t>(c) == x; });
}

void on_request(const asyncflow::Deliver& d) {
  ++app()->deliveries[FlowKey{d.peer, d.msg_id}];
  if (starts_with(d.payload, "trap:")) af::trap("pingpong: the handler traps on purpose");
  if (starts_with(d.payload, "later:")) {
    app()->pending.push_back(FlowKey{d.peer, d.msg_id});
    return;
  }
  Bytes response = {'e', 'c', 'h', 'o', ':'};
  response.insert(response.end(), d.payload.begin(), d.payload.end());
  af::respond(d.peer, d.msg_id, std::move(response));
}

}  // namespace

void asyncflow_canister_setup(af::Setup& setup) {
  auto& c = setup.settings.config;
  // Test-sized retries: the IC's defaults (330 s first retry) suit mainnet; the test host runs
  // in virtual time either way, these only keep the runs short.
  c.retry_initial_ms = 2'000;
  c.retry_interval_max_ms = 16'000;
  c.send_attempts_max = 8;
  c.ack_attempts_max = 8;
  c.clock_skew_ms = 60'000;
  // The install (and upgrade) argument, optional: u8 flags (1: best-effort calls with a 10 s
  // timeout, 2: persist after every message), u64 cycles per NEW, u64 minimum payment per NEW.
  const Bytes arg = af::arg_data().empty() ? Bytes{} : blob_arg();
  auto u64_at = [&](std::size_t at) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8 && at + i < arg.size(); ++i)
      v |= std::uint64_t{arg[at + i]} << (8 * i);
    return v;
  };
  if (!arg.empty()) {
    if (arg[0] & 1) setup.settings.best_effort_timeout_s = 10;
    if (arg[0] & 2) setup.settings.persistence = af::Persistence::EveryMessage;
    if (arg[0] & 4) c.fin_delay_ms = 1'000;  // FINs wait up to 1 s to ride with other frames
    setup.settings.cycles_per_new = u64_at(1);
    c.new_payment_min_cycles = u64_at(9);
  }
  auto& h = setup.handlers;
  h.on_return = [](const asyncflow::Completed& e) {
    app()->outcomes.push_back(Outcome{1, e.msg_id, 0, 0, 0, e.response});
  };
  h.on_corrupted = [](const asyncflow::Corrupted& e) {
    app()->outcomes.push_back(Outcome{2, e.msg_id, 0, 0, 0, e.response});
  };
  h.on_give_up = [](const asyncflow::GaveUp& e) {
    app()->outcomes.push_back(Outcome{
        3, e.msg_id, static_cast<std::uint8_t>(e.reason), static_cast<std::uint8_t>(e.phase),
        e.attempts,
        Bytes{static_cast<std::uint8_t>(e.reject_code ? static_cast<int>(*e.reject_code) : 0)}});
  };
  h.on_late_completion = [](const asyncflow::LateCompletion&) { ++app()->late; };
  h.on_request = on_request;
  h.on_closed = [](const asyncflow::FlowClosed&) { ++app()->closed; };
  h.on_fin_mismatch = [](const asyncflow::FinMismatch&) { ++app()->fin_mismatches; };
  h.on_ack_give_up = [](const asyncflow::AckGaveUp&) { ++app()->ack_gave_up; };
  h.save = save;
  h.load = load;
}

#define EXPORT(name) extern "C" __attribute__((export_name(name)))

EXPORT("canister_update call") void pingpong_call() {
  const Bytes arg = blob_arg();
  if (arg.empty() || arg.size() < 1u + arg[0]) af::trap("pingpong: call(u8 n, callee[n], payload)");
  auto callee = Peer::from_bytes(std::span(arg).subspan(1, arg[0]));
  if (!callee) af::trap("pingpong: bad callee");
  auto r = af::call_async(*callee, Bytes(arg.begin() + 1 + arg[0], arg.end()));
  Bytes out;
  if (auto* id = std::get_if<MsgId>(&r)) {
    out.push_back(0);
    put_id(out, *id);
  } else {
    out.push_back(1);
    out.push_back(static_cast<std::uint8_t>(std::get<asyncflow::RefusalReason>(r)));
  }
  reply_blob(out);
}

EXPORT("canister_update set_maf") void pingpong_set_maf() {
  const Bytes arg = blob_arg();
  auto p = Peer::from_bytes(arg);
  if (!p) af::trap("pingpong: bad principal");
  af::set_dialect(*p, af::Dialect::Maf);
  reply_blob({});
}

EXPORT("canister_update respond_pending") void pingpong_respond_pending() {
  std::vector<FlowKey> todo = std::move(app()->pending);
  app()->pending.clear();
  for (const FlowKey& k : todo) af::respond(k.peer, k.msg_id, Bytes{'l', 'a', 't', 'e', 'r'});
  Bytes out;
  put32(out, static_cast<std::uint32_t>(todo.size()));
  reply_blob(out);
}

EXPORT("canister_query outcomes") void pingpong_outcomes() {
  reply_blob(encode_outcomes());
}
EXPORT("canister_query deliveries") void pingpong_deliveries() {
  reply_blob(encode_deliveries());
}
EXPORT("canister_query notices") void pingpong_notices() {
  Bytes out;
  for (std::uint32_t v : {app()->closed, app()->fin_mismatches, app()->ack_gave_up, app()->late})
    put32(out, v);
  reply_blob(out);
}
