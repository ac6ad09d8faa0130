#pragma once
// The five Candid argument forms a frame travels in, chosen by name (tools take `--as FORM`):
//   batch  asyncFlow (vec Frame)                 any number of frames
//   frame  (Frame), as the Motoko `maf` sends    one frame
//   new    com_asyncFlow_newMessage (New)        one NEW
//   ack    com_asyncFlow_ack (Ack)               one ACK
//   fin    com_asyncFlow_ackack (Fin)            one FIN
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "asyncflow/wire/candid.hpp"

namespace asyncflow::wire {

enum class Form : std::uint8_t { Batch, Frame, New, Ack, Fin };

std::optional<Form> parse_form(std::string_view name) noexcept;
std::string_view name_of(Form form) noexcept;
// The form a single frame takes by default: its method's argument.
Form method_form_of(const Frame& frame) noexcept;

// Encodes `frames` in `form`; an error text if the frames do not fit it (count or kind).
std::variant<Bytes, std::string> encode_as(Form form, std::span<const Frame> frames);
// Decodes bytes written in `form`; a single-frame form gives one frame.
std::variant<std::vector<Frame>, DecodeError> decode_as(Form form,
                                                        std::span<const std::uint8_t> bytes,
                                                        const DecodeLimits& limits = {});

}  // namespace asyncflow::wire
