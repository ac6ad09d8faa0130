#pragma once
// What the daemon counts beyond the kernel's own metrics (exported at /metrics).
#include <cstdint>

namespace asyncflow::host {

struct HostCounters {
  std::uint64_t datagrams_received = 0;
  std::uint64_t datagrams_sent = 0;
  std::uint64_t datagrams_unknown_source = 0;  // source address is no configured peer
  std::uint64_t datagrams_bad_checksum = 0;
  std::uint64_t datagrams_undecodable = 0;
  std::uint64_t send_failures = 0;
  std::uint64_t commits = 0;
  std::uint64_t events_stepped = 0;
  std::uint64_t calls_issued = 0;
};

}  // namespace asyncflow::host
