#pragma once
// A small JSON reader (RFC 8259) for the frame documents: a tree of values, numbers kept as
// their literal text so 128-bit integers stay exact. No exceptions: errors carry an offset.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace asyncflow::wire::json {

struct ParseError;

struct Value {
  enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  std::size_t offset = 0;  // where the value starts in the text
  bool boolean = false;
  std::string text;  // Number: the literal; String: the decoded UTF-8
  std::vector<Value> items;
  std::vector<std::pair<std::string, Value>> members;  // in document order
};

std::string_view kind_name(Value::Kind kind) noexcept;

// Documents nest at most this deep; frames need 3 levels.
inline constexpr std::size_t kJsonDepthMax = 32;

std::variant<Value, ParseError> parse_json(std::string_view text);

}  // namespace asyncflow::wire::json
