#pragma once
// A complete, canonical text form of effects: two effects print the same exactly when every
// field is equal. Tests compare whole steps with EXPECT_EQ(show(actual), show(expected)), which
// checks every field and prints a readable difference on failure. (The kernel's effect types
// have no operator==, and the fmt formatters live in a library the unit tests do not link.)
#include <cstdio>
#include <optional>
#include <string>
#include <type_traits>

#include "asyncflow/effect.hpp"

namespace asyncflow::test {

inline std::string show_hex(std::span<const std::uint8_t> data) {
  std::string out;
  char buf[4];
  for (std::uint8_t b : data) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}
inline std::string show(const Peer& p) {
  return "peer:" + show_hex(p.bytes());
}
inline std::string show(const MsgId& id) {
  return id.to_string();
}
inline std::string show(const Bytes& b) {
  return "[" + show_hex(b) + "]";
}
inline std::string show(std::uint64_t n) {
  return std::to_string(n);
}
template <class T>
std::string show(const std::optional<T>& v) {
  if (!v) return "-";
  if constexpr (std::is_enum_v<T>) {
    return std::string(name_of(*v));
  } else {
    return show(static_cast<std::uint64_t>(*v));
  }
}

inline std::string show(const Frame& frame) {
  return std::visit(
      [](const auto& f) -> std::string {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, NewFrame>) {
          return "NEW(" + show(f.msg_id) + " " + show(f.payload) + ")";
        } else if constexpr (std::is_same_v<F, AckFrame>) {
          return "ACK(" + show(f.msg_id) + " " + show(f.hash) + " " + show(f.payload) + ")";
        } else {
          return "FIN(" + show(f.msg_id) + " " + show(f.hash) + ")";
        }
      },
      frame);
}

inline std::string show(const Effect& effect) {
  return std::visit(
      [](const auto& e) -> std::string {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, Transmit>) {
          std::string out = "Transmit{" + show(e.peer);
          for (const Frame& f : e.frames) out += " " + show(f);
          return out + "}";
        } else if constexpr (std::is_same_v<E, Accepted>) {
          return "Accepted{" + show(e.peer) + " " + show(e.msg_id) + "}";
        } else if constexpr (std::is_same_v<E, Completed>) {
          return "Completed{" + show(e.peer) + " " + show(e.msg_id) + " " + show(e.request) + " " +
                 show(e.response) + " " + show(e.request_hash) + " " + show(e.response_hash) + "}";
        } else if constexpr (std::is_same_v<E, Corrupted>) {
          return "Corrupted{" + show(e.peer) + " " + show(e.msg_id) + " " + show(e.expected_hash) +
                 " " + show(e.received_hash) + " " + show(e.request) + " " + show(e.response) + "}";
        } else if constexpr (std::is_same_v<E, GaveUp>) {
          return "GaveUp{" + show(e.peer) + " " + show(e.msg_id) + " " + show(e.request) + " " +
                 std::string(name_of(e.reason)) + " " + show(e.reject_code) + " " +
                 show(e.attempts) + " " + std::string(name_of(e.phase)) + "}";
        } else if constexpr (std::is_same_v<E, LateCompletion>) {
          return "LateCompletion{" + show(e.peer) + " " + show(e.msg_id) + " " + show(e.response) +
                 " " + show(e.ack_hash) + "}";
        } else if constexpr (std::is_same_v<E, Deliver>) {
          return "Deliver{" + show(e.peer) + " " + show(e.msg_id) + " " + show(e.payload) + "}";
        } else if constexpr (std::is_same_v<E, FlowClosed>) {
          return "FlowClosed{" + show(e.peer) + " " + show(e.msg_id) + "}";
        } else if constexpr (std::is_same_v<E, FinMismatch>) {
          return "FinMismatch{" + show(e.peer) + " " + show(e.msg_id) + " " +
                 show(e.expected_hash) + " " + show(e.received_hash) + " " + show(e.response) + "}";
        } else if constexpr (std::is_same_v<E, AckGaveUp>) {
          return "AckGaveUp{" + show(e.peer) + " " + show(e.msg_id) + " " +
                 std::string(name_of(e.reason)) + " " + show(e.reject_code) + " " +
                 show(e.attempts) + "}";
        } else if constexpr (std::is_same_v<E, Refused>) {
          return "Refused{" + std::string(name_of(e.reason)) + " " +
                 (e.peer ? show(*e.peer) : std::string("-")) + " " +
                 (e.msg_id ? show(*e.msg_id) : std::string("-")) + "}";
        } else {
          static_assert(std::is_same_v<E, Dropped>);
          return "Dropped{" + std::string(name_of(e.reason)) + " " + show(e.peer) + " " +
                 show(static_cast<std::uint64_t>(e.kind)) + " " + show(e.msg_id) + "}";
        }
      },
      effect);
}

inline std::string show(const Effects& effects) {
  std::string out;
  for (const Effect& e : effects) out += show(e) + "\n";
  return out;
}

}  // namespace asyncflow::test
