#include "world_codec.hpp"

#include <cstring>

#include "asyncflow/snapshot.hpp"

namespace asyncflow::model::codec {
namespace {

// ---------------------------------------------------------------------------------------------
// Fingerprint: two 64-bit lanes with different primes and rotations, each word absorbed into
// both by xxHash64's round (a multiply, a rotation, a multiply: a bijection of the lane for each
// word, and of the word for each lane), and each lane avalanched once at the end (digest).
struct Hasher128 {
  std::uint64_t a = 0x243F6A8885A308D3ull;
  std::uint64_t b = 0x13198A2E03707344ull;
  static constexpr std::uint64_t rotl(std::uint64_t x, int r) noexcept {
    return x << r | x >> (64 - r);
  }
  void word(std::uint64_t v) noexcept {
    a = rotl(a + v * 0xC2B2AE3D27D4EB4Full, 31) * 0x9E3779B185EBCA87ull;
    b = rotl(b + v * 0x165667B19E3779F9ull, 29) * 0xFF51AFD7ED558CCDull;
  }
  // Both lanes avalanched (xxHash64's and MurmurHash3's finalizers), lengths folded in first.
  Fingerprint digest() const noexcept {
    std::uint64_t x = a, y = b ^ a;
    x ^= x >> 33, x *= 0xC2B2AE3D27D4EB4Full, x ^= x >> 29, x *= 0x165667B19E3779F9ull,
        x ^= x >> 32;
    y ^= y >> 33, y *= 0xFF51AFD7ED558CCDull, y ^= y >> 33, y *= 0xC4CEB9FE1A85EC53ull,
        y ^= y >> 33;
    return Fingerprint{x, y};
  }
  void bytes(std::span<const std::uint8_t> s) noexcept {
    word(s.size());
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t v;
      std::memcpy(&v, s.data() + i, 8);
      word(v);
    }
    std::uint64_t tail = 0;
    if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
    word(tail);
  }
  void id(const MsgId& m) noexcept {
    word(m.hi);
    word(m.lo);
  }
  void opt_hash(const std::optional<Hash32>& h) noexcept {
    word(h.has_value() ? std::uint64_t{*h} | 1ull << 32 : 0);
  }
  void opt_bytes(const std::optional<Bytes>& s) noexcept {
    word(s.has_value());
    if (s) bytes(*s);
  }
  void key(const DeliveryKey& k) noexcept {
    word(std::uint64_t{k.receiver} | std::uint64_t{k.caller} << 32);
    id(k.msg_id);
  }
};

void hash_state(Hasher128& h, const State& s) noexcept {
  h.word(s.clock_ms);
  h.word(s.ids.rng_state);
  h.id(s.ids.last);
  h.word(s.out_flows.size());
  for (const auto& [k, f] : s.out_flows) {
    h.bytes(k.peer.bytes());
    h.id(k.msg_id);
    h.word(static_cast<std::uint64_t>(f.phase) | std::uint64_t{f.attempts} << 8 |
           std::uint64_t{f.attempts_rejected} << 40);
    h.word(f.deadline_ms);
    h.word(f.request_hash);
    h.bytes(f.request);
  }
  h.word(s.in_flows.size());
  for (const auto& [k, f] : s.in_flows) {
    h.bytes(k.peer.bytes());
    h.id(k.msg_id);
    h.word(static_cast<std::uint64_t>(f.phase) | std::uint64_t{f.attempts} << 8);
    h.word(f.deadline_ms);
    h.word(f.request_hash);
    h.bytes(f.response);
  }
  h.word(s.pending_fins.size());
  for (const auto& [peer, p] : s.pending_fins) {
    h.bytes(peer.bytes());
    h.word(p.due_ms);
    h.word(p.fins.size());
    for (const auto& fin : p.fins) {
      h.id(fin.msg_id);
      h.opt_hash(fin.hash);
    }
  }
}

void hash_frame(Hasher128& h, const Frame& f) noexcept {
  h.word(f.index());
  if (const auto* n = std::get_if<NewFrame>(&f)) {
    h.id(n->msg_id);
    h.bytes(n->payload);
  } else if (const auto* a = std::get_if<AckFrame>(&f)) {
    h.id(a->msg_id);
    h.opt_hash(a->hash);
    h.bytes(a->payload);
  } else {
    const auto& fin = std::get<FinFrame>(f);
    h.id(fin.msg_id);
    h.opt_hash(fin.hash);
  }
}

// A multiset's hash: the sum (mod 2^64, per lane) of its elements' hashes, so any order gives
// the same value, with no sorting buffer.
struct MultisetSum {
  std::uint64_t a = 0, b = 0, n = 0;
  void add(const Hasher128& e) noexcept {
    const Fingerprint d = e.digest();  // sums of raw lanes would cancel too easily
    a += d.hi;
    b += d.lo;
    ++n;
  }
  void into(Hasher128& h) const noexcept {
    h.word(n);
    h.word(a);
    h.word(b);
  }
};

// ---------------------------------------------------------------------------------------------
// Encoding: LEB128 varints, bytes with a varint length.
class Out {
 public:
  explicit Out(std::vector<std::uint8_t>& out) : out_(out) {}
  void u(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<std::uint8_t>(v));
  }
  void bytes(std::span<const std::uint8_t> s) {
    u(s.size());
    out_.insert(out_.end(), s.begin(), s.end());
  }
  void id(const MsgId& m) {
    u(m.hi);
    u(m.lo);
  }
  void opt_hash(const std::optional<Hash32>& h) { u(h ? std::uint64_t{*h} + 1 : 0); }
  void opt_bytes(const std::optional<Bytes>& s) {
    u(s ? 1 : 0);
    if (s) bytes(*s);
  }
  void opt_text(const std::optional<std::string>& s) {
    u(s ? 1 : 0);
    if (s) bytes({reinterpret_cast<const std::uint8_t*>(s->data()), s->size()});
  }
  void key(const DeliveryKey& k) {
    u(k.receiver);
    u(k.caller);
    id(k.msg_id);
  }
  std::vector<std::uint8_t>& raw() { return out_; }

 private:
  std::vector<std::uint8_t>& out_;
};

class In {
 public:
  explicit In(std::span<const std::uint8_t> in) : in_(in) {}
  bool ok = true;
  std::uint64_t u() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return ok = false, 0;
      const std::uint8_t byte = in_[pos_++];
      v |= std::uint64_t{byte & 0x7Fu} << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return ok = false, 0;
  }
  std::uint32_t u32() { return static_cast<std::uint32_t>(u()); }
  std::span<const std::uint8_t> span(std::size_t n) {
    if (in_.size() - pos_ < n) return ok = false, std::span<const std::uint8_t>{};
    pos_ += n;
    return in_.subspan(pos_ - n, n);
  }
  Bytes bytes() {
    const auto s = span(u());
    return Bytes(s.begin(), s.end());
  }
  MsgId id() {
    MsgId m;
    m.hi = u();
    m.lo = u();
    return m;
  }
  std::optional<Hash32> opt_hash() {
    const auto v = u();
    return v == 0 ? std::nullopt : std::optional<Hash32>(static_cast<Hash32>(v - 1));
  }
  std::optional<Bytes> opt_bytes() { return u() ? std::optional<Bytes>(bytes()) : std::nullopt; }
  std::optional<std::string> opt_text() {
    if (!u()) return std::nullopt;
    const auto s = span(u());
    return std::string(s.begin(), s.end());
  }
  DeliveryKey key() {
    DeliveryKey k;
    k.receiver = u32();
    k.caller = u32();
    k.msg_id = id();
    return k;
  }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
};

// snapshot XOR template (over the template's length), as runs: zeros, then literals.
void put_state(Out& out, const State& s, const std::vector<std::uint8_t>& tmpl) {
  const Bytes snap = snapshot(s);
  out.u(snap.size());
  const auto at = [&](std::size_t i) {
    return static_cast<std::uint8_t>(snap[i] ^ (i < tmpl.size() ? tmpl[i] : 0));
  };
  std::size_t i = 0;
  while (i < snap.size()) {
    std::size_t zeros = 0;
    while (i + zeros < snap.size() && at(i + zeros) == 0) ++zeros;
    std::size_t lit = 0;
    while (i + zeros + lit < snap.size() && at(i + zeros + lit) != 0) ++lit;
    out.u(zeros);
    out.u(lit);
    for (std::size_t k = 0; k < lit; ++k) out.raw().push_back(at(i + zeros + k));
    i += zeros + lit;
  }
}

bool get_state(In& in, State& s, const std::vector<std::uint8_t>& tmpl) {
  const std::size_t size = in.u();
  if (!in.ok || size > (std::size_t{1} << 30)) return false;
  Bytes snap(size);
  std::size_t i = 0;
  while (in.ok && i < size) {
    const std::size_t zeros = in.u(), lit = in.u();
    if (!in.ok || zeros + lit > size - i || zeros + lit == 0) return false;
    for (std::size_t k = 0; k < zeros; ++k, ++i) snap[i] = i < tmpl.size() ? tmpl[i] : 0;
    const auto literal = in.span(lit);
    for (std::size_t k = 0; k < literal.size(); ++k, ++i)
      snap[i] = static_cast<std::uint8_t>(literal[k] ^ (i < tmpl.size() ? tmpl[i] : 0));
  }
  if (!in.ok) return false;
  auto restored = restore(snap);
  if (!std::holds_alternative<State>(restored)) return false;
  s = std::move(std::get<State>(restored));
  return true;
}

void put_frame(Out& out, const Frame& f) {
  out.u(f.index());
  if (const auto* n = std::get_if<NewFrame>(&f)) {
    out.id(n->msg_id);
    out.bytes(n->payload);
  } else if (const auto* a = std::get_if<AckFrame>(&f)) {
    out.id(a->msg_id);
    out.opt_hash(a->hash);
    out.bytes(a->payload);
  } else {
    const auto& fin = std::get<FinFrame>(f);
    out.id(fin.msg_id);
    out.opt_hash(fin.hash);
  }
}

bool get_frame(In& in, Frame& f) {
  switch (in.u()) {
    case 0: {
      NewFrame n;
      n.msg_id = in.id();
      n.payload = in.bytes();
      f = std::move(n);
      return in.ok;
    }
    case 1: {
      AckFrame a;
      a.msg_id = in.id();
      a.hash = in.opt_hash();
      a.payload = in.bytes();
      f = std::move(a);
      return in.ok;
    }
    case 2: {
      FinFrame fin;
      fin.msg_id = in.id();
      fin.hash = in.opt_hash();
      f = fin;
      return in.ok;
    }
    default:
      return false;
  }
}

}  // namespace

Fingerprint fingerprint128(const World& world) noexcept {
  Hasher128 h;
  for (const State& s : world.endpoints) hash_state(h, s);
  MultisetSum network;
  for (const auto& d : world.network) {
    Hasher128 e;
    e.word(std::uint64_t{d.from} | std::uint64_t{d.to} << 21 | std::uint64_t{d.origin} << 42);
    e.word(d.frames.size());
    for (const auto& f : d.frames) hash_frame(e, f);
    network.add(e);
  }
  network.into(h);
  h.word(world.now_ms);
  h.word(world.next_call);
  for (const CallRecord& c : world.calls) {
    h.word(static_cast<std::uint64_t>(c.status) | std::uint64_t{c.msg_id.has_value()} << 8);
    h.word(std::uint64_t{c.outcomes} | std::uint64_t{c.late_notices} << 32);
    if (c.msg_id) h.id(*c.msg_id);
    h.opt_bytes(c.response);
  }
  h.word(world.deliveries.size());
  for (const auto& [k, r] : world.deliveries) {
    h.key(k);
    h.word(r.count);
    h.bytes(r.request);
    h.opt_bytes(r.response);
  }
  MultisetSum pending;
  for (const auto& p : world.pending_answers) {
    Hasher128 e;
    e.key(p.key);
    pending.add(e);
  }
  pending.into(h);
  h.word(world.corrupted_responses.size());
  for (const auto& k : world.corrupted_responses) h.key(k);
  const FaultCounts& f = world.faults;
  for (auto v : {f.drops, f.duplicates, f.rejects, f.corruptions, f.restarts, f.traps, f.forgeries})
    h.word(v);
  h.word(std::uint64_t{world.isolation_violation.has_value()} |
         std::uint64_t{world.restore_violation.has_value()} << 1 |
         std::uint64_t{world.invariant_violation.has_value()} << 2 |
         std::uint64_t{world.outcome_violation.has_value()} << 3);
  return h.digest();
}

WorldCodec::WorldCodec(const World& initial) : initial_(initial) {
  for (const State& s : initial.endpoints) templates_.push_back(snapshot(s));
}

void WorldCodec::encode(const World& w, std::vector<std::uint8_t>& bytes) const {
  Out out(bytes);
  out.u(w.endpoints.size());
  for (std::size_t e = 0; e < w.endpoints.size(); ++e)
    put_state(out, w.endpoints[e], templates_[e % templates_.size()]);
  out.u(w.network.size());
  for (const Datagram& d : w.network) {
    out.u(d.from);
    out.u(d.to);
    out.u(d.origin);
    out.u(d.frames.size());
    for (const Frame& f : d.frames) put_frame(out, f);
  }
  out.u(w.now_ms);
  out.u(w.next_call);
  out.u(w.calls.size());
  for (const CallRecord& c : w.calls) {
    out.u(static_cast<std::uint64_t>(c.status));
    out.u(c.issued_ms);
    out.u(c.outcome_ms);
    out.u(c.msg_id ? 1 : 0);
    if (c.msg_id) out.id(*c.msg_id);
    out.u(c.outcomes);
    out.u(c.late_notices);
    out.opt_bytes(c.response);
  }
  out.u(w.outcomes_total);
  out.u(w.call_by_id.size());
  for (const auto& [k, call] : w.call_by_id) {
    out.u(k.first);
    out.id(k.second);
    out.u(call);
  }
  out.u(w.deliveries.size());
  for (const auto& [k, r] : w.deliveries) {
    out.key(k);
    out.u(r.count);
    out.bytes(r.request);
    out.opt_bytes(r.response);
  }
  out.u(w.pending_answers.size());
  for (const auto& p : w.pending_answers) out.key(p.key);
  out.u(w.corrupted_responses.size());
  for (const auto& k : w.corrupted_responses) out.key(k);
  const FaultCounts& f = w.faults;
  for (auto v : {f.drops, f.duplicates, f.rejects, f.corruptions, f.restarts, f.traps, f.forgeries})
    out.u(v);
  out.opt_text(w.isolation_violation);
  out.opt_text(w.restore_violation);
  out.opt_text(w.invariant_violation);
  out.opt_text(w.outcome_violation);
}

void WorldCodec::store(const Fingerprint& fp, const World& w,
                       std::vector<std::uint8_t>& bytes) const {
  const auto* raw = reinterpret_cast<const std::uint8_t*>(&fp);
  bytes.insert(bytes.end(), raw, raw + sizeof fp);
  encode(w, bytes);
}

WorldCodec::Loaded WorldCodec::load(std::span<const std::uint8_t> bytes, World& w) const {
  Fingerprint fp;
  if (bytes.size() < sizeof fp) return Loaded::Malformed;
  std::memcpy(&fp, bytes.data(), sizeof fp);
  if (!decode(bytes.subspan(sizeof fp), w) || !(fingerprint128(w) == fp)) return Loaded::Unsound;
  return Loaded::Same;
}

bool WorldCodec::decode(std::span<const std::uint8_t> bytes, World& w) const {
  In in(bytes);
  constexpr std::uint64_t kCountMax = 1u << 20;  // far above any bounded world
  const auto count = [&] {
    const auto n = in.u();
    if (n > kCountMax) in.ok = false;
    return in.ok ? n : 0;
  };
  w.endpoints.resize(count());
  if (w.endpoints.size() != initial_.endpoints.size()) return false;
  for (std::size_t e = 0; e < w.endpoints.size(); ++e)
    if (!get_state(in, w.endpoints[e], templates_[e])) return false;
  w.network.resize(count());
  for (Datagram& d : w.network) {
    d.from = in.u32();
    d.to = in.u32();
    d.origin = in.u32();
    d.frames.resize(count());
    for (Frame& f : d.frames)
      if (!get_frame(in, f)) return false;
  }
  w.now_ms = in.u();
  w.next_call = in.u32();
  w.calls.resize(count());
  for (CallRecord& c : w.calls) {
    c.status = static_cast<CallStatus>(in.u());
    c.issued_ms = in.u();
    c.outcome_ms = in.u();
    c.msg_id = in.u() ? std::optional<MsgId>(in.id()) : std::nullopt;
    c.outcomes = in.u32();
    c.late_notices = in.u32();
    c.response = in.opt_bytes();
  }
  w.outcomes_total = in.u();
  w.call_by_id.clear();
  for (auto n = count(); n > 0 && in.ok; --n) {
    const EndpointIndex caller = in.u32();
    const MsgId id = in.id();
    w.call_by_id.emplace_hint(w.call_by_id.end(), std::pair{caller, id}, in.u32());
  }
  w.deliveries.clear();
  for (auto n = count(); n > 0 && in.ok; --n) {
    const DeliveryKey k = in.key();
    DeliveryRecord r;
    r.count = in.u32();
    r.request = in.bytes();
    r.response = in.opt_bytes();
    w.deliveries.emplace_hint(w.deliveries.end(), k, std::move(r));
  }
  w.pending_answers.resize(count());
  for (auto& p : w.pending_answers) p.key = in.key();
  w.corrupted_responses.clear();
  for (auto n = count(); n > 0 && in.ok; --n)
    w.corrupted_responses.emplace_hint(w.corrupted_responses.end(), in.key());
  FaultCounts& f = w.faults;
  for (auto* v :
       {&f.drops, &f.duplicates, &f.rejects, &f.corruptions, &f.restarts, &f.traps, &f.forgeries})
    *v = in.u32();
  w.isolation_violation = in.opt_text();
  w.restore_violation = in.opt_text();
  w.invariant_violation = in.opt_text();
  w.outcome_violation = in.opt_text();
  w.script = initial_.script;
  w.hostile = initial_.hostile;
  w.step_checks = initial_.step_checks;
  return in.ok && in.at_end();
}

}  // namespace asyncflow::model::codec
