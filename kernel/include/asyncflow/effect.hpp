#pragma once
// What the kernel asks its host to do, as data. Effects of one step come in a fixed order:
// app-facing effects in the order they arose, then one Transmit per peer (peers in byte order).
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "asyncflow/frame.hpp"
#include "asyncflow/peer.hpp"
#include "asyncflow/reasons.hpp"

namespace asyncflow {

// Send these frames to the peer as one transmission (the batched `asyncFlow (vec Frame)`).
struct Transmit {
  Peer peer;
  std::vector<Frame> frames;
};

// --- caller side ---
struct Accepted {  // a CallEvent became a flow with this id (its NEW is in this step's Transmit)
  Peer peer;
  MsgId msg_id;
};
struct Completed {  // outcome: the receiver processed the call and answered
  Peer peer;
  MsgId msg_id;
  Bytes request;
  Bytes response;
  Hash32 request_hash;   // CRC-32 of request
  Hash32 response_hash;  // CRC-32 of response, sent back in the FIN
};
struct Corrupted {  // outcome: the ACK's hash does not match the request we sent
  Peer peer;
  MsgId msg_id;
  Hash32 expected_hash;  // CRC-32 of the request we sent
  Hash32 received_hash;  // what the receiver says it got
  Bytes request;
  Bytes response;
};
struct GaveUp {  // outcome: retries exhausted or a permanent reject
  Peer peer;
  MsgId msg_id;
  Bytes request;
  GiveUpReason reason;
  std::optional<RejectCode> reject_code;  // set for PermanentReject
  std::uint32_t attempts;                 // NEW transmissions made
  GaveUpPhase phase;
};
struct LateCompletion {  // notice, not an outcome: an ACK arrived after GaveUp
  Peer peer;
  MsgId msg_id;
  Bytes response;
  std::optional<Hash32> ack_hash;
};

// --- receiver side ---
struct Deliver {  // give this request to the app, once; it answers with a RespondEvent
  Peer peer;
  MsgId msg_id;
  Bytes payload;
};
struct FlowClosed {  // the caller's FIN arrived and matched: the response reached it
  Peer peer;
  MsgId msg_id;
};
struct FinMismatch {  // the caller's FIN hash differs from our response's: for the corruption
  Peer peer;          // handler; the flow is closed
  MsgId msg_id;
  Hash32 expected_hash;
  Hash32 received_hash;
  Bytes response;
};
struct AckGaveUp {  // the receiver stopped retrying its ACK; the caller may never learn
  Peer peer;
  MsgId msg_id;
  GiveUpReason reason;
  std::optional<RejectCode> reject_code;
  std::uint32_t attempts;
};

// --- declined work ---
struct Refused {  // a local event was declined; the state did not change
  RefusalReason reason;
  std::optional<Peer> peer;
  std::optional<MsgId> msg_id;
};
struct Dropped {  // a remote frame was dropped unprocessed (and counted)
  DropReason reason;
  Peer peer;
  FrameKind kind;
  MsgId msg_id;
};

using Effect = std::variant<Transmit, Accepted, Completed, Corrupted, GaveUp, LateCompletion,
                            Deliver, FlowClosed, FinMismatch, AckGaveUp, Refused, Dropped>;
using Effects = std::vector<Effect>;

}  // namespace asyncflow
