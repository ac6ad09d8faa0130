// Every field of the C ABI's mirror, checked against the C++ kernel it mirrors.
//
// Each test drives a C endpoint through asyncflow.h and, beside it, a C++ kernel state built
// from the same config and seed (the "twin"). After every event the C effects must equal the
// twin's effects field by field, with the fields an effect kind does not have zero (the table in
// asyncflow.h); the C metrics must equal metrics() of the twin, the deadline next_deadline(),
// the snapshot snapshot(). The config is checked the same way in both directions, one field at a
// time with values that differ from every other field's.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "asyncflow/asyncflow.h"
#include "asyncflow/crc32.hpp"
#include "asyncflow/kernel.hpp"
#include "asyncflow/metrics.hpp"
#include "asyncflow/snapshot.hpp"

namespace {

using namespace asyncflow;

// ---- the field lists ----

#define ASYNCFLOW_CONFIG_FIELDS(X)   \
  X(retry_initial_ms)                \
  X(retry_backoff_multiplier)        \
  X(retry_interval_max_ms)           \
  X(send_attempts_max)               \
  X(ack_attempts_max)                \
  X(clock_skew_ms)                   \
  X(fin_delay_ms)                    \
  X(pending_fins_max)                \
  X(payload_bytes_max)               \
  X(calls_in_flight_per_peer_max)    \
  X(calls_in_flight_max)             \
  X(requests_in_flight_per_peer_max) \
  X(requests_in_flight_max)          \
  X(dedupe_entries_max)              \
  X(retained_bytes_max)              \
  X(frames_per_transmission_max)     \
  X(new_payment_min_cycles)

#define ASYNCFLOW_GAUGE_FIELDS(X) \
  X(calls_awaiting_ack)           \
  X(calls_gave_up_remembered)     \
  X(requests_awaiting_response)   \
  X(requests_acking)              \
  X(dedupe_entries)               \
  X(pending_fins)                 \
  X(retained_bytes)               \
  X(peers_with_load)              \
  X(timers)                       \
  X(refusals_total)               \
  X(drops_total)

#define ASYNCFLOW_COUNTER_FIELDS(X) \
  X(calls_accepted)                 \
  X(completed)                      \
  X(corrupted)                      \
  X(gave_up)                        \
  X(late_completions)               \
  X(delivered)                      \
  X(responses)                      \
  X(flows_closed)                   \
  X(fin_mismatches)                 \
  X(ack_gave_up)                    \
  X(transmissions)                  \
  X(frames_sent)                    \
  X(new_retransmissions)            \
  X(ack_retransmissions)            \
  X(transmissions_received)         \
  X(frames_received)                \
  X(duplicate_news_suppressed)      \
  X(duplicate_acks)                 \
  X(duplicate_fins)                 \
  X(rejects_transient)              \
  X(rejects_permanent)

// The metric lists are complete: with the two arrays they fill the struct.
#define ASYNCFLOW_COUNT(f) +1
static_assert(0 ASYNCFLOW_GAUGE_FIELDS(ASYNCFLOW_COUNT) ASYNCFLOW_COUNTER_FIELDS(ASYNCFLOW_COUNT) +
                      2 * 10 ==
                  sizeof(asyncflow_metrics) / sizeof(std::uint64_t),
              "a metric is missing from the lists");
#undef ASYNCFLOW_COUNT

// ---- config ----

// Values valid together and each different from every other field's.
asyncflow_config distinct_config() {
  asyncflow_config c;
  c.retry_initial_ms = 101;
  c.retry_backoff_multiplier = 3;
  c.retry_interval_max_ms = 1'009;
  c.send_attempts_max = 5;
  c.ack_attempts_max = 7;
  c.clock_skew_ms = 2'003;
  c.fin_delay_ms = 307;
  c.pending_fins_max = 11;
  c.payload_bytes_max = 4'099;
  c.calls_in_flight_per_peer_max = 13;
  c.calls_in_flight_max = 17;
  c.requests_in_flight_per_peer_max = 19;
  c.requests_in_flight_max = 23;
  c.dedupe_entries_max = 29'029;
  c.retained_bytes_max = 1'048'583;
  c.frames_per_transmission_max = 31;
  c.new_payment_min_cycles = 37;
  return c;
}

// The C++ config the header says a C config is, field for field by name.
Config kernel_config_of(const asyncflow_config& c) {
  Config k;
#define ASYNCFLOW_COPY(f) k.f = c.f;
  ASYNCFLOW_CONFIG_FIELDS(ASYNCFLOW_COPY)
#undef ASYNCFLOW_COPY
  return k;
}

State restored_twin(const asyncflow_endpoint* ep) {
  std::size_t size = 0;
  EXPECT_EQ(asyncflow_snapshot(ep, nullptr, 0, &size), ASYNCFLOW_ERR_BUFFER_TOO_SMALL);
  Bytes bytes(size);
  EXPECT_EQ(asyncflow_snapshot(ep, bytes.data(), bytes.size(), &size), ASYNCFLOW_OK);
  auto restored = restore(bytes);
  EXPECT_TRUE(std::holds_alternative<State>(restored));
  return std::holds_alternative<State>(restored) ? std::get<State>(std::move(restored)) : State{};
}

TEST(CapiConfig, DefaultsAreTheKernelsFieldByField) {
  asyncflow_config c;
  std::memset(&c, 0xAB, sizeof c);
  asyncflow_config_defaults(&c);
  const Config k;
#define ASYNCFLOW_CHECK(f) EXPECT_EQ(c.f, k.f) << #f;
  ASYNCFLOW_CONFIG_FIELDS(ASYNCFLOW_CHECK)
#undef ASYNCFLOW_CHECK
}

TEST(CapiConfig, EveryFieldReachesTheKernelUnderItsOwnName) {
  const asyncflow_config c = distinct_config();
  asyncflow_endpoint* ep = nullptr;
  asyncflow_config_error error = ASYNCFLOW_CONFIG_WINDOW_OVERFLOW;
  ASSERT_EQ(asyncflow_create(&c, 7, &ep, &error), ASYNCFLOW_OK);
  EXPECT_EQ(error, ASYNCFLOW_CONFIG_OK);
  const State s = restored_twin(ep);
#define ASYNCFLOW_CHECK(f) EXPECT_EQ(s.config.f, c.f) << #f;
  ASYNCFLOW_CONFIG_FIELDS(ASYNCFLOW_CHECK)
#undef ASYNCFLOW_CHECK
  asyncflow_destroy(ep);
}

TEST(CapiConfig, EachFieldAloneChangesOnlyItself) {
  // One field at a time off its default: a field copied into another's place shows up as a
  // wrong value there even when the distinct values happen to survive a swap.
  const asyncflow_config base = distinct_config();
  int checked = 0;
#define ASYNCFLOW_ONE(f)                                                  \
  {                                                                       \
    asyncflow_config c = base;                                            \
    c.f = c.f + 2; /* still valid: every bound here has room */           \
    if (std::string(#f) == "retry_initial_ms") c.f = base.f - 2;          \
    asyncflow_endpoint* ep = nullptr;                                     \
    ASSERT_EQ(asyncflow_create(&c, 1, &ep, nullptr), ASYNCFLOW_OK) << #f; \
    const State s = restored_twin(ep);                                    \
    EXPECT_EQ(s.config, kernel_config_of(c)) << "changing " #f;           \
    asyncflow_destroy(ep);                                                \
    ++checked;                                                            \
  }
  ASYNCFLOW_CONFIG_FIELDS(ASYNCFLOW_ONE)
#undef ASYNCFLOW_ONE
  EXPECT_EQ(checked, 17);
}

TEST(CapiConfig, InvalidFieldsAreReportedByName) {
  struct Case {
    const char* what;
    void (*spoil)(asyncflow_config&);
    asyncflow_config_error error;
  };
  const Case cases[] = {
      {"retry_initial_ms", [](asyncflow_config& c) { c.retry_initial_ms = 0; },
       ASYNCFLOW_CONFIG_RETRY_INITIAL_ZERO},
      {"retry_backoff_multiplier", [](asyncflow_config& c) { c.retry_backoff_multiplier = 0; },
       ASYNCFLOW_CONFIG_BACKOFF_MULTIPLIER_ZERO},
      {"send_attempts_max", [](asyncflow_config& c) { c.send_attempts_max = 0; },
       ASYNCFLOW_CONFIG_SEND_ATTEMPTS_ZERO},
      {"ack_attempts_max", [](asyncflow_config& c) { c.ack_attempts_max = 0; },
       ASYNCFLOW_CONFIG_ACK_ATTEMPTS_ZERO},
      {"frames_per_transmission_max",
       [](asyncflow_config& c) { c.frames_per_transmission_max = 0; },
       ASYNCFLOW_CONFIG_FRAMES_PER_TRANSMISSION_ZERO},
  };
  for (const Case& k : cases) {
    asyncflow_config c = distinct_config();
    k.spoil(c);
    asyncflow_endpoint* ep = nullptr;
    asyncflow_config_error error = ASYNCFLOW_CONFIG_OK;
    EXPECT_EQ(asyncflow_create(&c, 1, &ep, &error), ASYNCFLOW_ERR_BAD_CONFIG) << k.what;
    EXPECT_EQ(error, k.error) << k.what;
    EXPECT_EQ(ep, nullptr);
  }
}

// ---- effects ----

// The header's promise: a msg_id is the 128-bit value, big-endian.
std::array<std::uint8_t, 16> big_endian(const MsgId& id) {
  std::array<std::uint8_t, 16> out{};
  for (int i = 0; i < 8; ++i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(id.hi >> (56 - 8 * i));
    out[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(id.lo >> (56 - 8 * i));
  }
  return out;
}

asyncflow_msg_id c_id(const MsgId& id) {
  asyncflow_msg_id out;
  const auto bytes = big_endian(id);
  std::copy(bytes.begin(), bytes.end(), std::begin(out.bytes));
  return out;
}

Bytes bytes_of(const asyncflow_bytes& b) {
  return b.size == 0 ? Bytes{} : Bytes(b.data, b.data + b.size);
}

std::string text(const Peer& p) {
  return std::string(p.bytes().begin(), p.bytes().end());
}

// What the C view of one kernel effect must hold, field by field; zero where the kind has none.
struct Expected {
  int kind = 0;
  std::optional<Peer> peer;
  std::optional<MsgId> msg_id;
  Bytes request, response;
  std::uint32_t request_hash = 0, response_hash = 0, expected_hash = 0;
  std::optional<std::uint32_t> received_hash;
  int reason = 0, reject_code = 0;
  std::uint32_t attempts = 0;
  int phase = 0;
  int frame_kind = 0;
  const std::vector<Frame>* frames = nullptr;
};

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

int code_of(const std::optional<RejectCode>& code) {
  return code ? static_cast<int>(*code) : 0;
}

Expected expected_view(const Effect& effect) {
  Expected x;
  x.kind = static_cast<int>(effect.index());
  std::visit(
      Overloaded{
          [&](const Transmit& e) {
            x.peer = e.peer;
            x.frames = &e.frames;
          },
          [&](const Accepted& e) { x.peer = e.peer, x.msg_id = e.msg_id; },
          [&](const Completed& e) {
            x.peer = e.peer, x.msg_id = e.msg_id;
            x.request = e.request, x.response = e.response;
            x.request_hash = e.request_hash, x.response_hash = e.response_hash;
          },
          [&](const Corrupted& e) {
            x.peer = e.peer, x.msg_id = e.msg_id;
            x.request = e.request, x.response = e.response;
            x.expected_hash = e.expected_hash, x.received_hash = e.received_hash;
          },
          [&](const GaveUp& e) {
            x.peer = e.peer, x.msg_id = e.msg_id, x.request = e.request;
            x.reason = static_cast<int>(e.reason), x.reject_code = code_of(e.reject_code);
            x.attempts = e.attempts, x.phase = static_cast<int>(e.phase);
          },
          [&](const LateCompletion& e) {
            x.peer = e.peer, x.msg_id = e.msg_id, x.response = e.response;
            x.received_hash = e.ack_hash;
          },
          [&](const Deliver& e) { x.peer = e.peer, x.msg_id = e.msg_id, x.request = e.payload; },
          [&](const FlowClosed& e) { x.peer = e.peer, x.msg_id = e.msg_id; },
          [&](const FinMismatch& e) {
            x.peer = e.peer, x.msg_id = e.msg_id, x.response = e.response;
            x.expected_hash = e.expected_hash, x.received_hash = e.received_hash;
          },
          [&](const AckGaveUp& e) {
            x.peer = e.peer, x.msg_id = e.msg_id;
            x.reason = static_cast<int>(e.reason), x.reject_code = code_of(e.reject_code);
            x.attempts = e.attempts;
          },
          [&](const Refused& e) {
            x.reason = static_cast<int>(e.reason), x.peer = e.peer, x.msg_id = e.msg_id;
          },
          [&](const Dropped& e) {
            x.peer = e.peer, x.msg_id = e.msg_id;
            x.reason = static_cast<int>(e.reason);
            x.frame_kind = static_cast<int>(e.kind);
          },
      },
      effect);
  return x;
}

void expect_frame(const asyncflow_frame& c, const Frame& k, const std::string& where) {
  EXPECT_EQ(static_cast<int>(c.kind), static_cast<int>(kind_of(k))) << where;
  const auto id = big_endian(msg_id_of(k));
  EXPECT_EQ(std::vector<std::uint8_t>(std::begin(c.msg_id.bytes), std::end(c.msg_id.bytes)),
            std::vector<std::uint8_t>(id.begin(), id.end()))
      << where;
  std::visit(Overloaded{[&](const NewFrame& f) {
                          EXPECT_EQ(c.has_hash, 0) << where;
                          EXPECT_EQ(c.hash, 0u) << where;
                          EXPECT_EQ(bytes_of(c.payload), f.payload) << where;
                        },
                        [&](const AckFrame& f) {
                          EXPECT_EQ(c.has_hash, f.hash ? 1 : 0) << where;
                          EXPECT_EQ(c.hash, f.hash.value_or(0)) << where;
                          EXPECT_EQ(bytes_of(c.payload), f.payload) << where;
                        },
                        [&](const FinFrame& f) {
                          EXPECT_EQ(c.has_hash, f.hash ? 1 : 0) << where;
                          EXPECT_EQ(c.hash, f.hash.value_or(0)) << where;
                          EXPECT_EQ(c.payload.size, 0u) << where;
                        }},
             k);
}

void expect_effect(const asyncflow_effect& c, const Effect& k, const std::string& where) {
  const Expected x = expected_view(k);
  EXPECT_EQ(static_cast<int>(c.kind), x.kind) << where;
  EXPECT_EQ(c.has_peer, x.peer ? 1 : 0) << where;
  EXPECT_EQ(c.peer.size == 0 ? std::string() : std::string(c.peer.data, c.peer.data + c.peer.size),
            x.peer ? text(*x.peer) : std::string())
      << where;
  EXPECT_EQ(c.has_msg_id, x.msg_id ? 1 : 0) << where;
  const auto id = x.msg_id ? big_endian(*x.msg_id) : std::array<std::uint8_t, 16>{};
  EXPECT_EQ(std::vector<std::uint8_t>(std::begin(c.msg_id.bytes), std::end(c.msg_id.bytes)),
            std::vector<std::uint8_t>(id.begin(), id.end()))
      << where;
  EXPECT_EQ(bytes_of(c.request), x.request) << where << " request";
  EXPECT_EQ(bytes_of(c.response), x.response) << where << " response";
  EXPECT_EQ(c.request_hash, x.request_hash) << where;
  EXPECT_EQ(c.response_hash, x.response_hash) << where;
  EXPECT_EQ(c.expected_hash, x.expected_hash) << where;
  EXPECT_EQ(c.has_received_hash, x.received_hash ? 1 : 0) << where;
  EXPECT_EQ(c.received_hash, x.received_hash.value_or(0)) << where;
  EXPECT_EQ(c.reason, x.reason) << where;
  EXPECT_EQ(c.reject_code, x.reject_code) << where;
  EXPECT_EQ(c.attempts, x.attempts) << where;
  EXPECT_EQ(c.phase, x.phase) << where;
  EXPECT_EQ(static_cast<int>(c.frame_kind), x.frame_kind) << where;
  if (x.frames == nullptr) {
    EXPECT_EQ(c.frames, nullptr) << where;
    EXPECT_EQ(c.frame_count, 0u) << where;
    EXPECT_EQ(c.candid.size, 0u) << where;
    return;
  }
  ASSERT_EQ(c.frame_count, x.frames->size()) << where;
  for (std::size_t i = 0; i < c.frame_count; ++i)
    expect_frame(c.frames[i], (*x.frames)[i], where + " frame " + std::to_string(i));
  if (asyncflow_has_candid()) EXPECT_GT(c.candid.size, 0u) << where;
}

// What the C frames for `frames` are, built from the header's description alone.
std::vector<asyncflow_frame> c_frames(const std::vector<Frame>& frames) {
  std::vector<asyncflow_frame> out;
  for (const Frame& k : frames) {
    asyncflow_frame f;
    std::memset(&f, 0, sizeof f);
    f.kind = static_cast<asyncflow_frame_kind>(kind_of(k));
    f.msg_id = c_id(msg_id_of(k));
    std::visit(Overloaded{[&](const NewFrame& n) {
                            f.payload = {n.payload.data(), n.payload.size()};
                          },
                          [&](const AckFrame& a) {
                            f.has_hash = a.hash ? 1 : 0;
                            f.hash = a.hash.value_or(0);
                            f.payload = {a.payload.data(), a.payload.size()};
                          },
                          [&](const FinFrame& n) {
                            f.has_hash = n.hash ? 1 : 0;
                            f.hash = n.hash.value_or(0);
                          }},
               k);
    out.push_back(f);
  }
  return out;
}

// A C endpoint and its C++ twin, fed the same events.
class Twin {
 public:
  Twin(const char* name, const asyncflow_config& config, std::uint64_t seed) : name_(name) {
    EXPECT_EQ(asyncflow_create(&config, seed, &ep_, nullptr), ASYNCFLOW_OK);
    state_ = std::get<State>(make_state(kernel_config_of(config), seed));
  }
  ~Twin() { asyncflow_destroy(ep_); }
  Twin(const Twin&) = delete;
  Twin& operator=(const Twin&) = delete;

  Peer peer() const { return *Peer::from_text(name_); }

  const Effects& call(TimeMs now, const Twin& to, const Bytes& payload) {
    const std::string p = to.name_;
    EXPECT_EQ(asyncflow_call(ep_, now, reinterpret_cast<const std::uint8_t*>(p.data()), p.size(),
                             payload.data(), payload.size()),
              ASYNCFLOW_OK);
    return mirror(now, CallEvent{to.peer(), payload}, "call");
  }
  const Effects& receive(TimeMs now, const Twin& from, const std::vector<Frame>& frames,
                         std::uint64_t payment = 0) {
    const std::string p = from.name_;
    const auto c = c_frames(frames);
    EXPECT_EQ(asyncflow_receive(ep_, now, reinterpret_cast<const std::uint8_t*>(p.data()), p.size(),
                                c.data(), c.size(), payment),
              ASYNCFLOW_OK);
    return mirror(now, ReceiveEvent{from.peer(), frames, payment}, "receive");
  }
  // The same frames as the Candid a canister receives (the twin gets the frames themselves).
  const Effects& receive_candid(TimeMs now, const Twin& from, const Transmit& transmit,
                                const asyncflow_effect& view, std::uint64_t payment) {
    const std::string p = from.name_;
    asyncflow_decode_error error = -1;
    EXPECT_EQ(
        asyncflow_receive_candid(ep_, now, reinterpret_cast<const std::uint8_t*>(p.data()),
                                 p.size(), view.candid.data, view.candid.size, payment, &error),
        ASYNCFLOW_OK);
    EXPECT_EQ(error, 0);
    return mirror(now, ReceiveEvent{from.peer(), transmit.frames, payment}, "receive_candid");
  }
  const Effects& send_failed(TimeMs now, const Twin& to, const std::vector<Frame>& frames,
                             RejectCode code) {
    const std::string p = to.name_;
    std::vector<asyncflow_frame_ref> refs;
    std::vector<FrameRef> k;
    for (const Frame& f : frames) {
      refs.push_back({static_cast<asyncflow_frame_kind>(kind_of(f)), c_id(msg_id_of(f))});
      k.push_back(ref_of(f));
    }
    EXPECT_EQ(asyncflow_send_failed(ep_, now, reinterpret_cast<const std::uint8_t*>(p.data()),
                                    p.size(), refs.data(), refs.size(), static_cast<int>(code)),
              ASYNCFLOW_OK);
    return mirror(now, SendFailedEvent{to.peer(), k, code}, "send_failed");
  }
  const Effects& respond(TimeMs now, const Twin& to, const MsgId& id, const Bytes& payload) {
    const std::string p = to.name_;
    const asyncflow_msg_id cid = c_id(id);
    EXPECT_EQ(asyncflow_respond(ep_, now, reinterpret_cast<const std::uint8_t*>(p.data()), p.size(),
                                &cid, payload.data(), payload.size()),
              ASYNCFLOW_OK);
    return mirror(now, RespondEvent{to.peer(), id, payload}, "respond");
  }
  const Effects& tick(TimeMs now) {
    EXPECT_EQ(asyncflow_tick(ep_, now), ASYNCFLOW_OK);
    return mirror(now, TickEvent{}, "tick");
  }

  const asyncflow_effect& view(std::size_t i) const {
    std::size_t n = 0;
    return asyncflow_effects(ep_, &n)[i];
  }
  const State& state() const { return state_; }
  const std::set<std::string>& seen() const { return seen_; }

 private:
  const Effects& mirror(TimeMs now, EventBody body, const char* what) {
    effects_.clear();
    step_in_place(state_, Event{now, std::move(body)}, effects_);
    const std::string where = std::string(name_) + " " + what + " @" + std::to_string(now);
    std::size_t count = 99;
    const asyncflow_effect* views = asyncflow_effects(ep_, &count);
    EXPECT_EQ(count, effects_.size()) << where;
    for (std::size_t i = 0; i < std::min(count, effects_.size()); ++i) {
      expect_effect(views[i], effects_[i], where + " effect " + std::to_string(i));
      note(effects_[i]);
    }
    check_observations(where);
    return effects_;
  }

  void note(const Effect& e) {
    std::string tag = std::to_string(e.index());
    if (auto* g = std::get_if<GaveUp>(&e)) tag += "/phase" + std::to_string(int(g->phase));
    if (auto* l = std::get_if<LateCompletion>(&e)) tag += l->ack_hash ? "/hash" : "/nohash";
    if (auto* r = std::get_if<Refused>(&e)) tag += r->msg_id ? "/id" : "/noid";
    if (auto* d = std::get_if<Dropped>(&e)) tag += "/kind" + std::to_string(int(d->kind));
    seen_.insert(tag);
  }

  void check_observations(const std::string& where) {
    asyncflow_metrics c;
    std::memset(&c, 0xAB, sizeof c);
    asyncflow_get_metrics(ep_, &c);
    const Metrics m = metrics(state_);
#define ASYNCFLOW_GAUGE(f) EXPECT_EQ(c.f, m.f) << where << " metric " #f;
#define ASYNCFLOW_COUNTER(f) EXPECT_EQ(c.f, m.counters.f) << where << " metric " #f;
    ASYNCFLOW_GAUGE_FIELDS(ASYNCFLOW_GAUGE)
    ASYNCFLOW_COUNTER_FIELDS(ASYNCFLOW_COUNTER)
#undef ASYNCFLOW_GAUGE
#undef ASYNCFLOW_COUNTER
    for (std::size_t i = 0; i < 10; ++i) {
      EXPECT_EQ(c.refusals[i], m.counters.refusals[i]) << where << " refusals[" << i << "]";
      EXPECT_EQ(c.drops[i], m.counters.drops[i]) << where << " drops[" << i << "]";
    }
    std::uint64_t deadline = 12345;
    const auto k = next_deadline(state_);
    EXPECT_EQ(asyncflow_next_deadline(ep_, &deadline), k ? 1 : 0) << where;
    if (k) EXPECT_EQ(deadline, *k) << where;
    // The snapshot fits a buffer of exactly its size, and is the twin's.
    const Bytes expected = snapshot(state_);
    std::size_t size = 0;
    Bytes bytes(expected.size());
    EXPECT_EQ(asyncflow_snapshot(ep_, bytes.data(), bytes.size(), &size), ASYNCFLOW_OK) << where;
    EXPECT_EQ(size, expected.size()) << where;
    EXPECT_EQ(bytes, expected) << where;
    EXPECT_EQ(asyncflow_check_invariants(ep_), nullptr) << where;
  }

  const char* name_;
  asyncflow_endpoint* ep_ = nullptr;
  State state_;
  Effects effects_;
  std::set<std::string> seen_;
};

template <class T>
const T* find(const Effects& effects) {
  for (const Effect& e : effects)
    if (auto* t = std::get_if<T>(&e)) return t;
  return nullptr;
}

template <class T>
std::size_t index_of(const Effects& effects) {
  for (std::size_t i = 0; i < effects.size(); ++i)
    if (std::holds_alternative<T>(effects[i])) return i;
  return effects.size();
}

constexpr TimeMs t0 = 1'700'000'000'000;

asyncflow_config test_config() {
  asyncflow_config c;
  asyncflow_config_defaults(&c);
  c.retry_initial_ms = 1'000;
  c.retry_interval_max_ms = 4'000;
  c.send_attempts_max = 3;
  c.ack_attempts_max = 2;
  c.clock_skew_ms = 500;
  c.payload_bytes_max = 64;
  c.frames_per_transmission_max = 4;
  c.new_payment_min_cycles = 10;
  return c;
}

Bytes b(const char* s) {
  return Bytes(s, s + std::strlen(s));
}

TEST(CapiEffects, EveryKindMatchesTheKernelFieldByField) {
  const asyncflow_config config = test_config();
  Twin a("alice", config, 11), bob("bob", config, 22);
  std::set<std::string> seen;
  TimeMs now = t0;

  // 1. A call that completes, through Candid with the payment it needs.
  const Effects& called = a.call(now, bob, b("pay 5"));
  ASSERT_NE(find<Accepted>(called), nullptr);
  const MsgId id1 = find<Accepted>(called)->msg_id;
  const Transmit new1 = *find<Transmit>(called);
  const std::size_t new1_at = index_of<Transmit>(called);
  const Effects& delivered =
      bob.receive_candid(now + 5, a, new1, a.view(new1_at), config.new_payment_min_cycles);
  ASSERT_NE(find<Deliver>(delivered), nullptr);
  const Effects& acked = bob.respond(now + 6, a, id1, b("done 5"));
  const Transmit ack1 = *find<Transmit>(acked);
  const Effects& completed = a.receive(now + 7, bob, ack1.frames);
  ASSERT_NE(find<Completed>(completed), nullptr);
  const Transmit fin1 = *find<Transmit>(completed);
  ASSERT_NE(find<FlowClosed>(bob.receive(now + 8, a, fin1.frames)), nullptr);

  // 2. An ACK whose hash is not the request's: Corrupted.
  const MsgId id2 = find<Accepted>(a.call(now + 10, bob, b("second")))->msg_id;
  const Effects& corrupted =
      a.receive(now + 11, bob, {AckFrame{id2, crc32(b("other")), b("reply 2")}});
  ASSERT_NE(find<Corrupted>(corrupted), nullptr);

  // 3. A FIN whose hash is not the response's: FinMismatch at the receiver.
  const Effects& third = a.call(now + 20, bob, b("third"));
  const MsgId id3 = find<Accepted>(third)->msg_id;
  bob.receive(now + 21, a, find<Transmit>(third)->frames, 10);
  bob.respond(now + 22, a, id3, b("reply 3"));
  ASSERT_NE(find<FinMismatch>(bob.receive(now + 23, a, {FinFrame{id3, crc32(b("not it"))}})),
            nullptr);

  // 4. A permanent reject of the NEW: GaveUp, never delivered, with the code.
  const Effects& fourth = a.call(now + 30, bob, b("fourth"));
  const MsgId id4 = find<Accepted>(fourth)->msg_id;
  ASSERT_NE(find<GaveUp>(a.send_failed(now + 31, bob, find<Transmit>(fourth)->frames,
                                       RejectCode::DestinationInvalid)),
            nullptr);
  // ... and its ACK arriving after all (without a hash): LateCompletion.
  ASSERT_NE(find<LateCompletion>(a.receive(now + 32, bob, {AckFrame{id4, std::nullopt, b("x")}})),
            nullptr);

  // 5. A NEW retried until the attempts run out: GaveUp, unacknowledged; then a late ACK with
  //    a hash.
  const Effects& fifth = a.call(now + 40, bob, b("fifth"));
  const MsgId id5 = find<Accepted>(fifth)->msg_id;
  bob.receive(now + 41, a, find<Transmit>(fifth)->frames, 10);
  TimeMs later = now + 40;
  bool gave_up = false;
  for (int i = 0; i < 40 && !gave_up; ++i) gave_up = find<GaveUp>(a.tick(later += 500)) != nullptr;
  ASSERT_TRUE(gave_up);
  const Effects& answered = bob.respond(later, a, id5, b("reply 5"));
  ASSERT_NE(find<LateCompletion>(a.receive(later + 1, bob, find<Transmit>(answered)->frames)),
            nullptr);

  // 6. An ACK nobody FINs: the receiver gives up on it (retries), and one rejected for good.
  const Effects& sixth = a.call(later + 10, bob, b("sixth"));
  const MsgId id6 = find<Accepted>(sixth)->msg_id;
  bob.receive(later + 11, a, find<Transmit>(sixth)->frames, 10);
  const Effects& ack6 = bob.respond(later + 12, a, id6, b("reply 6"));
  ASSERT_NE(find<AckGaveUp>(bob.send_failed(later + 13, a, find<Transmit>(ack6)->frames,
                                            RejectCode::CanisterReject)),
            nullptr);
  const Effects& seventh = a.call(later + 20, bob, b("seventh"));
  const MsgId id7 = find<Accepted>(seventh)->msg_id;
  bob.receive(later + 21, a, find<Transmit>(seventh)->frames, 10);
  bob.respond(later + 22, a, id7, b("reply 7"));
  bool ack_gave_up = false;
  for (int i = 0; i < 20 && !ack_gave_up; ++i)
    ack_gave_up = find<AckGaveUp>(bob.tick(later + 22 + 5'000 * (i + 1))) != nullptr;
  EXPECT_TRUE(ack_gave_up);

  // 7. Refusals with and without an id; drops of each frame kind.
  const TimeMs then = later + 200'000;
  ASSERT_NE(find<Refused>(bob.respond(then, a, MsgId{1, 2}, b("nobody asked"))), nullptr);
  ASSERT_NE(find<Refused>(a.call(then + 1, bob, Bytes(65, 'x'))), nullptr);
  ASSERT_NE(
      find<Dropped>(bob.receive(then + 2, a, {NewFrame{MsgId::from_parts(then, 1, 2), b("p")}}, 9)),
      nullptr);  // under-paid
  std::vector<Frame> many(5, Frame{FinFrame{MsgId{3, 4}, 7u}});
  ASSERT_NE(find<Dropped>(bob.receive(then + 3, a, many)), nullptr);  // too many: a FIN
  std::vector<Frame> acks(5, Frame{AckFrame{MsgId{5, 6}, 8u, b("r")}});
  ASSERT_NE(find<Dropped>(bob.receive(then + 4, a, acks)), nullptr);  // too many: an ACK

  for (const Twin* t : {&a, &bob}) seen.insert(t->seen().begin(), t->seen().end());
  for (const char* kind : {"0", "1", "2", "3", "4/phase1", "4/phase2", "5/hash", "5/nohash", "6",
                           "7", "8", "9", "10/id", "10/noid", "11/kind0", "11/kind1", "11/kind2"})
    EXPECT_TRUE(seen.count(kind)) << "no effect " << kind << " was checked";
}

TEST(CapiEffects, FramesOfEveryKindAndHashCrossTheMirrorBothWays) {
  const asyncflow_config config = test_config();
  Twin a("alice", config, 3), bob("bob", config, 4);
  // ACKs and FINs with and without hashes, for flows the receiver does not know: the twin and
  // the C endpoint must see the same frames (duplicates counted, FINs for ACKs answered).
  const MsgId id = MsgId::from_parts(t0, 0x1234, 0x0102030405060708ull);
  a.receive(t0, bob,
            {AckFrame{id, 0xDEADBEEFu, b("r1")}, AckFrame{id, std::nullopt, b("r2")},
             FinFrame{id, 0x01020304u}, FinFrame{id, std::nullopt}});
  a.tick(t0 + 10'000);
}

TEST(CapiEffects, HeldFinsAndTheirReleaseMatchTheKernel) {
  // With a FIN delay the caller holds FINs: the gauges that count them, the FIN timer behind
  // the next deadline and the FINs riding along with a later NEW must all match.
  asyncflow_config config = test_config();
  config.fin_delay_ms = 50;
  Twin a("alice", config, 5), bob("bob", config, 6);
  const Effects& first = a.call(t0, bob, b("one"));
  const MsgId id = find<Accepted>(first)->msg_id;
  bob.receive(t0 + 1, a, find<Transmit>(first)->frames, 10);
  const Effects& ack = bob.respond(t0 + 2, a, id, b("r1"));
  EXPECT_EQ(find<Transmit>(a.receive(t0 + 3, bob, find<Transmit>(ack)->frames)), nullptr);
  ASSERT_EQ(metrics(a.state()).pending_fins, 1U);
  const Effects& second = a.call(t0 + 4, bob, b("two"));  // the held FIN rides along
  ASSERT_NE(find<Transmit>(second), nullptr);
  EXPECT_EQ(find<Transmit>(second)->frames.size(), 2U);
  a.tick(t0 + 100);
}

TEST(CapiInput, FrameKindsOutsideTheEnumAreRefused) {
  const asyncflow_config config = test_config();
  asyncflow_endpoint* ep = nullptr;
  ASSERT_EQ(asyncflow_create(&config, 1, &ep, nullptr), ASYNCFLOW_OK);
  const std::uint8_t peer[] = {'b', 'o', 'b'};
  for (int kind : {-1, 3, 4, 255}) {
    asyncflow_frame f;
    std::memset(&f, 0, sizeof f);
    std::memcpy(&f.kind, &kind, sizeof kind);
    EXPECT_EQ(asyncflow_receive(ep, t0, peer, sizeof peer, &f, 1, 0), ASYNCFLOW_ERR_BAD_FRAME_KIND)
        << kind;
    asyncflow_frame_ref r;
    std::memset(&r, 0, sizeof r);
    std::memcpy(&r.kind, &kind, sizeof kind);
    EXPECT_EQ(asyncflow_send_failed(ep, t0, peer, sizeof peer, &r, 1, 2),
              ASYNCFLOW_ERR_BAD_FRAME_KIND)
        << kind;
  }
  asyncflow_destroy(ep);
}

}  // namespace
