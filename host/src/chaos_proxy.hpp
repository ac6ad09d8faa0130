#pragma once
// A fault-injecting UDP relay between two endpoints A and B, so the chaos test can run on
// machines without `tc netem`. A sends to face_for_a (B's stand-in); the relay forwards from
// face_for_b, so B sees every datagram from A coming from one fixed address (and the reverse).
// Each direction has its own fault rates; every decision comes from a generator seeded by
// --seed, so the same seed and the same arrival order give the same faults.
#include <cstdint>

#include "udp.hpp"

namespace asyncflow::host {

struct FaultRates {
  double drop = 0;                 // probability a datagram is lost
  double duplicate = 0;            // probability a second copy is sent (with its own delay)
  double reorder = 0;              // probability a datagram is held back by reorder_delay_ms extra
  double corrupt = 0;              // probability one byte is flipped
  std::uint64_t delay_ms_max = 0;  // every datagram waits uniformly 0..delay_ms_max
  std::uint64_t reorder_delay_ms = 30;
};

struct ProxyOptions {
  Address a, b;                    // the endpoints' own addresses
  Address face_for_a, face_for_b;  // where A sends (stands for B), where B sends (stands for A)
  FaultRates a_to_b, b_to_a;
  std::uint64_t seed = 1;
};

int run_chaos_proxy(const ProxyOptions& options);  // until SIGINT/SIGTERM

}  // namespace asyncflow::host
