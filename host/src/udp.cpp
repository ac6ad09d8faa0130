#include "udp.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace asyncflow::host {

std::string Address::to_string() const {
  char host[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &sin.sin_addr, host, sizeof host);
  return std::string(host) + ":" + std::to_string(ntohs(sin.sin_port));
}

std::optional<Address> parse_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string host(text.substr(0, colon));
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
    return std::nullopt;
  Address a;
  a.sin.sin_family = AF_INET;
  a.sin.sin_port = htons(static_cast<std::uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &a.sin.sin_addr) != 1) return std::nullopt;
  return a;
}

UdpSocket::UdpSocket(const Address& bind_to) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  // Large buffers: a burst of retransmissions after a restart must not overflow the kernel's.
  const int buffer_bytes = 4 << 20;
  setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
  setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&bind_to.sin), sizeof bind_to.sin) != 0) {
    const std::string message = std::strerror(errno);
    ::close(fd_);
    throw std::runtime_error("cannot listen on " + bind_to.to_string() + ": " + message);
  }
}

UdpSocket::~UdpSocket() {
  ::close(fd_);
}

std::optional<std::vector<std::uint8_t>> UdpSocket::receive(Address& from) {
  std::vector<std::uint8_t> buffer(kDatagramBytesMax);
  socklen_t from_len = sizeof from.sin;
  const ssize_t n = ::recvfrom(fd_, buffer.data(), buffer.size(), 0,
                               reinterpret_cast<sockaddr*>(&from.sin), &from_len);
  if (n < 0) return std::nullopt;  // EAGAIN, or an ICMP error from an earlier send: nothing here
  buffer.resize(static_cast<std::size_t>(n));
  return buffer;
}

bool UdpSocket::send(const Address& to, const std::vector<std::uint8_t>& datagram) {
  const ssize_t n = ::sendto(fd_, datagram.data(), datagram.size(), 0,
                             reinterpret_cast<const sockaddr*>(&to.sin), sizeof to.sin);
  return n == static_cast<ssize_t>(datagram.size());
}

}  // namespace asyncflow::host
