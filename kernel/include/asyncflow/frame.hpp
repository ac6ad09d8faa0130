#pragma once
// The three protocol messages, as the Candid interface names them:
//   New = record { msg_id : nat; payload : blob }
//   Ack = record { msg_id : nat; hash : opt nat32; payload : blob }
//   Fin = record { msg_id : nat; hash : opt nat32 }
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "asyncflow/crc32.hpp"
#include "asyncflow/msg_id.hpp"

namespace asyncflow {

using Bytes = std::vector<std::uint8_t>;

struct NewFrame {
  MsgId msg_id;
  Bytes payload;
  friend bool operator==(const NewFrame&, const NewFrame&) = default;
};

struct AckFrame {
  MsgId msg_id;
  std::optional<Hash32> hash;  // CRC-32 of the NEW payload as the receiver got it
  Bytes payload;               // the receiver app's response
  friend bool operator==(const AckFrame&, const AckFrame&) = default;
};

struct FinFrame {
  MsgId msg_id;
  std::optional<Hash32> hash;  // CRC-32 of the ACK payload as the caller got it
  friend bool operator==(const FinFrame&, const FinFrame&) = default;
};

using Frame = std::variant<NewFrame, AckFrame, FinFrame>;

enum class FrameKind : std::uint8_t { New = 0, Ack = 1, Fin = 2 };

FrameKind kind_of(const Frame& frame) noexcept;
MsgId msg_id_of(const Frame& frame) noexcept;

// Names one frame of a transmission, so a host can report which frames a reject concerns.
struct FrameRef {
  FrameKind kind = FrameKind::New;
  MsgId msg_id;
  friend bool operator==(const FrameRef&, const FrameRef&) = default;
};

FrameRef ref_of(const Frame& frame) noexcept;

}  // namespace asyncflow
