// decode_call: from an IC method name and its argument bytes to frames, for our endpoints and
// the deployed Motoko `maf` library's (same names for NEW and ACK, but a variant argument).
#include "asyncflow/wire/candid.hpp"
#include "type_table.hpp"

namespace asyncflow::wire {
namespace {

// True when the message's first argument is declared as a variant (maf's frame form). Any
// malformed header is left for the real decoder to report.
bool first_argument_is_variant(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  candid::Reader reader(bytes);
  candid::TypeTable table;
  if (candid::read_header(reader, table, limits) || table.args.empty()) return false;
  return table.opcode_of(table.args.front()) == candid::kVariant;
}

template <typename T>
std::variant<std::vector<Frame>, DecodeError> as_frames(std::variant<T, DecodeError> decoded) {
  if (auto* error = std::get_if<DecodeError>(&decoded)) return *error;
  return std::vector<Frame>{Frame{std::get<T>(std::move(decoded))}};
}

}  // namespace

std::variant<std::vector<Frame>, DecodeError> decode_call(std::string_view method,
                                                          std::span<const std::uint8_t> bytes,
                                                          const DecodeLimits& limits) {
  if (bytes.size() > limits.input_bytes_max) return DecodeError::InputTooLarge;
  if (method == "asyncFlow") return decode_batch(bytes, limits);
  const bool per_kind = method == "com_asyncFlow_newMessage" || method == "com_asyncFlow_ack" ||
                        method == "com_asyncFlow_ackack" || method == "com_asyncFlow_fin";
  if (!per_kind) return DecodeError::UnknownMethod;
  if (method == "com_asyncFlow_fin" || first_argument_is_variant(bytes, limits)) {
    return as_frames(decode_frame(bytes, limits));
  }
  if (method == "com_asyncFlow_newMessage") return as_frames(decode_new(bytes, limits));
  if (method == "com_asyncFlow_ack") return as_frames(decode_ack(bytes, limits));
  return as_frames(decode_fin(bytes, limits));
}

}  // namespace asyncflow::wire
