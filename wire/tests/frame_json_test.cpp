// The JSON form of frames used by `asyncflow wire` and the interop test.
#include "frame_json.hpp"

#include <gtest/gtest.h>

namespace asyncflow::wire::json {
namespace {

std::vector<Frame> frames_of(std::string_view text) {
  auto parsed = parse_frames(text);
  if (auto* error = std::get_if<ParseError>(&parsed)) {
    ADD_FAILURE() << text << ": " << error->message << " at " << error->offset;
    return {};
  }
  return std::get<Document>(parsed).frames;
}

std::string error_of(std::string_view text) {
  auto parsed = parse_frames(text);
  if (auto* error = std::get_if<ParseError>(&parsed)) return error->message;
  ADD_FAILURE() << text << " parsed";
  return {};
}

TEST(FrameJson, MsgIdsAsExactIntegersOrUlidText) {
  EXPECT_EQ(frames_of(R"({"FIN": {"msg_id": 0}})"), (std::vector<Frame>{FinFrame{}}));
  EXPECT_EQ(frames_of(R"({"FIN": {"msg_id": 340282366920938463463374607431768211455}})"),
            (std::vector<Frame>{FinFrame{MsgId{~0ull, ~0ull}, std::nullopt}}));
  EXPECT_EQ(frames_of(R"({"FIN": {"msg_id": 18446744073709551616}})"),
            (std::vector<Frame>{FinFrame{MsgId{1, 0}, std::nullopt}}));
  EXPECT_EQ(frames_of(R"({"FIN": {"msg_id": "00000000000000000000000010"}})"),
            (std::vector<Frame>{FinFrame{MsgId{0, 32}, std::nullopt}}));
  EXPECT_EQ(error_of(R"({"FIN": {"msg_id": 340282366920938463463374607431768211456}})"),
            "msg_id 340282366920938463463374607431768211456 is not an integer from 0 to 2^128-1");
  EXPECT_NE(error_of(R"({"FIN": {"msg_id": -1}})").find("not an integer"), std::string::npos);
  EXPECT_NE(error_of(R"({"FIN": {"msg_id": 1.5}})").find("not an integer"), std::string::npos);
  EXPECT_NE(error_of(R"({"FIN": {"msg_id": "12"}})").find("ULID"), std::string::npos);
}

TEST(FrameJson, HashIsAbsentNullOrAU32) {
  EXPECT_EQ(frames_of(R"({"ACK": {"msg_id": 1, "payload": "00"}})"),
            (std::vector<Frame>{AckFrame{MsgId{0, 1}, std::nullopt, {0}}}));
  EXPECT_EQ(frames_of(R"({"ACK": {"msg_id": 1, "hash": null, "payload": ""}})"),
            (std::vector<Frame>{AckFrame{MsgId{0, 1}, std::nullopt, {}}}));
  EXPECT_EQ(frames_of(R"({"ACK": {"payload": "FF", "hash": 4294967295, "msg_id": 1}})"),
            (std::vector<Frame>{AckFrame{MsgId{0, 1}, 0xffffffffu, {0xff}}}));
  EXPECT_NE(error_of(R"({"FIN": {"msg_id": 1, "hash": 4294967296}})").find("2^32-1"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"FIN": {"msg_id": 1, "hash": "1"}})").find("integer or null"),
            std::string::npos);
}

TEST(FrameJson, RefusesUnknownDuplicateAndMissingKeys) {
  EXPECT_EQ(error_of(R"({"NEW": {"msg_id": 1, "payload": "", "hash": 1}})"),
            "unknown key \"hash\" in NEW");
  EXPECT_EQ(error_of(R"({"FIN": {"msg_id": 1, "msg_id": 2}})"), "duplicate key \"msg_id\"");
  EXPECT_EQ(error_of(R"({"NEW": {"msg_id": 1}})"), "missing \"payload\"");
  EXPECT_NE(error_of(R"({"NEW": {}, "FIN": {}})").find("one key"), std::string::npos);
}

TEST(FrameJson, BatchesAreArraysEvenOfOne) {
  auto parsed = parse_frames(R"([{"FIN": {"msg_id": 1}}])");
  ASSERT_TRUE(std::holds_alternative<Document>(parsed));
  EXPECT_TRUE(std::get<Document>(parsed).is_batch);
  EXPECT_EQ(std::get<Document>(parsed).frames.size(), 1u);
  EXPECT_FALSE(std::get<Document>(parse_frames(R"({"FIN": {"msg_id": 1}})")).is_batch);
  EXPECT_TRUE(frames_of(" [ ] ").empty());
}

TEST(FrameJson, MalformedJsonReportsWhere) {
  auto parsed = parse_frames("[{\"FIN\": {\"msg_id\": 1}},]");
  ASSERT_TRUE(std::holds_alternative<ParseError>(parsed));
  EXPECT_EQ(std::get<ParseError>(parsed).offset, 24u);
  EXPECT_EQ(error_of(R"({"FIN": {"msg_id": 1}} x)"), "unexpected text after the JSON value");
  EXPECT_EQ(error_of(std::string(100, '[')), "JSON nested too deeply");
  EXPECT_EQ(error_of(R"({"F\u0049N": {"msg_id": 01}})"), "leading zero in number");
}

TEST(FrameJson, WritesWhatItReads) {
  const std::vector<Frame> frames{NewFrame{MsgId{1, 2}, {0xde, 0xad}}, AckFrame{MsgId{}, 7u, {}},
                                  FinFrame{MsgId{~0ull, 1}, {}}};
  const std::string text = to_json(std::span<const Frame>(frames));
  EXPECT_EQ(frames_of(text), frames);
  EXPECT_EQ(to_json(frames[1]),
            R"({"ACK": {"msg_id": "00000000000000000000000000", "hash": 7, "payload": ""}})");
}

}  // namespace
}  // namespace asyncflow::wire::json
