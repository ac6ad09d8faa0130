#pragma once
// The checker's two views of a world, both written by model/check alone:
//  - a compact, exact byte encoding for the search queue: decode(encode(w)) == w (the script,
//    the hostile flags and step_checks come back from the run's initial world);
//  - a 128-bit fingerprint over a canonical form of what can influence the future or the
//    properties (the network and the owed answers as multisets), computed straight from the
//    world into two hash lanes: no buffer, no allocation.
// Kernel states travel as their snapshot() (restore() reads them back), XORed with the initial
// state's snapshot over the common prefix (config, clock, ids, counters are mostly unchanged)
// and zero-run-length coded.
#include <cstdint>
#include <span>
#include <vector>

#include "asyncflow/model/world.hpp"

namespace asyncflow::model::codec {

struct Fingerprint {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

// Fields covered: those `fingerprint()` (model/world) covers: the kernel states' rule-relevant
// members (clock, id generator, flows, pending FINs; not the config, the statistics counters or
// the derived totals and timers), the network as a multiset, the clock, the script position, the
// call and delivery ghost records, the owed answers as a multiset, the corrupted responses, the
// faults spent and which ghost anomalies were seen.
Fingerprint fingerprint128(const World& world) noexcept;

// Per run: the initial world gives what the encoding leaves out.
class WorldCodec {
 public:
  explicit WorldCodec(const World& initial);
  // Appends the encoding of `world` to `out` (nothing else is changed in `out`).
  void encode(const World& world, std::vector<std::uint8_t>& out) const;
  // Rebuilds a world from `bytes` (one whole encoding) into `world`; false if the bytes are not
  // an encoding this codec wrote (a programming error in the checker).
  bool decode(std::span<const std::uint8_t> bytes, World& world) const;

  // A state as the search stores it: its fingerprint, then its encoding. load() restores it
  // and checks it is the state stored: Unsound when a kernel snapshot did not restore, or
  // restored another state (a kernel bug: KernelSound), Malformed when the bytes are too short
  // to hold a fingerprint (a checker bug).
  enum class Loaded : std::uint8_t { Same, Unsound, Malformed };
  void store(const Fingerprint& fp, const World& world, std::vector<std::uint8_t>& out) const;
  Loaded load(std::span<const std::uint8_t> bytes, World& world) const;

 private:
  World initial_;
  std::vector<std::vector<std::uint8_t>> templates_;  // snapshot() of each initial endpoint
};

}  // namespace asyncflow::model::codec
