#include "asyncflow/model/tla_value.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace asyncflow::model::tla {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::variant<Value, ParseError> value_at_end() {
    auto v = value();
    if (!v) return error_;
    skip();
    if (pos_ != text_.size()) return ParseError{pos_, "text after the value"};
    return std::move(*v);
  }

  std::variant<std::vector<TraceState>, ParseError> trace_module() {
    std::vector<TraceState> states;
    while (true) {
      const auto next = text_.find("STATE_", pos_);
      if (next == std::string_view::npos) break;
      pos_ = next;
      while (pos_ < text_.size() && text_[pos_] != '=') ++pos_;
      if (!eat("==")) return ParseError{pos_, "expected `==` after STATE_k"};
      TraceState state;
      while (eat("/\\")) {
        skip();
        const std::size_t start = pos_;
        while (pos_ < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
          ++pos_;
        if (start == pos_) return ParseError{pos_, "expected a variable name"};
        std::string name(text_.substr(start, pos_ - start));
        if (!eat("=")) return ParseError{pos_, "expected `=` after " + name};
        auto v = value();
        if (!v) return error_;
        if (!state.emplace(std::move(name), std::move(*v)).second)
          return ParseError{pos_, "a variable twice in one state"};
      }
      if (state.empty()) return ParseError{pos_, "a state with no variables"};
      states.push_back(std::move(state));
    }
    if (states.empty()) return ParseError{0, "no STATE_k in the module"};
    return states;
  }

 private:
  void skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool peek(std::string_view s) {
    skip();
    return text_.substr(pos_, s.size()) == s;
  }
  bool eat(std::string_view s) {
    if (!peek(s)) return false;
    pos_ += s.size();
    return true;
  }
  std::nullopt_t fail(std::string what) {
    error_ = ParseError{pos_, std::move(what)};
    return std::nullopt;
  }

  // Depth-limited: a hostile or broken file cannot exhaust the stack.
  std::optional<Value> value() {
    if (++depth_ > kDepthMax) return fail("values nested too deeply");
    auto v = value_inner();
    --depth_;
    return v;
  }

  std::optional<Value> value_inner() {
    skip();
    if (pos_ >= text_.size()) return fail("unexpected end");
    const char c = text_[pos_];
    if (eat("<<")) return sequence(">>");
    if (eat("{")) {
      auto items = items_until("}");
      if (!items) return std::nullopt;
      return Value{Set{std::move(*items)}};
    }
    if (eat("[")) return record();
    if (eat("(")) return function_or_group();
    if (c == '"') return string_literal();
    if (eat("TRUE")) return Value{true};
    if (eat("FALSE")) return Value{false};
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number();
    return fail(std::string("unexpected `") + c + "`");
  }

  std::optional<std::vector<Value>> items_until(std::string_view close) {
    std::vector<Value> items;
    if (eat(close)) return items;
    while (true) {
      auto v = value();
      if (!v) return std::nullopt;
      items.push_back(std::move(*v));
      if (eat(close)) return items;
      if (!eat(",")) return fail("expected `,` or `" + std::string(close) + "`"), std::nullopt;
    }
  }

  std::optional<Value> sequence(std::string_view close) {
    auto items = items_until(close);
    if (!items) return std::nullopt;
    return Value{Tuple(std::move(*items))};
  }

  std::optional<Value> record() {
    Record fields;
    while (true) {
      skip();
      const std::size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
        ++pos_;
      if (start == pos_) return fail("expected a field name");
      std::string name(text_.substr(start, pos_ - start));
      if (!eat("|->")) return fail("expected `|->`");
      auto v = value();
      if (!v) return std::nullopt;
      fields.emplace_back(std::move(name), std::move(*v));
      if (eat("]")) return Value{std::move(fields)};
      if (!eat(",")) return fail("expected `,` or `]`");
    }
  }

  // ( k :> v @@ k :> v ) or a parenthesized value.
  std::optional<Value> function_or_group() {
    auto first = value();
    if (!first) return std::nullopt;
    if (eat(")")) return first;
    Function entries;
    auto key = std::move(*first);
    while (true) {
      if (!eat(":>")) return fail("expected `:>` or `)`");
      auto v = value();
      if (!v) return std::nullopt;
      entries.emplace_back(std::move(key), std::move(*v));
      if (eat(")")) return Value{std::move(entries)};
      if (!eat("@@")) return fail("expected `@@` or `)`");
      auto k = value();
      if (!k) return std::nullopt;
      key = std::move(*k);
    }
  }

  std::optional<Value> string_literal() {
    ++pos_;  // the opening quote
    std::string s;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\') {
        if (pos_ >= text_.size()) break;
        const char e = text_[pos_++];
        c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
      }
      s.push_back(c);
    }
    if (pos_ >= text_.size()) return fail("unterminated string");
    ++pos_;
    return Value{std::move(s)};
  }

  std::optional<Value> number() {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), n);
    if (ec != std::errc()) return fail("malformed number");
    pos_ = static_cast<std::size_t>(end - text_.data());
    return Value{n};
  }

  static constexpr int kDepthMax = 256;
  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  ParseError error_;
};

void append_quoted(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

// Printed as TLC would choose: a function on 1..n is a tuple, one on strings a record.
void append_function(std::string& out, std::vector<std::pair<Value, Value>> entries) {
  std::vector<std::pair<std::string, const Value*>> printed;
  bool strings = true;
  for (const auto& [k, v] : entries) {
    strings = strings && k.is_string();
    printed.emplace_back(strings ? *k.as_string() : to_text(k), &v);
  }
  bool one_to_n = !entries.empty();
  for (std::size_t i = 0; i < entries.size() && one_to_n; ++i)
    one_to_n = std::any_of(entries.begin(), entries.end(), [&](const auto& e) {
      return e.first.as_int() == static_cast<std::int64_t>(i + 1);
    });
  if (entries.empty() || one_to_n) {
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return *a.first.as_int() < *b.first.as_int(); });
    out += "<<";
    for (std::size_t i = 0; i < entries.size(); ++i)
      out += (i ? "," : "") + to_text(entries[i].second);
    out += ">>";
    return;
  }
  std::sort(printed.begin(), printed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out += strings ? "[" : "(";
  for (std::size_t i = 0; i < printed.size(); ++i)
    out += (i ? (strings ? "," : "@@") : "") + printed[i].first + (strings ? "|->" : ":>") +
           to_text(*printed[i].second);
  out += strings ? "]" : ")";
}

}  // namespace

Value integer(std::int64_t n) {
  return Value{n};
}
Value string(std::string s) {
  return Value{std::move(s)};
}
Value tuple(Tuple items) {
  return Value{std::move(items)};
}

std::optional<std::int64_t> Value::as_int() const {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  return std::nullopt;
}
const std::string* Value::as_string() const {
  return std::get_if<std::string>(&v);
}
const Tuple* Value::as_tuple() const {
  return std::get_if<Tuple>(&v);
}

std::vector<std::pair<Value, Value>> Value::entries() const {
  std::vector<std::pair<Value, Value>> out;
  std::visit(Overloaded{
                 [&](const Tuple& t) {
                   for (std::size_t i = 0; i < t.size(); ++i)
                     out.emplace_back(integer(static_cast<std::int64_t>(i + 1)), t[i]);
                 },
                 [&](const Record& r) {
                   for (const auto& [k, x] : r) out.emplace_back(string(k), x);
                 },
                 [&](const Function& f) { out = f; },
                 [](const auto&) {},
             },
             v);
  return out;
}

const Value* Value::apply(const Value& key) const {
  if (const auto* t = as_tuple()) {
    const auto i = key.as_int();
    return i && *i >= 1 && static_cast<std::size_t>(*i) <= t->size() ? &(*t)[*i - 1] : nullptr;
  }
  if (is_record()) return key.is_string() ? field(*key.as_string()) : nullptr;
  if (const auto* f = std::get_if<Function>(&v))
    for (const auto& [k, x] : *f)
      if (k == key) return &x;
  return nullptr;
}

const Value* Value::field(std::string_view name) const {
  if (const auto* r = std::get_if<Record>(&v))
    for (const auto& [k, x] : *r)
      if (k == name) return &x;
  return nullptr;
}

bool operator==(const Value& a, const Value& b) {
  return to_text(a) == to_text(b);
}

std::string to_text(const Value& value) {
  std::string out;
  std::visit(Overloaded{
                 [&](std::int64_t n) { out = std::to_string(n); },
                 [&](const std::string& s) { append_quoted(out, s); },
                 [&](bool b) { out = b ? "TRUE" : "FALSE"; },
                 [&](const Set& s) {
                   std::vector<std::string> items;
                   for (const auto& x : s.items) items.push_back(to_text(x));
                   std::sort(items.begin(), items.end());
                   items.erase(std::unique(items.begin(), items.end()), items.end());
                   out = "{";
                   for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
                   out += "}";
                 },
                 [&](const auto&) { append_function(out, value.entries()); },
             },
             value.v);
  return out;
}

std::variant<Value, ParseError> parse(std::string_view text) {
  return Parser(text).value_at_end();
}

std::variant<std::vector<TraceState>, ParseError> parse_trace_module(std::string_view text) {
  return Parser(text).trace_module();
}

}  // namespace asyncflow::model::tla
