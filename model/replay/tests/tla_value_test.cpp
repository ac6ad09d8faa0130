// The TLA+ value reader: every form TLC prints, equality across its printed forms, and
// malformed text as a typed error.
#include "asyncflow/model/tla_value.hpp"

#include <gtest/gtest.h>

namespace asyncflow::model::tla {
namespace {

Value parsed(std::string_view text) {
  auto v = parse(text);
  EXPECT_TRUE(std::holds_alternative<Value>(v)) << text;
  return std::holds_alternative<Value>(v) ? std::get<Value>(v) : Value{};
}

TEST(TlaValue, ReadsEveryFormTlcPrints) {
  EXPECT_EQ(parsed("42").as_int(), 42);
  EXPECT_EQ(*parsed(R"("a \"b\" \\ c")").as_string(), "a \"b\" \\ c");
  EXPECT_EQ(to_text(parsed("TRUE")), "TRUE");
  EXPECT_EQ(parsed("<< >>").entries().size(), 0u);
  const Value t = parsed(R"(<<"req", "a", "b", 1>>)");
  ASSERT_TRUE(t.is_tuple());
  EXPECT_EQ(t.as_tuple()->size(), 4u);
  EXPECT_EQ(t.apply(integer(4))->as_int(), 1);
  EXPECT_EQ(t.apply(integer(5)), nullptr);
  const Value r = parsed("[ phase |-> \"Acking\",\n  attempts |-> 2 ]");
  EXPECT_EQ(*r.field("phase")->as_string(), "Acking");
  EXPECT_EQ(r.field("deadline"), nullptr);
  const Value f =
      parsed(R"(( <<"a", [t |-> 0, s |-> 1]>> :> 7 @@ <<"b", [t |-> 2, s |-> 1]>> :> 8 ))");
  EXPECT_EQ(f.entries().size(), 2u);
  EXPECT_EQ(f.apply(parsed(R"(<<"b", [s |-> 1, t |-> 2]>>)"))->as_int(), 8);  // field order free
  EXPECT_EQ(to_text(parsed("{3, 1, 3}")), "{1,3}");
  EXPECT_EQ(parsed("(5)").as_int(), 5);  // a parenthesized value
}

TEST(TlaValue, EqualityIgnoresThePrintedForm) {
  // A function on strings is a record, one on 1..n a tuple, and the empty function << >>.
  EXPECT_EQ(parsed(R"([a |-> 1, b |-> 2])"), parsed(R"(("b" :> 2 @@ "a" :> 1))"));
  EXPECT_EQ(parsed("<<7, 8>>"), parsed("(2 :> 8 @@ 1 :> 7)"));
  EXPECT_EQ(parsed("<<>>"), Value{Function{}});
  EXPECT_FALSE(parsed("<<7, 8>>") == parsed("<<8, 7>>"));
  EXPECT_FALSE(parsed("[a |-> 1]") == parsed("[a |-> 2]"));
  EXPECT_EQ(to_text(parsed("[b |-> <<1>>, a |-> \"x\"]")), R"([a|->"x",b|-><<1>>])");
}

TEST(TlaValue, MalformedTextIsATypedError) {
  for (const char* bad : {"", "<<1, 2", "[a |-> ]", "[a = 1]", "\"open", "(1 :> 2 @@ 3)", "1 2",
                          "<<1,,2>>", "@", "99999999999999999999999"}) {
    const auto v = parse(bad);
    EXPECT_TRUE(std::holds_alternative<ParseError>(v)) << bad;
  }
  // Nesting is bounded: a hostile file cannot exhaust the stack.
  std::string deep(100000, '<');
  EXPECT_TRUE(std::holds_alternative<ParseError>(parse(deep)));
  std::string ok;
  for (int i = 0; i < 100; ++i) ok += "<<";
  for (int i = 0; i < 100; ++i) ok += ">>";
  EXPECT_TRUE(std::holds_alternative<Value>(parse(ok)));
}

TEST(TlaValue, ReadsATraceModule) {
  const char* text = R"(---------------- MODULE tr -----------------
STATE_1 ==
/\ now = 0
/\ act = [name |-> "Init"]

STATE_2 ==
/\ now = 3
/\ act = [name |-> "PassTime", now |-> 3]

=================================================)";
  const auto states = parse_trace_module(text);
  ASSERT_TRUE(std::holds_alternative<std::vector<TraceState>>(states));
  const auto& s = std::get<std::vector<TraceState>>(states);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1].at("now").as_int(), 3);
  EXPECT_EQ(*s[1].at("act").field("name")->as_string(), "PassTime");
  EXPECT_TRUE(std::holds_alternative<ParseError>(parse_trace_module("no states here")));
  EXPECT_TRUE(std::holds_alternative<ParseError>(parse_trace_module("STATE_1 == /\\ x = <<")));
  EXPECT_TRUE(
      std::holds_alternative<ParseError>(parse_trace_module("STATE_1 == /\\ x = 1 /\\ x = 2")));
}

}  // namespace
}  // namespace asyncflow::model::tla
