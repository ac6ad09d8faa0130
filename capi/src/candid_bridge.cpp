#include "candid_bridge.hpp"

#include "asyncflow/asyncflow.h"
#include "asyncflow/wire/candid.hpp"

namespace asyncflow::capi {

// asyncflow.h names every DecodeError value: the two lists must stay equal.
#define ASYNCFLOW_SAME(c, cpp) static_assert(c == static_cast<int>(wire::DecodeError::cpp));
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_INPUT_TOO_LARGE, InputTooLarge)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_TRUNCATED, Truncated)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_BAD_MAGIC, BadMagic)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_LEB_OVERFLOW, LebOverflow)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_BAD_TYPE_OPCODE, BadTypeOpcode)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_TYPE_INDEX_OUT_OF_RANGE, TypeIndexOutOfRange)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_FIELDS_NOT_SORTED, FieldsNotSorted)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_MISSING_ARGUMENT, MissingArgument)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_TYPE_MISMATCH, TypeMismatch)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_MISSING_FIELD, MissingField)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_NAT_OVERFLOW, NatOverflow)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_UNKNOWN_VARIANT_TAG, UnknownVariantTag)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_BAD_OPT_TAG, BadOptTag)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_BAD_VALUE, BadValue)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_TOO_MANY_FRAMES, TooManyFrames)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_PAYLOAD_TOO_LARGE, PayloadTooLarge)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_DEPTH_LIMIT, DepthLimit)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_WORK_LIMIT, WorkLimit)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_TRAILING_BYTES, TrailingBytes)
ASYNCFLOW_SAME(ASYNCFLOW_DECODE_UNKNOWN_METHOD, UnknownMethod)
#undef ASYNCFLOW_SAME

bool has_candid() noexcept {
  return true;
}

std::variant<std::vector<Frame>, int> decode_candid_batch(std::span<const std::uint8_t> bytes) {
  auto decoded = wire::decode_batch(bytes);
  if (auto* error = std::get_if<wire::DecodeError>(&decoded)) return static_cast<int>(*error);
  return std::get<std::vector<Frame>>(std::move(decoded));
}

Bytes encode_candid_batch(std::span<const Frame> frames) {
  return wire::encode_batch(frames);
}

}  // namespace asyncflow::capi
