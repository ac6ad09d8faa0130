// restore() on arbitrary bytes: a typed error or a state that keeps every invariant, whose
// snapshot is the very input (the format is canonical), and that steps like any other state.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "snapshot_restore: %s %s\n", what, detail.c_str());
  std::abort();
}

void check(const asyncflow::State& s, const char* when) {
  if (auto broken = asyncflow::check_invariants(s)) fail(when, std::string(*broken));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace asyncflow;
  auto restored = restore({data, size});
  if (std::holds_alternative<RestoreError>(restored)) return 0;
  State s = std::get<State>(std::move(restored));
  check(s, "restored state breaks");
  if (snapshot(s) != Bytes(data, data + size)) fail("snapshot(restore(b)) != b");

  // A restored state must behave: fire its earliest deadline, then take a call.
  TimeMs at = next_deadline(s).value_or(s.clock_ms);
  Effects effects;
  step_in_place(s, Event{at, TickEvent{}}, effects);
  check(s, "after a tick:");
  step_in_place(s, Event{at, CallEvent{*Peer::from_text("peer"), Bytes{1, 2, 3}}}, effects);
  check(s, "after a call:");
  auto again = restore(snapshot(s));
  if (!std::holds_alternative<State>(again) || std::get<State>(again) != s)
    fail("a stepped restored state does not round-trip");
  return 0;
}
