#pragma once
// A small flag reader shared by the subcommands: `--name value`, `--name=value`, `--switch`.
// Unknown flags and malformed numbers are reported, never ignored.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "command.hpp"

namespace asyncflow::cli {

class Flags {
 public:
  // `valued` flags take a value; `switches` take none. Anything else is an error.
  Flags(Args args, std::set<std::string, std::less<>> valued,
        std::set<std::string, std::less<>> switches);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::vector<std::string_view>& positional() const { return positional_; }

  bool has(std::string_view name) const;
  std::optional<std::string> text(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;  // repeatable flags
  // Parsed value or the default; a malformed value records an error (see ok()).
  std::uint64_t u64(std::string_view name, std::uint64_t fallback);
  double real(std::string_view name, double fallback);

 private:
  std::multimap<std::string, std::string, std::less<>> values_;
  std::vector<std::string_view> positional_;
  std::string error_;
};

}  // namespace asyncflow::cli
