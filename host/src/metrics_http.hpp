#pragma once
// `/metrics` in the Prometheus text exposition format, over a deliberately small HTTP/1.0
// handler: one request per connection, at most 4 KiB read, 200 ms to send it, only
// `GET /metrics` answered (404 for other paths, 400 for anything else), then the connection
// is closed. No Debian-packaged HTTP server library is small enough to be worth a dependency for
// this one read-only page.
#include <string>

#include "asyncflow/state.hpp"
#include "host_counters.hpp"
#include "udp.hpp"

namespace asyncflow::host {

std::string metrics_text(const State& state, const HostCounters& counters);

class MetricsServer {
 public:
  explicit MetricsServer(const Address& listen);  // throws std::runtime_error
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;
  int fd() const { return fd_; }
  // Call when fd() is readable: serves every pending connection with `body`.
  void serve_pending(const std::string& body);

 private:
  int fd_ = -1;
};

}  // namespace asyncflow::host
