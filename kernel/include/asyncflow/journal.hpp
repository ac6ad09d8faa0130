#pragma once
// The host contract (docs/embedding.md, "The host loop"): one step yields a Ready, in the order
// a host must act on it:
//   1. apply `effects` (the app's outcomes and deliveries) and `journal` in ONE transaction;
//   2. when `must_sync`, commit (fsync) before anything leaves;
//   3. only then send `transmissions`.
// A transmission sent before its journal is durable could be acted on by the peer while a crash
// makes us forget it (a NEW whose id we re-issue, an ACK for a request we then deliver again).
//
// The journal names what changed, entry by entry (raft's Ready: entries, HardState, MustSync):
// each out flow, in flow and peer's pending FINs created, changed or removed, as the same
// records a snapshot holds; and the scalars (config, clock, id generator, counters), which a
// host rewrites with every sync. restore_from_records() rebuilds the state from the latest
// record of each entry plus the scalars, with every check restore() makes, so a host can store
// rows per flow instead of rewriting the whole state per batch.
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "asyncflow/effect.hpp"
#include "asyncflow/event.hpp"
#include "asyncflow/snapshot.hpp"
#include "asyncflow/state.hpp"

namespace asyncflow {

enum class RecordKind : std::uint8_t { OutFlow = 1, InFlow = 2, PendingFins = 3 };
enum class Change : std::uint8_t { Created = 1, Changed = 2, Removed = 3 };

// Changed names an entry a rule handled that still exists; its record may equal the stored one
// (a duplicate NEW re-reads its flow): a host upserts it either way.
struct JournalEntry {
  RecordKind kind = RecordKind::OutFlow;
  Change change = Change::Created;
  Peer peer;
  MsgId msg_id;  // zero for PendingFins (kept per peer)
  Bytes record;  // the entry as a snapshot holds it; empty when Removed
  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};

struct Journal {
  std::vector<JournalEntry> entries;  // out flows, then in flows, then pending FINs, in key order
  Bytes scalars;                      // config, clock, id generator, counters
  bool ids_changed = false;           // the ULID generator advanced (a call was accepted)
  friend bool operator==(const Journal&, const Journal&) = default;
};

struct Ready {
  Effects effects;  // every effect but Transmit, in the order the kernel made them
  Journal journal;
  // Something a restart must not forget changed (an entry, or the id generator): persist the
  // journal and commit before sending. False for a refused event or a step that only counted
  // or resent what is already durable (an ACK again for a duplicate NEW, a FIN for an unknown
  // ACK): its transmissions may leave at once, and its scalars may be written with the next
  // sync (losing them loses counters and the clock's high-water mark, never a flow).
  bool must_sync = false;
  std::vector<Transmit> transmissions;  // send only after the journal is durable
};

// step_in_place, with the outcome split the way a host acts on it. Pure and deterministic, like
// step(); the state is changed in place.
Ready step_ready(State& state, const Event& event);

// What a host stores per entry: its kind and its latest record (removed entries deleted).
struct StoredRecord {
  RecordKind kind = RecordKind::OutFlow;
  Bytes record;
};

// The scalars record of a state (what Journal::scalars holds after a step).
Bytes scalars_record(const State& state);

// Every entry of a state, as created (a first write of a host's rows, an upgrade from a
// snapshot), and the same as the records a host holding rows per entry would have.
std::vector<JournalEntry> entries_of(const State& state);
std::vector<StoredRecord> records_of(const State& state);

// The state whose scalars and entries these are, in any order; every check of restore() (a
// record twice, out of range, inconsistent) is made and named the same way.
std::variant<State, RestoreError> restore_from_records(std::span<const std::uint8_t> scalars,
                                                       std::span<const StoredRecord> records);

}  // namespace asyncflow
