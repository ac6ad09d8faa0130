#include "isolation.hpp"

#include "asyncflow/format.hpp"

namespace asyncflow::model {
namespace {

const Peer* peer_of(const Event& event) {
  if (auto* r = std::get_if<ReceiveEvent>(&event.body)) return &r->peer;
  if (auto* f = std::get_if<SendFailedEvent>(&event.body)) return &f->peer;
  return nullptr;
}

// Entries of `map` whose peer is not `peer`, as a comparable list.
template <class Map, class KeyPeer>
auto others(const Map& map, const Peer& peer, KeyPeer key_peer) {
  std::vector<std::pair<typename Map::key_type, typename Map::mapped_type>> out;
  for (const auto& [key, value] : map)
    if (!(key_peer(key) == peer)) out.emplace_back(key, value);
  return out;
}

}  // namespace

std::optional<std::string> isolation_breach(const World&, EndpointIndex endpoint,
                                            const Event& event, const State& before,
                                            const State& after) {
  const Peer* peer = peer_of(event);
  if (peer == nullptr) return std::nullopt;
  const auto flow_peer = [](const FlowKey& k) -> const Peer& { return k.peer; };
  const auto same = [](const Peer& p) -> const Peer& { return p; };
  const char* what = nullptr;
  if (others(before.out_flows, *peer, flow_peer) != others(after.out_flows, *peer, flow_peer))
    what = "caller flows";
  else if (others(before.in_flows, *peer, flow_peer) != others(after.in_flows, *peer, flow_peer))
    what = "receiver flows";
  else if (others(before.pending_fins, *peer, same) != others(after.pending_fins, *peer, same))
    what = "pending FINs";
  if (what == nullptr) return std::nullopt;
  return fmt::format("an event from or about peer {} changed e{}'s {} of other peers", *peer,
                     endpoint, what);
}

}  // namespace asyncflow::model
