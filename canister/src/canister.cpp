// The canister library: the IC's entry points around the kernel's step (docs/canister.md).
#include "asyncflow/canister.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "asyncflow/canister/ic0.hpp"
#include "asyncflow/snapshot.hpp"
#include "asyncflow/wire/candid.hpp"
#include "metrics_candid.hpp"

extern "C" void __wasm_call_ctors();

namespace asyncflow::canister {
namespace {

#define ADDR(p) reinterpret_cast<std::uintptr_t>(p)

// One inter-canister call in flight: what to tell the kernel if it is rejected.
struct InFlightCall {
  Peer peer;
  std::vector<FrameRef> frames;
};

struct Globals {
  Setup setup;
  std::optional<State> state;
  std::map<Peer, Dialect> dialects;
  std::map<std::uint32_t, InFlightCall> calls;  // by callback env; lost at an upgrade (see docs)
  std::uint32_t next_env = 1;
  bool seeded = false;  // the ULID generator has had raw_rand's bytes
  bool seed_requested = false;
  bool dirty = false;     // the kernel stepped in this message
  bool in_entry = false;  // inside one of the library's entry points (they finish() themselves)
  Effects scratch;
};

Globals* g = nullptr;

// Marks a library entry point: call_async and respond called from the handlers it runs leave
// arming the timer and persisting to its end, once per message.
struct Entry {
  Entry() { g->in_entry = true; }
  ~Entry() { g->in_entry = false; }
  Entry(const Entry&) = delete;
  Entry& operator=(const Entry&) = delete;
};

constexpr std::uint8_t kEmptyCandid[] = {'D', 'I', 'D', 'L', 0, 0};
constexpr std::uint8_t kImageMagic[4] = {'A', 'F', 'C', 'N'};
constexpr std::uint32_t kImageVersion = 1;
constexpr std::uint64_t kPageBytes = 65536;

void reply_raw(std::span<const std::uint8_t> bytes) {
  ic0::msg_reply_data_append(ADDR(bytes.data()), static_cast<std::uint32_t>(bytes.size()));
  ic0::msg_reply();
}

Peer peer_from(std::span<const std::uint8_t> bytes) {
  auto p = Peer::from_bytes(bytes);
  if (!p) trap("asyncflow: a principal of 0 or more than 29 bytes");
  return *p;
}

// ---- effects ----

void run(EventBody body);

extern "C" void asyncflow_on_reply(std::uint32_t env) {
  if (g) g->calls.erase(env);  // the peer took the transmission; the protocol answers by its own
}

void finish();

extern "C" void asyncflow_on_reject(std::uint32_t env) {
  if (!g) return;
  Entry entry;
  auto it = g->calls.find(env);
  if (it == g->calls.end()) return;  // made before an upgrade: the kernel's timer retries anyway
  InFlightCall call = std::move(it->second);
  g->calls.erase(it);
  const auto code = reject_code_from_int(static_cast<int>(ic0::msg_reject_code()));
  run(SendFailedEvent{call.peer, std::move(call.frames), code.value_or(RejectCode::SysTransient)});
  finish();
}

std::uint64_t balance_low64() {
  std::array<std::uint64_t, 2> b{};
  ic0::canister_cycle_balance128(ADDR(b.data()));
  return b[1] != 0 ? ~std::uint64_t{0} : b[0];
}

// One IC call carrying `frames`; false (and nothing sent) when call_perform fails synchronously
// or the balance cannot pay the attached cycles.
bool perform(const Peer& peer, std::string_view method, const Bytes& arg,
             std::vector<FrameRef> frames, std::size_t news) {
  const Settings& st = g->setup.settings;
  const std::uint64_t cycles = st.cycles_per_new * news;
  if (cycles > 0 && (cycles / news != st.cycles_per_new || cycles > balance_low64())) return false;
  const std::uint32_t env = g->next_env++;
  const auto callee = peer.bytes();
  ic0::call_new(ADDR(callee.data()), static_cast<std::uint32_t>(callee.size()), ADDR(method.data()),
                static_cast<std::uint32_t>(method.size()), ADDR(&asyncflow_on_reply), env,
                ADDR(&asyncflow_on_reject), env);
  if (st.best_effort_timeout_s > 0) ic0::call_with_best_effort_response(st.best_effort_timeout_s);
  if (cycles > 0) ic0::call_cycles_add128(0, cycles);
  ic0::call_data_append(ADDR(arg.data()), static_cast<std::uint32_t>(arg.size()));
  if (ic0::call_perform() != 0) return false;
  g->calls.emplace(env, InFlightCall{peer, std::move(frames)});
  return true;
}

std::string_view method_of(FrameKind kind, Dialect dialect) {
  switch (kind) {
    case FrameKind::New:
      return "com_asyncFlow_newMessage";
    case FrameKind::Ack:
      return "com_asyncFlow_ack";
    case FrameKind::Fin:
      return dialect == Dialect::Maf ? "com_asyncFlow_fin" : "com_asyncFlow_ackack";
  }
  return "";
}

Bytes encode_single(const Frame& f) {
  if (auto* n = std::get_if<NewFrame>(&f)) return wire::encode_new(*n);
  if (auto* a = std::get_if<AckFrame>(&f)) return wire::encode_ack(*a);
  return wire::encode_fin(std::get<FinFrame>(f));
}

void transmit(const Transmit& t, std::vector<SendFailedEvent>& failed) {
  const Dialect d = dialect_of(t.peer);
  auto one = [&](const Frame& f, const Bytes& arg) {
    const FrameKind k = kind_of(f);
    if (!perform(t.peer, method_of(k, d), arg, {ref_of(f)}, k == FrameKind::New ? 1 : 0))
      failed.push_back(SendFailedEvent{t.peer, {ref_of(f)}, RejectCode::SysTransient});
  };
  if (d == Dialect::Maf) {  // maf takes one variant per call
    for (const Frame& f : t.frames) one(f, wire::encode_frame(f));
    return;
  }
  if (t.frames.size() == 1) return one(t.frames.front(), encode_single(t.frames.front()));
  std::vector<FrameRef> refs;
  std::size_t news = 0;
  for (const Frame& f : t.frames) {
    refs.push_back(ref_of(f));
    news += kind_of(f) == FrameKind::New ? 1 : 0;
  }
  if (!perform(t.peer, "asyncFlow", wire::encode_batch(t.frames), refs, news))
    failed.push_back(SendFailedEvent{t.peer, std::move(refs), RejectCode::SysTransient});
}

template <class E>
void call(void (*handler)(const E&), const Effect& e) {
  if (handler) handler(std::get<E>(e));
}

void dispatch(const Effects& effects) {
  const Handlers& h = g->setup.handlers;
  std::vector<SendFailedEvent> failed;
  for (const Effect& e : effects) {
    switch (e.index()) {
      case 0:
        transmit(std::get<Transmit>(e), failed);
        break;
      case 1:
        break;  // Accepted: call_async returns the id
      case 2:
        call(h.on_return, e);
        break;
      case 3:
        call(h.on_corrupted, e);
        break;
      case 4:
        call(h.on_give_up, e);
        break;
      case 5:
        call(h.on_late_completion, e);
        break;
      case 6:
        call(h.on_request, e);
        break;
      case 7:
        call(h.on_closed, e);
        break;
      case 8:
        call(h.on_fin_mismatch, e);
        break;
      case 9:
        call(h.on_ack_give_up, e);
        break;
      case 10:
        call(h.on_refused, e);
        break;
      case 11:
        call(h.on_dropped, e);
        break;
    }
  }
  for (SendFailedEvent& f : failed) run(std::move(f));
}

// Steps the kernel and carries out the effects (handlers may step it again: respond()).
Effects step_collect(EventBody body) {
  Effects effects;
  step_in_place(*g->state, Event{now_ms(), std::move(body)}, effects);
  g->dirty = true;
  return effects;
}

void run(EventBody body) {
  const Effects effects = step_collect(std::move(body));
  dispatch(effects);
}

// ---- stable memory image ----
// At offset 0: "AFCN" u32:version u32:flags (bit 0: seeded) u32:next callback env u64:kernel
// bytes u64:app bytes u64:dialect bytes, then the kernel's snapshot, the app's bytes and the
// dialect table, then a CRC-32 of everything before it.

void put_u32(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_u64(Bytes& b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_le(const std::uint8_t* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}
constexpr std::size_t kHeaderBytes = 4 + 4 + 4 + 4 + 8 + 8 + 8;

void write_image() {
  const Bytes kernel = snapshot(*g->state);
  const Bytes app = g->setup.handlers.save ? g->setup.handlers.save() : Bytes{};
  Bytes dialects;
  put_u32(dialects, static_cast<std::uint32_t>(g->dialects.size()));
  for (const auto& [peer, d] : g->dialects) {
    dialects.push_back(static_cast<std::uint8_t>(peer.size()));
    dialects.insert(dialects.end(), peer.bytes().begin(), peer.bytes().end());
    dialects.push_back(static_cast<std::uint8_t>(d));
  }
  Bytes image(kImageMagic, kImageMagic + 4);
  image.reserve(kHeaderBytes + kernel.size() + app.size() + dialects.size() + 4);
  put_u32(image, kImageVersion);
  put_u32(image, g->seeded ? 1 : 0);
  // Callback envs keep counting across upgrades, so a response to a call made before an upgrade
  // is never taken for one made after it.
  put_u32(image, g->next_env);
  put_u64(image, kernel.size());
  put_u64(image, app.size());
  put_u64(image, dialects.size());
  image.insert(image.end(), kernel.begin(), kernel.end());
  image.insert(image.end(), app.begin(), app.end());
  image.insert(image.end(), dialects.begin(), dialects.end());
  put_u32(image, crc32(image));
  const std::uint64_t need = (image.size() + kPageBytes - 1) / kPageBytes;
  const std::uint64_t have = ic0::stable64_size();
  if (need > have && ic0::stable64_grow(need - have) < 0) trap("asyncflow: stable memory is full");
  ic0::stable64_write(0, ADDR(image.data()), image.size());
}

// Restores the image, or traps (which rolls the upgrade back) when it is not one we can read.
void read_image() {
  if (ic0::stable64_size() == 0) return;  // nothing was ever written: a fresh state
  std::uint8_t h[kHeaderBytes];
  ic0::stable64_read(ADDR(h), 0, kHeaderBytes);
  if (std::memcmp(h, kImageMagic, 4) != 0)
    trap("asyncflow: stable memory holds no asyncflow image (bad magic); upgrade refused");
  const auto version = static_cast<std::uint32_t>(get_le(h + 4, 4));
  if (version != kImageVersion)
    trap("asyncflow: stable image version " + std::to_string(version) +
         " is not one this module reads (1); upgrade refused");
  const std::uint64_t kn = get_le(h + 16, 8), an = get_le(h + 24, 8), dn = get_le(h + 32, 8);
  const std::uint64_t total = kHeaderBytes + kn + an + dn + 4;
  if (kn > (1ULL << 32) || an > (1ULL << 32) || dn > (1ULL << 32) ||
      total > ic0::stable64_size() * kPageBytes)
    trap("asyncflow: stable image lengths exceed the stable memory; upgrade refused");
  Bytes image(static_cast<std::size_t>(total));
  ic0::stable64_read(ADDR(image.data()), 0, total);
  const std::span<const std::uint8_t> all(image);
  if (crc32(all.first(image.size() - 4)) !=
      static_cast<std::uint32_t>(get_le(image.data() + image.size() - 4, 4)))
    trap("asyncflow: stable image checksum mismatch (corrupt); upgrade refused");
  const auto k = static_cast<std::size_t>(kn), a = static_cast<std::size_t>(an);
  auto restored = restore(all.subspan(kHeaderBytes, k));
  if (auto* err = std::get_if<RestoreError>(&restored))
    trap(std::string("asyncflow: the kernel snapshot does not restore: ") +
         std::string(name_of(*err)) + "; upgrade refused");
  g->state = std::move(std::get<State>(restored));
  g->seeded = (get_le(h + 8, 4) & 1) != 0;
  g->next_env = static_cast<std::uint32_t>(get_le(h + 12, 4));
  if (g->setup.handlers.load) g->setup.handlers.load(all.subspan(kHeaderBytes + k, a));
  const std::uint8_t* p = image.data() + kHeaderBytes + k + a;
  const std::uint8_t* end = p + dn;
  if (dn < 4) trap("asyncflow: stable image dialect table truncated");
  std::uint64_t count = get_le(p, 4);
  p += 4;
  for (; count > 0; --count) {
    if (p >= end || p + 1 + *p + 1 > end) trap("asyncflow: stable image dialect table truncated");
    const std::size_t n = *p++;
    g->dialects[peer_from({p, n})] = static_cast<Dialect>(p[n]);
    p += n + 1;
  }
}

// ---- timers and the ULID seed ----

void arm_timer() {
  const auto next = next_deadline(*g->state);
  // A deadline already past fires at the next round; 0 deactivates the timer.
  ic0::global_timer_set(next ? std::max<std::uint64_t>(*next, 1) * 1'000'000 : 0);
}

void finish() {
  if (!g->seeded && !g->seed_requested) {
    // The seed must come from raw_rand, an inter-canister call, which init cannot make: a timer
    // due now makes it (see docs/canister.md: ids before it answers are unique, not secret).
    ic0::global_timer_set(1);
  } else {
    arm_timer();
  }
  if (g->dirty && g->setup.settings.persistence == Persistence::EveryMessage) write_image();
  g->dirty = false;
}

extern "C" void asyncflow_on_raw_rand(std::uint32_t) {
  Entry entry;
  const Bytes r = arg_data();
  if (r.size() >= 32) {
    std::uint64_t seed = 0;
    for (std::size_t i = r.size() - 32; i < r.size(); ++i) seed = seed * 0x100000001b3ULL ^ r[i];
    g->state->ids.rng_state ^= seed;
    g->seeded = true;
    g->dirty = true;
  }
  finish();
}
extern "C" void asyncflow_on_raw_rand_reject(std::uint32_t) {
  g->seed_requested = false;
  finish();  // asks again at the next timer
}

void request_seed() {
  static constexpr char kMethod[] = "raw_rand";
  ic0::call_new(0, 0, ADDR(kMethod), sizeof kMethod - 1, ADDR(&asyncflow_on_raw_rand), 0,
                ADDR(&asyncflow_on_raw_rand_reject), 0);
  ic0::call_data_append(ADDR(kEmptyCandid), sizeof kEmptyCandid);
  g->seed_requested = ic0::call_perform() == 0;
}

void start(bool upgrade) {
  __wasm_call_ctors();
  g = new Globals;
  asyncflow_canister_setup(g->setup);
  if (upgrade) read_image();
  if (!g->state) {
    // Until raw_rand answers, ids draw on the time and the canister's own id: unique, guessable.
    std::uint64_t seed = ic0::time();
    for (std::uint8_t b : self().bytes()) seed = seed * 0x100000001b3ULL ^ b;
    auto made = make_state(g->setup.settings.config, seed);
    if (auto* err = std::get_if<ConfigError>(&made))
      trap(std::string("asyncflow: invalid config: ") + std::string(name_of(*err)));
    g->state = std::move(std::get<State>(made));
    g->dirty = true;
  }
  finish();
}

// ---- incoming frames ----

void receive(std::string_view method) {
  Entry entry;
  const Peer from = caller();
  const Bytes arg = arg_data();
  wire::DecodeLimits limits;
  limits.payload_bytes_max = static_cast<std::size_t>(g->state->config.payload_bytes_max);
  limits.frames_max = g->state->config.frames_per_transmission_max;
  auto decoded = wire::decode_call(method, arg, limits);
  if (auto* err = std::get_if<wire::DecodeError>(&decoded)) {
    const std::string why = std::string("asyncflow: cannot decode ") + std::string(method) + ": " +
                            std::string(wire::name_of(*err));
    ic0::msg_reject(ADDR(why.data()), static_cast<std::uint32_t>(why.size()));
    return;
  }
  auto& frames = std::get<std::vector<Frame>>(decoded);
  // Cycles first: once the call is answered the rest goes back to the caller.
  std::uint64_t payment = 0;
  const std::uint64_t min = g->state->config.new_payment_min_cycles;
  if (min > 0) {
    const auto news = static_cast<std::uint64_t>(std::count_if(
        frames.begin(), frames.end(), [](const Frame& f) { return kind_of(f) == FrameKind::New; }));
    std::array<std::uint64_t, 2> got{};
    ic0::msg_cycles_accept128(0, min * news, ADDR(got.data()));
    payment = got[0];
  }
  // The IC reply only closes the caller's call context; the protocol answers with its own calls.
  reply_raw(kEmptyCandid);
  run(ReceiveEvent{from, std::move(frames), payment});
  finish();
}

}  // namespace

// ---- the public API ----

Peer self() {
  std::array<std::uint8_t, Peer::kBytesMax> b{};
  const std::uint32_t n = ic0::canister_self_size();
  if (n > b.size()) trap("asyncflow: canister id longer than 29 bytes");
  ic0::canister_self_copy(ADDR(b.data()), 0, n);
  return peer_from({b.data(), n});
}

Peer caller() {
  std::array<std::uint8_t, Peer::kBytesMax> b{};
  const std::uint32_t n = ic0::msg_caller_size();
  if (n > b.size()) trap("asyncflow: caller principal longer than 29 bytes");
  ic0::msg_caller_copy(ADDR(b.data()), 0, n);
  return peer_from({b.data(), n});
}

std::variant<MsgId, RefusalReason> call_async(const Peer& callee, Bytes payload) {
  Effects effects = step_collect(CallEvent{callee, std::move(payload)});
  std::variant<MsgId, RefusalReason> out = RefusalReason::UnknownRequest;
  for (const Effect& e : effects) {
    if (auto* a = std::get_if<Accepted>(&e)) out = a->msg_id;
    if (auto* r = std::get_if<Refused>(&e)) out = r->reason;
  }
  dispatch(effects);
  if (!g->in_entry) finish();
  return out;
}

std::optional<RefusalReason> respond(const Peer& to, MsgId msg_id, Bytes payload) {
  Effects effects = step_collect(RespondEvent{to, msg_id, std::move(payload)});
  std::optional<RefusalReason> out;
  for (const Effect& e : effects)
    if (auto* r = std::get_if<Refused>(&e)) out = r->reason;
  dispatch(effects);
  if (!g->in_entry) finish();
  return out;
}

void set_dialect(const Peer& peer, Dialect dialect) {
  if (dialect == Dialect::AsyncFlow)
    g->dialects.erase(peer);
  else
    g->dialects[peer] = dialect;
  g->dirty = true;
}

Dialect dialect_of(const Peer& peer) {
  auto it = g->dialects.find(peer);
  return it == g->dialects.end() ? Dialect::AsyncFlow : it->second;
}

const State& state() {
  return *g->state;
}
Metrics current_metrics() {
  return metrics(*g->state);
}
TimeMs now_ms() {
  return ic0::time() / 1'000'000;
}

void trap(std::string_view message) {
  ic0::trap(ADDR(message.data()), static_cast<std::uint32_t>(message.size()));
}
void print(std::string_view message) {
  ic0::debug_print(ADDR(message.data()), static_cast<std::uint32_t>(message.size()));
}

Bytes arg_data() {
  Bytes b(ic0::msg_arg_data_size());
  ic0::msg_arg_data_copy(ADDR(b.data()), 0, static_cast<std::uint32_t>(b.size()));
  return b;
}
void reply(std::span<const std::uint8_t> bytes) {
  reply_raw(bytes);
}

}  // namespace asyncflow::canister

// ---- the canister's entry points ----
namespace af = asyncflow::canister;

#define EXPORT(name) extern "C" __attribute__((export_name(name)))

EXPORT("canister_init") void asyncflow_canister_init() {
  af::start(false);
}
EXPORT("canister_post_upgrade") void asyncflow_canister_post_upgrade() {
  af::start(true);
}
EXPORT("canister_pre_upgrade") void asyncflow_canister_pre_upgrade() {
  // EveryMessage wrote the image after each message that changed anything; PreUpgrade writes it
  // now. The app's state goes with it (Handlers::save).
  if (af::g->setup.settings.persistence == af::Persistence::PreUpgrade || af::g->dirty)
    af::write_image();
}
EXPORT("canister_global_timer") void asyncflow_canister_global_timer() {
  af::Entry entry;
  if (!af::g->seeded && !af::g->seed_requested) af::request_seed();
  af::run(asyncflow::TickEvent{});
  af::finish();
}
EXPORT("canister_update com_asyncFlow_newMessage") void asyncflow_canister_new() {
  af::receive("com_asyncFlow_newMessage");
}
EXPORT("canister_update com_asyncFlow_ack") void asyncflow_canister_ack() {
  af::receive("com_asyncFlow_ack");
}
EXPORT("canister_update com_asyncFlow_ackack") void asyncflow_canister_ackack() {
  af::receive("com_asyncFlow_ackack");
}
EXPORT("canister_update com_asyncFlow_fin") void asyncflow_canister_fin() {
  af::receive("com_asyncFlow_fin");
}
EXPORT("canister_update asyncFlow") void asyncflow_canister_batch() {
  af::receive("asyncFlow");
}
EXPORT("canister_query metrics") void asyncflow_canister_metrics() {
  af::reply_raw(af::encode_metrics(af::current_metrics()));
}
// The IC HTTP gateway's query: the metrics as Prometheus text, whatever the path (the request is
// not decoded).
EXPORT("canister_query http_request") void asyncflow_canister_http_request() {
  const std::string body = af::prometheus_text(af::current_metrics());
  af::reply_raw(af::encode_http_response(200, "text/plain; version=0.0.4", body));
}
