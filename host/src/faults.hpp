#pragma once
// Fault injection for the durability tests (tests/host/daemon_ops_test.py): the environment
// variable ASYNCFLOW_FAULT="POINT:N[,POINT:N...]" makes the N-th pass through POINT (counting
// from 1) fail. Unset, every check is one load and a branch. Points:
//   crash-before-commit  the batch is stepped and written, COMMIT not yet run: SIGKILL
//   crash-after-commit   COMMIT done, no datagram of the batch sent yet: SIGKILL
//   crash-mid-send       a datagram of the batch sent, the rest not: SIGKILL before the next
//   commit-fails         COMMIT fails (as on a full disk): the batch must be rolled back
//   send-fails           one sendto fails (as with a full socket buffer)
#include <cstdint>

namespace asyncflow::host {

enum class FaultPoint : std::uint8_t {
  CrashBeforeCommit = 0,
  CrashAfterCommit,
  CrashMidSend,
  CommitFails,
  SendFails,
};
inline constexpr std::size_t kFaultPointCount = 5;

// True when this pass through `point` is the one ASYNCFLOW_FAULT names.
bool fault_now(FaultPoint point);
// For the crash points: kills the process with SIGKILL when fault_now(point).
void crash_point(FaultPoint point);

}  // namespace asyncflow::host
