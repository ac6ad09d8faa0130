#pragma once
// Carrying out a step's effects the way a host does: datagrams into the network, deliveries to
// the app, outcomes into the call records. Anything a correct kernel never asks for (an outcome
// for no call, a refused app answer) is recorded as a violation, not ignored.
#include "asyncflow/model/world.hpp"

namespace asyncflow::model {

void execute_effects(World& world, EndpointIndex endpoint, const Event& event,
                     const Effects& effects);

}  // namespace asyncflow::model
