#pragma once
// Peer isolation, observed per step: what a peer sends (or what the host reports about sending
// to it) may change only that peer's flows and pending FINs.
#include <optional>
#include <string>

#include "asyncflow/model/world.hpp"

namespace asyncflow::model {

std::optional<std::string> isolation_breach(const World& world, EndpointIndex endpoint,
                                            const Event& event, const State& before,
                                            const State& after);

}  // namespace asyncflow::model
