#include "daemon.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <random>
#include <vector>

#include "asyncflow/kernel.hpp"
#include "asyncflow/snapshot.hpp"
#include "datagram.hpp"
#include "host_counters.hpp"
#include "ledger.hpp"
#include "metrics_http.hpp"
#include "sqlite_db.hpp"
#include "store.hpp"

namespace asyncflow::host {

namespace {

volatile std::sig_atomic_t stop_requested = 0;
void request_stop(int) {
  stop_requested = 1;
}

constexpr std::size_t kDatagramsPerBatchMax = 256;

TimeMs now_ms() {
  return static_cast<TimeMs>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count());
}

// The state stored in the database, or a fresh one saved there first.
State load_or_create_state(Database& db, const Config& config) {
  if (auto bytes = load_kernel_snapshot(db)) {
    auto restored = restore(*bytes);
    if (auto* error = std::get_if<RestoreError>(&restored))
      throw SqliteError("the kernel state in the database is damaged: " +
                        std::string(name_of(*error)));
    return std::get<State>(std::move(restored));
  }
  auto made = make_state(config, std::random_device{}() * 0x9E3779B97F4A7C15ULL ^ now_ms());
  if (auto* error = std::get_if<ConfigError>(&made))
    throw SqliteError("invalid retry/limit settings: " + std::string(name_of(*error)));
  State state = std::get<State>(std::move(made));
  Transaction tx(db);
  save_kernel_snapshot(db, snapshot(state));
  tx.commit();
  return state;
}

// One batch of input: every event is stepped and the app's reactions applied inside one
// transaction; the Transmits are collected and leave only after the commit.
class Loop {
 public:
  Loop(const DaemonOptions& options, Database& db, State state)
      : options_(options), db_(db), state_(std::move(state)), socket_(options.listen) {
    counters_ = stored_counters_ = load_host_counters(db);
    ++counters_.starts;
    if (options.metrics) metrics_ = std::make_unique<MetricsServer>(*options.metrics);
    for (const auto& [name, address] : options.peers) {
      auto peer = Peer::from_text(name);
      if (!peer) throw SqliteError("peer name '" + name + "' must be 1..29 bytes");
      peers_.push_back({*peer, address});
    }
  }

  void run() {
    TimeMs next_outbox_poll = 0;
    while (!stop_requested) {
      wait_for_input(next_outbox_poll);
      const TimeMs now = now_ms();
      std::vector<EventBody> inputs;
      read_datagrams(inputs);
      for (auto& failed : failed_sends_) inputs.push_back(std::move(failed));
      failed_sends_.clear();
      const bool poll_outbox = now >= next_outbox_poll;
      if (poll_outbox) next_outbox_poll = now + options_.outbox_poll_ms;
      const auto deadline = next_deadline(state_);
      const bool due = deadline && *deadline <= now;
      if (!inputs.empty() || poll_outbox || due) step_batch(now, inputs, poll_outbox);
      if (metrics_) metrics_->serve_pending(metrics_text(state_, counters_));
    }
  }

 private:
  struct KnownPeer {
    Peer peer;
    Address address;
  };

  void wait_for_input(TimeMs next_outbox_poll) {
    const TimeMs now = now_ms();
    TimeMs wake = next_outbox_poll;
    if (auto deadline = next_deadline(state_)) wake = std::min(wake, *deadline);
    const int timeout_ms = wake <= now ? 0 : static_cast<int>(std::min<TimeMs>(wake - now, 1000));
    pollfd fds[2] = {{socket_.fd(), POLLIN, 0}, {metrics_ ? metrics_->fd() : -1, POLLIN, 0}};
    ::poll(fds, metrics_ ? 2 : 1, timeout_ms);
  }

  void read_datagrams(std::vector<EventBody>& inputs) {
    Address from;
    for (std::size_t i = 0; i < kDatagramsPerBatchMax; ++i) {
      auto datagram = socket_.receive(from);
      if (!datagram) return;
      ++counters_.datagrams_received;
      const KnownPeer* known = nullptr;
      for (const auto& p : peers_)
        if (p.address == from) known = &p;
      if (!known) {
        ++counters_.datagrams_unknown_source;
        continue;
      }
      auto decoded = decode_datagram(*datagram);
      if (auto* error = std::get_if<DatagramError>(&decoded)) {
        ++(*error == DatagramError::Undecodable ? counters_.datagrams_undecodable
                                                : counters_.datagrams_bad_checksum);
        continue;
      }
      inputs.push_back(
          ReceiveEvent{known->peer, std::get<std::vector<Frame>>(std::move(decoded)), 0});
    }
  }

  void step_one(TimeMs now, EventBody body) {
    std::vector<EventBody> follow_ups{std::move(body)};
    // A Deliver's response is stepped right after it, in the same transaction.
    for (std::size_t i = 0; i < follow_ups.size(); ++i) {
      effects_.clear();
      step_in_place(state_, Event{now, std::move(follow_ups[i])}, effects_);
      ++counters_.events_stepped;
      for (auto& effect : effects_) {
        if (auto* t = std::get_if<Transmit>(&effect))
          outgoing_.push_back(std::move(*t));
        else
          apply_effect(db_, effect, follow_ups);
      }
    }
  }

  void issue_calls(TimeMs now) {
    if (state_.calls_in_flight >= options_.calls_in_flight_max) return;
    for (auto& transfer :
         queued_transfers(db_, options_.calls_in_flight_max - state_.calls_in_flight)) {
      auto peer = Peer::from_text(transfer.peer);
      if (!peer) continue;  // queue_transfer checks names; an edited row just stays queued
      effects_.clear();
      step_in_place(state_, Event{now, CallEvent{*peer, std::move(transfer.payload)}}, effects_);
      ++counters_.events_stepped;
      bool accepted = false;
      for (auto& effect : effects_) {
        if (auto* a = std::get_if<Accepted>(&effect)) {
          mark_in_flight(db_, transfer.id, a->msg_id);
          accepted = true;
        } else if (auto* t = std::get_if<Transmit>(&effect)) {
          outgoing_.push_back(std::move(*t));
        }
      }
      if (!accepted) return;  // refused (a limit): it stays queued and is tried again later
      ++counters_.calls_issued;
    }
  }

  void step_batch(TimeMs now, std::vector<EventBody>& inputs, bool poll_outbox) {
    outgoing_.clear();
    {
      Transaction tx(db_);
      for (auto& input : inputs) step_one(now, std::move(input));
      if (poll_outbox) issue_calls(now);
      step_one(now, TickEvent{});
      save_kernel_snapshot(db_, snapshot(state_));
      ++counters_.commits;
      store_host_counters(db_, counters_, stored_counters_);
      tx.commit();  // throws on failure: the process stops and nothing below is sent
    }
    for (const auto& transmit : outgoing_) send(transmit);
  }

  void send(const Transmit& transmit) {
    const KnownPeer* known = nullptr;
    for (const auto& p : peers_)
      if (p.peer == transmit.peer) known = &p;
    if (!known) return;  // the kernel only transmits to peers that sent to us or that we called
    for (const auto& datagram : encode_datagrams(transmit.frames)) {
      if (socket_.send(known->address, datagram.bytes)) {
        ++counters_.datagrams_sent;
        continue;
      }
      // A local send failure proves this datagram's frames and the rest never left: tell the
      // kernel (next batch). Frames of earlier datagrams did leave and are not reported.
      ++counters_.send_failures;
      std::vector<FrameRef> refs;
      for (std::size_t i = datagram.first_frame; i < transmit.frames.size(); ++i)
        refs.push_back(ref_of(transmit.frames[i]));
      failed_sends_.push_back(
          SendFailedEvent{transmit.peer, std::move(refs), RejectCode::SysTransient});
      return;
    }
  }

  const DaemonOptions& options_;
  Database& db_;
  State state_;
  UdpSocket socket_;
  std::unique_ptr<MetricsServer> metrics_;
  std::vector<KnownPeer> peers_;
  HostCounters counters_;
  HostCounters stored_counters_;  // what the database holds
  Effects effects_;
  std::vector<Transmit> outgoing_;
  std::vector<EventBody> failed_sends_;
};

}  // namespace

int run_daemon(const DaemonOptions& options) {
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  try {
    Database db(options.db_path);
    open_store(db);
    Loop loop(options, db, load_or_create_state(db, options.config));
    fmt::print(stderr, "asyncflow serve: listening on {}\n", options.listen.to_string());
    loop.run();
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "asyncflow serve: {}: {}\n", options.db_path, e.what());
    return 1;
  }
}

}  // namespace asyncflow::host
