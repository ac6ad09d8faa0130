#include "faults.hpp"

#include <array>
#include <csignal>
#include <cstdlib>
#include <string>
#include <string_view>

#include "log.hpp"

namespace asyncflow::host {

namespace {

constexpr std::string_view kNames[kFaultPointCount] = {
    "crash-before-commit", "crash-after-commit", "crash-mid-send", "commit-fails", "send-fails"};

struct Plan {
  std::array<std::uint64_t, kFaultPointCount> at{};  // 0: never
  std::array<std::uint64_t, kFaultPointCount> passes{};
};

Plan read_plan() {
  Plan plan;
  const char* text = std::getenv("ASYNCFLOW_FAULT");
  if (!text) return plan;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto colon = item.find(':');
    for (std::size_t i = 0; i < kFaultPointCount; ++i)
      if (item.substr(0, colon) == kNames[i] && colon != std::string_view::npos)
        plan.at[i] = std::stoull(std::string(item.substr(colon + 1)));
  }
  return plan;
}

Plan& plan() {
  static Plan p = read_plan();
  return p;
}

}  // namespace

bool fault_now(FaultPoint point) {
  Plan& p = plan();
  const auto i = static_cast<std::size_t>(point);
  if (p.at[i] == 0) return false;
  if (++p.passes[i] != p.at[i]) return false;
  log(LogLevel::Warn, "fault_injected", "point", kNames[i], "pass", p.passes[i]);
  return true;
}

void crash_point(FaultPoint point) {
  if (fault_now(point)) std::raise(SIGKILL);
}

}  // namespace asyncflow::host
