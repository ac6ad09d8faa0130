#pragma once
// The kernel's metrics as a Candid record of nat64 fields (the `metrics` query's reply).
#include "asyncflow/frame.hpp"
#include "asyncflow/metrics.hpp"

namespace asyncflow::canister {

Bytes encode_metrics(const Metrics& m);

}  // namespace asyncflow::canister
