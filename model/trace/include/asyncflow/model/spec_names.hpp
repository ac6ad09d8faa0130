#pragma once
// The names tla/AsyncFlow.tla gives the kernel's phases and reject classes: one place for the
// trace writer (code -> spec) and the replayer (spec -> code) to agree on.
#include <string_view>

#include "asyncflow/reasons.hpp"
#include "asyncflow/state.hpp"

namespace asyncflow::model {

constexpr std::string_view spec_phase(OutPhase p) {
  return p == OutPhase::AwaitingAck ? "AwaitingAck" : "GaveUp";
}

constexpr std::string_view spec_phase(InPhase p) {
  switch (p) {
    case InPhase::AwaitingResponse:
      return "AwaitingResponse";
    case InPhase::Acking:
      return "Acking";
    case InPhase::Closed:
      return "Closed";
  }
  return "?";
}

// The spec's three classes of reject code (Reject(m, code)): "transient" (retried), "unknown"
// (SysUnknown: it may have run, so it proves nothing) and "permanent" (the flow ends).
inline std::string_view spec_code_class(RejectCode code) {
  if (!proves_not_delivered(code)) return "unknown";
  return is_permanent(code) ? "permanent" : "transient";
}

}  // namespace asyncflow::model
