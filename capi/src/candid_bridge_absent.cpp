// Built when the Candid codec is not (a kernel-only or wasm32 build without wire/).
#include "candid_bridge.hpp"

namespace asyncflow::capi {

bool has_candid() noexcept {
  return false;
}

std::variant<std::vector<Frame>, int> decode_candid_batch(std::span<const std::uint8_t>) {
  return kCandidUnsupported;
}

Bytes encode_candid_batch(std::span<const Frame>) {
  return {};
}

}  // namespace asyncflow::capi
