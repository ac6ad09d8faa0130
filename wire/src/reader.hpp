#pragma once
// Bounds-checked reading of a Candid message: bytes, fixed-width little-endian integers and
// LEB128. Every read either succeeds or reports why, and never reads past the end.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "asyncflow/msg_id.hpp"
#include "asyncflow/wire/candid.hpp"

namespace asyncflow::wire::candid {

// nullopt when the step succeeded; otherwise the reason to stop decoding.
using Status = std::optional<DecodeError>;

class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}

  std::size_t remaining() const noexcept { return bytes_.size() - pos_; }
  bool at_end() const noexcept { return pos_ == bytes_.size(); }

  Status byte(std::uint8_t& out) noexcept;
  Status take(std::size_t count, std::span<const std::uint8_t>& out) noexcept;
  Status skip(std::size_t count) noexcept;
  Status u32_le(std::uint32_t& out) noexcept;

  // Unsigned LEB128 that must fit 64 bits. Redundant trailing zero groups are accepted (the spec
  // does not require the shortest form); bits beyond 64 are LebOverflow.
  Status leb_u64(std::uint64_t& out) noexcept;
  // A count or length that must also fit size_t.
  Status leb_size(std::size_t& out) noexcept;
  // A field id: Candid ids are 32-bit hashes.
  Status leb_u32(std::uint32_t& out) noexcept;
  // Signed LEB128 that must fit 64 bits (type opcodes and table indices).
  Status sleb_i64(std::int64_t& out) noexcept;
  // A `nat` that must fit 128 bits (a msg_id): larger values are NatOverflow.
  Status nat128(MsgId& out) noexcept;
  // A `nat` or `int` of any size, skipped.
  Status skip_leb() noexcept;

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace asyncflow::wire::candid
