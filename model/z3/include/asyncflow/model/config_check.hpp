#pragma once
// `asyncflow prove --config FILE`: reads a kernel Config from `key = value` lines (the Config
// field names, `#` comments) and checks with Z3 that its retry and window settings satisfy the
// constraints the proofs and the liveness argument assume, naming any that fails.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "asyncflow/config.hpp"

namespace asyncflow::model::smt {

struct ConfigFileError {
  std::size_t line = 0;
  std::string message;
};
std::variant<Config, ConfigFileError> parse_config(const std::string& text);

struct ConstraintResult {
  std::string name;
  std::string meaning;
  bool holds = false;
  std::string detail;  // values involved, when it fails
};
std::vector<ConstraintResult> check_config(const Config& config);

}  // namespace asyncflow::model::smt
