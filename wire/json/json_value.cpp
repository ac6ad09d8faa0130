#include "json_value.hpp"

#include "frame_json.hpp"

namespace asyncflow::wire::json {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::variant<Value, ParseError> document() {
    Value root;
    if (!value(root, 0)) return error_;
    skip_space();
    if (pos_ != text_.size()) return ParseError{pos_, "unexpected text after the JSON value"};
    return root;
  }

 private:
  bool fail(std::string message) {
    error_ = ParseError{pos_, std::move(message)};
    return false;
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return fail("invalid JSON literal");
    pos_ += word.size();
    return true;
  }

  bool value(Value& out, std::size_t depth) {
    if (depth > kJsonDepthMax) return fail("JSON nested too deeply");
    skip_space();
    out.offset = pos_;
    if (pos_ == text_.size()) return fail("unexpected end of JSON");
    switch (text_[pos_]) {
      case 'n':
        out.kind = Value::Kind::Null;
        return literal("null");
      case 't':
        out.kind = Value::Kind::Bool;
        out.boolean = true;
        return literal("true");
      case 'f':
        out.kind = Value::Kind::Bool;
        return literal("false");
      case '"':
        out.kind = Value::Kind::String;
        return string(out.text);
      case '[':
        out.kind = Value::Kind::Array;
        return array(out, depth);
      case '{':
        out.kind = Value::Kind::Object;
        return object(out, depth);
      default:
        out.kind = Value::Kind::Number;
        return number(out.text);
    }
  }

  bool number(std::string& out) {
    const std::size_t start = pos_;
    auto digits = [&] {
      const std::size_t first = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > first;
    };
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    const std::size_t int_start = pos_;
    if (!digits()) return fail("invalid JSON value");
    if (text_[int_start] == '0' && pos_ - int_start > 1) return fail("leading zero in number");
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits()) return fail("invalid number");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return fail("invalid number");
    }
    out.assign(text_.substr(start, pos_ - start));
    return true;
  }

  static void put_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3f)));
    }
  }

  bool hex4(std::uint32_t& out) {
    if (text_.size() - pos_ < 4) return fail("truncated \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      std::uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return fail("bad \\u escape");
      }
      out = out << 4 | digit;
    }
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // the opening quote
    for (;;) {
      if (pos_ == text_.size()) return fail("unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in string");
      if (c != '\\') {
        out.push_back(c);
        ++pos_;
        continue;
      }
      if (++pos_ == text_.size()) return fail("unterminated string");
      const char escape = text_[pos_++];
      switch (escape) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          std::uint32_t code = 0;
          if (!hex4(code)) return false;
          if (code >= 0xd800 && code <= 0xdbff) {  // a surrogate pair
            std::uint32_t low = 0;
            if (text_.substr(pos_, 2) != "\\u") return fail("unpaired surrogate");
            pos_ += 2;
            if (!hex4(low)) return false;
            if (low < 0xdc00 || low > 0xdfff) return fail("unpaired surrogate");
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          } else if (code >= 0xdc00 && code <= 0xdfff) {
            return fail("unpaired surrogate");
          }
          put_utf8(out, code);
          break;
        }
        default:
          return fail("bad escape in string");
      }
    }
  }

  bool array(Value& out, std::size_t depth) {
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      if (!value(out.items.emplace_back(), depth + 1)) return false;
      skip_space();
      if (pos_ == text_.size()) return fail("unterminated array");
      if (text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      if (text_[pos_] != ',') return fail("expected ',' or ']'");
      ++pos_;
    }
  }

  bool object(Value& out, std::size_t depth) {
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      if (pos_ == text_.size() || text_[pos_] != '"') return fail("expected a key string");
      auto& member = out.members.emplace_back();
      if (!string(member.first)) return false;
      skip_space();
      if (pos_ == text_.size() || text_[pos_] != ':') return fail("expected ':'");
      ++pos_;
      if (!value(member.second, depth + 1)) return false;
      skip_space();
      if (pos_ == text_.size()) return fail("unterminated object");
      if (text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      if (text_[pos_] != ',') return fail("expected ',' or '}'");
      ++pos_;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  ParseError error_;
};

}  // namespace

std::string_view kind_name(Value::Kind kind) noexcept {
  switch (kind) {
    case Value::Kind::Null:
      return "null";
    case Value::Kind::Bool:
      return "a boolean";
    case Value::Kind::Number:
      return "a number";
    case Value::Kind::String:
      return "a string";
    case Value::Kind::Array:
      return "an array";
    case Value::Kind::Object:
      return "an object";
  }
  return "?";
}

std::variant<Value, ParseError> parse_json(std::string_view text) {
  return Parser(text).document();
}

}  // namespace asyncflow::wire::json
