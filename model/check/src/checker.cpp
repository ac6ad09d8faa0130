#include "asyncflow/model/checker.hpp"

#include <deque>
#include <limits>
#include <unordered_set>

#include "asyncflow/model/properties.hpp"

namespace asyncflow::model {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t kRoot = std::numeric_limits<std::uint32_t>::max();

// The search tree: enough to rebuild any state's shortest path, without keeping the states.
struct Node {
  std::uint32_t parent = kRoot;
  Action action;
};

std::vector<Action> path_to(const std::vector<Node>& nodes, std::uint32_t index) {
  std::vector<Action> path;
  for (std::uint32_t i = index; nodes[i].parent != kRoot; i = nodes[i].parent)
    path.push_back(nodes[i].action);
  return {path.rbegin(), path.rend()};
}

std::optional<std::string> violation_in(const World& world, const CheckBounds& bounds) {
  if (auto broken = first_violation(world)) return broken;
  if (bounds.extra_property)
    if (auto broken = bounds.extra_property(world)) return "ExtraProperty: " + *broken;
  if (bounds.liveness)
    if (auto stuck = eventual_completion(world)) return "EventualCompletion: " + *stuck;
  return std::nullopt;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

CheckResult check(const CheckBounds& bounds, const ProgressFn& progress,
                  std::chrono::milliseconds progress_every) {
  const auto start = Clock::now();
  auto last_report = start;
  CheckResult result;
  auto initial = make_world(setup_for(bounds));
  if (!initial) {
    result.complete = false;
    result.violation = Counterexample{"Setup: the bounds give no valid world", {}, {}};
    return result;
  }
  std::vector<Node> nodes{Node{}};
  std::unordered_set<std::uint64_t> seen{fingerprint(*initial)};
  struct Entry {
    World world;
    std::uint32_t node;
    std::uint32_t depth;
  };
  std::deque<Entry> queue;
  queue.push_back(Entry{*initial, 0, 0});
  const auto fail = [&](std::uint32_t node, std::string property) {
    result.violation = render_trace(bounds, path_to(nodes, node), std::move(property));
  };
  if (auto broken = violation_in(*initial, bounds)) fail(0, *broken);

  while (!queue.empty() && !result.violation) {
    Entry entry = std::move(queue.front());
    queue.pop_front();
    result.max_depth = std::max(result.max_depth, entry.depth);
    for (const Action& action : enabled_actions(entry.world, bounds.faults)) {
      World next = entry.world;
      apply(next, action);
      ++result.transitions;
      if (!seen.insert(fingerprint(next)).second) continue;
      nodes.push_back(Node{entry.node, action});
      const auto index = static_cast<std::uint32_t>(nodes.size() - 1);
      if (auto broken = violation_in(next, bounds)) {
        fail(index, *broken);
        break;
      }
      queue.push_back(Entry{std::move(next), index, entry.depth + 1});
    }
    if (seen.size() >= bounds.states_max) {
      result.complete = false;
      break;
    }
    if (progress && Clock::now() - last_report >= progress_every) {
      last_report = Clock::now();
      progress(Progress{seen.size(), result.transitions, queue.size(), entry.depth,
                        seconds_since(start)});
    }
  }
  // Nodes are in breadth-first order, so the second half holds the deeper states.
  const std::size_t half = nodes.size() / 2, deep = nodes.size() - half;
  for (std::uint32_t k = 0; k < bounds.paths_kept && k < deep; ++k)
    result.paths.push_back(
        path_to(nodes, static_cast<std::uint32_t>(
                           half + k * deep / std::min<std::size_t>(bounds.paths_kept, deep))));
  result.states = seen.size();
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace asyncflow::model
