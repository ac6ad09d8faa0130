#pragma once
// What a host feeds the kernel. Every event carries the host's clock reading; the kernel keeps
// its own clock monotonic (a reading earlier than one already seen counts as that one).
#include <cstdint>
#include <variant>
#include <vector>

#include "asyncflow/frame.hpp"
#include "asyncflow/peer.hpp"
#include "asyncflow/reasons.hpp"

namespace asyncflow {

// The caller's app asks for a call. Answered by Accepted (with the new msg_id) or Refused.
struct CallEvent {
  Peer peer;
  Bytes payload;
};

// One transmission arrived from a peer (the host decoded it into frames).
struct ReceiveEvent {
  Peer peer;
  std::vector<Frame> frames;
  std::uint64_t payment_cycles = 0;  // attached by the host (IC cycles); pays for NEW frames
};

// A transmission this endpoint made failed or was rejected (synchronously or later).
struct SendFailedEvent {
  Peer peer;
  std::vector<FrameRef> frames;
  RejectCode code = RejectCode::SysTransient;
};

// The receiver's app answers a request it was delivered (in the same step or any later one).
struct RespondEvent {
  Peer peer;
  MsgId msg_id;
  Bytes payload;
};

// Time passed: fire every deadline at or before now.
struct TickEvent {};

using EventBody = std::variant<CallEvent, ReceiveEvent, SendFailedEvent, RespondEvent, TickEvent>;

struct Event {
  TimeMs now_ms = 0;
  EventBody body;
};

}  // namespace asyncflow
