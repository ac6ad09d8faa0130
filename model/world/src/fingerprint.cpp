// World fingerprints for the checker's visited set: 64-bit hashes (hash compaction, as TLC's
// fingerprints), over a canonical encoding: the kernel states' rule-relevant members, the
// network as a multiset, and every ghost record.
#include <algorithm>
#include <cstring>

#include "asyncflow/model/world.hpp"
#include "asyncflow/wire/candid.hpp"

namespace asyncflow::model {
namespace {

// SplitMix64's finalizer as a mixing step over 64-bit words: fast, and well distributed enough
// for a visited set (collisions merge two states; at 10^7 states the chance is ~10^-5).
struct Hasher {
  std::uint64_t h = 0x243F6A8885A308D3ull;
  void word(std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 31;
  }
  void bytes(std::span<const std::uint8_t> b) {
    word(b.size());
    std::size_t i = 0;
    for (; i + 8 <= b.size(); i += 8) {
      std::uint64_t v;
      std::memcpy(&v, b.data() + i, 8);
      word(v);
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, b.data() + i, b.size() - i);
    word(tail);
  }
  void id(const MsgId& m) {
    word(m.hi);
    word(m.lo);
  }
  void opt_bytes(const std::optional<Bytes>& b) {
    word(b.has_value());
    if (b) bytes(*b);
  }
};

// The kernel state's members that rules read: not the config (the same everywhere), not the
// statistics counters (no rule reads them), not the derived totals and timers (functions of the
// flows, as restore() rebuilds them).
void hash_state(Hasher& h, const State& s) {
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
    for (const auto& fin : p.fins) {
      h.id(fin.msg_id);
      h.word(fin.hash.has_value() ? std::uint64_t{*fin.hash} | 1ull << 32 : 0);
    }
  }
}

std::uint64_t datagram_hash(const Datagram& d) {
  Hasher h;
  h.word(d.from);
  h.word(d.to);
  h.word(d.origin);
  h.bytes(wire::encode_batch(d.frames));
  return h.h;
}

}  // namespace

std::uint64_t fingerprint(const World& world) {
  Hasher h;
  for (const State& s : world.endpoints) hash_state(h, s);
  std::vector<std::uint64_t> network;
  for (const auto& d : world.network) network.push_back(datagram_hash(d));
  std::sort(network.begin(), network.end());
  h.word(network.size());
  for (auto v : network) h.word(v);
  h.word(world.now_ms);
  h.word(world.next_call);
  for (const CallRecord& c : world.calls) {
    h.word(static_cast<std::uint64_t>(c.status));
    h.word(c.outcomes);
    h.word(c.late_notices);
    h.word(c.msg_id.has_value());
    if (c.msg_id) h.id(*c.msg_id);
    h.opt_bytes(c.response);
  }
  for (const auto& [k, r] : world.deliveries) {
    h.word(k.receiver);
    h.word(k.caller);
    h.id(k.msg_id);
    h.word(r.count);
    h.bytes(r.request);
    h.opt_bytes(r.response);
  }
  std::vector<DeliveryKey> pending;
  for (const auto& p : world.pending_answers) pending.push_back(p.key);
  std::sort(pending.begin(), pending.end());
  h.word(pending.size());
  for (const auto& k : pending) {
    h.word(k.receiver);
    h.word(k.caller);
    h.id(k.msg_id);
  }
  h.word(world.corrupted_responses.size());
  for (const auto& k : world.corrupted_responses) {
    h.word(k.receiver);
    h.word(k.caller);
    h.id(k.msg_id);
  }
  const FaultCounts& f = world.faults;
  for (auto v : {f.drops, f.duplicates, f.rejects, f.corruptions, f.restarts, f.traps, f.forgeries})
    h.word(v);
  h.word(world.isolation_violation.has_value() | world.restore_violation.has_value() << 1 |
         world.invariant_violation.has_value() << 2 | world.outcome_violation.has_value() << 3);
  return h.h;
}

}  // namespace asyncflow::model
