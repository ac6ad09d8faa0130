#pragma once
// Versioned binary snapshots: "AFSN", format version (u16), then the state, little-endian.
// restore(snapshot(s)) behaves exactly like s; restore of anything malformed is a typed error.
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "asyncflow/state.hpp"

namespace asyncflow {

inline constexpr std::uint16_t kSnapshotFormatVersion = 1;

enum class RestoreError : std::uint8_t {
  Truncated = 1,
  BadMagic,
  UnsupportedVersion,
  InvalidConfig,
  InvalidValue,       // an enum, peer length, phase or flag out of range
  NotCanonical,       // keys out of order or repeated
  LimitExceeded,      // more flows, entries or bytes than the config allows
  InconsistentState,  // the decoded state breaks a kernel invariant
  TrailingBytes,
};

std::string_view name_of(RestoreError) noexcept;

Bytes snapshot(const State& state);
std::variant<State, RestoreError> restore(std::span<const std::uint8_t> bytes);

}  // namespace asyncflow
