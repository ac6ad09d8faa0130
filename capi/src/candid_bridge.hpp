#pragma once
// The C ABI's link to the Candid codec (wire/), compiled in only when that target exists:
// candid_bridge.cpp uses it, candid_bridge_absent.cpp says it is not there.
#include <span>
#include <variant>
#include <vector>

#include "asyncflow/frame.hpp"

namespace asyncflow::capi {

inline constexpr int kCandidUnsupported = -1;

bool has_candid() noexcept;
// The frames, or a wire::DecodeError value (kCandidUnsupported without the codec).
std::variant<std::vector<Frame>, int> decode_candid_batch(std::span<const std::uint8_t> bytes);
// The `asyncFlow (vec Frame)` argument bytes; empty without the codec.
Bytes encode_candid_batch(std::span<const Frame> frames);

}  // namespace asyncflow::capi
