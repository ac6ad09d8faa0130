#pragma once
// The IC system API functions the canister library uses, imported from module "ic0" with the
// signatures of the IC interface specification ("Overview of imports"). On wasm32 only.
#include <cstdint>

#define ASYNCFLOW_IC0(name) __attribute__((import_module("ic0"), import_name(#name)))

namespace asyncflow::canister::ic0 {

// C++ linkage: the names stay in this namespace (no clash with libc's time); the import
// attributes name the ic0 functions.
ASYNCFLOW_IC0(msg_arg_data_size) std::uint32_t msg_arg_data_size();
ASYNCFLOW_IC0(msg_arg_data_copy)
void msg_arg_data_copy(std::uintptr_t dst, std::uint32_t off, std::uint32_t size);
ASYNCFLOW_IC0(msg_caller_size) std::uint32_t msg_caller_size();
ASYNCFLOW_IC0(msg_caller_copy)
void msg_caller_copy(std::uintptr_t dst, std::uint32_t off, std::uint32_t size);
ASYNCFLOW_IC0(msg_reject_code) std::uint32_t msg_reject_code();
ASYNCFLOW_IC0(msg_reply_data_append)
void msg_reply_data_append(std::uintptr_t src, std::uint32_t size);
ASYNCFLOW_IC0(msg_reply) void msg_reply();
ASYNCFLOW_IC0(msg_reject) void msg_reject(std::uintptr_t src, std::uint32_t size);
ASYNCFLOW_IC0(msg_cycles_available128) void msg_cycles_available128(std::uintptr_t dst);
ASYNCFLOW_IC0(msg_cycles_accept128)
void msg_cycles_accept128(std::uint64_t max_hi, std::uint64_t max_lo, std::uintptr_t dst);
ASYNCFLOW_IC0(canister_cycle_balance128) void canister_cycle_balance128(std::uintptr_t dst);
ASYNCFLOW_IC0(canister_self_size) std::uint32_t canister_self_size();
ASYNCFLOW_IC0(canister_self_copy)
void canister_self_copy(std::uintptr_t dst, std::uint32_t off, std::uint32_t size);
ASYNCFLOW_IC0(call_new)
void call_new(std::uintptr_t callee_src, std::uint32_t callee_size, std::uintptr_t name_src,
              std::uint32_t name_size, std::uintptr_t reply_fun, std::uint32_t reply_env,
              std::uintptr_t reject_fun, std::uint32_t reject_env);
ASYNCFLOW_IC0(call_data_append) void call_data_append(std::uintptr_t src, std::uint32_t size);
ASYNCFLOW_IC0(call_cycles_add128) void call_cycles_add128(std::uint64_t hi, std::uint64_t lo);
ASYNCFLOW_IC0(call_with_best_effort_response)
void call_with_best_effort_response(std::uint32_t timeout_seconds);
ASYNCFLOW_IC0(call_perform) std::uint32_t call_perform();
ASYNCFLOW_IC0(stable64_size) std::uint64_t stable64_size();
ASYNCFLOW_IC0(stable64_grow) std::int64_t stable64_grow(std::uint64_t new_pages);
ASYNCFLOW_IC0(stable64_write)
void stable64_write(std::uint64_t offset, std::uint64_t src, std::uint64_t size);
ASYNCFLOW_IC0(stable64_read)
void stable64_read(std::uint64_t dst, std::uint64_t offset, std::uint64_t size);
ASYNCFLOW_IC0(time) std::uint64_t time();
ASYNCFLOW_IC0(global_timer_set) std::uint64_t global_timer_set(std::uint64_t timestamp);
ASYNCFLOW_IC0(performance_counter) std::uint64_t performance_counter(std::uint32_t type);
ASYNCFLOW_IC0(debug_print) void debug_print(std::uintptr_t src, std::uint32_t size);
[[noreturn]] ASYNCFLOW_IC0(trap) void trap(std::uintptr_t src, std::uint32_t size);

}  // namespace asyncflow::canister::ic0

#undef ASYNCFLOW_IC0
