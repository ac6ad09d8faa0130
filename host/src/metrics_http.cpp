#include "metrics_http.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "asyncflow/metrics.hpp"

namespace asyncflow::host {

namespace {

constexpr std::size_t kRequestBytesMax = 4096;
constexpr int kIoTimeoutMs = 200;

void line(std::string& out, std::string_view name, std::string_view type, std::uint64_t value) {
  out += "# TYPE asyncflow_";
  out += name;
  out += ' ';
  out += type;
  out += "\nasyncflow_";
  out += name;
  out += ' ';
  out += std::to_string(value);
  out += '\n';
}

// Reads until the end of the request head, the size limit or the timeout.
std::string read_request(int fd) {
  std::string request;
  char buffer[1024];
  while (request.size() < kRequestBytesMax && request.find("\r\n\r\n") == std::string::npos &&
         request.find("\n\n") == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, kIoTimeoutMs) <= 0) break;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    request.append(buffer, static_cast<std::size_t>(n));
  }
  return request;
}

void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
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
  const Counters& c = m.counters;
  std::string out;
  line(out, "calls_awaiting_ack", "gauge", m.calls_awaiting_ack);
  line(out, "calls_gave_up_remembered", "gauge", m.calls_gave_up_remembered);
  line(out, "requests_awaiting_response", "gauge", m.requests_awaiting_response);
  line(out, "requests_acking", "gauge", m.requests_acking);
  line(out, "dedupe_entries", "gauge", m.dedupe_entries);
  line(out, "pending_fins", "gauge", m.pending_fins);
  line(out, "retained_bytes", "gauge", m.retained_bytes);
  line(out, "timers", "gauge", m.timers);
  line(out, "calls_accepted_total", "counter", c.calls_accepted);
  line(out, "completed_total", "counter", c.completed);
  line(out, "corrupted_total", "counter", c.corrupted);
  line(out, "gave_up_total", "counter", c.gave_up);
  line(out, "late_completions_total", "counter", c.late_completions);
  line(out, "delivered_total", "counter", c.delivered);
  line(out, "responses_total", "counter", c.responses);
  line(out, "flows_closed_total", "counter", c.flows_closed);
  line(out, "ack_gave_up_total", "counter", c.ack_gave_up);
  line(out, "transmissions_total", "counter", c.transmissions);
  line(out, "frames_sent_total", "counter", c.frames_sent);
  line(out, "new_retransmissions_total", "counter", c.new_retransmissions);
  line(out, "ack_retransmissions_total", "counter", c.ack_retransmissions);
  line(out, "frames_received_total", "counter", c.frames_received);
  line(out, "duplicate_news_suppressed_total", "counter", c.duplicate_news_suppressed);
  line(out, "refusals_total", "counter", m.refusals_total);
  line(out, "drops_total", "counter", m.drops_total);
  for (const auto& field : kHostCounterFields)
    line(out, "host_" + std::string(field.name) + "_total", "counter", h.*field.member);
  return out;
}

MetricsServer::MetricsServer(const Address& listen) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (fd_ < 0 ||
      ::bind(fd_, reinterpret_cast<const sockaddr*>(&listen.sin), sizeof listen.sin) != 0 ||
      ::listen(fd_, 16) != 0) {
    const std::string message = std::strerror(errno);
    if (fd_ >= 0) ::close(fd_);
    throw std::runtime_error("cannot serve metrics on " + listen.to_string() + ": " + message);
  }
}

MetricsServer::~MetricsServer() {
  ::close(fd_);
}

void MetricsServer::serve_pending(const std::string& body) {
  for (;;) {
    const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;
    const std::string request = read_request(client);
    std::string reply;
    if (request.rfind("GET /metrics ", 0) == 0 || request.rfind("GET /metrics\r", 0) == 0)
      reply = response("200 OK", "text/plain; version=0.0.4", body);
    else if (request.rfind("GET ", 0) == 0)
      reply = response("404 Not Found", "text/plain", "not found\n");
    else
      reply = response("400 Bad Request", "text/plain", "bad request\n");
    send_all(client, reply);
    ::close(client);
  }
}

}  // namespace asyncflow::host
