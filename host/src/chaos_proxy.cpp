#include "chaos_proxy.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <queue>
#include <random>
#include <vector>

namespace asyncflow::host {

namespace {

volatile std::sig_atomic_t stop_requested = 0;
void request_stop(int) {
  stop_requested = 1;
}

using Clock = std::chrono::steady_clock;

struct Held {
  Clock::time_point due;
  std::uint64_t order;  // ties leave in arrival order
  bool to_b;
  std::vector<std::uint8_t> bytes;
  bool operator>(const Held& o) const { return due != o.due ? due > o.due : order > o.order; }
};

struct Direction {
  FaultRates rates;
  std::mt19937_64 rng;
  std::uint64_t received = 0, dropped = 0, duplicated = 0, reordered = 0, corrupted = 0;

  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
  std::chrono::milliseconds delay() {
    const auto base = std::uniform_int_distribution<std::uint64_t>(0, rates.delay_ms_max)(rng);
    const bool reorder = chance(rates.reorder);
    if (reorder) ++reordered;
    return std::chrono::milliseconds(base + (reorder ? rates.reorder_delay_ms : 0));
  }
};

}  // namespace

int run_chaos_proxy(const ProxyOptions& o) {
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  try {
    UdpSocket face_a(o.face_for_a), face_b(o.face_for_b);
    Direction ab{o.a_to_b, std::mt19937_64(o.seed * 2 + 1)};
    Direction ba{o.b_to_a, std::mt19937_64(o.seed * 2 + 2)};
    std::priority_queue<Held, std::vector<Held>, std::greater<>> held;
    std::uint64_t order = 0, foreign = 0;

    auto admit = [&](Direction& d, bool to_b, std::vector<std::uint8_t> bytes) {
      ++d.received;
      if (d.chance(d.rates.drop)) return void(++d.dropped);
      if (!bytes.empty() && d.chance(d.rates.corrupt)) {
        ++d.corrupted;
        const auto i = std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(d.rng);
        bytes[i] ^= static_cast<std::uint8_t>(1u << (d.rng() % 8));
      }
      const int copies = d.chance(d.rates.duplicate) ? 2 : 1;
      if (copies == 2) ++d.duplicated;
      for (int c = 0; c < copies; ++c) held.push({Clock::now() + d.delay(), order++, to_b, bytes});
    };

    fmt::print(stderr, "chaos-proxy: A {} <-> {} | {} <-> B {}\n", o.a.to_string(),
               o.face_for_a.to_string(), o.face_for_b.to_string(), o.b.to_string());
    while (!stop_requested) {
      int timeout_ms = 100;
      if (!held.empty()) {
        const auto wait =
            std::chrono::duration_cast<std::chrono::milliseconds>(held.top().due - Clock::now());
        timeout_ms = static_cast<int>(std::clamp<std::int64_t>(wait.count(), 0, 100));
      }
      pollfd fds[2] = {{face_a.fd(), POLLIN, 0}, {face_b.fd(), POLLIN, 0}};
      ::poll(fds, 2, timeout_ms);
      Address from;
      while (auto bytes = face_a.receive(from)) {
        if (from == o.a)
          admit(ab, true, std::move(*bytes));
        else
          ++foreign;
      }
      while (auto bytes = face_b.receive(from)) {
        if (from == o.b)
          admit(ba, false, std::move(*bytes));
        else
          ++foreign;
      }
      while (!held.empty() && held.top().due <= Clock::now()) {
        const Held& h = held.top();
        // A datagram to a daemon that is down is simply lost, as on a real network.
        if (h.to_b)
          face_b.send(o.b, h.bytes);
        else
          face_a.send(o.a, h.bytes);
        held.pop();
      }
    }
    for (auto [name, d] : {std::pair{"a->b", &ab}, std::pair{"b->a", &ba}})
      fmt::print("chaos-proxy {}: received {} dropped {} duplicated {} reordered {} corrupted {}\n",
                 name, d->received, d->dropped, d->duplicated, d->reordered, d->corrupted);
    fmt::print("chaos-proxy: foreign datagrams ignored {}\n", foreign);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "chaos-proxy: {}\n", e.what());
    return 1;
  }
}

}  // namespace asyncflow::host
