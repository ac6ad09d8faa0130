#pragma once
// IPv4 UDP: address parsing and a non-blocking socket. Only what the daemon and the relay use.
#include <netinet/in.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace asyncflow::host {

struct Address {
  sockaddr_in sin{};
  friend bool operator==(const Address& a, const Address& b) {
    return a.sin.sin_addr.s_addr == b.sin.sin_addr.s_addr && a.sin.sin_port == b.sin.sin_port;
  }
  std::string to_string() const;
};

// "127.0.0.1:7001" (dotted IPv4 and a port 1..65535); nullopt for anything else.
std::optional<Address> parse_address(std::string_view text);

// The largest UDP payload over IPv4.
inline constexpr std::size_t kDatagramBytesMax = 65'507;

class UdpSocket {
 public:
  explicit UdpSocket(const Address& bind_to);  // throws std::runtime_error naming the address
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  // One datagram, or nullopt when none is waiting.
  std::optional<std::vector<std::uint8_t>> receive(Address& from);
  bool send(const Address& to, const std::vector<std::uint8_t>& datagram);  // false: failed

 private:
  int fd_ = -1;
};

}  // namespace asyncflow::host
