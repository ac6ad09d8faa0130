// step_ready: a step whose changes come out as a journal of entry records (journal.hpp), and
// the inverse, a state rebuilt from stored records.
#include "asyncflow/journal.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <type_traits>

#include "records.hpp"
#include "rules.hpp"

namespace asyncflow {
namespace {

template <class Key>
void unique_by_key(std::vector<std::pair<Key, bool>>& touched) {
  // Stable: of one key's touches the first is kept, and it knows whether the entry existed
  // before the step.
  std::stable_sort(touched.begin(), touched.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  touched.erase(std::unique(touched.begin(), touched.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                touched.end());
}

template <class Map, class Key, class Write>
void journal_entries(const Map& map, std::vector<std::pair<Key, bool>>& touched, RecordKind kind,
                     Write write, std::vector<JournalEntry>& out) {
  unique_by_key(touched);
  for (const auto& touch : touched) {
    const Key& key = touch.first;
    const bool existed = touch.second;
    const auto it = map.find(key);
    MsgId msg_id{};
    const Peer* peer_of_key = nullptr;
    if constexpr (std::is_same_v<Key, FlowKey>) {
      peer_of_key = &key.peer;
      msg_id = key.msg_id;
    } else {
      peer_of_key = &key;
    }
    Peer peer = *peer_of_key;
    if (it == map.end()) {
      if (!existed) continue;  // looked at, never there (a duplicate ACK for a finished flow)
      out.push_back(JournalEntry{kind, Change::Removed, std::move(peer), msg_id, {}});
    } else {
      detail::Writer w;
      write(w, it->first, it->second);
      out.push_back(JournalEntry{kind, existed ? Change::Changed : Change::Created, std::move(peer),
                                 msg_id, std::move(w.out)});
    }
  }
}

// The key a record starts with: its peer (u32 length, bytes) and, for flows, its msg_id.
struct RecordKey {
  std::optional<Peer> peer;  // none: the record is too short to hold a key
  MsgId msg_id;
};

std::uint64_t read_le(const std::uint8_t* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

RecordKey key_of(const StoredRecord& r) {
  RecordKey k;
  const Bytes& b = r.record;
  if (b.size() < 4) return k;
  const auto n = read_le(b.data(), 4);
  if (n > Peer::kBytesMax || b.size() < 4 + n) return k;
  const bool flow = r.kind != RecordKind::PendingFins;
  if (flow && b.size() < 4 + n + 16) return k;
  k.peer = Peer::from_bytes(std::span<const std::uint8_t>(b.data() + 4, n));
  if (flow) {
    k.msg_id.hi = read_le(b.data() + 4 + n, 8);
    k.msg_id.lo = read_le(b.data() + 4 + n + 8, 8);
  }
  return k;
}

}  // namespace

Bytes scalars_record(const State& state) {
  detail::Writer w;
  detail::write_scalars(w, state);
  return std::move(w.out);
}

Ready step_ready(State& state, const Event& event) {
  const UlidGenerator ids_before = state.ids;
  detail::Touched touched;
  Effects effects;
  detail::step_with(state, event, effects, &touched);
  Ready ready;
  for (auto& effect : effects) {
    if (auto* t = std::get_if<Transmit>(&effect))
      ready.transmissions.push_back(std::move(*t));
    else
      ready.effects.push_back(std::move(effect));
  }
  auto& entries = ready.journal.entries;
  journal_entries(state.out_flows, touched.out, RecordKind::OutFlow, detail::write_out_record,
                  entries);
  journal_entries(state.in_flows, touched.in, RecordKind::InFlow, detail::write_in_record, entries);
  journal_entries(state.pending_fins, touched.fins, RecordKind::PendingFins,
                  detail::write_fins_record, entries);
  ready.journal.ids_changed = !(state.ids == ids_before);
  ready.journal.scalars = scalars_record(state);
  ready.must_sync = !entries.empty() || ready.journal.ids_changed;
  return ready;
}

std::vector<StoredRecord> records_of(const State& state) {
  std::vector<StoredRecord> out;
  out.reserve(state.out_flows.size() + state.in_flows.size() + state.pending_fins.size());
  for (const auto& [key, f] : state.out_flows) {
    detail::Writer w;
    detail::write_out_record(w, key, f);
    out.push_back({RecordKind::OutFlow, std::move(w.out)});
  }
  for (const auto& [key, f] : state.in_flows) {
    detail::Writer w;
    detail::write_in_record(w, key, f);
    out.push_back({RecordKind::InFlow, std::move(w.out)});
  }
  for (const auto& [peer, p] : state.pending_fins) {
    detail::Writer w;
    detail::write_fins_record(w, peer, p);
    out.push_back({RecordKind::PendingFins, std::move(w.out)});
  }
  return out;
}

std::variant<State, RestoreError> restore_from_records(std::span<const std::uint8_t> scalars,
                                                       std::span<const StoredRecord> records) {
  // The records in snapshot order (kind, then key), then the snapshot they make is restored:
  // one decoder, one set of checks. A record twice is NotCanonical there, as in a snapshot.
  struct Sorted {
    RecordKind kind;
    RecordKey key;
    const Bytes* record;
  };
  std::vector<Sorted> sorted;
  sorted.reserve(records.size());
  for (const auto& r : records) {
    if (r.kind < RecordKind::OutFlow || r.kind > RecordKind::PendingFins)
      return RestoreError::InvalidValue;
    RecordKey key = key_of(r);
    if (!key.peer) return RestoreError::Truncated;
    sorted.push_back({r.kind, std::move(key), &r.record});
  }
  std::sort(sorted.begin(), sorted.end(), [](const Sorted& a, const Sorted& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (*a.key.peer != *b.key.peer) return *a.key.peer < *b.key.peer;
    return a.key.msg_id < b.key.msg_id;
  });
  detail::Writer w;
  detail::write_header(w);
  w.out.insert(w.out.end(), scalars.begin(), scalars.end());
  std::size_t i = 0;
  for (RecordKind kind : {RecordKind::OutFlow, RecordKind::InFlow, RecordKind::PendingFins}) {
    std::size_t n = 0;
    while (i + n < sorted.size() && sorted[i + n].kind == kind) ++n;
    w.uint(static_cast<std::uint64_t>(n));
    for (std::size_t j = 0; j < n; ++j)
      w.out.insert(w.out.end(), sorted[i + j].record->begin(), sorted[i + j].record->end());
    i += n;
  }
  return restore(w.out);
}

}  // namespace asyncflow
