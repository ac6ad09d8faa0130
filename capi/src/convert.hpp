#pragma once
// Conversions between the C ABI's plain structs and the kernel's types. No allocation crosses
// back to C: C views borrow from kernel values the endpoint owns.
#include <optional>
#include <span>
#include <vector>

#include "asyncflow/asyncflow.h"
#include "asyncflow/config.hpp"
#include "asyncflow/effect.hpp"
#include "asyncflow/metrics.hpp"

namespace asyncflow::capi {

Config to_config(const asyncflow_config& c) noexcept;
asyncflow_config from_config(const Config& c) noexcept;

MsgId to_msg_id(const asyncflow_msg_id& id) noexcept;
asyncflow_msg_id from_msg_id(const MsgId& id) noexcept;

// nullopt for a NULL pointer with a non-zero size.
std::optional<Bytes> to_bytes(const std::uint8_t* data, std::size_t size);
asyncflow_bytes view_of(const Bytes& bytes) noexcept;

// ASYNCFLOW_OK or the reason the frames cannot be kernel frames.
asyncflow_status to_frames(std::span<const asyncflow_frame> in, std::vector<Frame>& out);
asyncflow_status to_frame_refs(std::span<const asyncflow_frame_ref> in, std::vector<FrameRef>& out);
asyncflow_frame view_of(const Frame& frame) noexcept;

// The C view of one effect; a Transmit's frames are appended to `frames` (reserved by the
// caller so that earlier views stay valid) and its Candid batch is `candid` (may be empty).
asyncflow_effect view_of(const Effect& effect, std::vector<asyncflow_frame>& frames,
                         const Bytes& candid);

asyncflow_metrics from_metrics(const Metrics& m) noexcept;

}  // namespace asyncflow::capi
