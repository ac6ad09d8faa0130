// The encoders. Type tables are laid out exactly as @dfinity/candid lays them out, so our bytes
// equal the reference library's: a definition is appended after the definitions it refers to
// (depth first, fields in id order), each distinct type once.
#include <algorithm>
#include <array>
#include <span>

#include "asyncflow/wire/candid.hpp"
#include "opcodes.hpp"
#include "writer.hpp"

namespace asyncflow::wire {
namespace {

using namespace candid;

struct TypeNode;
struct FieldNode {
  std::uint32_t id;
  const TypeNode* type;
};
struct TypeNode {
  std::int64_t opcode;
  const TypeNode* inner = nullptr;      // opt, vec
  std::span<const FieldNode> fields{};  // record, variant: sorted by id
};

constexpr TypeNode kNatType{kNat};
constexpr TypeNode kNat8Type{kNat8};
constexpr TypeNode kNat32Type{kNat32};
constexpr TypeNode kBlobType{kVec, &kNat8Type};
constexpr TypeNode kHashType{kOpt, &kNat32Type};

constexpr std::array kNewFields{FieldNode{kMsgIdField, &kNatType},
                                FieldNode{kPayloadField, &kBlobType}};
constexpr std::array kAckFields{FieldNode{kMsgIdField, &kNatType},
                                FieldNode{kHashField, &kHashType},
                                FieldNode{kPayloadField, &kBlobType}};
constexpr std::array kFinFields{FieldNode{kMsgIdField, &kNatType},
                                FieldNode{kHashField, &kHashType}};
constexpr TypeNode kNewType{kRecord, nullptr, kNewFields};
constexpr TypeNode kAckType{kRecord, nullptr, kAckFields};
constexpr TypeNode kFinType{kRecord, nullptr, kFinFields};
constexpr std::array kFrameAlternatives{
    FieldNode{kAckTag, &kAckType}, FieldNode{kFinTag, &kFinType}, FieldNode{kNewTag, &kNewType}};
constexpr TypeNode kFrameType{kVariant, nullptr, kFrameAlternatives};
constexpr TypeNode kBatchType{kVec, &kFrameType};

constexpr bool sorted_by_id(std::span<const FieldNode> fields) {
  for (std::size_t i = 1; i < fields.size(); ++i) {
    if (fields[i - 1].id >= fields[i].id) return false;
  }
  return true;
}
static_assert(sorted_by_id(kNewFields) && sorted_by_id(kAckFields) && sorted_by_id(kFinFields) &&
              sorted_by_id(kFrameAlternatives));

// Variant alternatives are numbered by their position in id order.
constexpr std::uint64_t kAckIndex = 0;
constexpr std::uint64_t kFinIndex = 1;
constexpr std::uint64_t kNewIndex = 2;

class TypeTableWriter {
 public:
  void add(const TypeNode& type) {
    if (is_primitive(type.opcode) || index_of(type) >= 0) return;
    if (type.inner != nullptr) add(*type.inner);
    for (const FieldNode& field : type.fields) add(*field.type);
    put_sleb(entries_, type.opcode);
    if (type.inner != nullptr) put_ref(entries_, *type.inner);
    if (type.opcode == kRecord || type.opcode == kVariant) {
      put_leb(entries_, type.fields.size());
      for (const FieldNode& field : type.fields) {
        put_leb(entries_, field.id);
        put_ref(entries_, *field.type);
      }
    }
    defined_.push_back(&type);
  }

  // "DIDL", the table, then the one argument's type.
  Bytes header(const TypeNode& arg) const {
    Bytes out(std::begin(kMagic), std::end(kMagic));
    put_leb(out, defined_.size());
    out.insert(out.end(), entries_.begin(), entries_.end());
    put_leb(out, 1);
    put_ref(out, arg);
    return out;
  }

 private:
  std::int64_t index_of(const TypeNode& type) const {
    const auto found = std::find(defined_.begin(), defined_.end(), &type);
    return found == defined_.end() ? -1 : found - defined_.begin();
  }
  void put_ref(Bytes& out, const TypeNode& type) const {
    put_sleb(out, is_primitive(type.opcode) ? type.opcode : index_of(type));
  }

  std::vector<const TypeNode*> defined_;
  Bytes entries_;
};

Bytes header_for(const TypeNode& arg) {
  TypeTableWriter table;
  table.add(arg);
  return table.header(arg);
}

void put_hash(Bytes& out, const std::optional<Hash32>& hash) {
  if (!hash) {
    out.push_back(0);
    return;
  }
  out.push_back(1);
  put_u32_le(out, *hash);
}

// Record values: fields in id order (msg_id < hash < payload).
void put_value(Bytes& out, const NewFrame& frame) {
  put_nat128(out, frame.msg_id);
  put_blob(out, frame.payload);
}
void put_value(Bytes& out, const AckFrame& frame) {
  put_nat128(out, frame.msg_id);
  put_hash(out, frame.hash);
  put_blob(out, frame.payload);
}
void put_value(Bytes& out, const FinFrame& frame) {
  put_nat128(out, frame.msg_id);
  put_hash(out, frame.hash);
}

void put_frame(Bytes& out, const Frame& frame) {
  std::visit(
      [&](const auto& f) {
        using T = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<T, NewFrame>) put_leb(out, kNewIndex);
        if constexpr (std::is_same_v<T, AckFrame>) put_leb(out, kAckIndex);
        if constexpr (std::is_same_v<T, FinFrame>) put_leb(out, kFinIndex);
        put_value(out, f);
      },
      frame);
}

template <typename F>
Bytes encode_record(const TypeNode& type, const F& frame) {
  Bytes out = header_for(type);
  put_value(out, frame);
  return out;
}

}  // namespace

Bytes encode_new(const NewFrame& frame) {
  return encode_record(kNewType, frame);
}
Bytes encode_ack(const AckFrame& frame) {
  return encode_record(kAckType, frame);
}
Bytes encode_fin(const FinFrame& frame) {
  return encode_record(kFinType, frame);
}

Bytes encode_frame(const Frame& frame) {
  Bytes out = header_for(kFrameType);
  put_frame(out, frame);
  return out;
}

Bytes encode_batch(std::span<const Frame> frames) {
  Bytes out = header_for(kBatchType);
  put_leb(out, frames.size());
  for (const Frame& frame : frames) put_frame(out, frame);
  return out;
}

}  // namespace asyncflow::wire
