#include "asyncflow/frame.hpp"

namespace asyncflow {

FrameKind kind_of(const Frame& frame) noexcept {
  return static_cast<FrameKind>(frame.index());
}

MsgId msg_id_of(const Frame& frame) noexcept {
  return std::visit([](const auto& f) { return f.msg_id; }, frame);
}

FrameRef ref_of(const Frame& frame) noexcept {
  return FrameRef{kind_of(frame), msg_id_of(frame)};
}

}  // namespace asyncflow
