#include "journal_check.hpp"

#include <algorithm>
#include <vector>

namespace asyncflow::model {
namespace {

struct Named {
  std::vector<FlowKey> out, in;
  std::vector<Peer> fins;
};

template <class Map, class Key>
std::optional<std::string> check_kind(const Map& before, const Map& after,
                                      std::vector<Key>& named) {
  std::sort(named.begin(), named.end());
  if (std::adjacent_find(named.begin(), named.end()) != named.end())
    return "JournalNamesAnEntryTwice";
  // Every entry the journal does not name is the same before and after (a merge walk).
  auto b = before.begin(), a = after.begin();
  while (b != before.end() || a != after.end()) {
    const bool take_b = a == after.end() || (b != before.end() && b->first < a->first);
    const bool take_a = b == before.end() || (a != after.end() && a->first < b->first);
    const Key& key = take_b ? b->first : a->first;
    const bool is_named = std::binary_search(named.begin(), named.end(), key);
    if (take_b) {  // only before: removed
      if (!is_named) return "JournalMissesARemovedEntry";
      ++b;
    } else if (take_a) {  // only after: created
      if (!is_named) return "JournalMissesACreatedEntry";
      ++a;
    } else {
      if (!is_named && !(b->second == a->second)) return "JournalMissesAChangedEntry";
      ++a, ++b;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> journal_breach(const State& before, const State& after,
                                          const Ready& ready) {
  Named named;
  for (const auto& e : ready.journal.entries) {
    const FlowKey key{e.peer, e.msg_id};
    bool had = false, has = false;
    switch (e.kind) {
      case RecordKind::OutFlow:
        had = before.out_flows.count(key) != 0, has = after.out_flows.count(key) != 0;
        named.out.push_back(key);
        break;
      case RecordKind::InFlow:
        had = before.in_flows.count(key) != 0, has = after.in_flows.count(key) != 0;
        named.in.push_back(key);
        break;
      case RecordKind::PendingFins:
        had = before.pending_fins.count(e.peer) != 0, has = after.pending_fins.count(e.peer) != 0;
        named.fins.push_back(e.peer);
        break;
    }
    const bool consistent = e.change == Change::Removed   ? had && !has && e.record.empty()
                            : e.change == Change::Changed ? had && has && !e.record.empty()
                                                          : !had && has && !e.record.empty();
    if (!consistent) return "JournalChangeKindWrong";
  }
  if (auto wrong = check_kind(before.out_flows, after.out_flows, named.out)) return wrong;
  if (auto wrong = check_kind(before.in_flows, after.in_flows, named.in)) return wrong;
  if (auto wrong = check_kind(before.pending_fins, after.pending_fins, named.fins)) return wrong;
  if (!ready.journal.entries.empty() && !ready.must_sync) return "JournalNotSynced";
  if (!(before.ids == after.ids) && !ready.must_sync) return "NewIdNotSynced";
  return std::nullopt;
}

}  // namespace asyncflow::model
