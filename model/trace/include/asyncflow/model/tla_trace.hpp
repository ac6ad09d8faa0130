#pragma once
// Code -> spec trace validation: writes a world run as NDJSON, one line per step, in the
// vocabulary of tla/AsyncFlow.tla, for tla/Trace.tla to walk. A line names the event (a kernel
// step, or a network action that is no kernel step), the frames it concerns, and the abstract
// state of the endpoint it touched afterwards: its flows as the spec keeps them, and how many
// outcomes, deliveries and receiver notices (FlowClosed, FinMismatch, AckGaveUp) its executed
// steps reported to the host. The first line is a header with the config.
//
// The abstraction (docs/formal.md): endpoint i is node "ei"; a msg_id is the spec's id record
// [t = its ULID time, s = the caller's call ordinal]; payloads and hashes are only "intact or
// corrupted" (the spec's Bad(...) wrapper), measured against what the scripted apps sent.
//
// Nothing here runs unless a host asks for a trace: the kernel and the world pay nothing.
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "asyncflow/model/world.hpp"

namespace asyncflow::model {

class TlaTraceWriter {
 public:
  // The first before() writes the header line: node names, the start time and the config the
  // spec's constants take.
  TlaTraceWriter(std::FILE* out, const Config& config) : out_(out), config_(config) {}

  // Around every world action, in this order: before(world, action), on_step(...) for each
  // kernel step the action runs (the world's StepObserver), after(world).
  void before(const World& world, const Action& action);
  void on_step(const StepRecord& step);
  void after(const World& world);

  StepObserver observer() {
    return [this](const StepRecord& step) { on_step(step); };
  }
  std::uint64_t lines() const { return lines_; }

 private:
  std::string frames_json(const Datagram& d) const;
  std::string id_json(EndpointIndex caller, const MsgId& id) const;
  std::string state_json(EndpointIndex e, const State& s);
  void count(EndpointIndex e, const Effects& effects);
  void emit(const std::string& body);

  void header(const World& world);

  std::FILE* out_;
  Config config_;
  const World* world_ = nullptr;
  std::uint64_t lines_ = 0;
  // The action under way: the line's event and fields, known before the world changes.
  std::string event_;
  std::string fields_;
  bool stepped_ = false;
  std::optional<EndpointIndex> node_;
  // (caller, msg_id) -> the caller's call ordinal, the spec's id.s.
  std::map<std::pair<EndpointIndex, MsgId>, std::uint64_t> ordinal_;
  std::map<EndpointIndex, std::uint64_t> calls_made_;
  // What each endpoint's host was told, counted from the effects of executed steps (not from
  // the kernel's own counters: a kernel that counts an outcome it never reports must not pass).
  struct Reported {
    std::uint64_t completed = 0, corrupted = 0, gave_up = 0, late = 0, delivered = 0;
    std::uint64_t flows_closed = 0, fin_mismatches = 0, ack_gave_up = 0;
  };
  std::map<EndpointIndex, Reported> reported_;
};

// One path (e.g. the checker's) written as a trace: `actions` applied to `initial` with the
// writer around each. Returns how many lines were written.
std::uint64_t write_trace(std::FILE* out, World initial, const std::vector<Action>& actions);

}  // namespace asyncflow::model
