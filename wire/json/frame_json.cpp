#include "frame_json.hpp"

#include <algorithm>
#include <array>

#include "json_value.hpp"

namespace asyncflow::wire::json {
namespace {

using Kind = Value::Kind;

ParseError error_at(const Value& value, std::string message) {
  return ParseError{value.offset, std::move(message)};
}

// A non-negative JSON integer literal up to 2^128 - 1, exactly (four 32-bit limbs).
std::optional<MsgId> decimal_nat128(std::string_view digits) {
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  std::array<std::uint32_t, 4> limbs{};  // least significant first
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t carry = static_cast<std::uint64_t>(c - '0');
    for (std::uint32_t& limb : limbs) {
      const std::uint64_t product = std::uint64_t{limb} * 10 + carry;
      limb = static_cast<std::uint32_t>(product);
      carry = product >> 32;
    }
    if (carry != 0) return std::nullopt;
  }
  return MsgId{std::uint64_t{limbs[3]} << 32 | limbs[2], std::uint64_t{limbs[1]} << 32 | limbs[0]};
}

std::variant<MsgId, ParseError> read_msg_id(const Value& value) {
  if (value.kind == Kind::String) {
    if (auto id = MsgId::parse(value.text)) return *id;
    return error_at(value, "msg_id \"" + value.text + "\" is not a 26-character ULID");
  }
  if (value.kind == Kind::Number) {
    if (auto id = decimal_nat128(value.text)) return *id;
    return error_at(value, "msg_id " + value.text + " is not an integer from 0 to 2^128-1");
  }
  return error_at(value, "msg_id must be a ULID string or an integer, not " +
                             std::string(kind_name(value.kind)));
}

std::variant<std::optional<Hash32>, ParseError> read_hash(const Value* value) {
  if (value == nullptr || value->kind == Kind::Null) return std::optional<Hash32>{};
  if (value->kind == Kind::Number) {
    if (const auto n = decimal_nat128(value->text); n && n->hi == 0 && n->lo <= UINT32_MAX) {
      return std::optional<Hash32>{static_cast<Hash32>(n->lo)};
    }
    return error_at(*value, "hash " + value->text + " is not an integer from 0 to 2^32-1");
  }
  return error_at(*value,
                  "hash must be an integer or null, not " + std::string(kind_name(value->kind)));
}

std::variant<Bytes, ParseError> read_payload(const Value& value) {
  if (value.kind != Kind::String) {
    return error_at(value,
                    "payload must be a hex string, not " + std::string(kind_name(value.kind)));
  }
  if (auto bytes = from_hex(value.text)) return *std::move(bytes);
  return error_at(value, "payload is not hex (two digits per byte)");
}

// The fields of one frame kind: each known key once, required ones present, nothing else.
class Fields {
 public:
  static std::variant<Fields, ParseError> of(const Value& record, std::string_view kind,
                                             std::span<const std::string_view> allowed) {
    if (record.kind != Kind::Object) {
      return error_at(record, std::string(kind) + " must be an object");
    }
    Fields fields;
    for (const auto& [key, value] : record.members) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return error_at(value, "unknown key \"" + key + "\" in " + std::string(kind));
      }
      for (const auto& seen : fields.members_) {
        if (seen.first == key) return error_at(value, "duplicate key \"" + key + "\"");
      }
      fields.members_.emplace_back(key, &value);
    }
    fields.where_ = &record;
    return fields;
  }
  const Value* find(std::string_view key) const {
    for (const auto& [name, value] : members_) {
      if (name == key) return value;
    }
    return nullptr;
  }
  std::variant<const Value*, ParseError> require(std::string_view key) const {
    if (const Value* value = find(key)) return value;
    return error_at(*where_, "missing \"" + std::string(key) + "\"");
  }

 private:
  std::vector<std::pair<std::string_view, const Value*>> members_;
  const Value* where_ = nullptr;
};

// Pulls a value out of a variant-or-error, returning the error from the enclosing function.
#define ASYNCFLOW_JSON_TRY(target, expression)                                  \
  auto target##_result = (expression);                                          \
  if (auto* failed = std::get_if<ParseError>(&target##_result)) return *failed; \
  auto& target = std::get<0>(target##_result)

std::variant<Frame, ParseError> read_frame(const Value& value) {
  if (value.kind != Kind::Object || value.members.size() != 1) {
    return error_at(value, "a frame is an object with one key: NEW, ACK or FIN");
  }
  const auto& [tag, body] = value.members.front();
  static constexpr std::array<std::string_view, 2> kNewKeys{"msg_id", "payload"};
  static constexpr std::array<std::string_view, 3> kAckKeys{"msg_id", "hash", "payload"};
  static constexpr std::array<std::string_view, 2> kFinKeys{"msg_id", "hash"};
  if (tag == "NEW") {
    ASYNCFLOW_JSON_TRY(fields, Fields::of(body, tag, kNewKeys));
    ASYNCFLOW_JSON_TRY(id_value, fields.require("msg_id"));
    ASYNCFLOW_JSON_TRY(payload_value, fields.require("payload"));
    ASYNCFLOW_JSON_TRY(id, read_msg_id(*id_value));
    ASYNCFLOW_JSON_TRY(payload, read_payload(*payload_value));
    return NewFrame{id, std::move(payload)};
  }
  if (tag == "ACK") {
    ASYNCFLOW_JSON_TRY(fields, Fields::of(body, tag, kAckKeys));
    ASYNCFLOW_JSON_TRY(id_value, fields.require("msg_id"));
    ASYNCFLOW_JSON_TRY(payload_value, fields.require("payload"));
    ASYNCFLOW_JSON_TRY(id, read_msg_id(*id_value));
    ASYNCFLOW_JSON_TRY(hash, read_hash(fields.find("hash")));
    ASYNCFLOW_JSON_TRY(payload, read_payload(*payload_value));
    return AckFrame{id, hash, std::move(payload)};
  }
  if (tag == "FIN") {
    ASYNCFLOW_JSON_TRY(fields, Fields::of(body, tag, kFinKeys));
    ASYNCFLOW_JSON_TRY(id_value, fields.require("msg_id"));
    ASYNCFLOW_JSON_TRY(id, read_msg_id(*id_value));
    ASYNCFLOW_JSON_TRY(hash, read_hash(fields.find("hash")));
    return FinFrame{id, hash};
  }
  return error_at(value, "unknown frame kind \"" + tag + "\" (expected NEW, ACK or FIN)");
}

#undef ASYNCFLOW_JSON_TRY

void put_hash(std::string& out, const std::optional<Hash32>& hash) {
  out += ", \"hash\": ";
  out += hash ? std::to_string(*hash) : "null";
}

}  // namespace

std::variant<Document, ParseError> parse_frames(std::string_view text) {
  auto parsed = parse_json(text);
  if (auto* failed = std::get_if<ParseError>(&parsed)) return *failed;
  const Value& root = std::get<Value>(parsed);
  Document document;
  if (root.kind == Kind::Array) {
    document.is_batch = true;
    document.frames.reserve(root.items.size());
    for (const Value& item : root.items) {
      auto frame = read_frame(item);
      if (auto* failed = std::get_if<ParseError>(&frame)) return *failed;
      document.frames.push_back(std::get<Frame>(std::move(frame)));
    }
    return document;
  }
  auto frame = read_frame(root);
  if (auto* failed = std::get_if<ParseError>(&frame)) return *failed;
  document.frames.push_back(std::get<Frame>(std::move(frame)));
  return document;
}

std::string to_json(const Frame& frame) {
  std::string out;
  std::visit(
      [&](const auto& f) {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, NewFrame>) out += "{\"NEW\": {";
        if constexpr (std::is_same_v<T, AckFrame>) out += "{\"ACK\": {";
        if constexpr (std::is_same_v<T, FinFrame>) out += "{\"FIN\": {";
        out += "\"msg_id\": \"" + f.msg_id.to_string() + "\"";
        if constexpr (!std::is_same_v<T, NewFrame>) put_hash(out, f.hash);
        if constexpr (!std::is_same_v<T, FinFrame>)
          out += ", \"payload\": \"" + to_hex(f.payload) + "\"";
        out += "}}";
      },
      frame);
  return out;
}

std::string to_json(std::span<const Frame> frames) {
  if (frames.empty()) return "[]";
  std::string out = "[\n";
  for (std::size_t i = 0; i < frames.size(); ++i) {
    out += "  " + to_json(frames[i]);
    out += i + 1 < frames.size() ? ",\n" : "\n";
  }
  out += "]";
  return out;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::optional<Bytes> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = nibble(text[i]);
    const int low = nibble(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(high << 4 | low));
  }
  return out;
}

}  // namespace asyncflow::wire::json
