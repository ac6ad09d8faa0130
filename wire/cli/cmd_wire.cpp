// `asyncflow wire encode|decode`: frames as JSON (see wire/json/frame_json.hpp) <-> Candid hex.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "command.hpp"
#include "flags.hpp"
#include "forms.hpp"
#include "frame_json.hpp"

namespace asyncflow::wire {
namespace {

constexpr int kExitBadInput = 1;
constexpr int kExitUsage = 2;

constexpr const char* kUsage = R"(usage:
  asyncflow wire encode [--as FORM] [--in FILE | JSON]   JSON frame(s) -> Candid hex
  asyncflow wire decode [--as FORM] [--in FILE | HEX]    Candid hex -> JSON frame(s)
  asyncflow wire decode --method NAME [--in FILE | HEX]  the frames of an IC call to NAME

Input is the argument, else the file, else standard input.
FORM: batch (asyncFlow (vec Frame)), frame ((Frame), as maf sends), new, ack or fin (the
com_asyncFlow_newMessage / _ack / _ackack argument). encode: an array is a batch and one frame
object its method's argument unless --as says otherwise; decode: batch unless --as says otherwise.
JSON: {"NEW": {"msg_id": ULID-or-integer, "payload": "hex"}}, {"ACK": {"msg_id", "hash":
u32-or-null, "payload"}}, {"FIN": {"msg_id", "hash"}}, or an array of those.
--method: asyncFlow, com_asyncFlow_newMessage, com_asyncFlow_ack, com_asyncFlow_ackack, or maf's
com_asyncFlow_fin (maf's variant argument is read too); prints an array of frames.
)";

std::optional<std::string> read_all(std::FILE* file) {
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
    out.append(buffer, n);
    if (n < sizeof buffer) break;
  }
  if (std::ferror(file)) return std::nullopt;
  return out;
}

// The input text: the positional argument, the --in file or standard input.
std::optional<std::string> read_input(const cli::Flags& flags, std::string_view command) {
  if (!flags.positional().empty()) return std::string(flags.positional().front());
  if (auto path = flags.text("in")) {
    std::FILE* file = std::fopen(path->c_str(), "rb");
    if (file == nullptr) {
      fmt::print(stderr, "asyncflow wire {}: cannot open {}\n", command, *path);
      return std::nullopt;
    }
    auto text = read_all(file);
    std::fclose(file);
    if (!text) fmt::print(stderr, "asyncflow wire {}: cannot read {}\n", command, *path);
    return text;
  }
  auto text = read_all(stdin);
  if (!text) fmt::print(stderr, "asyncflow wire {}: cannot read standard input\n", command);
  return text;
}

// Line and column of a byte offset, for error messages people can act on.
std::string position_in(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("line {}, column {}", line, column);
}

int encode(const cli::Flags& flags, std::optional<Form> form) {
  const auto text = read_input(flags, "encode");
  if (!text) return kExitBadInput;
  auto parsed = json::parse_frames(*text);
  if (const auto* error = std::get_if<json::ParseError>(&parsed)) {
    fmt::print(stderr, "asyncflow wire encode: bad input at {}: {}\n",
               position_in(*text, error->offset), error->message);
    return kExitBadInput;
  }
  const auto& document = std::get<json::Document>(parsed);
  if (!form) form = document.is_batch ? Form::Batch : method_form_of(document.frames.front());
  if (*form != Form::Batch && document.is_batch) {
    fmt::print(stderr, "asyncflow wire encode: --as {} takes one frame object, not an array\n",
               name_of(*form));
    return kExitBadInput;
  }
  auto encoded = encode_as(*form, document.frames);
  if (const auto* error = std::get_if<std::string>(&encoded)) {
    fmt::print(stderr, "asyncflow wire encode: {}\n", *error);
    return kExitBadInput;
  }
  fmt::print("{}\n", json::to_hex(std::get<Bytes>(encoded)));
  return 0;
}

// Decodes hex input as `decode(bytes)` gives frames; `batch_output` prints an array.
template <typename Decode>
int decode_with(const cli::Flags& flags, std::string_view what, bool batch_output, Decode&& decode,
                bool hint_forms) {
  const auto text = read_input(flags, "decode");
  if (!text) return kExitBadInput;
  std::string digits;
  for (char c : *text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') digits.push_back(c);
  }
  const auto bytes = json::from_hex(digits);
  if (!bytes) {
    fmt::print(stderr, "asyncflow wire decode: input is not hex (two digits per byte)\n");
    return kExitBadInput;
  }
  const auto decoded = decode(*bytes);
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    fmt::print(stderr, "asyncflow wire decode: not a valid {}: {}{}\n", what, name_of(*error),
               hint_forms && *error == DecodeError::TypeMismatch
                   ? " (not a batch? try --as frame, new, ack or fin)"
                   : "");
    return kExitBadInput;
  }
  const auto& frames = std::get<std::vector<Frame>>(decoded);
  if (batch_output) {
    fmt::print("{}\n", json::to_json(std::span<const Frame>(frames)));
  } else {
    fmt::print("{}\n", json::to_json(frames.front()));
  }
  return 0;
}

int run_wire(cli::Args args) {
  const bool help = std::any_of(args.begin(), args.end(), [](std::string_view a) {
    return a == "--help" || a == "-h";
  });  // `wire -h`, `wire decode --help`: the usage, whatever else is there
  if (args.empty() || help || args.front() == "help") {
    fmt::print(args.empty() ? stderr : stdout, "{}", kUsage);
    return args.empty() ? kExitUsage : 0;
  }
  const std::string_view command = args.front();
  cli::Flags flags(args.subspan(1), {"as", "in", "method"}, {});
  if (!flags.ok() || flags.positional().size() > 1 ||
      (command != "encode" && command != "decode")) {
    fmt::print(stderr, "asyncflow wire: {}\n{}",
               !flags.ok() ? flags.error()
               : flags.positional().size() > 1
                   ? std::string("give the input as one argument (quote it)")
                   : "unknown subcommand '" + std::string(command) + "'",
               kUsage);
    return kExitUsage;
  }
  std::optional<Form> form;
  if (auto name = flags.text("as")) {
    form = parse_form(*name);
    if (!form) {
      fmt::print(stderr, "asyncflow wire: unknown form '{}' (batch, frame, new, ack, fin)\n",
                 *name);
      return kExitUsage;
    }
  }
  if (command == "encode") {
    if (flags.has("method")) {
      fmt::print(stderr, "asyncflow wire: --method is for decode; encode takes --as\n");
      return kExitUsage;
    }
    return encode(flags, form);
  }
  if (auto method = flags.text("method")) {
    if (form) {
      fmt::print(stderr, "asyncflow wire: give --as or --method, not both\n");
      return kExitUsage;
    }
    return decode_with(
        flags, "argument of " + *method, true,
        [&](const Bytes& bytes) { return decode_call(*method, bytes); }, false);
  }
  const Form chosen = form.value_or(Form::Batch);
  return decode_with(
      flags, "'" + std::string(name_of(chosen)) + "' argument", chosen == Form::Batch,
      [&](const Bytes& bytes) { return decode_as(chosen, bytes); }, !form);
}

}  // namespace
}  // namespace asyncflow::wire

ASYNCFLOW_COMMAND("wire", "Candid frames: JSON -> hex (encode) and hex -> JSON (decode)",
                  asyncflow::wire::run_wire)
