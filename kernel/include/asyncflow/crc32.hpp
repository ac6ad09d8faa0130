#pragma once
// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the value zlib's crc32() and
// Motoko's Blob.hash compute. Hand-written (slicing-by-8 tables) rather than linked from zlib
// because the kernel must build for wasm32 canisters with no system libraries; the tests
// compare it against zlib on random inputs.
#include <cstdint>
#include <span>

namespace asyncflow {

using Hash32 = std::uint32_t;

Hash32 crc32(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace asyncflow
