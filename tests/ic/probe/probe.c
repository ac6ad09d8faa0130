// A tiny canister that exercises the IC system API, for tests/ic/host_test.js: each method does
// one thing the interface specification defines, so the test can check the host's answer
// against the specification's rule. Built with clang for wasm32 with no C library at all
// (tests/ic/build-canisters): it imports only ic0.
#include <stdint.h>

#define IC0(name) __attribute__((import_module("ic0"), import_name(#name)))
#define EXPORT(name) __attribute__((export_name(name)))

IC0(msg_arg_data_size) uint32_t ic0_msg_arg_data_size(void);
IC0(msg_arg_data_copy) void ic0_msg_arg_data_copy(uint32_t dst, uint32_t off, uint32_t size);
IC0(msg_caller_size) uint32_t ic0_msg_caller_size(void);
IC0(msg_caller_copy) void ic0_msg_caller_copy(uint32_t dst, uint32_t off, uint32_t size);
IC0(msg_reply_data_append) void ic0_msg_reply_data_append(uint32_t src, uint32_t size);
IC0(msg_reply) void ic0_msg_reply(void);
IC0(msg_reject) void ic0_msg_reject(uint32_t src, uint32_t size);
IC0(msg_reject_code) uint32_t ic0_msg_reject_code(void);
IC0(msg_reject_msg_size) uint32_t ic0_msg_reject_msg_size(void);
IC0(msg_reject_msg_copy) void ic0_msg_reject_msg_copy(uint32_t dst, uint32_t off, uint32_t size);
IC0(msg_cycles_available128) void ic0_msg_cycles_available128(uint32_t dst);
IC0(msg_cycles_accept128) void ic0_msg_cycles_accept128(uint64_t hi, uint64_t lo, uint32_t dst);
IC0(msg_cycles_refunded128) void ic0_msg_cycles_refunded128(uint32_t dst);
IC0(canister_self_size) uint32_t ic0_canister_self_size(void);
IC0(canister_self_copy) void ic0_canister_self_copy(uint32_t dst, uint32_t off, uint32_t size);
IC0(call_new)
void ic0_call_new(uint32_t callee, uint32_t callee_size, uint32_t name, uint32_t name_size,
                  uint32_t reply_fun, uint32_t reply_env, uint32_t reject_fun, uint32_t reject_env);
IC0(call_data_append) void ic0_call_data_append(uint32_t src, uint32_t size);
IC0(call_cycles_add128) void ic0_call_cycles_add128(uint64_t hi, uint64_t lo);
IC0(call_on_cleanup) void ic0_call_on_cleanup(uint32_t fun, uint32_t env);
IC0(call_with_best_effort_response) void ic0_call_with_best_effort_response(uint32_t timeout_s);
IC0(call_perform) uint32_t ic0_call_perform(void);
IC0(stable64_size) uint64_t ic0_stable64_size(void);
IC0(stable64_grow) int64_t ic0_stable64_grow(uint64_t pages);
IC0(stable64_write) void ic0_stable64_write(uint64_t off, uint64_t src, uint64_t size);
IC0(stable64_read) void ic0_stable64_read(uint64_t dst, uint64_t off, uint64_t size);
IC0(time) uint64_t ic0_time(void);
IC0(global_timer_set) uint64_t ic0_global_timer_set(uint64_t t);
IC0(performance_counter) uint64_t ic0_performance_counter(uint32_t type);
IC0(debug_print) void ic0_debug_print(uint32_t src, uint32_t size);
IC0(trap) void ic0_trap(uint32_t src, uint32_t size);

#define P(x) ((uint32_t)(uintptr_t)(x))

static uint8_t arg[131072];
static uint8_t buf[131072];
static uint32_t heap_counter;  // heap state: kept between messages, reset by an upgrade
static uint32_t timer_fired;
static uint32_t cleanups;

static uint32_t len(const char* s) {
  uint32_t n = 0;
  while (s[n]) ++n;
  return n;
}
static void copy(uint8_t* d, const uint8_t* s, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) d[i] = s[i];
}
static uint32_t read_arg(void) {
  uint32_t n = ic0_msg_arg_data_size();
  if (n > sizeof arg) ic0_trap(P("argument too large"), 18);
  ic0_msg_arg_data_copy(P(arg), 0, n);
  return n;
}
static void reply_bytes(const void* p, uint32_t n) {
  ic0_msg_reply_data_append(P(p), n);
  ic0_msg_reply();
}
static void reply_u32(uint32_t v) {
  reply_bytes(&v, 4);
}
static void trap_text(const char* s) {
  ic0_trap(P(s), len(s));
}

EXPORT("canister_update echo") void echo(void) {
  uint32_t n = read_arg();
  reply_bytes(arg, n);
}
EXPORT("canister_query echo_query") void echo_query(void) {
  uint32_t n = read_arg();
  reply_bytes(arg, n);
}
EXPORT("canister_update whoami") void whoami(void) {
  uint32_t n = ic0_msg_caller_size();
  ic0_msg_caller_copy(P(buf), 0, n);
  reply_bytes(buf, n);
}
EXPORT("canister_update self") void self(void) {
  uint32_t n = ic0_canister_self_size();
  ic0_canister_self_copy(P(buf), 0, n);
  reply_bytes(buf, n);
}
EXPORT("canister_update inc") void inc(void) {
  ++heap_counter;
  reply_u32(heap_counter);
}
EXPORT("canister_update inc_then_trap") void inc_then_trap(void) {
  ++heap_counter;
  if (ic0_stable64_size() == 0) ic0_stable64_grow(1);
  uint8_t b = 0xee;
  ic0_stable64_write(100, P(&b), 1);
  ic0_global_timer_set(1);
  trap_text("on purpose");
}
EXPORT("canister_query get") void get(void) {
  reply_u32(heap_counter);
}
EXPORT("canister_query inc_query") void inc_query(void) {
  ++heap_counter;  // a query's changes are discarded
  reply_u32(heap_counter);
}
EXPORT("canister_update reject_me") void reject_me(void) {
  ic0_msg_reject(P("no thanks"), 9);
}
EXPORT("canister_update no_reply") void no_reply(void) {}
EXPORT("canister_update reply_twice") void reply_twice(void) {
  ic0_msg_reply();
  ic0_msg_reply();
}
EXPORT("canister_update reject_code_in_update") void reject_code_in_update(void) {
  reply_u32(ic0_msg_reject_code());  // only callable in reply and reject callbacks: traps
}
EXPORT("canister_update perf") void perf(void) {
  uint64_t a = ic0_performance_counter(0);
  volatile uint32_t x = 0;
  for (int i = 0; i < 1000; ++i) x += (uint32_t)i;
  uint64_t b = ic0_performance_counter(0);
  uint64_t out[2] = {a, b + (x & 0)};
  reply_bytes(out, 16);
}

// Timers: the argument is a delay in ms (u32); 0 cancels. Replies with the previous deadline.
EXPORT("canister_update set_timer") void set_timer(void) {
  read_arg();
  uint32_t ms;
  copy((uint8_t*)&ms, arg, 4);
  uint64_t at = ms == 0 ? 0 : ic0_time() + (uint64_t)ms * 1000000u;
  uint64_t old = ic0_global_timer_set(at);
  reply_bytes(&old, 8);
}
EXPORT("canister_global_timer") void global_timer(void) {
  ++timer_fired;
}
EXPORT("canister_query timer_fired") void timer_fired_q(void) {
  reply_u32(timer_fired);
}
EXPORT("canister_update time") void time_(void) {
  uint64_t t = ic0_time();
  reply_bytes(&t, 8);
}

// Stable memory: put writes the argument at offset 0 behind a u32 length; get reads it back.
EXPORT("canister_update stable_put") void stable_put(void) {
  uint32_t n = read_arg();
  uint64_t need = ((uint64_t)n + 4 + 65535) / 65536;
  uint64_t have = ic0_stable64_size();
  if (need > have && ic0_stable64_grow(need - have) < 0) trap_text("stable64_grow failed");
  ic0_stable64_write(0, P(&n), 4);
  ic0_stable64_write(4, P(arg), n);
  reply_u32(n);
}
EXPORT("canister_query stable_get") void stable_get(void) {
  if (ic0_stable64_size() == 0) {
    reply_bytes(buf, 0);
    return;
  }
  uint32_t n;
  ic0_stable64_read(P(&n), 0, 4);
  ic0_stable64_read(P(buf), 4, n);
  reply_bytes(buf, n);
}
EXPORT("canister_query stable_byte_100") void stable_byte_100(void) {
  uint8_t b = 0;
  if (ic0_stable64_size() > 0) ic0_stable64_read(P(&b), 100, 1);
  reply_u32(b);
}
EXPORT("canister_update stable_oob") void stable_oob(void) {
  ic0_stable64_read(P(buf), ic0_stable64_size() * 65536, 1);  // past the end: traps
  reply_u32(0);
}

// Inter-canister calls. Argument: callee length (u8), callee, method length (u8), method, flags
// (u8: 1 best-effort, 2 cleanup that counts, 4 reply callback traps), cycles (u64), payload.
// The reply callback answers "R" + the reply; the reject callback answers "J" + code (u8) +
// refunded cycles (u64) + message.
static void on_reply(uint32_t env) {
  uint32_t n = ic0_msg_arg_data_size();
  ic0_msg_arg_data_copy(P(buf + 1), 0, n);
  buf[0] = 'R';
  if (env & 4) trap_text("reply callback traps");
  reply_bytes(buf, n + 1);
}
static void on_reject(uint32_t env) {
  (void)env;
  uint32_t n = ic0_msg_reject_msg_size();
  buf[0] = 'J';
  buf[1] = (uint8_t)ic0_msg_reject_code();
  uint64_t refunded[2];
  ic0_msg_cycles_refunded128(P(refunded));
  copy(buf + 2, (const uint8_t*)refunded, 8);
  ic0_msg_reject_msg_copy(P(buf + 10), 0, n);
  reply_bytes(buf, n + 10);
}
static void on_cleanup(uint32_t env) {
  (void)env;
  ++cleanups;
}
EXPORT("canister_query cleanups") void cleanups_q(void) {
  reply_u32(cleanups);
}
EXPORT("canister_update call") void call(void) {
  uint32_t n = read_arg();
  uint32_t i = 0;
  uint32_t callee_len = arg[i++];
  uint32_t callee = P(arg + i);
  i += callee_len;
  uint32_t method_len = arg[i++];
  uint32_t method = P(arg + i);
  i += method_len;
  uint32_t flags = arg[i++];
  uint64_t cycles;
  copy((uint8_t*)&cycles, arg + i, 8);
  i += 8;
  ic0_call_new(callee, callee_len, method, method_len, P(&on_reply), flags, P(&on_reject), flags);
  if (flags & 1) ic0_call_with_best_effort_response(10);
  if (flags & 2) ic0_call_on_cleanup(P(&on_cleanup), 0);
  if (cycles) ic0_call_cycles_add128(0, cycles);
  ic0_call_data_append(P(arg + i), n - i);
  uint32_t err = ic0_call_perform();
  if (err != 0) {
    buf[0] = 'S';
    buf[1] = (uint8_t)err;
    reply_bytes(buf, 2);
  }
}
// Accepts half of the cycles attached and replies with (available before, accepted) as u64s.
EXPORT("canister_update accept_half") void accept_half(void) {
  uint64_t avail[2], got[2];
  ic0_msg_cycles_available128(P(avail));
  ic0_msg_cycles_accept128(0, avail[0] / 2, P(got));
  uint64_t out[2] = {avail[0], got[0]};
  reply_bytes(out, 16);
}
EXPORT("canister_update print") void print(void) {
  uint32_t n = read_arg();
  ic0_debug_print(P(arg), n);
  reply_u32(n);
}

// Upgrades: pre_upgrade writes the heap counter at stable offset 65532 (growing to one page);
// post_upgrade reads it into `restored`, leaving heap_counter at 0 as a fresh heap has it.
static uint32_t restored;
EXPORT("canister_pre_upgrade") void pre_upgrade(void) {
  if (ic0_stable64_size() == 0) ic0_stable64_grow(1);
  ic0_stable64_write(65532, P(&heap_counter), 4);
}
EXPORT("canister_post_upgrade") void post_upgrade(void) {
  if (ic0_stable64_size() > 0) ic0_stable64_read(P(&restored), 65532, 4);
}
EXPORT("canister_query restored") void restored_q(void) {
  reply_u32(restored);
}
EXPORT("canister_update timer_now") void timer_now(void) {
  // 0 when no timer is set: global_timer_set returns the old value (and we set it back).
  uint64_t old = ic0_global_timer_set(0);
  ic0_global_timer_set(old);
  reply_bytes(&old, 8);
}
