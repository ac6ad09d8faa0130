#pragma once
// Structured log lines on stderr, one per event, logfmt:
//   ts=2026-12-04T15:40:01.123Z level=info event=start db=/tmp/a.db flows_restored=3
// Levels: error < warn < info < debug; lines above the chosen level are not written.
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace asyncflow::host {

enum class LogLevel : std::uint8_t { Error = 0, Warn, Info, Debug };
std::optional<LogLevel> parse_log_level(std::string_view text);
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);

// A value quoted when it holds spaces, quotes or '='.
std::string log_value(std::string_view value);

void write_log_line(LogLevel level, std::string_view event, const std::string& fields);

// log(LogLevel::Info, "start", "db", path, "flows", 3): fields come in name, value pairs.
template <typename... Args>
void log(LogLevel level, std::string_view event, Args&&... args) {
  if (!log_enabled(level)) return;
  static_assert(sizeof...(Args) % 2 == 0, "fields come in name, value pairs");
  std::string fields;
  bool is_name = true;
  auto add = [&](const auto& part) {
    if (is_name) {
      fields += ' ';
      fields += fmt::format("{}", part);
      fields += '=';
    } else {
      fields += log_value(fmt::format("{}", part));
    }
    is_name = !is_name;
  };
  (add(args), ...);
  write_log_line(level, event, fields);
}

}  // namespace asyncflow::host
