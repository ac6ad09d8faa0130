#include "asyncflow/model/config_check.hpp"

#include <z3++.h>

#include <charconv>
#include <cstdint>
#include <sstream>

namespace asyncflow::model::smt {
namespace {

// The Config fields a file may set, by their names in config.hpp.
struct Field {
  const char* name;
  std::uint64_t Config::*u64 = nullptr;
  std::uint32_t Config::*u32 = nullptr;
};
const Field kFields[] = {
    {"retry_initial_ms", &Config::retry_initial_ms},
    {"retry_backoff_multiplier", nullptr, &Config::retry_backoff_multiplier},
    {"retry_interval_max_ms", &Config::retry_interval_max_ms},
    {"send_attempts_max", nullptr, &Config::send_attempts_max},
    {"ack_attempts_max", nullptr, &Config::ack_attempts_max},
    {"clock_skew_ms", &Config::clock_skew_ms},
    {"fin_delay_ms", &Config::fin_delay_ms},
    {"pending_fins_max", nullptr, &Config::pending_fins_max},
    {"payload_bytes_max", &Config::payload_bytes_max},
    {"calls_in_flight_per_peer_max", nullptr, &Config::calls_in_flight_per_peer_max},
    {"calls_in_flight_max", nullptr, &Config::calls_in_flight_max},
    {"requests_in_flight_per_peer_max", nullptr, &Config::requests_in_flight_per_peer_max},
    {"requests_in_flight_max", nullptr, &Config::requests_in_flight_max},
    {"dedupe_entries_max", &Config::dedupe_entries_max},
    {"retained_bytes_max", &Config::retained_bytes_max},
    {"frames_per_transmission_max", nullptr, &Config::frames_per_transmission_max},
    {"new_payment_min_cycles", &Config::new_payment_min_cycles},
};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// The retry schedule as Z3 terms: interval k = min(initial * multiplier^(k-1), cap), the span
// their sum over `attempts`. Built from the config's values, checked against the kernel's own
// computation (dedupe_window_ms) by the constraints below.
z3::expr span(z3::context& c, const Config& cfg, std::uint32_t attempts) {
  z3::expr sum = c.int_val(0);
  z3::expr wait = c.int_val(static_cast<std::int64_t>(cfg.retry_initial_ms));
  const z3::expr cap = c.int_val(static_cast<std::int64_t>(cfg.retry_interval_max_ms));
  const z3::expr mult = c.int_val(static_cast<std::int64_t>(cfg.retry_backoff_multiplier));
  for (std::uint32_t k = 1; k <= attempts; ++k) {
    const z3::expr interval = z3::ite(wait < cap, wait, cap);
    sum = sum + interval;
    wait = z3::ite(wait < cap, wait * mult, cap);
  }
  return sum;
}

}  // namespace

std::variant<Config, ConfigFileError> parse_config(const std::string& text) {
  Config config;
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) return ConfigFileError{n, "expected `key = value`"};
    const std::string key = trim(line.substr(0, eq));
    const std::string value = trim(line.substr(eq + 1));
    const Field* field = nullptr;
    for (const Field& f : kFields)
      if (key == f.name) field = &f;
    if (field == nullptr) return ConfigFileError{n, "unknown setting `" + key + "`"};
    std::uint64_t number = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc() || end != value.data() + value.size())
      return ConfigFileError{n, "`" + key + "` needs a non-negative integer, got `" + value + "`"};
    if (field->u64) {
      config.*(field->u64) = number;
    } else {
      if (number > UINT32_MAX) return ConfigFileError{n, "`" + key + "` is above 2^32 - 1"};
      config.*(field->u32) = static_cast<std::uint32_t>(number);
    }
  }
  return config;
}

std::vector<ConstraintResult> check_config(const Config& cfg) {
  std::vector<ConstraintResult> out;
  if (auto error = validate(cfg)) {
    out.push_back({"ConfigValid", "the kernel accepts the config (make_state would refuse it)",
                   false, std::string(name_of(*error))});
    return out;
  }
  out.push_back({"ConfigValid", "the kernel accepts the config", true, {}});
  z3::context c;
  const auto val = [&](std::uint64_t v) { return c.int_val(static_cast<std::int64_t>(v)); };
  const z3::expr window = val(dedupe_window_ms(cfg));  // what the kernel computes
  const z3::expr send_span = span(c, cfg, cfg.send_attempts_max);
  const z3::expr ack_span = span(c, cfg, cfg.ack_attempts_max);
  const z3::expr ulid_time_max = c.int_val(static_cast<std::int64_t>((1ULL << 48) - 1));
  const z3::expr u64_max = c.int_val("18446744073709551615");
  struct Goal {
    const char* name;
    const char* meaning;
    z3::expr holds;
  };
  const Goal goals[] = {
      {"AttemptLimitsPositive", "the proofs' parameters: at least one NEW and one ACK attempt",
       val(cfg.send_attempts_max) >= 1 && val(cfg.ack_attempts_max) >= 1},
      {"WindowCoversRetrySpanPlusSkew",
       "an id is remembered until every NEW retransmission has been sent plus the clock skew, "
       "so a retry delivered in time is never refused as TooOld",
       window >= send_span + val(cfg.clock_skew_ms)},
      {"AckRetrySpanWithinWindow",
       "the receiver stops retrying its ACK before the id's window ends, so a flow is never "
       "forgotten while it still retransmits",
       ack_span <= window},
      {"DeadlinesFitIn64Bits", "the latest deadline (ULID time + window + 1) fits a uint64",
       ulid_time_max + window + 1 <= u64_max},
      {"FinDelayBelowFirstAckRetry",
       "a held FIN leaves before the receiver's first ACK retransmission",
       val(cfg.fin_delay_ms) < val(cfg.retry_initial_ms)},
  };
  for (const Goal& g : goals) {
    z3::solver solver(c);
    solver.add(!g.holds);
    const bool holds = solver.check() == z3::unsat;
    std::string detail;
    if (!holds) {
      z3::solver eval(c);
      eval.check();
      const z3::model m = eval.get_model();
      detail = "window_ms=" + m.eval(window, true).to_string() +
               " send_span_ms=" + m.eval(send_span, true).to_string() +
               " ack_span_ms=" + m.eval(ack_span, true).to_string() +
               " clock_skew_ms=" + std::to_string(cfg.clock_skew_ms) +
               " fin_delay_ms=" + std::to_string(cfg.fin_delay_ms);
    }
    out.push_back({g.name, g.meaning, holds, detail});
  }
  return out;
}

}  // namespace asyncflow::model::smt
