// A C++ program built with find_package(asyncflow CONFIG): the kernel's first step of a call, its
// NEW through the Candid codec and back, and the C ABI's version, all from the installed prefix.
#include <cstdio>
#include <cstring>
#include <variant>

#include "asyncflow/asyncflow.h"
#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"
#include "asyncflow/wire/candid.hpp"

int main() {
  auto made = asyncflow::make_state(asyncflow::Config{}, 42);
  if (!std::holds_alternative<asyncflow::State>(made)) return std::puts("make_state failed"), 1;
  auto state = std::get<asyncflow::State>(std::move(made));
  const auto peer = *asyncflow::Peer::from_text("bob");
  asyncflow::Effects effects;
  asyncflow::step_in_place(
      state, asyncflow::Event{1700000000000, asyncflow::CallEvent{peer, {'h', 'i'}}}, effects);
  const asyncflow::Transmit* sent = nullptr;
  for (const auto& e : effects)
    if (const auto* t = std::get_if<asyncflow::Transmit>(&e)) sent = t;
  if (sent == nullptr) return std::puts("no Transmit"), 1;
  const auto bytes = asyncflow::wire::encode_batch(sent->frames);
  const auto decoded = asyncflow::wire::decode_batch(bytes);
  const auto* frames = std::get_if<std::vector<asyncflow::Frame>>(&decoded);
  if (frames == nullptr || *frames != sent->frames) return std::puts("Candid round trip"), 1;
  if (std::strlen(asyncflow_version()) == 0) return std::puts("asyncflow_version"), 1;
  const auto snapshot = asyncflow::snapshot(state);
  std::printf("C++ consumer: asyncflow %s, %zu Candid bytes, snapshot of %zu bytes\n",
              asyncflow_version(), bytes.size(), snapshot.size());
  return 0;
}
