#include "options.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace asyncflow::cli {

std::string parse_integer(const std::string& text, std::uint64_t min, std::uint64_t max,
                          std::uint64_t& value, const std::string& below_min) {
  const std::string range = fmt::format("a whole number from {} to {}", min, max);
  std::uint64_t parsed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec == std::errc::result_out_of_range)
    return fmt::format("must be {}, got {} (out of range)", range, text);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
    return fmt::format("must be {}, got '{}'", range, text);
  if (parsed < min && !below_min.empty())
    return fmt::format("must be {}, got {}: {}", range, parsed, below_min);
  if (parsed < min || parsed > max) return fmt::format("must be {}, got {}", range, parsed);
  value = parsed;
  return {};
}

std::string parse_real(const std::string& text, double min, double max, double& value) {
  const std::string range = fmt::format("a number from {} to {}", min, max);
  char* end = nullptr;
  const double parsed = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size())
    return fmt::format("must be {}, got '{}'", range, text);
  if (!std::isfinite(parsed)) return fmt::format("must be {}, got '{}' (not finite)", range, text);
  if (parsed < min || parsed > max) return fmt::format("must be {}, got {}", range, text);
  value = parsed;
  return {};
}

CommandLine::CommandLine(std::string command, std::string description)
    : command_(std::move(command)), app_(std::move(description), "asyncflow " + command_) {
  app_.set_help_flag("-h,--help", "print this usage and exit");
  app_.get_formatter()->column_width(32);
}

CLI::Option* CommandLine::integer(const std::string& flag, std::uint64_t& value, std::uint64_t min,
                                  std::uint64_t max, const std::string& help,
                                  const std::string& below_min) {
  auto* target = &value;
  return app_
      .add_option_function<std::string>(
          flag,
          [target, min, max, flag, below_min](const std::string& text) {
            if (auto error = parse_integer(text, min, max, *target, below_min); !error.empty())
              throw CLI::ValidationError(flag, error);
          },
          help)
      ->type_name(fmt::format("N ({}..{})", min, max))
      ->default_str(std::to_string(value));
}

CLI::Option* CommandLine::integer(const std::string& flag, std::uint32_t& value, std::uint32_t min,
                                  std::uint32_t max, const std::string& help,
                                  const std::string& below_min) {
  auto* target = &value;
  return app_
      .add_option_function<std::string>(
          flag,
          [target, min, max, flag, below_min](const std::string& text) {
            std::uint64_t wide = 0;
            if (auto error = parse_integer(text, min, max, wide, below_min); !error.empty())
              throw CLI::ValidationError(flag, error);
            *target = static_cast<std::uint32_t>(wide);  // within [min, max]: fits
          },
          help)
      ->type_name(fmt::format("N ({}..{})", min, max))
      ->default_str(std::to_string(value));
}

CLI::Option* CommandLine::real(const std::string& flag, double& value, const std::string& help,
                               double min, double max) {
  auto* target = &value;
  return app_
      .add_option_function<std::string>(
          flag,
          [target, min, max, flag](const std::string& text) {
            if (auto error = parse_real(text, min, max, *target); !error.empty())
              throw CLI::ValidationError(flag, error);
          },
          help)
      ->type_name(fmt::format("P ({}..{})", min, max))
      ->default_str(fmt::format("{}", value));
}

CLI::Option* CommandLine::text(const std::string& flag, std::string& value,
                               const std::string& help) {
  return app_.add_option(flag, value, help)->type_name("TEXT");
}

CLI::Option* CommandLine::texts(const std::string& flag, std::vector<std::string>& values,
                                const std::string& help) {
  return app_.add_option(flag, values, help)
      ->type_name("TEXT")
      ->expected(1)
      ->allow_extra_args(false)
      ->take_all();
}

CLI::Option* CommandLine::toggle(const std::string& flag, bool& value, const std::string& help) {
  return app_.add_flag(flag, value, help);
}

bool CommandLine::given(const std::string& flag) const {
  return app_.count(flag) > 0;
}

std::optional<int> CommandLine::parse(Args args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
  try {
    app_.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app_.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(app_.help("", CLI::AppFormatMode::All).c_str(), stdout);
    return 0;
  } catch (const CLI::ExtrasError& e) {
    std::string what;
    for (const std::string& word : app_.remaining()) {
      what += what.empty() ? "" : "; ";
      what += !word.empty() && word[0] == '-' ? "unknown flag " + word
                                              : "unexpected argument '" + word + "'";
    }
    return usage_error(what.empty() ? std::string(e.what()) : what);
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }
  return std::nullopt;
}

int CommandLine::usage_error(const std::string& what) const {
  fmt::print(stderr, "asyncflow {}: {} (see 'asyncflow {} --help')\n", command_, what, command_);
  return kExitUsage;
}

}  // namespace asyncflow::cli
