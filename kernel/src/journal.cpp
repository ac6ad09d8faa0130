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

// The journal's key of an entry: a flow's peer and msg_id, or a peer (its held FINs).
FlowKey entry_key(const FlowKey& key) {
  return key;
}
FlowKey entry_key(const Peer& peer) {
  return FlowKey{peer, MsgId{}};
}

template <class Key, class Value, class Write>
JournalEntry entry(RecordKind kind, Change change, const Key& key, const Value* value,
                   Write write) {
  FlowKey k = entry_key(key);
  Bytes record;
  if (value != nullptr) {
    detail::Writer w;
    write(w, key, *value);
    record = std::move(w.out);
  }
  return JournalEntry{kind, change, std::move(k.peer), k.msg_id, std::move(record)};
}

template <class Map, class Key, class Write>
void journal_entries(const Map& map, std::vector<std::pair<Key, bool>>& touched, RecordKind kind,
                     Write write, std::vector<JournalEntry>& out) {
  unique_by_key(touched);
  for (const auto& [key, existed] : touched) {
    const auto it = map.find(key);
    if (it == map.end()) {
      if (!existed) continue;  // looked at, never there (a duplicate ACK for a finished flow)
      out.push_back(entry(kind, Change::Removed, key,
                          static_cast<const typename Map::mapped_type*>(nullptr), write));
    } else {
      out.push_back(
          entry(kind, existed ? Change::Changed : Change::Created, key, &it->second, write));
    }
  }
}

// Every entry of a map, as created.
template <class Map, class Write>
void all_entries(const Map& map, RecordKind kind, Write write, std::vector<JournalEntry>& out) {
  for (const auto& [key, value] : map)
    out.push_back(entry(kind, Change::Created, key, &value, write));
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

std::vector<JournalEntry> entries_of(const State& state) {
  std::vector<JournalEntry> out;
  out.reserve(state.out_flows.size() + state.in_flows.size() + state.pending_fins.size());
  all_entries(state.out_flows, RecordKind::OutFlow, detail::write_out_record, out);
  all_entries(state.in_flows, RecordKind::InFlow, detail::write_in_record, out);
  all_entries(state.pending_fins, RecordKind::PendingFins, detail::write_fins_record, out);
  return out;
}

std::vector<StoredRecord> records_of(const State& state) {
  std::vector<StoredRecord> out;
  for (auto& e : entries_of(state)) out.push_back({e.kind, std::move(e.record)});
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
