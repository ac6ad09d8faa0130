#include "forms.hpp"

namespace asyncflow::wire {
namespace {

template <typename T>
std::variant<std::vector<Frame>, DecodeError> one(std::variant<T, DecodeError> decoded) {
  if (auto* error = std::get_if<DecodeError>(&decoded)) return *error;
  return std::vector<Frame>{Frame{std::get<T>(std::move(decoded))}};
}

}  // namespace

std::optional<Form> parse_form(std::string_view name) noexcept {
  for (Form form : {Form::Batch, Form::Frame, Form::New, Form::Ack, Form::Fin}) {
    if (name_of(form) == name) return form;
  }
  return std::nullopt;
}

std::string_view name_of(Form form) noexcept {
  switch (form) {
    case Form::Batch:
      return "batch";
    case Form::Frame:
      return "frame";
    case Form::New:
      return "new";
    case Form::Ack:
      return "ack";
    case Form::Fin:
      return "fin";
  }
  return "?";
}

Form method_form_of(const Frame& frame) noexcept {
  switch (kind_of(frame)) {
    case FrameKind::New:
      return Form::New;
    case FrameKind::Ack:
      return Form::Ack;
    case FrameKind::Fin:
      return Form::Fin;
  }
  return Form::Frame;
}

std::variant<Bytes, std::string> encode_as(Form form, std::span<const Frame> frames) {
  if (form == Form::Batch) return encode_batch(frames);
  if (frames.size() != 1) {
    return "form '" + std::string(name_of(form)) + "' takes exactly one frame, got " +
           std::to_string(frames.size());
  }
  const Frame& frame = frames.front();
  if (form == Form::Frame) return encode_frame(frame);
  if (method_form_of(frame) != form) {
    static constexpr std::string_view kTags[] = {"", "", "NEW", "ACK", "FIN"};
    return "form '" + std::string(name_of(form)) + "' takes a " +
           std::string(kTags[static_cast<std::size_t>(form)]) + " frame";
  }
  if (const auto* f = std::get_if<NewFrame>(&frame)) return encode_new(*f);
  if (const auto* f = std::get_if<AckFrame>(&frame)) return encode_ack(*f);
  return encode_fin(std::get<FinFrame>(frame));
}

std::variant<std::vector<Frame>, DecodeError> decode_as(Form form,
                                                        std::span<const std::uint8_t> bytes,
                                                        const DecodeLimits& limits) {
  switch (form) {
    case Form::Batch:
      return decode_batch(bytes, limits);
    case Form::Frame:
      return one(decode_frame(bytes, limits));
    case Form::New:
      return one(decode_new(bytes, limits));
    case Form::Ack:
      return one(decode_ack(bytes, limits));
    case Form::Fin:
      return one(decode_fin(bytes, limits));
  }
  return DecodeError::TypeMismatch;
}

}  // namespace asyncflow::wire
