#pragma once
// `/metrics` in the Prometheus text exposition format (# HELP and # TYPE for every family,
// asyncflow_build_info, drops by reason as labels), over a deliberately small HTTP/1.0 handler:
// one request per connection, at most 4 KiB read, 200 ms for each read or write and 1 s per
// connection in all, only `GET /metrics` answered (404 for other paths, 400 for anything else).
// It runs in its own thread and serves the text the protocol thread last published, so a slow,
// idle or half-open client can delay other scrapes but never a batch of the protocol.
// No Debian-packaged HTTP server library is small enough to be worth a dependency for this page.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include "asyncflow/state.hpp"
#include "host_counters.hpp"
#include "udp.hpp"

namespace asyncflow::host {

std::string metrics_text(const State& state, const HostCounters& counters);

class MetricsServer {
 public:
  // Throws std::runtime_error; starts the thread, answering `body` until the first publish (so no
  // scrape ever sees an empty page).
  MetricsServer(const Address& listen, std::string body);
  ~MetricsServer();  // stops and joins it
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;
  // What the next scrape answers.
  void publish(std::string body);

 private:
  void serve();
  void answer(int client);

  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::string body_;
  std::thread thread_;
};

}  // namespace asyncflow::host
