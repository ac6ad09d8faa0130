#pragma once
// Internal to the kernel: the byte layout of a snapshot's parts, shared by snapshot() and the
// journal (journal.hpp), so that a journal's records and a snapshot cannot disagree.
#include <cstdint>
#include <span>
#include <type_traits>

#include "asyncflow/state.hpp"

namespace asyncflow::detail {

inline constexpr std::uint8_t kMagic[4] = {'A', 'F', 'S', 'N'};

// Little-endian fields; byte strings with a u32 length.
class Writer {
 public:
  Bytes out;
  template <class T>
  void uint(T v) {
    static_assert(std::is_unsigned_v<T>);
    for (std::size_t i = 0; i < sizeof(T); ++i)
      out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void bytes(std::span<const std::uint8_t> b) {
    uint(static_cast<std::uint32_t>(b.size()));
    out.insert(out.end(), b.begin(), b.end());
  }
  void peer(const Peer& p) { bytes(p.bytes()); }
  void id(const MsgId& m) {
    uint(m.hi);
    uint(m.lo);
  }
  void opt_hash(const std::optional<Hash32>& h) {
    uint(static_cast<std::uint8_t>(h ? 1 : 0));
    uint(h.value_or(0));
  }
};

void write_header(Writer& w);                   // magic and format version
void write_scalars(Writer& w, const State& s);  // config, clock, id generator, counters
void write_out_record(Writer& w, const FlowKey& key, const OutFlow& f);
void write_in_record(Writer& w, const FlowKey& key, const InFlow& f);
void write_fins_record(Writer& w, const Peer& peer, const PendingFins& p);

}  // namespace asyncflow::detail
