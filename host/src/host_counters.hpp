#pragma once
// What the daemon counts beyond the kernel's own metrics. Kept in the database's meta table
// (as host_<name>, written in the next batch's transaction, or at most once a second while the
// kernel is idle, and at a clean stop) so the totals survive restarts; counts since the last
// commit are lost by a SIGKILL.
#include <cstdint>
#include <string_view>

namespace asyncflow::host {

struct HostCounters {
  std::uint64_t datagrams_received = 0;
  std::uint64_t datagrams_sent = 0;
  // Datagrams dropped before the kernel saw them, by reason (docs/hosts.md, "Threat model").
  std::uint64_t datagrams_unknown_source = 0;  // source address is no configured peer
  std::uint64_t datagrams_too_short = 0;
  std::uint64_t datagrams_bad_tag = 0;  // forged, corrupted or under another key
  std::uint64_t datagrams_bad_magic = 0;
  std::uint64_t datagrams_reflected = 0;  // our own datagram sent back to us
  std::uint64_t datagrams_undecodable = 0;
  std::uint64_t send_failures = 0;
  std::uint64_t sends_to_unconfigured_peer = 0;  // reported to the kernel as DestinationInvalid
  std::uint64_t commits = 0;
  std::uint64_t rollbacks = 0;  // batches whose transaction failed and was rolled back
  std::uint64_t events_stepped = 0;
  std::uint64_t calls_issued = 0;
  std::uint64_t starts = 0;
  friend bool operator==(const HostCounters&, const HostCounters&) = default;
};

struct HostCounterField {
  std::string_view name;
  std::uint64_t HostCounters::*member;
  std::string_view help;
  std::string_view drop_reason;  // non-empty: one reason of asyncflow_host_datagrams_dropped_total
};

inline constexpr HostCounterField kHostCounterFields[] = {
    {"datagrams_received", &HostCounters::datagrams_received, "UDP datagrams read", ""},
    {"datagrams_sent", &HostCounters::datagrams_sent, "UDP datagrams sent", ""},
    {"datagrams_unknown_source", &HostCounters::datagrams_unknown_source,
     "datagrams from an address that is no configured peer", "unknown_source"},
    {"datagrams_too_short", &HostCounters::datagrams_too_short,
     "datagrams shorter than the header and tag", "too_short"},
    {"datagrams_bad_tag", &HostCounters::datagrams_bad_tag,
     "datagrams whose authentication tag does not verify (forged or corrupted)", "bad_tag"},
    {"datagrams_bad_magic", &HostCounters::datagrams_bad_magic,
     "authentic datagrams of another datagram format", "bad_magic"},
    {"datagrams_reflected", &HostCounters::datagrams_reflected,
     "authentic datagrams sealed by this daemon itself (reflected back)", "reflected"},
    {"datagrams_undecodable", &HostCounters::datagrams_undecodable,
     "authentic datagrams whose Candid body does not decode", "undecodable"},
    {"send_failures", &HostCounters::send_failures, "local sendto failures", ""},
    {"sends_to_unconfigured_peer", &HostCounters::sends_to_unconfigured_peer,
     "transmissions for a peer with no --peer address, reported as DestinationInvalid", ""},
    {"commits", &HostCounters::commits, "SQLite transactions committed", ""},
    {"rollbacks", &HostCounters::rollbacks, "batches rolled back after a failure", ""},
    {"events_stepped", &HostCounters::events_stepped, "kernel events stepped", ""},
    {"calls_issued", &HostCounters::calls_issued, "outbox transfers issued as calls", ""},
    {"starts", &HostCounters::starts, "daemon starts on this database", ""},
};

}  // namespace asyncflow::host
