// `asyncflow chaos-proxy`: the fault-injecting UDP relay (host/src/chaos_proxy.hpp).
#include <fmt/format.h>

#include <array>
#include <string>

#include "command.hpp"
#include "options.hpp"
#include "src/chaos_proxy.hpp"
#include "src/udp.hpp"

namespace asyncflow::host {
namespace {

constexpr const char* kDescription =
    "Relays UDP datagrams between two daemons A and B, injecting faults. A sends to --face-for-a\n"
    "and B sends to --face-for-b: give A the peer B=face-for-a and B the peer A=face-for-b.\n"
    "Fault flags set both directions; the same flag with -ab (A to B) or -ba (B to A) sets one.";

constexpr std::uint64_t kDelayMsMax = 60'000;  // a relay holding datagrams longer tests nothing

// One direction's flags: the plain flag sets both, the suffixed one overrides it.
struct DirectionFlags {
  FaultRates rates;
  void declare(cli::CommandLine& line, const std::string& suffix, const std::string& which) {
    line.real("--drop" + suffix, rates.drop, "probability a datagram is lost" + which);
    line.real("--duplicate" + suffix, rates.duplicate, "probability a second copy is sent" + which);
    line.real("--reorder" + suffix, rates.reorder,
              "probability a datagram is held back --reorder-delay-ms" + which);
    line.real("--corrupt" + suffix, rates.corrupt, "probability one byte is flipped" + which);
    line.integer("--delay-ms" + suffix, rates.delay_ms_max, 0, kDelayMsMax,
                 "every datagram waits uniformly 0..N ms" + which);
    line.integer("--reorder-delay-ms" + suffix, rates.reorder_delay_ms, 0, kDelayMsMax,
                 "extra wait of a reordered datagram, ms" + which);
  }
  // The rates for this direction: each flag given with the suffix, else the plain one's value.
  FaultRates merged(const cli::CommandLine& line, const std::string& suffix,
                    const FaultRates& both) const {
    FaultRates r = both;
    auto pick = [&](const char* flag, auto& out, const auto& mine) {
      if (line.given(std::string(flag) + suffix)) out = mine;
    };
    pick("--drop", r.drop, rates.drop);
    pick("--duplicate", r.duplicate, rates.duplicate);
    pick("--reorder", r.reorder, rates.reorder);
    pick("--corrupt", r.corrupt, rates.corrupt);
    pick("--delay-ms", r.delay_ms_max, rates.delay_ms_max);
    pick("--reorder-delay-ms", r.reorder_delay_ms, rates.reorder_delay_ms);
    return r;
  }
};

int run(cli::Args args) {
  cli::CommandLine line("chaos-proxy", kDescription);
  std::array<std::string, 4> addresses;  // a, b, face-for-a, face-for-b
  const char* const names[] = {"--a", "--b", "--face-for-a", "--face-for-b"};
  const char* const helps[] = {"daemon A's own address, HOST:PORT (IPv4)",
                               "daemon B's own address, HOST:PORT (IPv4)",
                               "where A sends: this relay's face standing for B",
                               "where B sends: this relay's face standing for A"};
  for (std::size_t i = 0; i < addresses.size(); ++i)
    line.text(names[i], addresses[i], helps[i])->required();
  ProxyOptions o;
  line.integer("--seed", o.seed, 0, UINT64_MAX, "seed of the fault generator");
  DirectionFlags both, ab, ba;
  both.declare(line, "", " (both directions)");
  ab.declare(line, "-ab", " (A to B)");
  ba.declare(line, "-ba", " (B to A)");
  if (auto exit_code = line.parse(args)) return *exit_code;
  Address* targets[] = {&o.a, &o.b, &o.face_for_a, &o.face_for_b};
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    auto parsed = parse_address(addresses[i]);
    if (!parsed)
      return line.usage_error(std::string(names[i]) + " needs HOST:PORT (IPv4), got '" +
                              addresses[i] + "'");
    *targets[i] = *parsed;
  }
  o.a_to_b = ab.merged(line, "-ab", both.rates);
  o.b_to_a = ba.merged(line, "-ba", both.rates);
  return run_chaos_proxy(o);
}

}  // namespace
}  // namespace asyncflow::host

ASYNCFLOW_COMMAND("chaos-proxy", "fault-injecting UDP relay between two daemons (drop, dup, ...)",
                  asyncflow::host::run)
