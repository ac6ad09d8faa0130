// Writes the committed seed corpus: snapshots of states a short flow passes through and, when the
// wire codec is built, Candid batches. Run by hand after a format change:
//   build/fuzz/fuzz/fuzz_seed_corpus fuzz/corpus
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"
#ifdef ASYNCFLOW_FUZZ_WIRE
#include "asyncflow/wire/candid.hpp"
#endif

namespace {

using namespace asyncflow;

void write(const std::filesystem::path& dir, const std::string& name, const Bytes& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

State fresh(std::uint64_t seed) {
  Config config;
  config.fin_delay_ms = 10;
  return std::get<State>(make_state(config, seed));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path root = argv[1];
  const Peer a = *Peer::from_text("alice"), b = *Peer::from_text("bob");
  State caller = fresh(1), receiver = fresh(2);
  TimeMs now = 1'700'000'000'000;
  std::vector<Frame> seen;  // every frame that crossed, for the Candid seeds

  auto snap = [&](const std::string& name) {
    write(root / "snapshot_restore", name + "-caller", snapshot(caller));
    write(root / "snapshot_restore", name + "-receiver", snapshot(receiver));
  };
  auto frames_of = [&](const Effects& effects) {
    std::vector<Frame> frames;
    for (const Effect& e : effects)
      if (const auto* t = std::get_if<Transmit>(&e))
        frames.insert(frames.end(), t->frames.begin(), t->frames.end());
    seen.insert(seen.end(), frames.begin(), frames.end());
    return frames;
  };

  snap("0-fresh");
  Step s1 = step(caller, Event{now, CallEvent{b, Bytes{'h', 'i'}}});
  caller = s1.state;
  step(caller, Event{now, CallEvent{b, Bytes(300, 7)}});  // a second call, its state discarded
  Step s2 = step(receiver, Event{now + 5, ReceiveEvent{a, frames_of(s1.effects)}});
  receiver = s2.state;
  snap("1-delivered");
  Step s3 = step(receiver, Event{now + 6, RespondEvent{a, std::get<Deliver>(s2.effects[0]).msg_id,
                                                       Bytes{'o', 'k'}}});
  receiver = s3.state;
  Step s4 = step(caller, Event{now + 9, ReceiveEvent{b, frames_of(s3.effects)}});
  caller = s4.state;
  snap("2-completed");
  Step s5 = step(caller, Event{now + 30, TickEvent{}});  // the delayed FIN leaves
  caller = s5.state;
  receiver = step(receiver, Event{now + 31, ReceiveEvent{a, frames_of(s5.effects)}}).state;
  snap("3-closed");

#ifdef ASYNCFLOW_FUZZ_WIRE
  write(root / "candid_decode", "batch-empty", wire::encode_batch({}));
  write(root / "candid_decode", "batch-flow", wire::encode_batch(seen));
  for (std::size_t i = 0; i < seen.size(); ++i)
    write(root / "candid_decode", "frame-" + std::to_string(i), wire::encode_frame(seen[i]));
  for (const Frame& f : seen) {
    if (const auto* n = std::get_if<NewFrame>(&f))
      write(root / "candid_decode", "new", wire::encode_new(*n));
    if (const auto* k = std::get_if<AckFrame>(&f))
      write(root / "candid_decode", "ack", wire::encode_ack(*k));
    if (const auto* x = std::get_if<FinFrame>(&f))
      write(root / "candid_decode", "fin", wire::encode_fin(*x));
  }
#endif
  return 0;
}
