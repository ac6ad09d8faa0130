#include "candid_bridge.hpp"

#include "asyncflow/wire/candid.hpp"

namespace asyncflow::capi {

bool has_candid() noexcept {
  return true;
}

std::variant<std::vector<Frame>, int> decode_candid_batch(std::span<const std::uint8_t> bytes) {
  auto decoded = wire::decode_batch(bytes);
  if (auto* error = std::get_if<wire::DecodeError>(&decoded)) return static_cast<int>(*error);
  return std::get<std::vector<Frame>>(std::move(decoded));
}

Bytes encode_candid_batch(std::span<const Frame> frames) {
  return wire::encode_batch(frames);
}

}  // namespace asyncflow::capi
