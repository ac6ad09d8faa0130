#include "log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace asyncflow::host {

namespace {
std::atomic<int> current_level{static_cast<int>(LogLevel::Info)};
constexpr const char* kNames[] = {"error", "warn", "info", "debug"};
}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view text) {
  for (int i = 0; i < 4; ++i)
    if (text == kNames[i]) return static_cast<LogLevel>(i);
  return std::nullopt;
}

void set_log_level(LogLevel level) {
  current_level = static_cast<int>(level);
}

bool log_enabled(LogLevel level) {
  return static_cast<int>(level) <= current_level.load();
}

std::string log_value(std::string_view value) {
  if (!value.empty() && value.find_first_of(" \"=\n\t") == std::string_view::npos)
    return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + '"';
}

void write_log_line(LogLevel level, std::string_view event, const std::string& fields) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  const std::string line =
      fmt::format("ts={}.{:03}Z level={} event={}{}\n", stamp, ms.count() % 1000,
                  kNames[static_cast<int>(level)], event, fields);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace asyncflow::host
