#include "metrics_http.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <tuple>

#include "asyncflow/metrics.hpp"
#include "asyncflow/reasons.hpp"

#ifndef ASYNCFLOW_VERSION
#define ASYNCFLOW_VERSION "unknown"
#endif

namespace asyncflow::host {

namespace {

constexpr std::size_t kRequestBytesMax = 4096;
constexpr int kIoTimeoutMs = 200;
constexpr std::int64_t kConnectionMs = 1000;
constexpr int kAcceptPollMs = 100;  // how soon the thread notices a stop

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP asyncflow_{} {}\n# TYPE asyncflow_{} {}\n", name, help, name, type);
}

void line(std::string& out, std::string_view name, std::string_view type, std::string_view help,
          std::uint64_t value) {
  family(out, name, type, help);
  out += fmt::format("asyncflow_{} {}\n", name, value);
}

void kernel_gauges(std::string& out, const Metrics& m) {
  line(out, "calls_awaiting_ack", "gauge", "calls sent and not yet acknowledged",
       m.calls_awaiting_ack);
  line(out, "calls_gave_up_remembered", "gauge",
       "given-up calls remembered until their window ends", m.calls_gave_up_remembered);
  line(out, "requests_awaiting_response", "gauge", "requests delivered to the app, not answered",
       m.requests_awaiting_response);
  line(out, "requests_acking", "gauge", "responses sent and not yet finished by the caller",
       m.requests_acking);
  line(out, "dedupe_entries", "gauge", "remembered request ids", m.dedupe_entries);
  line(out, "pending_fins", "gauge", "FINs waiting to ride with other frames", m.pending_fins);
  line(out, "retained_bytes", "gauge", "payload bytes held for retransmission", m.retained_bytes);
  line(out, "timers", "gauge", "retry and expiry timers", m.timers);
}

void kernel_counters(std::string& out, const Metrics& m) {
  const Counters& c = m.counters;
  const std::tuple<std::string_view, std::uint64_t, std::string_view> rows[] = {
      {"calls_accepted_total", c.calls_accepted, "calls the kernel accepted"},
      {"completed_total", c.completed, "calls completed"},
      {"corrupted_total", c.corrupted, "calls whose response did not match its request hash"},
      {"gave_up_total", c.gave_up, "calls given up"},
      {"late_completions_total", c.late_completions, "completions after a give-up"},
      {"delivered_total", c.delivered, "requests delivered to the app"},
      {"responses_total", c.responses, "responses the app gave"},
      {"flows_closed_total", c.flows_closed, "receiver flows finished"},
      {"ack_gave_up_total", c.ack_gave_up, "responses given up unacknowledged"},
      {"transmissions_total", c.transmissions, "transmissions handed to the host"},
      {"frames_sent_total", c.frames_sent, "frames handed to the host"},
      {"new_retransmissions_total", c.new_retransmissions, "NEW retransmissions"},
      {"ack_retransmissions_total", c.ack_retransmissions, "ACK retransmissions"},
      {"frames_received_total", c.frames_received, "frames received"},
      {"duplicate_news_suppressed_total", c.duplicate_news_suppressed,
       "NEWs for a known id, not processed again"},
      {"refusals_total", m.refusals_total, "local events refused, all reasons"},
      {"drops_total", m.drops_total, "remote frames dropped by the kernel, all reasons"}};
  for (const auto& [name, value, help] : rows) line(out, name, "counter", help, value);
  family(out, "kernel_drops_by_reason_total", "counter",
         "remote frames the kernel dropped, by reason");
  for (std::size_t i = 1; i < c.drops.size(); ++i) {
    const auto reason = name_of(static_cast<DropReason>(i));
    if (reason.empty() || reason == "unknown") continue;
    out += fmt::format("asyncflow_kernel_drops_by_reason_total{{reason=\"{}\"}} {}\n", reason,
                       c.drops[i]);
  }
}

// Reads until the end of the request head, the size limit, or the connection's deadline.
std::string read_request(int fd, std::chrono::steady_clock::time_point deadline) {
  std::string request;
  char buffer[1024];
  while (request.size() < kRequestBytesMax && request.find("\r\n\r\n") == std::string::npos &&
         request.find("\n\n") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, kIoTimeoutMs) <= 0) break;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    request.append(buffer, static_cast<std::size_t>(n));
  }
  return request;
}

void send_all(int fd, const std::string& data, std::chrono::steady_clock::time_point deadline) {
  std::size_t sent = 0;
  while (sent < data.size() && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, kIoTimeoutMs) <= 0) return;
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

std::string response(std::string_view status, std::string_view type, const std::string& body) {
  return "HTTP/1.0 " + std::string(status) + "\r\nContent-Type: " + std::string(type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

}  // namespace

std::string metrics_text(const State& state, const HostCounters& h) {
  const Metrics m = metrics(state);
  std::string out;
  family(out, "build_info", "gauge", "the asyncflow build serving these metrics");
  out += fmt::format("asyncflow_build_info{{version=\"{}\"}} 1\n", ASYNCFLOW_VERSION);
  kernel_gauges(out, m);
  kernel_counters(out, m);
  for (const auto& field : kHostCounterFields)
    line(out, "host_" + std::string(field.name) + "_total", "counter", field.help, h.*field.member);
  family(out, "host_datagrams_dropped_total", "counter",
         "datagrams the host dropped before the kernel saw them, by reason");
  for (const auto& field : kHostCounterFields)
    if (!field.drop_reason.empty())
      out += fmt::format("asyncflow_host_datagrams_dropped_total{{reason=\"{}\"}} {}\n",
                         field.drop_reason, h.*field.member);
  return out;
}

MetricsServer::MetricsServer(const Address& listen, std::string body) : body_(std::move(body)) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  if (fd_ >= 0) setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fd_ < 0 ||
      ::bind(fd_, reinterpret_cast<const sockaddr*>(&listen.sin), sizeof listen.sin) != 0 ||
      ::listen(fd_, 64) != 0) {
    const std::string message = std::strerror(errno);
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("cannot serve metrics on " + listen.to_string() + ": " + message);
  }
  thread_ = std::thread([this] { serve(); });
}

MetricsServer::~MetricsServer() {
  stop_ = true;
  thread_.join();
  ::close(fd_);
}

void MetricsServer::publish(std::string body) {
  std::lock_guard<std::mutex> guard(mutex_);
  body_ = std::move(body);
}

void MetricsServer::serve() {
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, kAcceptPollMs) <= 0) continue;
    for (;;) {
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) break;
      answer(client);
      ::close(client);
      if (stop_) return;
    }
  }
}

void MetricsServer::answer(int client) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kConnectionMs);
  const std::string request = read_request(client, deadline);
  std::string reply;
  if (request.rfind("GET /metrics ", 0) == 0 || request.rfind("GET /metrics\r", 0) == 0) {
    std::string body;
    {
      std::lock_guard<std::mutex> guard(mutex_);
      body = body_;
    }
    reply = response("200 OK", "text/plain; version=0.0.4", body);
  } else if (request.rfind("GET ", 0) == 0) {
    reply = response("404 Not Found", "text/plain", "not found\n");
  } else {
    reply = response("400 Bad Request", "text/plain", "bad request\n");
  }
  send_all(client, reply, deadline);
}

}  // namespace asyncflow::host
