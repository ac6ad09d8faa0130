#pragma once
// The type part of a Candid message: the table of type definitions and the argument types,
// parsed and checked before any value is read, so value decoding can trust every reference.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "opcodes.hpp"
#include "reader.hpp"

namespace asyncflow::wire::candid {

// A type reference: a primitive opcode (negative) or an index into the table (>= 0).
using TypeRef = std::int64_t;

struct FieldType {
  std::uint32_t id = 0;
  TypeRef type = kNull;
};

struct TypeDef {
  std::int64_t opcode = kNull;     // kOpt, kVec, kRecord, kVariant, kFunc, kService or a future one
  TypeRef inner = kNull;           // opt and vec: the element type
  std::uint32_t fields_begin = 0;  // record and variant: a range of TypeTable::fields
  std::uint32_t fields_count = 0;
};

struct TypeTable {
  std::vector<TypeDef> defs;
  std::vector<FieldType> fields;
  std::vector<TypeRef> args;

  // The opcode a reference stands for: itself when primitive, else its definition's.
  std::int64_t opcode_of(TypeRef type) const noexcept {
    return type < 0 ? type : defs[static_cast<std::size_t>(type)].opcode;
  }
  const TypeDef& def(TypeRef type) const noexcept { return defs[static_cast<std::size_t>(type)]; }
  std::span<const FieldType> fields_of(const TypeDef& def) const noexcept {
    return std::span<const FieldType>(fields).subspan(def.fields_begin, def.fields_count);
  }
};

// Reads "DIDL", the type table and the argument types, leaving the reader at the first value.
Status read_header(Reader& reader, TypeTable& table, const DecodeLimits& limits);

}  // namespace asyncflow::wire::candid
