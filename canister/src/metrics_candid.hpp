#pragma once
// The kernel's metrics as a Candid record of nat64 fields (the `metrics` query's reply) and as
// Prometheus text for `http_request`.
#include <string>
#include <string_view>

#include "asyncflow/frame.hpp"
#include "asyncflow/metrics.hpp"

namespace asyncflow::canister {

Bytes encode_metrics(const Metrics& m);
// The same metrics as Prometheus text (asyncflow_<name>, gauges and counters).
std::string prometheus_text(const Metrics& m);
// An HttpResponse record of the IC's HTTP gateway interface, with one content-type header.
Bytes encode_http_response(std::uint16_t status, std::string_view content_type,
                           std::string_view body);

}  // namespace asyncflow::canister
