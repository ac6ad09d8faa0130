// Snapshot format v1, little-endian: "AFSN" u16:version, then config, clock, id generator,
// counters, out flows, in flows, pending FINs. Totals, peer loads and timers are derived on
// restore, not stored, so a snapshot cannot contradict itself about them.
#include "asyncflow/snapshot.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "asyncflow/kernel.hpp"
#include "records.hpp"

namespace asyncflow {
namespace {

using detail::kMagic;
using detail::Writer;

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
  std::optional<RestoreError> error;

  template <class T>
  T uint() {
    T v = 0;
    if (!take(sizeof(T))) return 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      v |= static_cast<T>(static_cast<T>(in_[pos_ - sizeof(T) + i]) << (8 * i));
    return v;
  }
  // Lengths are checked against what is left before anything is allocated.
  Bytes bytes(std::uint64_t max) {
    const auto n = uint<std::uint32_t>();
    if (error) return {};
    if (n > max) return fail(RestoreError::LimitExceeded), Bytes{};
    if (!take(n)) return {};
    return Bytes(in_.begin() + static_cast<std::ptrdiff_t>(pos_ - n),
                 in_.begin() + static_cast<std::ptrdiff_t>(pos_));
  }
  std::optional<Peer> peer() {
    const Bytes b = bytes(Peer::kBytesMax);
    if (error) return std::nullopt;
    auto p = Peer::from_bytes(b);
    if (!p) fail(RestoreError::InvalidValue);
    return p;
  }
  MsgId id() {
    MsgId m;
    m.hi = uint<std::uint64_t>();
    m.lo = uint<std::uint64_t>();
    return m;
  }
  std::optional<Hash32> opt_hash() {
    const auto present = uint<std::uint8_t>();
    const auto h = uint<std::uint32_t>();
    if (present > 1) fail(RestoreError::InvalidValue);
    // snapshot() writes an absent hash as 0: anything else would restore to the same state.
    if (!present && h != 0) fail(RestoreError::NotCanonical);
    return present ? std::optional<Hash32>(h) : std::nullopt;
  }
  // A count of items, each at least min_item_bytes long: bounded by what is left.
  std::uint64_t count(std::size_t min_item_bytes, std::uint64_t max) {
    const auto n = uint<std::uint64_t>();
    if (error) return 0;
    if (n > max) return fail(RestoreError::LimitExceeded), 0;
    if (n > (in_.size() - pos_) / min_item_bytes) return fail(RestoreError::Truncated), 0;
    return n;
  }
  void fail(RestoreError e) {
    if (!error) error = e;
  }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  bool take(std::size_t n) {
    if (error) return false;
    if (in_.size() - pos_ < n) {
      fail(RestoreError::Truncated);
      return false;
    }
    pos_ += n;
    return true;
  }
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
};

// One list of every config field, used by both directions so they cannot disagree.
template <class F>
void config_fields(Config& c, F&& f) {
  f(c.retry_initial_ms);
  f(c.retry_backoff_multiplier);
  f(c.retry_interval_max_ms);
  f(c.send_attempts_max);
  f(c.ack_attempts_max);
  f(c.clock_skew_ms);
  f(c.fin_delay_ms);
  f(c.pending_fins_max);
  f(c.payload_bytes_max);
  f(c.calls_in_flight_per_peer_max);
  f(c.calls_in_flight_max);
  f(c.requests_in_flight_per_peer_max);
  f(c.requests_in_flight_max);
  f(c.dedupe_entries_max);
  f(c.retained_bytes_max);
  f(c.frames_per_transmission_max);
  f(c.new_payment_min_cycles);
}

template <class F>
void counter_fields(Counters& k, F&& f) {
  f(k.calls_accepted);
  f(k.completed);
  f(k.corrupted);
  f(k.gave_up);
  f(k.late_completions);
  f(k.delivered);
  f(k.responses);
  f(k.flows_closed);
  f(k.fin_mismatches);
  f(k.ack_gave_up);
  f(k.transmissions);
  f(k.frames_sent);
  f(k.new_retransmissions);
  f(k.ack_retransmissions);
  f(k.transmissions_received);
  f(k.frames_received);
  f(k.duplicate_news_suppressed);
  f(k.duplicate_acks);
  f(k.duplicate_fins);
  f(k.rejects_transient);
  f(k.rejects_permanent);
  for (auto& n : k.refusals) f(n);
  for (auto& n : k.drops) f(n);
}

constexpr std::size_t kMinFlowBytes = 4 + 1 + 16;  // empty peer length, a byte, an id

}  // namespace

std::string_view name_of(RestoreError e) noexcept {
  switch (e) {
    case RestoreError::Truncated:
      return "Truncated";
    case RestoreError::BadMagic:
      return "BadMagic";
    case RestoreError::UnsupportedVersion:
      return "UnsupportedVersion";
    case RestoreError::InvalidConfig:
      return "InvalidConfig";
    case RestoreError::InvalidValue:
      return "InvalidValue";
    case RestoreError::NotCanonical:
      return "NotCanonical";
    case RestoreError::LimitExceeded:
      return "LimitExceeded";
    case RestoreError::InconsistentState:
      return "InconsistentState";
    case RestoreError::TrailingBytes:
      return "TrailingBytes";
  }
  return "?";
}

namespace detail {

void write_scalars(Writer& w, const State& s) {
  Config c = s.config;
  config_fields(c, [&](auto v) { w.uint(v); });
  w.uint(s.clock_ms);
  w.uint(s.ids.rng_state);
  w.id(s.ids.last);
  Counters k = s.counters;
  counter_fields(k, [&](auto v) { w.uint(v); });
}

void write_out_record(Writer& w, const FlowKey& key, const OutFlow& f) {
  w.peer(key.peer);
  w.id(key.msg_id);
  w.uint(static_cast<std::uint8_t>(f.phase));
  w.uint(f.attempts);
  w.uint(f.attempts_rejected);
  w.uint(f.deadline_ms);
  w.uint(f.request_hash);
  w.bytes(f.request);
}

void write_in_record(Writer& w, const FlowKey& key, const InFlow& f) {
  w.peer(key.peer);
  w.id(key.msg_id);
  w.uint(static_cast<std::uint8_t>(f.phase));
  w.uint(f.attempts);
  w.uint(f.deadline_ms);
  w.uint(f.request_hash);
  w.bytes(f.response);
}

void write_fins_record(Writer& w, const Peer& peer, const PendingFins& p) {
  w.peer(peer);
  w.uint(p.due_ms);
  w.uint(static_cast<std::uint64_t>(p.fins.size()));
  for (const FinFrame& fin : p.fins) {
    w.id(fin.msg_id);
    w.opt_hash(fin.hash);
  }
}

void write_header(Writer& w) {
  w.out.insert(w.out.end(), std::begin(kMagic), std::end(kMagic));
  w.uint(kSnapshotFormatVersion);
}

}  // namespace detail

Bytes snapshot(const State& s) {
  using namespace detail;
  Writer w;
  write_header(w);
  write_scalars(w, s);
  w.uint(static_cast<std::uint64_t>(s.out_flows.size()));
  for (const auto& [key, f] : s.out_flows) write_out_record(w, key, f);
  w.uint(static_cast<std::uint64_t>(s.in_flows.size()));
  for (const auto& [key, f] : s.in_flows) write_in_record(w, key, f);
  w.uint(static_cast<std::uint64_t>(s.pending_fins.size()));
  for (const auto& [peer, p] : s.pending_fins) write_fins_record(w, peer, p);
  return std::move(w.out);
}

std::variant<State, RestoreError> restore(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < sizeof(kMagic)) return RestoreError::Truncated;
  if (std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) return RestoreError::BadMagic;
  Reader r(bytes.subspan(sizeof(kMagic)));
  const auto version = r.uint<std::uint16_t>();
  if (r.error) return *r.error;
  if (version != kSnapshotFormatVersion) return RestoreError::UnsupportedVersion;

  State s;
  config_fields(s.config, [&](auto& v) { v = r.uint<std::decay_t<decltype(v)>>(); });
  if (r.error) return *r.error;
  if (validate(s.config)) return RestoreError::InvalidConfig;
  const Config& c = s.config;
  s.clock_ms = r.uint<std::uint64_t>();
  s.ids.rng_state = r.uint<std::uint64_t>();
  s.ids.last = r.id();
  counter_fields(s.counters, [&](auto& v) { v = r.uint<std::uint64_t>(); });

  const auto out_count =
      r.count(kMinFlowBytes, std::uint64_t{c.calls_in_flight_max} + c.dedupe_entries_max);
  for (std::uint64_t i = 0; i < out_count && !r.error; ++i) {
    auto peer = r.peer();
    const MsgId id = r.id();
    OutFlow f;
    const auto phase = r.uint<std::uint8_t>();
    f.attempts = r.uint<std::uint32_t>();
    f.attempts_rejected = r.uint<std::uint32_t>();
    f.deadline_ms = r.uint<std::uint64_t>();
    f.request_hash = r.uint<std::uint32_t>();
    f.request = r.bytes(c.payload_bytes_max);
    if (r.error) break;
    if (phase < 1 || phase > 2) return RestoreError::InvalidValue;
    f.phase = static_cast<OutPhase>(phase);
    const FlowKey key{*peer, id};
    if (!s.out_flows.empty() && !(s.out_flows.rbegin()->first < key))
      return RestoreError::NotCanonical;
    s.out_flows.emplace_hint(s.out_flows.end(), key, std::move(f));
  }
  const auto in_count =
      r.count(kMinFlowBytes, std::uint64_t{c.requests_in_flight_max} + c.dedupe_entries_max);
  for (std::uint64_t i = 0; i < in_count && !r.error; ++i) {
    auto peer = r.peer();
    const MsgId id = r.id();
    InFlow f;
    const auto phase = r.uint<std::uint8_t>();
    f.attempts = r.uint<std::uint32_t>();
    f.deadline_ms = r.uint<std::uint64_t>();
    f.request_hash = r.uint<std::uint32_t>();
    f.response = r.bytes(c.payload_bytes_max);
    if (r.error) break;
    if (phase < 1 || phase > 3) return RestoreError::InvalidValue;
    f.phase = static_cast<InPhase>(phase);
    const FlowKey key{*peer, id};
    if (!s.in_flows.empty() && !(s.in_flows.rbegin()->first < key))
      return RestoreError::NotCanonical;
    s.in_flows.emplace_hint(s.in_flows.end(), key, std::move(f));
  }
  const auto peer_count = r.count(4 + 1 + 8 + 8, c.pending_fins_max);
  for (std::uint64_t i = 0; i < peer_count && !r.error; ++i) {
    auto peer = r.peer();
    PendingFins p;
    p.due_ms = r.uint<std::uint64_t>();
    const auto n = r.count(16 + 1 + 4, c.pending_fins_max);
    for (std::uint64_t j = 0; j < n && !r.error; ++j) {
      FinFrame fin;
      fin.msg_id = r.id();
      fin.hash = r.opt_hash();
      p.fins.push_back(fin);
    }
    if (r.error) break;
    if (!s.pending_fins.empty() && !(s.pending_fins.rbegin()->first < *peer))
      return RestoreError::NotCanonical;
    s.pending_fins.emplace_hint(s.pending_fins.end(), *peer, std::move(p));
  }
  if (r.error) return *r.error;
  if (!r.at_end()) return RestoreError::TrailingBytes;

  // Derive totals, loads and timers from the flows. Timers are collected, sorted and built in one
  // pass: a set built from a sorted range costs O(n), n inserts in flow order cost O(n log n)
  // (and were the largest part of restore's time).
  std::vector<Timer> timers;
  timers.reserve(s.out_flows.size() + s.in_flows.size() + s.pending_fins.size());
  for (const auto& [key, f] : s.out_flows) {
    timers.push_back(Timer{f.deadline_ms, TimerKind::Out, key});
    if (f.phase == OutPhase::AwaitingAck) {
      s.retained_bytes += f.request.size();
      ++s.calls_in_flight;
      ++s.peer_loads[key.peer].calls_in_flight;
    } else {
      ++s.dedupe_entries;
    }
  }
  for (const auto& [key, f] : s.in_flows) {
    if (f.phase != InPhase::AwaitingResponse)
      timers.push_back(Timer{f.deadline_ms, TimerKind::In, key});
    if (f.phase == InPhase::Closed) {
      ++s.dedupe_entries;
    } else {
      s.retained_bytes += f.response.size();
      ++s.requests_in_flight;
      ++s.peer_loads[key.peer].requests_in_flight;
    }
  }
  for (const auto& [peer, p] : s.pending_fins) {
    timers.push_back(Timer{p.due_ms, TimerKind::Fin, FlowKey{peer, MsgId{}}});
    s.pending_fin_count += static_cast<std::uint32_t>(p.fins.size());
  }
  std::sort(timers.begin(), timers.end());
  s.timers = std::set<Timer>(timers.begin(), timers.end());
  if (check_invariants(s)) return RestoreError::InconsistentState;
  return s;
}

}  // namespace asyncflow
