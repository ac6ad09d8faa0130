#pragma once
// fmt formatters for every public kernel type, so a trace of events and effects reads like the
// protocol diagram:  call b #01J..  ->  Transmit b [NEW 01J.. 3B]. Lives outside kernel/ so the
// kernel itself depends on nothing (wasm32 builds).
#include <fmt/format.h>

#include <string>

#include "asyncflow/effect.hpp"
#include "asyncflow/event.hpp"
#include "asyncflow/metrics.hpp"
#include "asyncflow/snapshot.hpp"

namespace asyncflow {

std::string to_string(const Peer&);
std::string to_string(const MsgId&);
std::string to_string(const Frame&);
std::string to_string(const FrameRef&);
std::string to_string(const Event&);
std::string to_string(const Effect&);
std::string to_string(const Config&);
std::string to_string(const Metrics&);
std::string to_string(FrameKind);
std::string to_string(RejectCode);
std::string to_string(RefusalReason);
std::string to_string(DropReason);
std::string to_string(GiveUpReason);
std::string to_string(GaveUpPhase);
std::string to_string(ConfigError);
std::string to_string(RestoreError);
std::string to_string(OutPhase);
std::string to_string(InPhase);

template <class T>
concept KernelPrintable = requires(const T& v) {
  { asyncflow::to_string(v) } -> std::same_as<std::string>;
};

}  // namespace asyncflow

template <asyncflow::KernelPrintable T>
struct fmt::formatter<T> : fmt::formatter<std::string_view> {
  template <class Ctx>
  auto format(const T& value, Ctx& ctx) const {
    const std::string text = asyncflow::to_string(value);
    return fmt::formatter<std::string_view>::format(text, ctx);
  }
};
