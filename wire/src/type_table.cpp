#include "type_table.hpp"

#include <algorithm>
#include <string_view>

#include "utf8.hpp"

namespace asyncflow::wire::candid {
namespace {

// Counts type-table entries (definitions, fields, methods) against DecodeLimits.
class EntryBudget {
 public:
  explicit EntryBudget(std::size_t max) : left_(max) {}
  Status spend(std::size_t count) {
    if (count > left_) return DecodeError::WorkLimit;
    left_ -= count;
    return std::nullopt;
  }

 private:
  std::size_t left_;
};

Status read_magic(Reader& reader) {
  for (std::uint8_t expected : kMagic) {
    std::uint8_t b = 0;
    if (auto error = reader.byte(b)) return error;
    if (b != expected) return DecodeError::BadMagic;
  }
  return std::nullopt;
}

// A reference to a type: primitive opcodes inline, composite ones only through the table.
Status read_type_ref(Reader& reader, std::size_t table_size, TypeRef& out) {
  if (auto error = reader.sleb_i64(out)) return error;
  if (out < 0) return is_primitive(out) ? Status{} : Status{DecodeError::BadTypeOpcode};
  if (static_cast<std::uint64_t>(out) >= table_size) return DecodeError::TypeIndexOutOfRange;
  return std::nullopt;
}

// Records and variants: `count` fields with strictly increasing ids.
Status read_fields(Reader& reader, std::size_t table_size, TypeTable& table, TypeDef& def,
                   EntryBudget& budget) {
  std::size_t count = 0;
  if (auto error = reader.leb_size(count)) return error;
  // Each field takes at least two bytes, so a count beyond that is a lie about the input.
  if (count > reader.remaining() / 2) return DecodeError::Truncated;
  if (auto error = budget.spend(count)) return error;
  def.fields_begin = static_cast<std::uint32_t>(table.fields.size());
  def.fields_count = static_cast<std::uint32_t>(count);
  for (std::size_t i = 0; i < count; ++i) {
    FieldType field;
    if (auto error = reader.leb_u32(field.id)) return error;
    if (auto error = read_type_ref(reader, table_size, field.type)) return error;
    if (i > 0 && field.id <= table.fields.back().id) return DecodeError::FieldsNotSorted;
    table.fields.push_back(field);
  }
  return std::nullopt;
}

Status read_type_refs(Reader& reader, std::size_t table_size) {
  std::size_t count = 0;
  if (auto error = reader.leb_size(count)) return error;
  if (count > reader.remaining()) return DecodeError::Truncated;
  for (std::size_t i = 0; i < count; ++i) {
    TypeRef ignored = 0;
    if (auto error = read_type_ref(reader, table_size, ignored)) return error;
  }
  return std::nullopt;
}

// func (args) -> (results) annotations: checked for shape, never used by our messages.
Status read_func(Reader& reader, std::size_t table_size) {
  if (auto error = read_type_refs(reader, table_size)) return error;
  if (auto error = read_type_refs(reader, table_size)) return error;
  std::size_t count = 0;
  if (auto error = reader.leb_size(count)) return error;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint8_t annotation = 0;
    if (auto error = reader.byte(annotation)) return error;
    if (annotation < 1 || annotation > 3) return DecodeError::BadValue;  // query oneway composite
  }
  return std::nullopt;
}

// service { name : func; ... } with names strictly increasing.
Status read_service(Reader& reader, std::size_t table_size, std::vector<TypeRef>& methods,
                    EntryBudget& budget) {
  std::size_t count = 0;
  if (auto error = reader.leb_size(count)) return error;
  if (count > reader.remaining() / 2) return DecodeError::Truncated;  // a name and a type each
  if (auto error = budget.spend(count)) return error;
  std::string_view previous;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t length = 0;
    if (auto error = reader.leb_size(length)) return error;
    std::span<const std::uint8_t> name_bytes;
    if (auto error = reader.take(length, name_bytes)) return error;
    if (!is_utf8(name_bytes)) return DecodeError::BadValue;
    const std::string_view name(reinterpret_cast<const char*>(name_bytes.data()), length);
    if (i > 0 && name <= previous) return DecodeError::FieldsNotSorted;
    previous = name;
    TypeRef method = 0;
    if (auto error = read_type_ref(reader, table_size, method)) return error;
    methods.push_back(method);
  }
  return std::nullopt;
}

Status read_def(Reader& reader, std::size_t table_size, TypeTable& table, TypeDef& def,
                std::vector<TypeRef>& methods, EntryBudget& budget) {
  if (auto error = reader.sleb_i64(def.opcode)) return error;
  switch (def.opcode) {
    case kOpt:
    case kVec:
      return read_type_ref(reader, table_size, def.inner);
    case kRecord:
    case kVariant:
      return read_fields(reader, table_size, table, def, budget);
    case kFunc:
      return read_func(reader, table_size);
    case kService:
      return read_service(reader, table_size, methods, budget);
    default:
      break;
  }
  if (def.opcode < kPrincipal) {
    // A future type: a length and that many bytes we cannot interpret but can step over.
    std::size_t length = 0;
    if (auto error = reader.leb_size(length)) return error;
    return reader.skip(length);
  }
  return DecodeError::BadTypeOpcode;  // a primitive or an index cannot be a definition
}

// A service's methods must have func types; checkable only once the whole table is read.
Status check_method_types(const TypeTable& table, std::span<const TypeRef> methods) {
  for (TypeRef method : methods) {
    if (table.opcode_of(method) != kFunc) return DecodeError::TypeMismatch;
  }
  return std::nullopt;
}

}  // namespace

Status read_header(Reader& reader, TypeTable& table, const DecodeLimits& limits) {
  if (auto error = read_magic(reader)) return error;
  std::size_t table_size = 0;
  if (auto error = reader.leb_size(table_size)) return error;
  // Every definition takes at least one byte: never reserve more than the input could hold.
  if (table_size > reader.remaining()) return DecodeError::Truncated;
  EntryBudget budget(limits.type_entries_max);
  if (auto error = budget.spend(table_size)) return error;
  table.defs.resize(table_size);
  std::vector<TypeRef> methods;
  for (TypeDef& def : table.defs) {
    if (auto error = read_def(reader, table_size, table, def, methods, budget)) return error;
  }
  if (auto error = check_method_types(table, methods)) return error;
  std::size_t arg_count = 0;
  if (auto error = reader.leb_size(arg_count)) return error;
  if (arg_count > reader.remaining()) return DecodeError::Truncated;
  table.args.resize(arg_count);
  for (TypeRef& arg : table.args) {
    if (auto error = read_type_ref(reader, table_size, arg)) return error;
  }
  return std::nullopt;
}

}  // namespace asyncflow::wire::candid
