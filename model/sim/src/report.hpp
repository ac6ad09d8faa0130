#pragma once
// SimStats as text and JSON, shared by `asyncflow sim` and `asyncflow demo`.
#include <string>

#include "asyncflow/model/simulator.hpp"

namespace asyncflow::model {

std::string rates_text(const FaultRates& r);
std::string stats_text(const SimStats& s, double wall_seconds);
std::string stats_json(const SimStats& s, double wall_seconds);

}  // namespace asyncflow::model
