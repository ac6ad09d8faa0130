// The daemon's cost of making one request durable when the receiver remembers N ids (its dedupe
// memory: IC-length windows keep 10^4..10^6 of them). One iteration = what a batch with one
// transfer does on the receiver: the NEW is stepped, the app's answer stepped, and the kernel
// is written in one SQLite transaction with synchronous=FULL, then committed:
//   Snapshot : format 2, the whole snapshot rewritten (what the daemon did until format 3)
//   Rows     : format 3, the rows the steps' journals name, and the scalars row
// Run: build/default/bench/asyncflow_bench_store (a temp directory holds the databases).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "asyncflow/journal.hpp"
#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"
#include "src/sqlite_db.hpp"
#include "src/store.hpp"

namespace {

using namespace asyncflow;
using namespace asyncflow::host;

constexpr TimeMs kT0 = 1'700'000'000'000;

// A receiver whose dedupe memory holds `remembered` closed flows from one caller.
State receiver_remembering(std::uint64_t remembered) {
  Config c;
  c.dedupe_entries_max = remembered + 1'000;
  State s = std::get<State>(make_state(c, 5));
  const Peer alice = *Peer::from_text("alice");
  Effects effects;
  for (std::uint64_t i = 0; i < remembered; ++i) {
    const MsgId id = MsgId::from_parts(kT0, 0, i);
    effects.clear();
    step_in_place(s, Event{kT0, ReceiveEvent{alice, {NewFrame{id, Bytes{'x'}}}, 0}}, effects);
    step_in_place(s, Event{kT0, RespondEvent{alice, id, Bytes{'o', 'k'}}}, effects);
    const auto& ack = std::get<AckFrame>(std::get<Transmit>(effects.back()).frames[0]);
    step_in_place(s, Event{kT0, ReceiveEvent{alice, {FinFrame{id, crc32(ack.payload)}}, 0}},
                  effects);
  }
  return s;
}

std::string temp_db(const char* name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("asyncflow-store-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  return path.string();
}

template <bool kRows>
void BM_CommitOneRequest(benchmark::State& bm) {
  const auto remembered = static_cast<std::uint64_t>(bm.range(0));
  State s = receiver_remembering(remembered);
  Database db(temp_db(kRows ? "rows.db" : "snapshot.db"));
  open_daemon_store(db, "bench", {"alice"});
  {
    Transaction tx(db);
    if (kRows) {
      save_kernel_state(db, s);
    } else {
      save_kernel_snapshot(db, snapshot(s));
    }
    tx.commit();
  }
  const Peer alice = *Peer::from_text("alice");
  std::uint64_t next = remembered;
  std::size_t bytes = 0;
  for (auto _ : bm) {
    const MsgId id = MsgId::from_parts(kT0, 0, next++);
    Transaction tx(db);
    Ready a = step_ready(s, Event{kT0, ReceiveEvent{alice, {NewFrame{id, Bytes{'x'}}}, 0}});
    Ready b = step_ready(s, Event{kT0, RespondEvent{alice, id, Bytes{'o', 'k'}}});
    if (kRows) {
      save_kernel_entries(db, a.journal);
      save_kernel_entries(db, b.journal);
      save_kernel_scalars(db, s);
      for (const auto& e : a.journal.entries) bytes += e.record.size();
      for (const auto& e : b.journal.entries) bytes += e.record.size();
      bytes += b.journal.scalars.size();
    } else {
      const Bytes snap = snapshot(s);
      bytes += snap.size();
      save_kernel_snapshot(db, snap);
    }
    tx.commit();
  }
  bm.counters["requests/s"] =
      benchmark::Counter(static_cast<double>(bm.iterations()), benchmark::Counter::kIsRate);
  bm.counters["kernel_bytes_written/request"] =
      static_cast<double>(bytes) / static_cast<double>(bm.iterations());
}

void BM_CommitOneRequest_Snapshot(benchmark::State& bm) {
  BM_CommitOneRequest<false>(bm);
}
void BM_CommitOneRequest_Rows(benchmark::State& bm) {
  BM_CommitOneRequest<true>(bm);
}
BENCHMARK(BM_CommitOneRequest_Snapshot)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2);
BENCHMARK(BM_CommitOneRequest_Rows)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2);

}  // namespace
