#include "journal_check.hpp"

#include <map>
#include <set>

#include "asyncflow/journal.hpp"

namespace asyncflow::model {
namespace {

// An entry's record, keyed as the journal keys it.
using EntryKey = std::tuple<RecordKind, Peer, MsgId>;

std::map<EntryKey, Bytes> entries_of(const State& s) {
  std::map<EntryKey, Bytes> out;
  const auto records = records_of(s);
  std::size_t i = 0;
  for (const auto& [key, flow] : s.out_flows)
    out.emplace(EntryKey{RecordKind::OutFlow, key.peer, key.msg_id}, records[i++].record);
  for (const auto& [key, flow] : s.in_flows)
    out.emplace(EntryKey{RecordKind::InFlow, key.peer, key.msg_id}, records[i++].record);
  for (const auto& [peer, fins] : s.pending_fins)
    out.emplace(EntryKey{RecordKind::PendingFins, peer, MsgId{}}, records[i++].record);
  return out;
}

}  // namespace

std::optional<std::string> journal_breach(const State& before, const Event& event,
                                          const State& after, const Effects& effects) {
  State stepped = before;
  const Ready ready = step_ready(stepped, event);
  if (!(stepped == after)) return "JournalStepDiffers";
  if (ready.effects.size() + ready.transmissions.size() != effects.size())
    return "JournalEffectsDiffer";
  // What a host holding the old rows has after applying the journal: the new state's rows.
  auto rows = entries_of(before);
  std::set<EntryKey> named;
  for (const auto& e : ready.journal.entries) {
    const EntryKey key{e.kind, e.peer, e.msg_id};
    if (!named.insert(key).second) return "JournalNamesAnEntryTwice";
    const bool had = rows.count(key) != 0;
    if (e.change == Change::Removed) {
      if (!had) return "JournalRemovesAnAbsentEntry";
      rows.erase(key);
    } else {
      if (had != (e.change == Change::Changed)) return "JournalCreatedOrChangedWrong";
      rows[key] = e.record;
    }
  }
  if (rows != entries_of(after)) return "JournalIncomplete";
  if (ready.journal.scalars != scalars_record(after)) return "JournalScalarsStale";
  if (!ready.must_sync && !ready.journal.entries.empty()) return "JournalNotSynced";
  return std::nullopt;
}

}  // namespace asyncflow::model
