#pragma once
// Candid encoding of the protocol's messages (docs/asyncflow.did), byte-for-byte as the DFINITY
// Candid specification and its reference library @dfinity/candid write them.
//
//   com_asyncFlow_newMessage : (New) -> ()        encode_new / decode_new
//   com_asyncFlow_ack        : (Ack) -> ()        encode_ack / decode_ack
//   com_asyncFlow_ackack     : (Fin) -> ()        encode_fin / decode_fin
//   asyncFlow                : (vec Frame) -> ()  encode_batch / decode_batch
//   (Frame), the Motoko `maf` endpoints' form     encode_frame / decode_frame
//   an inbound call, by method name                decode_call
//
// Decoding follows Candid's decoding relation (spec/Candid.md, "Decoding"): any type-table order;
// extra record fields and extra arguments are checked and skipped; a missing `opt` field, or one
// whose value is null, `reserved` or not a nat32, reads as null; a bare nat32 reads as present.
// Everything else is a typed DecodeError: never a crash, never an allocation larger than the
// input or the limits. What is accepted and refused in detail: wire/README.md.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "asyncflow/frame.hpp"

namespace asyncflow::wire {

enum class DecodeError : std::uint8_t {
  InputTooLarge = 1,    // more bytes than DecodeLimits::input_bytes_max
  Truncated,            // the input ends inside a value, a type or a length
  BadMagic,             // does not start with "DIDL"
  LebOverflow,          // a length, count, index or field id does not fit its integer
  BadTypeOpcode,        // a type-table entry or type reference names no Candid type
  TypeIndexOutOfRange,  // a type reference points past the type table
  FieldsNotSorted,      // record or variant field ids not strictly increasing
  MissingArgument,      // fewer arguments than the method takes
  TypeMismatch,         // the wire type cannot be read as the expected type
  MissingField,         // a required record field is absent from the wire type
  NatOverflow,          // a msg_id nat above 2^128 - 1
  UnknownVariantTag,    // a variant value names an alternative other than NEW, ACK or FIN
  BadOptTag,            // an opt value's tag is neither 0 nor 1
  BadValue,             // a malformed value: bool, text, reference, variant index, `empty`
  TooManyFrames,        // more frames than DecodeLimits::frames_max
  PayloadTooLarge,      // a payload longer than DecodeLimits::payload_bytes_max
  DepthLimit,           // types nested deeper than the decoder follows (or never productive)
  WorkLimit,            // more skipped values or type-table entries than DecodeLimits allow
  TrailingBytes,        // bytes left after the last argument
  UnknownMethod,        // decode_call: a method name that carries no frames
};

std::string_view name_of(DecodeError error) noexcept;

struct DecodeLimits {
  std::size_t frames_max = 1024;
  std::size_t payload_bytes_max = std::size_t{1} << 20;
  std::size_t input_bytes_max = std::size_t{64} << 20;
  // Values of types we do not read (extra fields, extra arguments) are skipped one by one; a
  // `vec null` of length 2^60 takes no bytes, so skipping has its own budget.
  std::size_t skipped_values_max = std::size_t{1} << 20;
  // Type definitions, record/variant fields and service methods in the type table together. Our
  // types need 7 definitions and 11 fields; this bounds the decoder's memory for the table (16
  // to 32 bytes per entry) independently of the input size.
  std::size_t type_entries_max = 4096;
};

// Argument tuples, ready to be the body of an IC call.
Bytes encode_new(const NewFrame& frame);
Bytes encode_ack(const AckFrame& frame);
Bytes encode_fin(const FinFrame& frame);
Bytes encode_frame(const Frame& frame);  // (Frame): one variant, as `maf` sends
Bytes encode_batch(std::span<const Frame> frames);

std::variant<NewFrame, DecodeError> decode_new(std::span<const std::uint8_t> bytes,
                                               const DecodeLimits& limits = {});
std::variant<AckFrame, DecodeError> decode_ack(std::span<const std::uint8_t> bytes,
                                               const DecodeLimits& limits = {});
std::variant<FinFrame, DecodeError> decode_fin(std::span<const std::uint8_t> bytes,
                                               const DecodeLimits& limits = {});
std::variant<Frame, DecodeError> decode_frame(std::span<const std::uint8_t> bytes,
                                              const DecodeLimits& limits = {});
std::variant<std::vector<Frame>, DecodeError> decode_batch(std::span<const std::uint8_t> bytes,
                                                           const DecodeLimits& limits = {});

// The frames an incoming IC call carries, chosen by its method name: ours (asyncFlow,
// com_asyncFlow_newMessage, com_asyncFlow_ack, com_asyncFlow_ackack) and those of the Motoko
// `maf` library, whose com_asyncFlow_newMessage / _ack / _fin take one (Frame) variant. A
// per-kind method whose argument is a variant is read as maf's (Frame), whatever its kind.
std::variant<std::vector<Frame>, DecodeError> decode_call(std::string_view method,
                                                          std::span<const std::uint8_t> bytes,
                                                          const DecodeLimits& limits = {});

}  // namespace asyncflow::wire
