#include "asyncflow/model/spec_replay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "asyncflow/kernel.hpp"
#include "asyncflow/model/spec_names.hpp"
#include "asyncflow/snapshot.hpp"

namespace asyncflow::model {
namespace {

using tla::TraceState;
using tla::Value;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

// ---------------------------------------------------------------- spec values as kernel bytes

bool is_none(const Value& v) {
  return v.entries().empty() && !v.is_int() && !v.is_string();
}
bool is_bad(const Value& v) {
  const auto* t = v.as_tuple();
  return t != nullptr && t->size() == 2 && (*t)[0].as_string() && *(*t)[0].as_string() == "bad";
}

Bytes payload_bytes(const Value& v) {
  if (is_bad(v)) {
    Bytes b = payload_bytes((*v.as_tuple())[1]);
    b[0] ^= 0x01;  // the world's corruption: canonical text is never empty
    return b;
  }
  const std::string text = tla::to_text(v);
  return Bytes(text.begin(), text.end());
}

std::optional<Hash32> hash_of(const Value& h) {
  if (is_none(h)) return std::nullopt;
  return crc32(payload_bytes(h));
}

std::string shown(const Bytes& b) {
  return std::string(b.begin(), b.end());
}
std::string shown(const std::optional<Hash32>& h) {
  return h ? fmt::format("{:08x}", *h) : std::string("none");
}
std::string shown_payload(const Value& v) {
  return is_none(v) ? "" : shown(payload_bytes(v));
}

std::string name_of_peer(const Peer& p) {
  return std::string(reinterpret_cast<const char*>(p.bytes().data()), p.size());
}

const char* kind_text(FrameKind k) {
  return k == FrameKind::New ? "NEW" : k == FrameKind::Ack ? "ACK" : "FIN";
}

// A multiset of texts, compared after sorting; the first difference is described.
std::optional<std::string> differs(std::string_view what, std::vector<std::string> spec,
                                   std::vector<std::string> kernel) {
  std::sort(spec.begin(), spec.end());
  std::sort(kernel.begin(), kernel.end());
  if (spec == kernel) return std::nullopt;
  std::vector<std::string> only_spec, only_kernel;
  std::set_difference(spec.begin(), spec.end(), kernel.begin(), kernel.end(),
                      std::back_inserter(only_spec));
  std::set_difference(kernel.begin(), kernel.end(), spec.begin(), spec.end(),
                      std::back_inserter(only_kernel));
  return fmt::format("{} differ: only in the spec [{}], only in the kernel [{}]", what,
                     fmt::join(only_spec, "; "), fmt::join(only_kernel, "; "));
}

// ---------------------------------------------------------------- reading a spec state

// Lookups that never fail: a field or item the spec's value lacks reads as None (<<>>), which
// then shows up as a mismatch, never as a crash.
const Value& none() {
  static const Value empty{tla::Tuple{}};
  return empty;
}
const Value& at(const Value& v, std::string_view field) {
  const Value* f = v.field(field);
  return f ? *f : none();
}
const Value& item(const Value& v, std::size_t i) {
  const auto* t = v.as_tuple();
  return t && i < t->size() ? (*t)[i] : none();
}
std::string text_of(const Value& v) {
  return tla::to_text(v);
}
std::string str(const Value& v) {
  return v.as_string() ? *v.as_string() : std::string("?");
}
std::int64_t num(const Value& v) {
  return v.as_int().value_or(-1);
}

class Replay {
 public:
  Replay(const Config& config, const std::vector<std::string>& nodes) : config_(config) {
    std::uint64_t seed = 1;
    for (const auto& n : nodes) {
      auto made = make_state(config, seed++);
      nodes_.emplace(n, std::get<State>(std::move(made)));
    }
  }

  const std::map<std::string, std::uint64_t>& outcome_counts() const { return outcome_counts_; }

  std::optional<std::string> step(const TraceState& before, const TraceState& after) {
    sent_.clear();
    outcomes_.clear();
    deliveries_.clear();
    notices_.clear();
    consumed_.reset();
    now_ = static_cast<TimeMs>(num(after.at("now")));
    const Value& act = after.at("act");
    const std::string name = str(at(act, "name"));
    std::optional<std::string> problem;
    if (name == "Call") {
      problem = call(act);
    } else if (name == "Receive") {
      consumed_ = at(act, "frame");
      problem = receive(*consumed_, /*trapped=*/false);
    } else if (name == "Trap") {
      problem = receive(at(act, "frame"), /*trapped=*/true);
    } else if (name == "Respond") {
      problem = respond(act);
    } else if (name == "Tick") {
      problem = run(str(at(act, "node")), TickEvent{});
    } else if (name == "Reject") {
      problem = reject(at(act, "frame"), str(at(act, "code")));
    } else if (name == "Restart") {
      problem = restart(str(at(act, "node")));
    } else if (name != "PassTime" && name != "Drop" && name != "Duplicate" && name != "Corrupt") {
      problem = "an action the replay does not know: " + name;
    }
    if (problem) return problem;
    if (name == "Drop" || name == "Duplicate" || name == "Corrupt" || name == "Trap")
      return compare_flows(after);  // no kernel output to compare: the network's own steps
    if (auto d = compare_flows(after)) return d;
    if (auto d = differs("frames sent", spec_sent(before, after), sent_)) return d;
    if (auto d = differs("outcomes", spec_outcomes(before, after), outcomes_)) return d;
    if (auto d = differs("deliveries", spec_deliveries(before, after), deliveries_)) return d;
    return differs("receiver notices", spec_notices(before, after), notices_);
  }

 private:
  // ---------------------------------------------------------------- ids
  std::string id_name(const std::string& caller, const MsgId& id) const {
    auto it = names_.find({caller, id});
    return it != names_.end() ? it->second : "unknown:" + id.to_string();
  }
  std::optional<MsgId> kernel_id(const std::string& caller, const Value& id) const {
    auto it = ids_.find({caller, text_of(id)});
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }

  // ---------------------------------------------------------------- running kernel steps
  std::optional<std::string> run(const std::string& node, EventBody body, Effects* out = nullptr) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return "no node " + node;
    Step r = step_fn(it->second, Event{kSpecTimeBaseMs + now_, std::move(body)});
    it->second = std::move(r.state);
    if (auto broken = check_invariants(it->second))
      return fmt::format("node {} breaks the kernel invariant {}", node, *broken);
    record(node, r.effects);
    if (out) *out = std::move(r.effects);
    return std::nullopt;
  }
  static Step step_fn(const State& s, const Event& e) { return asyncflow::step(s, e); }

  void record(const std::string& node, const Effects& effects) {
    for (const Effect& effect : effects) {
      std::visit(Overloaded{
                     [&](const Accepted& a) {
                       if (!call_id_) return;
                       ids_[{node, *call_id_}] = a.msg_id;
                       names_[{node, a.msg_id}] = *call_id_;
                     },
                     [&](const Transmit& t) {
                       for (const Frame& f : t.frames)
                         sent_.push_back(kernel_frame(node, t.peer, f));
                     },
                     [&](const Completed& c) {
                       outcome(node, c.peer, c.msg_id, "Completed", shown(c.request),
                               shown(c.response), shown(std::optional<Hash32>(c.response_hash)));
                     },
                     [&](const Corrupted& c) {
                       outcome(node, c.peer, c.msg_id, "Corrupted", shown(c.request),
                               shown(c.response), shown(std::optional<Hash32>(c.received_hash)));
                     },
                     [&](const GaveUp& g) {
                       outcome(node, g.peer, g.msg_id, "GaveUp", shown(g.request), "",
                               fmt::format("{}/{}", name_of(g.reason), name_of(g.phase)));
                     },
                     [&](const LateCompletion& l) {
                       outcome(node, l.peer, l.msg_id, "LateCompletion", "", shown(l.response),
                               shown(l.ack_hash));
                     },
                     [&](const Deliver& d) {
                       const std::string caller = name_of_peer(d.peer);
                       deliveries_.push_back(
                           fmt::format("{}<-{} {}", node, caller, id_name(caller, d.msg_id)));
                     },
                     [&](const FlowClosed& c) { notice(node, c.peer, c.msg_id, "FlowClosed"); },
                     [&](const FinMismatch& m) { notice(node, m.peer, m.msg_id, "FinMismatch"); },
                     [&](const AckGaveUp& g) { notice(node, g.peer, g.msg_id, "AckGaveUp"); },
                     [](const auto&) {},
                 },
                 effect);
    }
  }

  void notice(const std::string& receiver, const Peer& peer, const MsgId& id, const char* kind) {
    ++outcome_counts_[kind];
    const std::string caller = name_of_peer(peer);
    notices_.push_back(fmt::format("{}<-{} {} {}", receiver, caller, id_name(caller, id), kind));
  }

  void outcome(const std::string& caller, const Peer& peer, const MsgId& id, const char* kind,
               std::string req, std::string resp, std::string detail) {
    ++outcome_counts_[kind];
    outcomes_.push_back(fmt::format("{}->{} {} {} req={} resp={} detail={}", caller,
                                    name_of_peer(peer), id_name(caller, id), kind, req, resp,
                                    detail));
  }

  std::string kernel_frame(const std::string& from, const Peer& to_peer, const Frame& f) const {
    const std::string to = name_of_peer(to_peer);
    const FrameKind kind = kind_of(f);
    const std::string& caller = kind == FrameKind::Ack ? to : from;
    return std::visit(Overloaded{
                          [&](const NewFrame& n) {
                            return fmt::format("NEW {}->{} {} payload={} hash=none", from, to,
                                               id_name(caller, n.msg_id), shown(n.payload));
                          },
                          [&](const AckFrame& a) {
                            return fmt::format("ACK {}->{} {} payload={} hash={}", from, to,
                                               id_name(caller, a.msg_id), shown(a.payload),
                                               shown(a.hash));
                          },
                          [&](const FinFrame& x) {
                            return fmt::format("FIN {}->{} {} payload= hash={}", from, to,
                                               id_name(caller, x.msg_id), shown(x.hash));
                          },
                      },
                      f);
  }

  // ---------------------------------------------------------------- the spec's actions
  std::optional<std::string> call(const Value& act) {
    const std::string node = str(at(act, "node"));
    const auto peer = Peer::from_text(str(at(act, "peer")));
    if (!peer) return "a call to an unnamed peer";
    // The kernel names the call: the spec's id stands for that ULID from now on (record()
    // learns it from Accepted, before it names the step's frames).
    call_id_ = text_of(at(act, "id"));
    Effects effects;
    auto problem = run(node, CallEvent{*peer, payload_bytes(at(act, "payload"))}, &effects);
    call_id_.reset();
    if (problem) return problem;
    for (const Effect& e : effects)
      if (const auto* a = std::get_if<Accepted>(&e)) {
        const auto t = num(at(at(act, "id"), "t"));
        if (a->msg_id.time_ms() != kSpecTimeBaseMs + static_cast<TimeMs>(t))
          return fmt::format("the call's ULID time is {} ms, the spec's id time {}",
                             a->msg_id.time_ms() - kSpecTimeBaseMs, t);
        return std::nullopt;
      }
    return "the kernel did not accept the call";
  }

  std::optional<std::string> receive(const Value& m, bool trapped) {
    const std::string kind = str(at(m, "kind")), from = str(at(m, "from")), to = str(at(m, "to"));
    const std::string& caller = kind == "ACK" ? to : from;
    const auto id = kernel_id(caller, at(m, "id"));
    const auto peer = Peer::from_text(from);
    if (!id || !peer) return "a frame for an id no call made: " + text_of(m);
    Frame frame;
    if (kind == "NEW")
      frame = NewFrame{*id, payload_bytes(at(m, "payload"))};
    else if (kind == "ACK")
      frame = AckFrame{*id, hash_of(at(m, "hash")), payload_bytes(at(m, "payload"))};
    else
      frame = FinFrame{*id, hash_of(at(m, "hash"))};
    ReceiveEvent event{*peer, {std::move(frame)}, 0};
    if (!trapped) return run(to, std::move(event));
    // A trap discards the step: the host keeps the state it had and executes no effect.
    auto it = nodes_.find(to);
    if (it == nodes_.end()) return "no node " + to;
    const State kept = it->second;
    (void)asyncflow::step(kept, Event{kSpecTimeBaseMs + now_, std::move(event)});
    return std::nullopt;
  }

  std::optional<std::string> respond(const Value& act) {
    const std::string node = str(at(act, "node")), peer = str(at(act, "peer"));
    const auto id = kernel_id(peer, at(act, "id"));
    const auto p = Peer::from_text(peer);
    if (!id || !p) return "a response for an id no call made";
    return run(node, RespondEvent{*p, *id, payload_bytes(at(act, "payload"))});
  }

  std::optional<std::string> reject(const Value& m, const std::string& code_class) {
    const std::string kind = str(at(m, "kind")), from = str(at(m, "from")), to = str(at(m, "to"));
    const std::string& caller = kind == "ACK" ? to : from;
    const auto id = kernel_id(caller, at(m, "id"));
    const auto peer = Peer::from_text(to);
    if (!id || !peer) return "a reject for an id no call made";
    // Permanent rejects rotate through the four permanent IC codes.
    static constexpr RejectCode kPermanent[] = {
        RejectCode::SysFatal, RejectCode::DestinationInvalid, RejectCode::CanisterReject,
        RejectCode::CanisterError};
    const RejectCode code = code_class == "transient" ? RejectCode::SysTransient
                            : code_class == "unknown" ? RejectCode::SysUnknown
                                                      : kPermanent[permanent_++ % 4];
    if (spec_code_class(code) != code_class) return "an unknown reject class " + code_class;
    const FrameKind k = kind == "NEW"   ? FrameKind::New
                        : kind == "ACK" ? FrameKind::Ack
                                        : FrameKind::Fin;
    return run(from, SendFailedEvent{*peer, {FrameRef{k, *id}}, code});
  }

  std::optional<std::string> restart(const std::string& node) {
    auto it = nodes_.find(node);
    if (it == nodes_.end()) return "no node " + node;
    auto restored = restore(snapshot(it->second));
    if (auto* e = std::get_if<RestoreError>(&restored))
      return fmt::format("restore(snapshot({})) failed: {}", node, name_of(*e));
    if (!(std::get<State>(restored) == it->second))
      return fmt::format("restore(snapshot({})) differs from the state", node);
    it->second = std::get<State>(std::move(restored));
    return std::nullopt;
  }

  // ---------------------------------------------------------------- what the spec says now
  std::optional<std::string> compare_flows(const TraceState& after) {
    for (const auto& [node, state] : nodes_) {
      std::vector<std::string> spec_out, kernel_out, spec_in, kernel_in;
      const Value* out = after.at("out").apply(tla::string(node));
      const Value* in = after.at("in").apply(tla::string(node));
      if (!out || !in) return "the spec has no flows for node " + node;
      for (const auto& [key, f] : out->entries()) {
        spec_out.push_back(fmt::format("{} {} {} a={} r={} d={} req={}", str(item(key, 0)),
                                       text_of(item(key, 1)), str(at(f, "phase")),
                                       num(at(f, "attempts")), num(at(f, "rejected")),
                                       num(at(f, "deadline")), shown_payload(at(f, "req"))));
      }
      for (const auto& [key, f] : state.out_flows)
        kernel_out.push_back(fmt::format(
            "{} {} {} a={} r={} d={} req={}", name_of_peer(key.peer), id_name(node, key.msg_id),
            spec_phase(f.phase), f.attempts, f.attempts_rejected,
            static_cast<std::int64_t>(f.deadline_ms - kSpecTimeBaseMs), shown(f.request)));
      for (const auto& [key, f] : in->entries()) {
        const std::string phase = str(at(f, "phase"));
        spec_in.push_back(fmt::format(
            "{} {} {} a={} d={} h={} resp={}", str(item(key, 0)), text_of(item(key, 1)), phase,
            num(at(f, "attempts")),
            phase == "AwaitingResponse" ? std::string("-") : std::to_string(num(at(f, "deadline"))),
            shown(hash_of(at(f, "reqHash"))), shown_payload(at(f, "resp"))));
      }
      for (const auto& [key, f] : state.in_flows) {
        const std::string caller = name_of_peer(key.peer);
        kernel_in.push_back(fmt::format(
            "{} {} {} a={} d={} h={} resp={}", caller, id_name(caller, key.msg_id),
            spec_phase(f.phase), f.attempts,
            f.phase == InPhase::AwaitingResponse
                ? std::string("-")
                : std::to_string(static_cast<std::int64_t>(f.deadline_ms - kSpecTimeBaseMs)),
            shown(std::optional<Hash32>(f.request_hash)), shown(f.response)));
      }
      if (auto d = differs("caller flows of " + node, spec_out, kernel_out)) return d;
      if (auto d = differs("receiver flows of " + node, spec_in, kernel_in)) return d;
    }
    return std::nullopt;
  }

  static std::string spec_frame(const Value& m) {
    const std::string kind = str(at(m, "kind"));
    return fmt::format("{} {}->{} {} payload={} hash={}", kind, str(at(m, "from")),
                       str(at(m, "to")), text_of(at(m, "id")),
                       kind == "FIN" ? std::string() : shown_payload(at(m, "payload")),
                       kind == "NEW" ? std::string("none") : shown(hash_of(at(m, "hash"))));
  }

  // net' - net, plus the frame the step consumed: what the step sent.
  std::vector<std::string> spec_sent(const TraceState& before, const TraceState& after) const {
    std::map<std::string, std::int64_t> count;
    std::map<std::string, std::string> shown_as;
    for (const auto& [f, n] : after.at("net").entries()) {
      count[tla::to_text(f)] += num(n);
      shown_as[tla::to_text(f)] = spec_frame(f);
    }
    for (const auto& [f, n] : before.at("net").entries()) count[tla::to_text(f)] -= num(n);
    if (consumed_) ++count[tla::to_text(*consumed_)];
    std::vector<std::string> sent;
    for (const auto& [f, n] : count)
      for (std::int64_t i = 0; i < n; ++i) sent.push_back(shown_as[f]);
    return sent;
  }

  // Each record a step appended to a sequence-valued function of the spec (outcomes, notices).
  template <class Fn>
  static void for_each_appended(const Value& was, const Value& now, Fn fn) {
    for (const auto& [key, records] : now.entries()) {
      const Value* old = was.apply(key);
      const auto all = records.entries();
      for (std::size_t i = old ? old->entries().size() : 0; i < all.size(); ++i)
        fn(key, all[i].second);
    }
  }

  static std::vector<std::string> spec_outcomes(const TraceState& before, const TraceState& after) {
    std::vector<std::string> added;
    for_each_appended(
        before.at("outcomes"), after.at("outcomes"), [&](const Value& c, const Value& o) {
          const std::string kind = str(at(o, "kind"));
          const Value& detail = at(o, "detail");
          const std::string d = kind == "GaveUp" ? str(item(detail, 0)) + "/" + str(item(detail, 1))
                                                 : shown(hash_of(detail));
          added.push_back(fmt::format("{}->{} {} {} req={} resp={} detail={}", str(item(c, 0)),
                                      str(item(c, 1)), text_of(item(c, 2)), kind,
                                      shown_payload(at(o, "req")), shown_payload(at(o, "resp")),
                                      d));
        });
    return added;
  }

  static std::vector<std::string> spec_deliveries(const TraceState& before,
                                                  const TraceState& after) {
    std::vector<std::string> added;
    const Value& was = before.at("delivered");
    for (const auto& [k, n] : after.at("delivered").entries()) {
      const Value* old = was.apply(k);
      for (std::int64_t i = old ? num(*old) : 0; i < num(n); ++i)
        added.push_back(
            fmt::format("{}<-{} {}", str(item(k, 0)), str(item(k, 1)), text_of(item(k, 2))));
    }
    return added;
  }

  static std::vector<std::string> spec_notices(const TraceState& before, const TraceState& after) {
    std::vector<std::string> added;
    for_each_appended(
        before.at("notices"), after.at("notices"), [&](const Value& k, const Value& kind) {
          added.push_back(fmt::format("{}<-{} {} {}", str(item(k, 0)), str(item(k, 1)),
                                      text_of(item(k, 2)), str(kind)));
        });
    return added;
  }

  Config config_;
  std::map<std::string, State> nodes_;
  TimeMs now_ = 0;
  std::map<std::pair<std::string, std::string>, MsgId> ids_;    // (caller, spec id) -> ULID
  std::map<std::pair<std::string, MsgId>, std::string> names_;  // (caller, ULID) -> spec id
  std::uint64_t permanent_ = 0;
  std::map<std::string, std::uint64_t> outcome_counts_;
  std::optional<std::string> call_id_;  // the spec id of the call under way
  std::optional<Value> consumed_;
  std::vector<std::string> sent_, outcomes_, deliveries_, notices_;
};

// Every variable the replay reads, in every state, of the right shape: a behaviour from
// another spec is refused before any step, not half replayed.
std::optional<std::string> malformed(const TraceState& s) {
  for (const char* var : {"now", "act", "out", "in", "net", "outcomes", "delivered", "notices"})
    if (!s.count(var)) return std::string("no variable ") + var;
  if (!s.at("now").is_int()) return "now is not a number";
  if (!at(s.at("act"), "name").is_string()) return "act has no name";
  return std::nullopt;
}

}  // namespace

std::variant<Config, std::string> config_from_tlc_cfg(const std::string& text) {
  const std::map<std::string, std::uint64_t Config::*> u64{
      {"RetryInitial", &Config::retry_initial_ms},
      {"RetryMax", &Config::retry_interval_max_ms},
      {"ClockSkew", &Config::clock_skew_ms}};
  const std::map<std::string, std::uint32_t Config::*> u32{
      {"BackoffMult", &Config::retry_backoff_multiplier},
      {"SendAttemptsMax", &Config::send_attempts_max},
      {"AckAttemptsMax", &Config::ack_attempts_max}};
  Config config;
  std::set<std::string> seen;
  const std::regex assignment(R"(^\s*(\w+)\s*=\s*(\d{1,9})\s*$)");
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, assignment)) continue;
    const std::string name = m[1];
    const std::uint64_t value = std::stoull(m[2]);
    if (auto it = u64.find(name); it != u64.end()) config.*(it->second) = value, seen.insert(name);
    if (auto it = u32.find(name); it != u32.end())
      config.*(it->second) = static_cast<std::uint32_t>(value), seen.insert(name);
  }
  for (const char* n : {"RetryInitial", "RetryMax", "ClockSkew", "BackoffMult", "SendAttemptsMax",
                        "AckAttemptsMax"})
    if (!seen.count(n)) return std::string("the .cfg does not set ") + n;
  if (auto bad = validate(config)) return "the .cfg's constants: " + std::string(name_of(*bad));
  return config;
}

ReplayResult replay_behaviour(const std::vector<TraceState>& behaviour, const Config& config) {
  ReplayResult result;
  const auto fail = [&](std::uint64_t state, std::string what) {
    result.mismatch = std::move(what);
    result.mismatch_step = state;
    return result;
  };
  if (behaviour.empty()) return fail(1, "an empty behaviour");
  for (std::size_t k = 0; k < behaviour.size(); ++k)
    if (auto bad = malformed(behaviour[k])) return fail(k + 1, *bad);
  if (str(at(behaviour[0].at("act"), "name")) != "Init") return fail(1, "state 1 is not Init");
  if (validate(config)) return fail(1, "an invalid config");
  std::vector<std::string> nodes;
  for (const auto& [n, flows] : behaviour[0].at("out").entries())
    if (n.as_string() && Peer::from_text(*n.as_string())) nodes.push_back(*n.as_string());
  if (nodes.empty()) return fail(1, "no nodes in `out`");
  Replay replay(config, nodes);
  for (std::size_t k = 1; k < behaviour.size(); ++k) {
    ++result.actions[str(at(behaviour[k].at("act"), "name"))];
    if (auto d = replay.step(behaviour[k - 1], behaviour[k]))
      return fail(k + 1, fmt::format("{}: {}", text_of(behaviour[k].at("act")), *d));
    ++result.steps;
  }
  result.outcomes = replay.outcome_counts();
  return result;
}

}  // namespace asyncflow::model
