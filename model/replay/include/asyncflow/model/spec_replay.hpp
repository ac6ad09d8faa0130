#pragma once
// Spec -> code: a behaviour of tla/AsyncFlow.tla (a TLC trace, e.g. from `-simulate file=...`)
// fed to the real kernel, one endpoint per spec node, checked step by step.
//
// Each spec step names its action in the ghost variable `act`. Call, Receive, Respond, Tick,
// Reject, Trap and Restart become the kernel events a host would feed (Restart is
// restore(snapshot(s)), Trap a step whose result is discarded); PassTime moves the clock;
// Drop, Duplicate and Corrupt only change the spec's network, whose frames the replay then
// delivers as they are. After every step the kernel must agree with the spec:
//   - every node's flows: phase, attempts, rejected attempts, deadline, the request kept for
//     retries, the request hash and the response kept for ACK retries;
//   - the frames the step sent (the spec's net' - net, plus the frame it consumed);
//   - the outcomes and late notices the step reported, with their payloads and hashes;
//   - the deliveries to the receiver's app, and its notices of how each flow ended
//     (FlowClosed, FinMismatch, AckGaveUp);
//   - the kernel's own invariants.
//
// Values map to bytes one way: an intact payload is the canonical text of its spec value, a
// corrupted one (Bad(p)) that text with the low bit of its first byte flipped, as the world
// flips it; a hash value h is crc32 of those bytes (the spec hashes perfectly: H(p) = p), None
// no hash. Spec time t is kernel time kTimeBaseMs + t; spec ids map to the ULIDs the kernel
// made for each call.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "asyncflow/config.hpp"
#include "asyncflow/model/tla_value.hpp"

namespace asyncflow::model {

inline constexpr TimeMs kSpecTimeBaseMs = 1'000'000;

// The spec's timing constants, read from a TLC .cfg (CONSTANTS Name = number), as a kernel
// Config: RetryInitial, BackoffMult, RetryMax, SendAttemptsMax, AckAttemptsMax, ClockSkew.
std::variant<Config, std::string> config_from_tlc_cfg(const std::string& text);

struct ReplayResult {
  std::uint64_t steps = 0;                        // spec steps replayed (states - 1)
  std::map<std::string, std::uint64_t> actions;   // how many of each spec action
  std::map<std::string, std::uint64_t> outcomes;  // outcomes, late and receiver notices reported
  std::optional<std::string> mismatch;            // the first difference, if any
  std::uint64_t mismatch_step = 0;                // its state number (2 = the first step)
};

ReplayResult replay_behaviour(const std::vector<tla::TraceState>& behaviour, const Config& config);

}  // namespace asyncflow::model
