#pragma once
// TLA+ values as TLC prints them (its trace files, `-simulate file=...`), read back for the
// spec -> code replay. Only what TLC writes for this spec's values: naturals, strings, booleans,
// tuples << >>, records [f |-> v], functions (k :> v @@ ...) and sets { }. TLC prints a function
// on 1..n as a tuple and one on strings as a record, so lookups go through `apply`, which takes
// all three forms; the empty function prints as << >>.
//
// Hand-written: no Debian package reads TLA+ values, and tla2tools.jar has no JSON writer.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace asyncflow::model::tla {

struct Value;
using Tuple = std::vector<Value>;
using Record = std::vector<std::pair<std::string, Value>>;
using Function = std::vector<std::pair<Value, Value>>;
struct Set {
  std::vector<Value> items;
};

struct Value {
  std::variant<std::int64_t, std::string, bool, Tuple, Record, Function, Set> v;

  bool is_int() const { return std::holds_alternative<std::int64_t>(v); }
  bool is_string() const { return std::holds_alternative<std::string>(v); }
  bool is_tuple() const { return std::holds_alternative<Tuple>(v); }
  bool is_record() const { return std::holds_alternative<Record>(v); }

  // nullopt when the value is of another kind (the replay reports that as a mismatch).
  std::optional<std::int64_t> as_int() const;
  const std::string* as_string() const;
  const Tuple* as_tuple() const;

  // f[key] for a tuple (key 1..n), a record (key a string) or a function; nullptr if absent.
  const Value* apply(const Value& key) const;
  const Value* field(std::string_view name) const;  // a record's field
  // Every (key, value) of a function in any of its three printed forms.
  std::vector<std::pair<Value, Value>> entries() const;

  friend bool operator==(const Value& a, const Value& b);
};

Value integer(std::int64_t n);
Value string(std::string s);
Value tuple(Tuple items);

// Canonical text: sorted record fields and function entries, no spaces. Two values print the
// same exactly when they are equal (TLC's order of fields and entries is not part of a value).
std::string to_text(const Value& value);

struct ParseError {
  std::size_t offset = 0;
  std::string what;
};

std::variant<Value, ParseError> parse(std::string_view text);

// A TLC trace module: STATE_1 == /\ x = ... /\ y = ...  STATE_2 == ...; each state maps its
// variable names to their values.
using TraceState = std::map<std::string, Value, std::less<>>;
std::variant<std::vector<TraceState>, ParseError> parse_trace_module(std::string_view text);

}  // namespace asyncflow::model::tla
