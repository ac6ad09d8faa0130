#include "value_reader.hpp"

#include <algorithm>
#include <array>

#include "utf8.hpp"

namespace asyncflow::wire::candid {
namespace {

// Nesting we follow while skipping. Our own types are 4 deep; a recursive type such as
// `type t = record { t }` has no finite value and would otherwise recurse forever.
constexpr unsigned kSkipDepthMax = 64;

// Bytes a fixed-width primitive takes, or 0 for the others.
std::size_t fixed_width_bytes(std::int64_t opcode) noexcept {
  switch (opcode) {
    case kNat8:
    case kInt8:
      return 1;
    case kNat16:
    case kInt16:
      return 2;
    case kNat32:
    case kInt32:
    case kFloat32:
      return 4;
    case kNat64:
    case kInt64:
    case kFloat64:
      return 8;
    default:
      return 0;
  }
}

// The record fields a frame type needs, each found by id in the wire record's sorted fields.
enum class Need : std::uint8_t { Required, Optional };

}  // namespace

Status ValueReader::spend_skip_budget() {
  if (skipped_values_ >= limits_.skipped_values_max) return DecodeError::WorkLimit;
  ++skipped_values_;
  return std::nullopt;
}

Status ValueReader::skip_blob() {
  std::size_t length = 0;
  if (auto error = reader_.leb_size(length)) return error;
  return reader_.skip(length);
}

Status ValueReader::skip_text() {
  std::size_t length = 0;
  if (auto error = reader_.leb_size(length)) return error;
  std::span<const std::uint8_t> text;
  if (auto error = reader_.take(length, text)) return error;
  return is_utf8(text) ? Status{} : Status{DecodeError::BadValue};
}

// principal and service values: 0 (an opaque reference) or 1 and the id's bytes.
Status ValueReader::skip_reference() {
  std::uint8_t flag = 0;
  if (auto error = reader_.byte(flag)) return error;
  if (flag == 0) return std::nullopt;
  if (flag != 1) return DecodeError::BadValue;
  return skip_blob();
}

Status ValueReader::skip(TypeRef type, unsigned depth) {
  if (depth > kSkipDepthMax) return DecodeError::DepthLimit;
  if (auto error = spend_skip_budget()) return error;
  const std::int64_t opcode = table_.opcode_of(type);
  if (const std::size_t width = fixed_width_bytes(opcode); width != 0) return reader_.skip(width);
  switch (opcode) {
    case kNull:
    case kReserved:
      return std::nullopt;
    case kBool: {
      std::uint8_t b = 0;
      if (auto error = reader_.byte(b)) return error;
      return b <= 1 ? Status{} : Status{DecodeError::BadValue};
    }
    case kNat:
    case kInt:
      return reader_.skip_leb();  // any size: only our msg_id is limited to 128 bits
    case kText:
      return skip_text();
    case kEmpty:
      return DecodeError::BadValue;  // `empty` has no values
    case kPrincipal:
    case kService:
      return skip_reference();
    case kFunc: {
      std::uint8_t flag = 0;
      if (auto error = reader_.byte(flag)) return error;
      if (flag == 0) return std::nullopt;
      if (flag != 1) return DecodeError::BadValue;
      if (auto error = skip_reference()) return error;
      return skip_text();
    }
    case kOpt: {
      std::uint8_t tag = 0;
      if (auto error = reader_.byte(tag)) return error;
      if (tag == 0) return std::nullopt;
      if (tag != 1) return DecodeError::BadOptTag;
      return skip(table_.def(type).inner, depth + 1);
    }
    case kVec: {
      std::size_t count = 0;
      if (auto error = reader_.leb_size(count)) return error;
      const TypeRef element = table_.def(type).inner;
      if (element == kNat8) return reader_.skip(count);  // a blob: one step, not one per byte
      for (std::size_t i = 0; i < count; ++i) {
        if (auto error = skip(element, depth + 1)) return error;
      }
      return std::nullopt;
    }
    case kRecord:
      for (const FieldType& field : table_.fields_of(table_.def(type))) {
        if (auto error = skip(field.type, depth + 1)) return error;
      }
      return std::nullopt;
    case kVariant: {
      const auto alternatives = table_.fields_of(table_.def(type));
      std::size_t index = 0;
      if (auto error = reader_.leb_size(index)) return error;
      if (index >= alternatives.size()) return DecodeError::BadValue;
      return skip(alternatives[index].type, depth + 1);
    }
    default:
      break;
  }
  // A future type's value: its byte count, its reference count, then the bytes.
  std::size_t byte_count = 0;
  std::size_t reference_count = 0;
  if (auto error = reader_.leb_size(byte_count)) return error;
  if (auto error = reader_.leb_size(reference_count)) return error;
  return reader_.skip(byte_count);
}

Status ValueReader::nat(TypeRef type, MsgId& out) {
  if (type != kNat) return DecodeError::TypeMismatch;
  return reader_.nat128(out);
}

Status ValueReader::blob(TypeRef type, Bytes& out) {
  if (table_.opcode_of(type) != kVec) return DecodeError::TypeMismatch;
  std::size_t length = 0;
  if (auto error = reader_.leb_size(length)) return error;
  if (length == 0) {  // an empty vector of any element type decodes at `vec nat8`
    out.clear();
    return std::nullopt;
  }
  if (table_.def(type).inner != kNat8) return DecodeError::TypeMismatch;
  if (length > limits_.payload_bytes_max) return DecodeError::PayloadTooLarge;
  std::span<const std::uint8_t> bytes;
  if (auto error = reader_.take(length, bytes)) return error;
  out.assign(bytes.begin(), bytes.end());
  return std::nullopt;
}

Status ValueReader::opt_nat32(TypeRef type, std::optional<Hash32>& out) {
  out.reset();
  const std::int64_t opcode = table_.opcode_of(type);
  if (opcode == kNull || opcode == kReserved) return std::nullopt;
  if (opcode == kNat32) {  // a bare value reads as present
    Hash32 value = 0;
    if (auto error = reader_.u32_le(value)) return error;
    out = value;
    return std::nullopt;
  }
  if (opcode != kOpt) return skip(type);  // does not decode at nat32: null
  std::uint8_t tag = 0;
  if (auto error = reader_.byte(tag)) return error;
  if (tag == 0) return std::nullopt;
  if (tag != 1) return DecodeError::BadOptTag;
  const TypeRef content = table_.def(type).inner;
  if (content != kNat32) return skip(content);  // `opt v` with v not a nat32: null
  Hash32 value = 0;
  if (auto error = reader_.u32_le(value)) return error;
  out = value;
  return std::nullopt;
}

namespace {

// Walks a wire record's fields in order, handing the ones we know to `read` and skipping the
// rest; then checks that every required field was there.
template <std::size_t N, typename ReadField>
Status read_record(ValueReader& values, const TypeTable& table, TypeRef type,
                   const std::array<std::uint32_t, N>& ids, const std::array<Need, N>& needs,
                   ReadField&& read) {
  if (table.opcode_of(type) != kRecord) return DecodeError::TypeMismatch;
  std::array<bool, N> seen{};
  for (const FieldType& field : table.fields_of(table.def(type))) {
    const auto known = std::find(ids.begin(), ids.end(), field.id);
    if (known == ids.end()) {
      if (auto error = values.skip(field.type, 1)) return error;
      continue;
    }
    const auto index = static_cast<std::size_t>(known - ids.begin());
    seen[index] = true;
    if (auto error = read(index, field.type)) return error;
  }
  for (std::size_t i = 0; i < N; ++i) {
    if (!seen[i] && needs[i] == Need::Required) return DecodeError::MissingField;
  }
  return std::nullopt;
}

}  // namespace

Status ValueReader::new_frame(TypeRef type, NewFrame& out) {
  out = NewFrame{};
  return read_record<2>(*this, table_, type, {kMsgIdField, kPayloadField},
                        {Need::Required, Need::Required},
                        [&](std::size_t index, TypeRef field) -> Status {
                          if (index == 0) return nat(field, out.msg_id);
                          return blob(field, out.payload);
                        });
}

Status ValueReader::ack_frame(TypeRef type, AckFrame& out) {
  out = AckFrame{};
  return read_record<3>(*this, table_, type, {kMsgIdField, kHashField, kPayloadField},
                        {Need::Required, Need::Optional, Need::Required},
                        [&](std::size_t index, TypeRef field) -> Status {
                          if (index == 0) return nat(field, out.msg_id);
                          if (index == 1) return opt_nat32(field, out.hash);
                          return blob(field, out.payload);
                        });
}

Status ValueReader::fin_frame(TypeRef type, FinFrame& out) {
  out = FinFrame{};
  return read_record<2>(*this, table_, type, {kMsgIdField, kHashField},
                        {Need::Required, Need::Optional},
                        [&](std::size_t index, TypeRef field) -> Status {
                          if (index == 0) return nat(field, out.msg_id);
                          return opt_nat32(field, out.hash);
                        });
}

Status ValueReader::frame(TypeRef type, Frame& out) {
  if (table_.opcode_of(type) != kVariant) return DecodeError::TypeMismatch;
  const auto alternatives = table_.fields_of(table_.def(type));
  std::size_t index = 0;
  if (auto error = reader_.leb_size(index)) return error;
  if (index >= alternatives.size()) return DecodeError::BadValue;
  const FieldType& chosen = alternatives[index];
  switch (chosen.id) {
    case kNewTag:
      return new_frame(chosen.type, out.emplace<NewFrame>());
    case kAckTag:
      return ack_frame(chosen.type, out.emplace<AckFrame>());
    case kFinTag:
      return fin_frame(chosen.type, out.emplace<FinFrame>());
    default:
      return DecodeError::UnknownVariantTag;
  }
}

Status ValueReader::frames(TypeRef type, std::vector<Frame>& out) {
  out.clear();
  if (table_.opcode_of(type) != kVec) return DecodeError::TypeMismatch;
  std::size_t count = 0;
  if (auto error = reader_.leb_size(count)) return error;
  if (count > limits_.frames_max) return DecodeError::TooManyFrames;
  // A frame takes at least one byte (its tag): a larger count cannot be honest.
  if (count > reader_.remaining()) return DecodeError::Truncated;
  out.reserve(count);
  const TypeRef element = table_.def(type).inner;
  for (std::size_t i = 0; i < count; ++i) {
    if (auto error = frame(element, out.emplace_back())) return error;
  }
  return std::nullopt;
}

}  // namespace asyncflow::wire::candid
