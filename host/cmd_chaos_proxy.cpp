// `asyncflow chaos-proxy`: the fault-injecting UDP relay (host/src/chaos_proxy.hpp).
#include <fmt/format.h>

#include "command.hpp"
#include "flags.hpp"
#include "src/chaos_proxy.hpp"

namespace asyncflow::host {
namespace {

constexpr const char* kUsage = R"(usage: asyncflow chaos-proxy --a HOST:PORT --b HOST:PORT
         --face-for-a HOST:PORT --face-for-b HOST:PORT [--seed N] [fault flags]
A sends to --face-for-a and B sends to --face-for-b; give A the peer B=face-for-a and B the peer
A=face-for-b. Fault flags set both directions, or one with a suffix -ab (A to B) or -ba:
  --drop P  --duplicate P  --reorder P  --corrupt P   (probabilities 0..1)
  --delay-ms N (uniform 0..N per datagram)  --reorder-delay-ms N (extra wait when reordered, 30)
)";

const char* const kFaults[] = {"drop",    "duplicate", "reorder",
                               "corrupt", "delay-ms",  "reorder-delay-ms"};

FaultRates rates(cli::Flags& flags, const std::string& suffix) {
  auto real = [&](const std::string& name, double fallback) {
    return flags.real(name + suffix, flags.real(name, fallback));
  };
  auto whole = [&](const std::string& name, std::uint64_t fallback) {
    return flags.u64(name + suffix, flags.u64(name, fallback));
  };
  FaultRates r;
  r.drop = real("drop", 0);
  r.duplicate = real("duplicate", 0);
  r.reorder = real("reorder", 0);
  r.corrupt = real("corrupt", 0);
  r.delay_ms_max = whole("delay-ms", 0);
  r.reorder_delay_ms = whole("reorder-delay-ms", r.reorder_delay_ms);
  return r;
}

int run(cli::Args args) {
  std::set<std::string, std::less<>> valued{"a", "b", "face-for-a", "face-for-b", "seed"};
  for (const char* f : kFaults)
    for (const char* suffix : {"", "-ab", "-ba"}) valued.insert(std::string(f) + suffix);
  cli::Flags flags(args, valued, {});
  ProxyOptions o;
  auto a = parse_address(flags.text("a").value_or(""));
  auto b = parse_address(flags.text("b").value_or(""));
  auto fa = parse_address(flags.text("face-for-a").value_or(""));
  auto fb = parse_address(flags.text("face-for-b").value_or(""));
  o.seed = flags.u64("seed", o.seed);
  o.a_to_b = rates(flags, "-ab");
  o.b_to_a = rates(flags, "-ba");
  if (!flags.ok() || !a || !b || !fa || !fb) {
    fmt::print(stderr, "asyncflow chaos-proxy: {}\n{}",
               flags.ok() ? "four IPv4 HOST:PORT addresses are needed" : flags.error(), kUsage);
    return 2;
  }
  o.a = *a;
  o.b = *b;
  o.face_for_a = *fa;
  o.face_for_b = *fb;
  return run_chaos_proxy(o);
}

}  // namespace
}  // namespace asyncflow::host

ASYNCFLOW_COMMAND("chaos-proxy", "fault-injecting UDP relay between two daemons (drop, dup, ...)",
                  asyncflow::host::run)
