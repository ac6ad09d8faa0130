// Two endpoints and a hostile network, driven by arbitrary bytes: every byte string is a
// scenario of calls, responses, ticks, deliveries, duplicates, drops, rejects, corrupted and
// forged frames, clock jumps (also backwards) and restarts through snapshot/restore.
// After every step: check_invariants, and the promises a host relies on (one outcome per call,
// one Deliver per request, hashes that match their bytes).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"

namespace {

using namespace asyncflow;

[[noreturn]] void fail(const char* what, const char* detail = "") {
  std::fprintf(stderr, "kernel_events: %s %s\n", what, detail);
  std::abort();
}

void require(bool ok, const char* what) {
  if (!ok) fail(what);
}

// Small limits and short timers so that every limit and every timer is within reach.
Config fuzzed_config(FuzzedDataProvider& in) {
  Config c;
  c.retry_initial_ms = in.ConsumeIntegralInRange<std::uint64_t>(1, 400);
  c.retry_backoff_multiplier = in.ConsumeIntegralInRange<std::uint32_t>(1, 3);
  c.retry_interval_max_ms = c.retry_initial_ms * in.ConsumeIntegralInRange<std::uint64_t>(1, 8);
  c.send_attempts_max = in.ConsumeIntegralInRange<std::uint32_t>(1, 5);
  c.ack_attempts_max = in.ConsumeIntegralInRange<std::uint32_t>(1, 5);
  c.clock_skew_ms = in.ConsumeIntegralInRange<std::uint64_t>(0, 2'000);
  c.fin_delay_ms = in.ConsumeBool() ? 0 : in.ConsumeIntegralInRange<std::uint64_t>(1, 500);
  c.pending_fins_max = in.ConsumeIntegralInRange<std::uint32_t>(0, 3);
  c.payload_bytes_max = in.ConsumeIntegralInRange<std::uint64_t>(0, 48);
  c.calls_in_flight_per_peer_max = in.ConsumeIntegralInRange<std::uint32_t>(0, 4);
  c.calls_in_flight_max = in.ConsumeIntegralInRange<std::uint32_t>(0, 6);
  c.requests_in_flight_per_peer_max = in.ConsumeIntegralInRange<std::uint32_t>(0, 4);
  c.requests_in_flight_max = in.ConsumeIntegralInRange<std::uint32_t>(0, 6);
  c.dedupe_entries_max = in.ConsumeIntegralInRange<std::uint64_t>(0, 12);
  c.retained_bytes_max = in.ConsumeIntegralInRange<std::uint64_t>(0, 200);
  c.frames_per_transmission_max = in.ConsumeIntegralInRange<std::uint32_t>(0, 6);
  c.new_payment_min_cycles = in.ConsumeBool() ? 0 : in.ConsumeIntegralInRange<std::uint64_t>(1, 9);
  return c;
}

struct Packet {
  int from = 0;
  int to = 0;
  std::vector<Frame> frames;
};

// What one endpoint promised so far; every effect is checked against it.
struct Ledger {
  std::set<MsgId> accepted;        // calls with an id and no outcome yet
  std::set<MsgId> outcome_given;   // calls that had their one outcome
  std::set<MsgId> gave_up;         // of those, the ones that gave up (LateCompletion allowed)
  std::set<FlowKey> delivered;     // requests handed to the app (never twice)
  std::vector<FlowKey> to_answer;  // delivered, not yet answered by this harness
};

struct World {
  std::vector<State> endpoints;
  std::vector<Peer> names;
  std::vector<std::int64_t> skew_ms;  // each endpoint's clock error
  std::vector<Ledger> ledgers;
  std::vector<Packet> network;
  TimeMs clock_ms = 1'700'000'000'000;

  int index_of(const Peer& peer) const {
    for (std::size_t i = 0; i < endpoints.size(); ++i)
      if (names[i] == peer) return static_cast<int>(i);
    return -1;  // the forger, who has no endpoint here
  }
};

void check_outcome(Ledger& ledger, const MsgId& id, bool is_give_up) {
  require(ledger.accepted.erase(id) == 1, "outcome for a call without one pending");
  require(ledger.outcome_given.insert(id).second, "second outcome for one call");
  if (is_give_up) ledger.gave_up.insert(id);
}

void absorb(World& w, int at, const Effects& effects) {
  Ledger& ledger = w.ledgers[static_cast<std::size_t>(at)];
  for (const Effect& effect : effects) {
    if (const auto* t = std::get_if<Transmit>(&effect)) {
      require(!t->frames.empty(), "empty transmission");
      w.network.push_back(Packet{at, w.index_of(t->peer), t->frames});
    } else if (const auto* a = std::get_if<Accepted>(&effect)) {
      require(ledger.accepted.insert(a->msg_id).second, "one id accepted twice");
      require(!ledger.outcome_given.contains(a->msg_id), "an id reused after its outcome");
    } else if (const auto* c = std::get_if<Completed>(&effect)) {
      require(crc32(c->request) == c->request_hash, "Completed request_hash");
      require(crc32(c->response) == c->response_hash, "Completed response_hash");
      check_outcome(ledger, c->msg_id, false);
    } else if (const auto* x = std::get_if<Corrupted>(&effect)) {
      require(crc32(x->request) == x->expected_hash, "Corrupted expected_hash");
      require(x->expected_hash != x->received_hash, "Corrupted with matching hashes");
      check_outcome(ledger, x->msg_id, false);
    } else if (const auto* g = std::get_if<GaveUp>(&effect)) {
      check_outcome(ledger, g->msg_id, true);
    } else if (const auto* l = std::get_if<LateCompletion>(&effect)) {
      require(ledger.gave_up.erase(l->msg_id) == 1, "LateCompletion without GaveUp, or twice");
    } else if (const auto* d = std::get_if<Deliver>(&effect)) {
      FlowKey key{d->peer, d->msg_id};
      require(ledger.delivered.insert(key).second, "one request delivered twice");
      ledger.to_answer.push_back(key);
    }
  }
}

// A tick fires each flow's timer once: its next deadline lies after now. So no NEW or ACK (the
// retried frames) may leave twice in one tick (a wrapped deadline once retried a flow until it
// gave up, in one tick). FINs answer ACKs one for one, so waiting FINs may repeat an id.
void check_tick_retries_each_flow_once(const Effects& effects) {
  std::set<std::tuple<Peer, FrameKind, MsgId>> sent;
  for (const Effect& effect : effects)
    if (const auto* t = std::get_if<Transmit>(&effect))
      for (const Frame& f : t->frames)
        if (kind_of(f) != FrameKind::Fin)
          require(sent.emplace(t->peer, kind_of(f), msg_id_of(f)).second,
                  "a NEW or ACK sent twice in one tick");
}

void step_at(World& w, int at, TimeMs now_ms, EventBody body) {
  State& s = w.endpoints[static_cast<std::size_t>(at)];
  const bool tick = std::holds_alternative<TickEvent>(body);
  // A tick retransmits each waiting flow at most once.
  std::uint64_t retries_max = 0;
  for (const auto& [key, flow] : s.out_flows) retries_max += flow.phase == OutPhase::AwaitingAck;
  for (const auto& [key, flow] : s.in_flows) retries_max += flow.phase == InPhase::Acking;
  const std::uint64_t retries_before =
      s.counters.new_retransmissions + s.counters.ack_retransmissions;
  Effects effects;
  step_in_place(s, Event{now_ms, std::move(body)}, effects);
  if (auto broken = check_invariants(s)) fail("invariant broken:", std::string(*broken).c_str());
  if (tick) {
    check_tick_retries_each_flow_once(effects);
    require(s.counters.new_retransmissions + s.counters.ack_retransmissions - retries_before <=
                retries_max,
            "a flow retried twice in one tick");
  }
  absorb(w, at, effects);
}

void step_checked(World& w, int at, EventBody body, std::int64_t clock_jitter_ms = 0) {
  std::int64_t now = static_cast<std::int64_t>(w.clock_ms) +
                     w.skew_ms[static_cast<std::size_t>(at)] + clock_jitter_ms;
  step_at(w, at, static_cast<TimeMs>(now < 0 ? 0 : now), std::move(body));
}

Bytes some_bytes(FuzzedDataProvider& in) {
  return in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 56));
}

MsgId some_id(FuzzedDataProvider& in, const World& w) {
  if (in.ConsumeBool())
    return MsgId{in.ConsumeIntegral<std::uint64_t>(), in.ConsumeIntegral<std::uint64_t>()};
  // Near the clock, so it passes the TooOld / CreatedInFuture checks.
  TimeMs t = w.clock_ms + in.ConsumeIntegralInRange<std::uint64_t>(0, 4'000) - 2'000;
  return MsgId::from_parts(t, in.ConsumeIntegral<std::uint16_t>(),
                           in.ConsumeIntegralInRange<std::uint64_t>(0, 3));
}

Frame some_frame(FuzzedDataProvider& in, const World& w) {
  MsgId id = some_id(in, w);
  std::optional<Hash32> hash;
  if (in.ConsumeBool()) hash = in.ConsumeIntegral<Hash32>();
  switch (in.ConsumeIntegralInRange<int>(0, 2)) {
    case 0:
      return NewFrame{id, some_bytes(in)};
    case 1:
      return AckFrame{id, hash, some_bytes(in)};
    default:
      return FinFrame{id, hash};
  }
}

void corrupt(FuzzedDataProvider& in, Frame& frame) {
  std::visit(
      [&](auto& f) {
        switch (in.ConsumeIntegralInRange<int>(0, 2)) {
          case 0:
            f.msg_id.lo ^= std::uint64_t{1} << in.ConsumeIntegralInRange<int>(0, 63);
            break;
          case 1:
            if constexpr (!std::is_same_v<std::decay_t<decltype(f)>, NewFrame>) {
              f.hash = f.hash ? std::optional<Hash32>{}
                              : std::optional<Hash32>{in.ConsumeIntegral<Hash32>()};
            }
            break;
          default:
            if constexpr (!std::is_same_v<std::decay_t<decltype(f)>, FinFrame>) {
              if (!f.payload.empty())
                f.payload[0] ^= 0x5a;
              else
                f.payload.push_back(1);
            }
        }
      },
      frame);
}

void restart(World& w, int at) {
  State& s = w.endpoints[static_cast<std::size_t>(at)];
  Bytes bytes = snapshot(s);
  auto restored = restore(bytes);
  if (auto* err = std::get_if<RestoreError>(&restored))
    fail("restore of a snapshot:", std::string(name_of(*err)).c_str());
  State& back = std::get<State>(restored);
  require(back == s, "restore(snapshot(s)) != s");
  require(snapshot(back) == bytes, "snapshot not canonical");
  s = std::move(back);
}

void run_op(FuzzedDataProvider& in, World& w) {
  const int at = in.ConsumeIntegralInRange<int>(0, 1);
  const int other = 1 - at;
  auto pick_packet = [&]() -> std::size_t {
    return in.ConsumeIntegralInRange<std::size_t>(0, w.network.size() - 1);
  };
  const int op = in.ConsumeIntegralInRange<int>(0, 12);
  switch (op) {
    case 0:
      step_checked(w, at, CallEvent{w.names[static_cast<std::size_t>(other)], some_bytes(in)});
      break;
    case 1: {
      auto& pending = w.ledgers[static_cast<std::size_t>(at)].to_answer;
      FlowKey key{w.names[static_cast<std::size_t>(other)], some_id(in, w)};
      if (!pending.empty() && in.ConsumeIntegralInRange<int>(0, 3) != 0) {
        std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, pending.size() - 1);
        key = pending[i];
        if (in.ConsumeIntegralInRange<int>(0, 3) != 0)
          pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(i));
      }
      step_checked(w, at, RespondEvent{key.peer, key.msg_id, some_bytes(in)});
      break;
    }
    case 2:
      w.clock_ms += in.ConsumeIntegralInRange<std::uint64_t>(0, 3'000);
      step_checked(w, at, TickEvent{});
      break;
    case 3: {  // tick exactly at the next deadline
      if (auto d = next_deadline(w.endpoints[static_cast<std::size_t>(at)])) {
        std::int64_t local =
            static_cast<std::int64_t>(w.clock_ms) + w.skew_ms[static_cast<std::size_t>(at)];
        if (static_cast<std::int64_t>(*d) > local) w.clock_ms += *d - static_cast<TimeMs>(local);
      }
      step_checked(w, at, TickEvent{});
      break;
    }
    case 4:
    case 5: {  // deliver (5: and keep a copy in flight, to arrive again later)
      if (w.network.empty()) break;
      std::size_t i = pick_packet();
      Packet p = w.network[i];
      if (op == 4) w.network.erase(w.network.begin() + static_cast<std::ptrdiff_t>(i));
      if (p.to < 0) break;  // sent to nobody we simulate
      step_checked(w, p.to,
                   ReceiveEvent{w.names[static_cast<std::size_t>(p.from)], p.frames,
                                in.ConsumeIntegralInRange<std::uint64_t>(0, 40)});
      break;
    }
    case 6:  // drop
      if (!w.network.empty())
        w.network.erase(w.network.begin() + static_cast<std::ptrdiff_t>(pick_packet()));
      break;
    case 7: {  // the send failed or was rejected; SysUnknown may still arrive
      if (w.network.empty()) break;
      std::size_t i = pick_packet();
      Packet p = w.network[i];
      auto code = static_cast<RejectCode>(in.ConsumeIntegralInRange<int>(1, 6));
      if (code != RejectCode::SysUnknown || in.ConsumeBool())
        w.network.erase(w.network.begin() + static_cast<std::ptrdiff_t>(i));
      std::vector<FrameRef> refs;
      for (const Frame& f : p.frames) refs.push_back(ref_of(f));
      const std::size_t to = p.to < 0 ? 2 : static_cast<std::size_t>(p.to);
      step_checked(w, p.from, SendFailedEvent{w.names[to], refs, code});
      break;
    }
    case 8: {  // corrupt a frame in flight
      if (w.network.empty()) break;
      Packet& p = w.network[pick_packet()];
      corrupt(in, p.frames[in.ConsumeIntegralInRange<std::size_t>(0, p.frames.size() - 1)]);
      break;
    }
    case 9: {  // forged frames, from the other endpoint's name or a stranger's
      ReceiveEvent forged{in.ConsumeBool() ? w.names[static_cast<std::size_t>(other)] : w.names[2],
                          {},
                          in.ConsumeIntegralInRange<std::uint64_t>(0, 40)};
      std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 8);
      for (std::size_t k = 0; k < n; ++k) forged.frames.push_back(some_frame(in, w));
      step_checked(w, at, std::move(forged));
      break;
    }
    case 10:
      restart(w, at);
      break;
    case 11:  // a host clock that stepped back
      step_checked(w, at, TickEvent{}, -in.ConsumeIntegralInRange<std::int64_t>(0, 100'000));
      break;
    default:  // rarely, a corrupt clock reading at the end of ULID time or of 64 bits
      if (in.ConsumeIntegralInRange<int>(0, 15) != 0) break;
      step_at(w, at, in.ConsumeIntegralInRange<TimeMs>(MsgId::kTimeMsMax - 10'000, UINT64_MAX),
              in.ConsumeBool()
                  ? EventBody{TickEvent{}}
                  : EventBody{CallEvent{w.names[static_cast<std::size_t>(other)], {}}});
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Config config = fuzzed_config(in);
  World w;
  w.names = {*Peer::from_text("alice"), *Peer::from_text("bob"), *Peer::from_text("mallory")};
  for (int i = 0; i < 2; ++i) {
    auto made = make_state(config, in.ConsumeIntegral<std::uint64_t>());
    if (std::holds_alternative<ConfigError>(made))
      return 0;  // validate's answer is tested elsewhere
    w.endpoints.push_back(std::get<State>(std::move(made)));
    w.skew_ms.push_back(in.ConsumeIntegralInRange<std::int64_t>(-2'500, 2'500));
    w.ledgers.emplace_back();
  }
  for (int ops = 0; ops < 400 && in.remaining_bytes() > 0; ++ops) {
    run_op(in, w);
    if (w.network.size() > 64) w.network.erase(w.network.begin());  // a bounded network
  }
  return 0;
}
