#pragma once
// What the daemon counts beyond the kernel's own metrics. Kept in the database's meta table
// (as host_<name>, updated in each batch's transaction) so the totals survive restarts; sends
// counted after a batch's commit are stored with the next batch.
#include <cstdint>
#include <string_view>

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
  std::uint64_t starts = 0;
};

struct HostCounterField {
  std::string_view name;
  std::uint64_t HostCounters::*member;
};

inline constexpr HostCounterField kHostCounterFields[] = {
    {"datagrams_received", &HostCounters::datagrams_received},
    {"datagrams_sent", &HostCounters::datagrams_sent},
    {"datagrams_unknown_source", &HostCounters::datagrams_unknown_source},
    {"datagrams_bad_checksum", &HostCounters::datagrams_bad_checksum},
    {"datagrams_undecodable", &HostCounters::datagrams_undecodable},
    {"send_failures", &HostCounters::send_failures},
    {"commits", &HostCounters::commits},
    {"events_stepped", &HostCounters::events_stepped},
    {"calls_issued", &HostCounters::calls_issued},
    {"starts", &HostCounters::starts},
};

}  // namespace asyncflow::host
