// The search: level-synchronous breadth-first over N threads.
//
// Level L's states are encoded bytes in chunks. Threads take units of work (up to kUnitStates
// consecutive states of a chunk), decode each state once, and for each enabled action copy it
// into a scratch world, apply the action, fingerprint the result (128 bits, no allocation) and
// offer it to the shared set with the key (parent id << 16 | action index). A state not seen in
// an earlier level is encoded into the unit's output with that key. When every unit is done, the
// candidates whose key is the smallest offered for their fingerprint win; numbered in unit order
// (which is key order) they get exactly the ids, parents and representatives a one-thread search
// gives. So the distinct states, the counterexample and every count are the same for any number
// of threads, and no seed is involved anywhere.
//
// EventualCompletion is decided on the explored graph: each state records the successor of its
// fault-free, fair action (`fault_free_next`); a state completes if following those successors
// reaches a quiet world (quiet worlds are checked by the safety properties like any other, so a
// quiet world there has every call's one outcome). A cycle of fair successors never completes.
#include "asyncflow/model/checker.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

#include "asyncflow/model/properties.hpp"
#include "asyncflow/snapshot.hpp"
#include "fingerprint_set.hpp"
#include "level_store.hpp"
#include "world_codec.hpp"

namespace asyncflow::model {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();  // no parent
constexpr std::uint32_t kQuiet = kNone;                                     // fair: quiet
constexpr std::uint32_t kUnknown = kNone - 1;                               // fair: unexplored
constexpr std::uint64_t kUnitStates = 64;  // states a thread expands per unit of work
constexpr std::uint64_t kIdsMax = kUnknown - 1;
constexpr std::uint64_t kActionsMax = 1u << 16;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::optional<std::string> violation_in(const World& world, const CheckBounds& bounds) {
  if (auto broken = first_violation(world)) return broken;
  if (bounds.extra_property)
    if (auto broken = bounds.extra_property(world)) return "ExtraProperty: " + *broken;
  return std::nullopt;
}

// Where `fault_free_next` is in an action list (the list holds every enabled action).
std::uint32_t fair_index(const World& world, const std::vector<Action>& actions) {
  const Action fair = fault_free_next(world);
  for (std::uint32_t k = 0; k < actions.size(); ++k) {
    if (actions[k].index() != fair.index()) continue;
    if (const auto* d = std::get_if<DeliverDatagram>(&actions[k]); d && d->index != 0) continue;
    if (const auto* a = std::get_if<AnswerRequest>(&actions[k]); a && a->index != 0) continue;
    return k;
  }
  return kNone;
}

std::uint64_t physical_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * page : 8ull << 30;
}

// What one unit of work produced.
struct Unit {
  const LevelStore* store = nullptr;
  const Chunk* chunk = nullptr;
  std::uint64_t begin = 0, end = 0;  // states [begin, end) of the chunk
  Chunk out;                         // candidates' bytes
  struct Candidate {
    codec::Fingerprint fp;
    std::uint64_t key;
    bool violated;
    bool won = false;
  };
  std::vector<Candidate> candidates;
  std::vector<codec::Fingerprint> fair;  // per parent: its fair successor (unused if quiet)
  std::vector<std::uint8_t> quiet;       // per parent
  std::uint64_t transitions = 0;
  std::uint64_t winners = 0;
  bool failed = false;  // a spill failure (a full disk) or a malformed chunk (a checker bug)
  // The smallest id whose stored snapshot did not restore to the state stored (kNone: none).
  std::uint64_t unsound = kNone;
  // What the unit holds in memory until the merge has taken its winners.
  std::uint64_t held_bytes() const {
    return out.bytes.capacity() + out.ends.capacity() * sizeof(std::uint32_t) +
           candidates.capacity() * sizeof(Candidate) + fair.capacity() * sizeof(fair[0]) +
           quiet.capacity();
  }
};

// Per-state records in blocks of 2^16: growing never copies them nor holds twice their size (a
// vector's doubling would, at hundreds of millions of states).
template <typename T>
class Blocks {
 public:
  static constexpr unsigned kBits = 16;
  std::uint64_t size() const { return size_; }
  std::uint64_t capacity() const { return blocks_.size() << kBits; }
  T& operator[](std::uint64_t i) { return blocks_[i >> kBits][i & kMask]; }
  const T& operator[](std::uint64_t i) const { return blocks_[i >> kBits][i & kMask]; }
  void resize(std::uint64_t n, T fill = T{}) {
    while (capacity() < n) blocks_.push_back(std::make_unique<T[]>(std::size_t{1} << kBits));
    for (std::uint64_t i = size_; i < n; ++i) (*this)[i] = fill;
    size_ = n;
  }
  void push_back(T v) {
    resize(size_ + 1);
    (*this)[size_ - 1] = v;
  }

 private:
  static constexpr std::uint64_t kMask = (std::uint64_t{1} << kBits) - 1;
  std::vector<std::unique_ptr<T[]>> blocks_;
  std::uint64_t size_ = 0;
};

// A queued chunk's bytes in memory, its offsets included (they stay when the bytes spill).
std::uint64_t chunk_bytes(const Chunk& c) {
  return c.bytes.size() + c.ends.size() * sizeof(std::uint32_t);
}

class Search {
 public:
  Search(const CheckBounds& bounds, const World& initial, const ProgressFn& progress,
         std::chrono::milliseconds every)
      : bounds_(bounds), codec_(initial), progress_(progress), every_(every) {
    threads_ =
        bounds.threads != 0 ? bounds.threads : std::max(1u, std::thread::hardware_concurrency());
    memory_max_ =
        bounds.memory_max_bytes != 0 ? bounds.memory_max_bytes : physical_memory_bytes() / 2;
  }

  CheckResult run(const World& initial);

 private:
  void expand_level(std::vector<Unit>& units, LevelStore& scratch);
  void expand_unit(Unit& unit, World& parent, World& next, std::vector<std::uint8_t>& buffer);
  std::uint64_t merge_level(std::vector<Unit>& units, const LevelStore& scratch,
                            LevelStore& next_level);
  void parallel(std::size_t count, const std::function<void(std::size_t)>& body);
  void report(std::uint32_t depth, std::uint64_t queue);
  std::uint64_t memory_bytes() const;
  std::vector<Action> path_to(std::uint32_t id) const;
  void decide_liveness();
  std::string unsound_message(const std::vector<Action>& path) const;
  void finish();

  const CheckBounds& bounds_;
  codec::WorldCodec codec_;
  const ProgressFn& progress_;
  std::chrono::milliseconds every_;
  std::uint32_t threads_ = 1;
  std::uint64_t memory_max_ = 0;
  Clock::time_point start_ = Clock::now(), last_report_ = start_;
  FingerprintSet seen_;
  Blocks<std::uint64_t> links_;  // per id: parent id << 16 | action index
  Blocks<std::uint32_t> fair_;   // per id: the fair successor's id, kQuiet or kUnknown
  std::atomic<std::uint64_t> transitions_{0}, queue_bytes_{0}, spilled_{0};
  std::atomic<std::uint64_t> units_bytes_{0};  // the level being expanded: its units' output
  std::uint32_t level_ = 0;
  std::uint64_t level_left_ = 0;
  std::atomic<std::uint64_t> level_done_{0};
  CheckResult result_;
  std::uint64_t first_bad_ = kNone;  // the smallest id that breaks a property
  std::uint64_t unsound_ = kNone;    // the smallest id whose snapshot did not restore it
  std::string liveness_message_;
};

void Search::parallel(std::size_t count, const std::function<void(std::size_t)>& body) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) body(i);
  };
  std::vector<std::thread> pool;
  const std::size_t extra = std::min<std::size_t>(threads_, count) - (count > 0 ? 1 : 0);
  for (std::size_t t = 0; t < extra; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

std::uint64_t Search::memory_bytes() const {
  return seen_.memory_bytes() + links_.capacity() * sizeof(std::uint64_t) +
         fair_.capacity() * sizeof(std::uint32_t) + queue_bytes_.load() + units_bytes_.load();
}

void Search::report(std::uint32_t depth, std::uint64_t queue) {
  result_.memory_peak_bytes = std::max(result_.memory_peak_bytes, memory_bytes());
  if (!progress_ || Clock::now() - last_report_ < every_) return;
  last_report_ = Clock::now();
  progress_(Progress{links_.size(), transitions_.load(), queue, depth, seconds_since(start_),
                     memory_bytes(), spilled_.load()});
}

// Expands states [begin, end) of a chunk: every enabled action from each, offered to the set.
void Search::expand_unit(Unit& u, World& parent, World& next, std::vector<std::uint8_t>& buf) {
  const auto bytes = u.store->bytes_of(*u.chunk, buf);
  if (bytes.size() != u.chunk->byte_count()) return void(u.failed = true);
  for (std::uint64_t i = u.begin; i < u.end; ++i) {
    const std::uint32_t from = i == 0 ? 0 : u.chunk->ends[i - 1];
    const std::uint64_t id = u.chunk->first_id + i;
    // States are kept as kernel snapshots: one that does not restore (or restores another
    // state) breaks KernelSound there, and is not expanded.
    const auto loaded = codec_.load(bytes.subspan(from, u.chunk->ends[i] - from), parent);
    if (loaded == codec::WorldCodec::Loaded::Malformed) return void(u.failed = true);
    if (loaded == codec::WorldCodec::Loaded::Unsound) {
      u.unsound = std::min(u.unsound, id);
      u.quiet.push_back(0);
      u.fair.emplace_back();
      continue;
    }
    const std::vector<Action> actions = enabled_actions(parent, bounds_.faults);
    const bool quiet = is_quiet(parent);
    const std::uint32_t fair = quiet ? kNone : fair_index(parent, actions);
    u.quiet.push_back(quiet ? 1 : 0);
    u.fair.emplace_back();
    if (actions.size() > kActionsMax) return void(u.failed = true);
    for (std::uint32_t k = 0; k < actions.size(); ++k) {
      next = parent;
      model::apply(next, actions[k]);
      ++u.transitions;
      const codec::Fingerprint fp = codec::fingerprint128(next);
      if (k == fair) u.fair.back() = fp;
      const std::uint64_t key = id << 16 | k;
      if (seen_.offer(fp, key).seen == FingerprintSet::Seen::Kept) continue;
      codec_.store(fp, next, u.out.bytes);
      u.out.ends.push_back(static_cast<std::uint32_t>(u.out.bytes.size()));
      u.candidates.push_back({fp, key, violation_in(next, bounds_).has_value()});
    }
  }
}

// A unit's candidates go to `scratch`'s file when the search holds more than --memory-max, so a
// level's successors need not fit in memory before the merge.
void Search::expand_level(std::vector<Unit>& units, LevelStore& scratch) {
  std::atomic<bool> reporter{false};
  parallel(units.size(), [&](std::size_t i) {
    thread_local World parent, next;
    thread_local std::vector<std::uint8_t> buffer;
    expand_unit(units[i], parent, next, buffer);
    units_bytes_ += units[i].held_bytes();
    if (memory_bytes() > memory_max_) {
      const std::uint64_t size = units[i].out.bytes.capacity(), written = units[i].out.bytes.size();
      if (!scratch.spill(units[i].out)) units[i].failed = true;
      if (units[i].out.spilled) units_bytes_ -= size, spilled_ += written;
    }
    transitions_ += units[i].transitions;
    level_done_ += units[i].end - units[i].begin;
    bool expected = false;  // one thread at a time reports
    if (reporter.compare_exchange_strong(expected, true)) {
      report(level_, level_left_ - level_done_.load());
      reporter = false;
    }
  });
}

// Picks each fingerprint's winner, numbers the winners in key order, records their links and
// makes them the next level; then resolves the expanded level's fair successors. Returns the
// number of new states.
std::uint64_t Search::merge_level(std::vector<Unit>& units, const LevelStore& scratch,
                                  LevelStore& next_level) {
  parallel(units.size(), [&](std::size_t i) {
    for (auto& c : units[i].candidates)
      units[i].winners += c.won = seen_.get(c.fp) == (FingerprintSet::kTentative | c.key);
  });
  std::uint64_t next_id = links_.size(), added = 0;
  std::vector<std::uint64_t> first(units.size());
  for (std::size_t i = 0; i < units.size(); ++i) {
    first[i] = next_id + added;
    const std::uint64_t room = std::min(bounds_.states_max, kIdsMax) -
                               std::min(bounds_.states_max, std::min(kIdsMax, first[i]));
    if (units[i].winners > room) units[i].winners = room, result_.complete = false;
    added += units[i].winners;
  }
  links_.resize(next_id + added);
  fair_.resize(next_id + added, kUnknown);
  next_level.chunks.resize(units.size());
  parallel(units.size(), [&](std::size_t i) {
    Unit& u = units[i];
    Chunk& out = next_level.chunks[i];
    out.first_id = first[i];
    thread_local std::vector<std::uint8_t> buffer;
    const auto candidates = scratch.bytes_of(u.out, buffer);
    if (candidates.size() != u.out.byte_count()) u.failed = true, u.winners = 0;
    std::uint32_t from = 0;
    for (std::size_t k = 0; k < u.candidates.size() && out.size() < u.winners; ++k) {
      const auto& c = u.candidates[k];
      const std::uint32_t to = u.out.ends[k];
      if (c.won) {
        const std::uint64_t id = first[i] + out.size();
        seen_.set(c.fp, id);
        links_[id] = c.key;
        out.bytes.insert(out.bytes.end(), candidates.begin() + from, candidates.begin() + to);
        out.ends.push_back(static_cast<std::uint32_t>(out.bytes.size()));
        if (c.violated) {
          static std::mutex lock;
          std::lock_guard guard(lock);
          first_bad_ = std::min<std::uint64_t>(first_bad_, id);
        }
      }
      from = to;
    }
    units_bytes_ -= u.out.bytes.capacity();
    std::vector<std::uint8_t>().swap(u.out.bytes);
    std::vector<std::uint8_t>().swap(buffer);
    queue_bytes_ += chunk_bytes(out);
    if (memory_bytes() > memory_max_) {
      const auto size = out.bytes.size();
      if (!next_level.spill(out)) u.failed = true;
      queue_bytes_ -= size;
      spilled_ += size;
    }
  });
  parallel(units.size(), [&](std::size_t i) {
    const Unit& u = units[i];
    for (std::uint64_t k = 0; k < u.quiet.size(); ++k) {
      const std::uint64_t id = u.chunk->first_id + u.begin + k;
      if (u.quiet[k]) {
        fair_[id] = kQuiet;
        continue;
      }
      const std::uint64_t v = seen_.get(u.fair[k]);
      fair_[id] = (v & FingerprintSet::kTentative) != 0 ? kUnknown : static_cast<std::uint32_t>(v);
    }
  });
  for (const Unit& u : units)
    if (u.failed) result_.complete = false;
  return added;
}

std::vector<Action> Search::path_to(std::uint32_t id) const {
  std::vector<std::uint16_t> steps;
  for (std::uint64_t i = id; i != 0; i = links_[i] >> 16)
    steps.push_back(static_cast<std::uint16_t>(links_[i] & 0xFFFF));
  std::vector<Action> path;
  auto world = make_world(setup_for(bounds_));
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    path.push_back(enabled_actions(*world, bounds_.faults).at(*it));
    model::apply(*world, path.back());
  }
  return path;
}

// Colours every state by where its fair successors lead: a quiet world (it completes), a cycle
// or an unexplored state. The smallest id that cannot complete is the counterexample.
void Search::decide_liveness() {
  enum : std::uint8_t { kOpen = 0, kOnPath, kCompletes, kStuck, kOpenEnded };
  std::vector<std::uint8_t> colour(fair_.size(), kOpen);
  std::vector<std::uint32_t> path;
  bool open_ended = false;
  for (std::uint64_t start = 0; start < fair_.size(); ++start) {
    std::uint64_t at = start;
    while (colour[at] == kOpen && fair_[at] != kQuiet && fair_[at] != kUnknown) {
      colour[at] = kOnPath;
      path.push_back(static_cast<std::uint32_t>(at));
      at = fair_[at];
    }
    std::uint8_t verdict = colour[at];
    if (verdict == kOpen) verdict = fair_[at] == kQuiet ? kCompletes : kOpenEnded;
    if (verdict == kOnPath) verdict = kStuck;
    colour[at] = verdict;
    for (auto p : path) colour[p] = verdict;
    path.clear();
    open_ended = open_ended || verdict == kOpenEnded;
    if (verdict == kStuck && first_bad_ == kNone) {
      first_bad_ = start;
      std::uint32_t steps = 0;
      for (std::uint64_t i = start; colour[i] != kOnPath && steps <= fair_.size(); ++steps)
        colour[i] = kOnPath, i = fair_[i];
      liveness_message_ =
          "EventualCompletion: the fault-free, fair continuation from here "
          "never reaches a quiet world: it comes back to a state it left, " +
          std::to_string(steps) + " fair steps on";
    }
  }
  result_.liveness_checked = !open_ended;
}

CheckResult Search::run(const World& initial) {
  result_.threads = threads_;
  auto level = std::make_unique<LevelStore>();
  {
    Chunk c;
    codec_.store(codec::fingerprint128(initial), initial, c.bytes);
    c.ends.push_back(static_cast<std::uint32_t>(c.bytes.size()));
    queue_bytes_ += chunk_bytes(c);
    level->chunks.push_back(std::move(c));
  }
  seen_.offer(codec::fingerprint128(initial), 0);
  seen_.set(codec::fingerprint128(initial), 0);
  links_.push_back(0);
  fair_.push_back(kUnknown);
  if (violation_in(initial, bounds_)) first_bad_ = 0;
  std::uint64_t level_states = 1;
  while (level_states > 0 && first_bad_ == kNone && result_.complete) {
    std::vector<Unit> units;
    for (const Chunk& c : level->chunks)
      for (std::uint64_t b = 0; b < c.size(); b += kUnitStates)
        units.push_back(Unit{level.get(), &c, b, std::min(c.size(), b + kUnitStates)});
    level_left_ = level_states;
    level_done_ = 0;
    LevelStore scratch;  // the units' candidates past --memory-max, until the merge
    expand_level(units, scratch);
    for (const Unit& u : units) unsound_ = std::min(unsound_, u.unsound);
    first_bad_ = std::min(first_bad_, unsound_);
    auto next = std::make_unique<LevelStore>();
    for (const Chunk& c : level->chunks) queue_bytes_ -= chunk_bytes(c);
    level_states = merge_level(units, scratch, *next);
    result_.spilled_bytes += scratch.spilled_bytes();
    result_.memory_peak_bytes = std::max(result_.memory_peak_bytes, memory_bytes());
    units.clear();
    units_bytes_ = 0;
    result_.spilled_bytes += next->spilled_bytes();
    report(level_, level_states);
    if (level_states > 0) result_.max_depth = ++level_;
    level = std::move(next);
  }
  if (first_bad_ == kNone && result_.complete && bounds_.liveness) decide_liveness();
  finish();
  return std::move(result_);
}

// Why the state at the end of `path` did not survive its snapshot.
std::string Search::unsound_message(const std::vector<Action>& path) const {
  auto world = make_world(setup_for(bounds_));
  for (const Action& a : path) model::apply(*world, a);
  for (std::size_t e = 0; e < world->endpoints.size(); ++e) {
    const State& s = world->endpoints[e];
    auto restored = restore(snapshot(s));
    if (const auto* error = std::get_if<RestoreError>(&restored))
      return "KernelSound: restore(snapshot(e" + std::to_string(e) +
             ")) failed in a reachable state: " + std::string(name_of(*error));
    if (!(std::get<State>(restored) == s))
      return "KernelSound: restore(snapshot(e" + std::to_string(e) +
             ")) differs in a reachable state";
  }
  return "KernelSound: a reachable state did not survive the checker's encoding (a checker bug)";
}

// The counterexample (replayed from the initial world: the message is the replay's own), the
// kept paths and the closing figures.
void Search::finish() {
  if (first_bad_ != kNone) {
    const auto id = static_cast<std::uint32_t>(first_bad_);
    std::vector<Action> path = path_to(id);
    std::string message = first_bad_ == unsound_ ? unsound_message(path) : liveness_message_;
    if (message.empty()) {
      auto world = make_world(setup_for(bounds_));
      for (const Action& a : path) model::apply(*world, a);
      message = violation_in(*world, bounds_).value_or("?: not reproduced by the replay");
    }
    result_.violation = render_trace(bounds_, path, std::move(message));
  }
  // Ids are in breadth-first order, so the second half holds the deeper states.
  const std::size_t half = links_.size() / 2, deep = links_.size() - half;
  for (std::uint32_t k = 0; k < bounds_.paths_kept && k < deep; ++k)
    result_.paths.push_back(path_to(static_cast<std::uint32_t>(
        half + k * deep / std::min<std::size_t>(bounds_.paths_kept, deep))));
  result_.states = links_.size();
  result_.transitions = transitions_.load();
  result_.seconds = seconds_since(start_);
  const double n = static_cast<double>(result_.states);
  result_.collision_probability = n * (n - 1) / 2 / std::ldexp(1.0, 128);
  result_.memory_peak_bytes = std::max(result_.memory_peak_bytes, memory_bytes());
}

}  // namespace

CheckResult check(const CheckBounds& bounds, const ProgressFn& progress,
                  std::chrono::milliseconds progress_every) {
  auto initial = make_world(setup_for(bounds));
  if (!initial) {
    CheckResult result;
    result.complete = false;
    result.violation = Counterexample{"Setup: the bounds give no valid world", {}, {}, {}};
    return result;
  }
  Search search(bounds, *initial, progress, progress_every);
  return search.run(*initial);
}

}  // namespace asyncflow::model
