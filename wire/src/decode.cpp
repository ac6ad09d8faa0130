// The public decoders: header, the first argument at the method's type, the rest skipped.
#include "asyncflow/wire/candid.hpp"
#include "type_table.hpp"
#include "value_reader.hpp"

namespace asyncflow::wire {
namespace {

using candid::Reader;
using candid::Status;
using candid::TypeRef;
using candid::TypeTable;
using candid::ValueReader;

// Decodes `(T, ...)`: `read_first` reads the first argument; further arguments are skipped (a
// newer caller may pass more) and nothing may follow them.
template <typename T, typename ReadFirst>
std::variant<T, DecodeError> decode_args(std::span<const std::uint8_t> bytes,
                                         const DecodeLimits& limits, ReadFirst&& read_first) {
  if (bytes.size() > limits.input_bytes_max) return DecodeError::InputTooLarge;
  Reader reader(bytes);
  TypeTable table;
  if (auto error = candid::read_header(reader, table, limits)) return *error;
  if (table.args.empty()) return DecodeError::MissingArgument;
  ValueReader values(reader, table, limits);
  T result{};
  if (auto error = read_first(values, table.args.front(), result)) return *error;
  for (std::size_t i = 1; i < table.args.size(); ++i) {
    if (auto error = values.skip(table.args[i])) return *error;
  }
  if (!reader.at_end()) return DecodeError::TrailingBytes;
  return result;
}

}  // namespace

std::variant<NewFrame, DecodeError> decode_new(std::span<const std::uint8_t> bytes,
                                               const DecodeLimits& limits) {
  return decode_args<NewFrame>(
      bytes, limits, [](ValueReader& v, TypeRef t, NewFrame& out) { return v.new_frame(t, out); });
}

std::variant<AckFrame, DecodeError> decode_ack(std::span<const std::uint8_t> bytes,
                                               const DecodeLimits& limits) {
  return decode_args<AckFrame>(
      bytes, limits, [](ValueReader& v, TypeRef t, AckFrame& out) { return v.ack_frame(t, out); });
}

std::variant<FinFrame, DecodeError> decode_fin(std::span<const std::uint8_t> bytes,
                                               const DecodeLimits& limits) {
  return decode_args<FinFrame>(
      bytes, limits, [](ValueReader& v, TypeRef t, FinFrame& out) { return v.fin_frame(t, out); });
}

std::variant<Frame, DecodeError> decode_frame(std::span<const std::uint8_t> bytes,
                                              const DecodeLimits& limits) {
  return decode_args<Frame>(bytes, limits,
                            [](ValueReader& v, TypeRef t, Frame& out) { return v.frame(t, out); });
}

std::variant<std::vector<Frame>, DecodeError> decode_batch(std::span<const std::uint8_t> bytes,
                                                           const DecodeLimits& limits) {
  return decode_args<std::vector<Frame>>(
      bytes, limits,
      [](ValueReader& v, TypeRef t, std::vector<Frame>& out) { return v.frames(t, out); });
}

std::string_view name_of(DecodeError error) noexcept {
  switch (error) {
    case DecodeError::InputTooLarge:
      return "InputTooLarge";
    case DecodeError::Truncated:
      return "Truncated";
    case DecodeError::BadMagic:
      return "BadMagic";
    case DecodeError::LebOverflow:
      return "LebOverflow";
    case DecodeError::BadTypeOpcode:
      return "BadTypeOpcode";
    case DecodeError::TypeIndexOutOfRange:
      return "TypeIndexOutOfRange";
    case DecodeError::FieldsNotSorted:
      return "FieldsNotSorted";
    case DecodeError::MissingArgument:
      return "MissingArgument";
    case DecodeError::TypeMismatch:
      return "TypeMismatch";
    case DecodeError::MissingField:
      return "MissingField";
    case DecodeError::NatOverflow:
      return "NatOverflow";
    case DecodeError::UnknownVariantTag:
      return "UnknownVariantTag";
    case DecodeError::BadOptTag:
      return "BadOptTag";
    case DecodeError::BadValue:
      return "BadValue";
    case DecodeError::TooManyFrames:
      return "TooManyFrames";
    case DecodeError::PayloadTooLarge:
      return "PayloadTooLarge";
    case DecodeError::DepthLimit:
      return "DepthLimit";
    case DecodeError::WorkLimit:
      return "WorkLimit";
    case DecodeError::TrailingBytes:
      return "TrailingBytes";
    case DecodeError::UnknownMethod:
      return "UnknownMethod";
  }
  return "UnknownDecodeError";
}

}  // namespace asyncflow::wire
