// The NDJSON trace writer (code -> spec): one header, then one line per kernel step or network
// action, in the spec's vocabulary, with the touched endpoint's abstract state after it.
#include "asyncflow/model/tla_trace.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace asyncflow::model {
namespace {

bool has(const std::string& line, const std::string& part) {
  return line.find(part) != std::string::npos;
}

class Traced {
 public:
  Traced() : file_(std::tmpfile()) {
    WorldSetup setup;
    setup.config.retry_initial_ms = 1000;
    setup.config.retry_interval_max_ms = 2000;
    setup.config.send_attempts_max = 2;
    setup.config.ack_attempts_max = 2;
    setup.config.clock_skew_ms = 100;
    setup.calls = {{0, 1, Bytes{'h', 'i'}}};
    world_ = *make_world(setup);
    writer_.emplace(file_, setup.config);
    observer_ = writer_->observer();
  }
  ~Traced() { std::fclose(file_); }

  // Runs one action through the world with the writer around it; returns the lines it wrote.
  std::vector<std::string> run(const Action& action) {
    const long start = std::ftell(file_);
    writer_->before(world_, action);
    apply(world_, action, &observer_);
    writer_->after(world_);
    std::fflush(file_);
    std::fseek(file_, start, SEEK_SET);
    std::vector<std::string> lines;
    char buffer[8192];
    while (std::fgets(buffer, sizeof buffer, file_)) lines.emplace_back(buffer);
    std::fseek(file_, 0, SEEK_END);
    return lines;
  }
  World& world() { return world_; }
  std::uint64_t lines() const { return writer_->lines(); }

 private:
  std::FILE* file_;
  World world_;
  std::optional<TlaTraceWriter> writer_;
  StepObserver observer_;
};

TEST(TlaTrace, AFaultFreeCallIsOneLinePerKernelStep) {
  Traced t;
  auto call = t.run(IssueCall{});
  ASSERT_EQ(call.size(), 2u);  // the header, then the call
  EXPECT_TRUE(has(call[0], R"("e":"config","nodes":["e0","e1"],"now":1000000)"));
  EXPECT_TRUE(has(call[0], R"("retry_initial_ms":1000,)"));
  EXPECT_TRUE(has(call[0], R"("send_attempts_max":2,"ack_attempts_max":2,"clock_skew_ms":100)"));
  // The spec's id: the ULID's time and the caller's call ordinal.
  EXPECT_TRUE(has(call[1], R"("e":"call","now":1000000,"p":"e1","id":{"t":1000000,"s":1})"));
  EXPECT_TRUE(has(
      call[1],
      R"("fo":[{"p":"e1","id":{"t":1000000,"s":1},"ph":"AwaitingAck","a":1,"r":0,"d":1001000}])"));

  auto deliver = t.run(DeliverDatagram{0});
  ASSERT_EQ(deliver.size(), 1u);
  EXPECT_TRUE(has(deliver[0], R"("e":"recv","now":1000000,"src":"e0","dst":"e1")"));
  EXPECT_TRUE(
      has(deliver[0], R"("f":[{"k":"NEW","id":{"t":1000000,"s":1},"pb":false,"hb":false}])"));
  EXPECT_TRUE(has(deliver[0], R"("n":"e1")"));
  EXPECT_TRUE(has(deliver[0], R"("ph":"AwaitingResponse","a":0,"d":0)"));  // no timer then
  EXPECT_TRUE(has(deliver[0], R"("dlv":1)"));

  auto respond = t.run(AnswerRequest{0});
  ASSERT_EQ(respond.size(), 1u);
  EXPECT_TRUE(has(respond[0], R"("e":"respond","now":1000000,"p":"e0","id":{"t":1000000,"s":1})"));
  EXPECT_TRUE(has(respond[0], R"("ph":"Acking","a":1,"d":1001000)"));

  auto ack = t.run(DeliverDatagram{0});
  EXPECT_TRUE(has(ack[0], R"("k":"ACK","id":{"t":1000000,"s":1},"pb":false,"hb":false)"));
  EXPECT_TRUE(has(ack[0], R"("n":"e0","fo":[])"));
  EXPECT_TRUE(has(ack[0], R"("done":1,)"));

  auto fin = t.run(DeliverDatagram{0});
  EXPECT_TRUE(has(fin[0], R"("k":"FIN")"));
  EXPECT_TRUE(has(fin[0], R"("ph":"Closed")"));
  EXPECT_TRUE(has(fin[0], R"("closed":1,"finx":0,"ackgu":0)"));
  EXPECT_EQ(t.lines(), 6u);
}

TEST(TlaTrace, NetworkActionsAndFaultsAreLinesOfTheirOwn) {
  Traced t;
  t.run(IssueCall{});
  auto dup = t.run(DuplicateDatagram{0});
  ASSERT_EQ(dup.size(), 1u);
  EXPECT_TRUE(has(dup[0], R"("e":"dup")"));
  EXPECT_FALSE(has(dup[0], R"("n":)"));  // no endpoint touched
  auto corrupt = t.run(CorruptDatagram{0});
  EXPECT_TRUE(has(corrupt[0], R"("e":"corrupt")"));
  EXPECT_TRUE(has(corrupt[0], R"("x":1)"));
  // The corrupted copy arrives with its payload marked; the receiver's hash of it is what the
  // ACK will carry, so the ACK's hash is marked too.
  ASSERT_NE(std::get<NewFrame>(t.world().network[0].frames[0]).payload, (Bytes{'h', 'i'}));
  auto recv = t.run(DeliverDatagram{0});
  EXPECT_TRUE(has(recv[0], R"("pb":true)"));
  t.run(AnswerRequest{0});
  auto ack = t.run(DeliverDatagram{static_cast<std::uint32_t>(t.world().network.size() - 1)});
  EXPECT_TRUE(has(ack[0], R"("k":"ACK")"));
  EXPECT_TRUE(has(ack[0], R"("hb":true)"));
  EXPECT_TRUE(has(ack[0], R"("corr":1)"));

  auto restart = t.run(Restart{1});
  ASSERT_EQ(restart.size(), 1u);
  EXPECT_TRUE(has(restart[0], R"("e":"restart","now":1000000,"n":"e1")"));
  auto drop = t.run(DropDatagram{0});
  EXPECT_TRUE(has(drop[0], R"("e":"drop")"));
}

TEST(TlaTrace, RejectsCarryTheSpecsCodeClassAndTicksOneLinePerEndpoint) {
  Traced t;
  t.run(IssueCall{});
  auto unknown = t.run(RejectDatagram{0, RejectCode::SysUnknown});
  EXPECT_TRUE(has(unknown[0], R"("code":"unknown","stays":true)"));
  EXPECT_TRUE(has(unknown[0], R"("r":0)"));  // SysUnknown proves nothing
  auto transient = t.run(RejectDatagram{0, RejectCode::SysTransient});
  EXPECT_TRUE(has(transient[0], R"("code":"transient","stays":false)"));
  EXPECT_TRUE(has(transient[0], R"("r":1)"));
  auto tick = t.run(AdvanceClock{});  // the retry
  ASSERT_EQ(tick.size(), 1u);
  EXPECT_TRUE(has(tick[0], R"("e":"tick","now":1001000)"));
  EXPECT_TRUE(has(tick[0], R"("a":2,"r":1,"d":1003000)"));
  auto permanent = t.run(RejectDatagram{0, RejectCode::CanisterReject});
  EXPECT_TRUE(has(permanent[0], R"("code":"permanent","stays":false)"));
  EXPECT_TRUE(has(permanent[0], R"("ph":"GaveUp")"));
  EXPECT_TRUE(has(permanent[0], R"("gave":1)"));
}

TEST(TlaTrace, CountsWhatTheHostWasToldNotTheKernelsCounters) {
  Traced t;
  t.run(IssueCall{});
  t.run(DeliverDatagram{0});
  t.run(AnswerRequest{0});
  // A kernel whose counters say more than its effects did must not pass validation.
  t.world().endpoints[0].counters.completed = 5;
  t.world().endpoints[0].counters.late_completions = 5;
  auto trapped = t.run(TrapDelivery{0});  // the ACK's step is discarded: nothing reported
  EXPECT_TRUE(has(trapped[0], R"("e":"trap")"));
  EXPECT_TRUE(has(trapped[0], R"("done":0,"corr":0,"gave":0,"late":0)"));
}

}  // namespace
}  // namespace asyncflow::model
