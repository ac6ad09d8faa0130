#pragma once
// Frames as JSON text, for people and tools (`asyncflow wire`, the interop test):
//
//   {"NEW": {"msg_id": "01HZX3K9Q8M2V7T4R6N5B1C0DE", "payload": "68656c6c6f"}}
//   {"ACK": {"msg_id": "...", "hash": 907060870, "payload": ""}}
//   {"FIN": {"msg_id": "...", "hash": null}}
//   [ frame, frame, ... ]                          a batch: asyncFlow (vec Frame)
//
// msg_id: a string is the 26-character ULID text; a JSON integer is the nat itself (0 to
// 2^128 - 1, exact: numbers are not rounded through doubles). payload: hex, two digits per byte,
// either case. hash: a JSON integer up to 2^32 - 1, or null, or left out (absent). Written JSON
// always uses the ULID text, lower-case hex and an explicit `"hash": null`. Unknown keys, duplicate
// keys and other JSON types are errors.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "asyncflow/frame.hpp"

namespace asyncflow::wire::json {

struct ParseError {
  std::size_t offset = 0;  // byte offset in the text where the problem was found
  std::string message;
};

struct Document {
  std::vector<Frame> frames;
  bool is_batch = false;  // the text was an array (even of one frame), not a single object
};

std::variant<Document, ParseError> parse_frames(std::string_view text);

std::string to_json(const Frame& frame);
std::string to_json(std::span<const Frame> frames);  // one frame per line inside [ ]

// Hex text of bytes and back (whitespace is not allowed inside; nullopt on a bad digit or an odd
// length).
std::string to_hex(std::span<const std::uint8_t> bytes);
std::optional<Bytes> from_hex(std::string_view text);

}  // namespace asyncflow::wire::json
