#include "daemon.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <random>
#include <vector>

#include "asyncflow/kernel.hpp"
#include "asyncflow/metrics.hpp"
#include "asyncflow/snapshot.hpp"
#include "auth.hpp"
#include "datagram.hpp"
#include "faults.hpp"
#include "host_counters.hpp"
#include "ledger.hpp"
#include "lock.hpp"
#include "log.hpp"
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
constexpr std::uint64_t kRetryAfterFailedBatchMs = 200;

TimeMs now_ms() {
  return static_cast<TimeMs>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count());
}

struct KnownPeer {
  std::string name;
  Peer peer;
  Address address;
  PeerKey key;
};

std::vector<KnownPeer> load_peers(const DaemonOptions& options) {
  std::vector<KnownPeer> peers;
  for (const auto& [name, peer_options] : options.peers) {
    auto key = read_key_file(peer_options.key_path);
    if (auto* error = std::get_if<std::string>(&key)) throw std::runtime_error(*error);
    for (const auto& other : peers)
      if (other.key == std::get<PeerKey>(key))
        throw std::runtime_error("peers '" + other.name + "' and '" + name +
                                 "' have the same key: each pair of daemons needs its own "
                                 "(either peer could pose as the other)");
    peers.push_back({name, *Peer::from_text(name), peer_options.address, std::get<PeerKey>(key)});
    log(LogLevel::Info, "peer", "name", name, "address", peer_options.address.to_string(), "key",
        peer_options.key_path);
  }
  return peers;
}

// The state stored in the database, or a fresh one (the caller saves it before the loop runs).
State load_or_make_state(std::optional<State> stored, const Config& config) {
  if (stored) return std::move(*stored);
  auto made = make_state(config, std::random_device{}() * 0x9E3779B97F4A7C15ULL ^ now_ms());
  if (auto* error = std::get_if<ConfigError>(&made))
    throw SqliteError("invalid retry/limit settings: " + std::string(name_of(*error)));
  return std::get<State>(std::move(made));
}

// Settings the operator gave that a restart does not apply: said, not silently ignored.
void report_config_differences(const DaemonOptions& options, const Config& stored) {
  const Config& asked = options.config;
  const std::tuple<const char*, std::uint64_t, std::uint64_t> rows[] = {
      {"retry-initial-ms", asked.retry_initial_ms, stored.retry_initial_ms},
      {"retry-max-ms", asked.retry_interval_max_ms, stored.retry_interval_max_ms},
      {"attempts", asked.send_attempts_max, stored.send_attempts_max},
      {"clock-skew-ms", asked.clock_skew_ms, stored.clock_skew_ms},
      {"fin-delay-ms", asked.fin_delay_ms, stored.fin_delay_ms}};
  for (const auto& [name, want, have] : rows)
    if (options.config_given.count(name) && want != have)
      log(LogLevel::Warn, "setting_not_applied", "setting", name, "given", want, "stored", have,
          "why", "the database's stored settings are kept; a new database takes new ones");
}

// One batch of input: every event is stepped (step_ready) and, inside one transaction, the app's
// reactions applied and each step's journal written as kernel rows; the transmissions are
// collected and leave only after the commit. A batch that changed nothing commits nothing.
class Loop {
 public:
  Loop(const DaemonOptions& options, Database& db, State state, const EndpointId& self)
      : options_(options),
        db_(db),
        state_(std::move(state)),
        socket_(options.listen),
        self_(self),
        peers_(load_peers(options)) {
    counters_ = stored_counters_ = load_host_counters(db);
    ++counters_.starts;
    if (options.metrics)
      metrics_ = std::make_unique<MetricsServer>(*options.metrics, metrics_text(state_, counters_));
    publish_metrics();
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
      bool calls_waiting = false;
      if (now >= next_outbox_poll) {
        next_outbox_poll = now + options_.outbox_poll_ms;
        calls_waiting = has_capacity() && !queued_transfers(db_, 1).empty();
      }
      const auto deadline = next_deadline(state_);
      const bool due = deadline && *deadline <= now;
      if (now < not_before_ms_) continue;  // a failed batch: wait a little before the next
      if (!inputs.empty() || calls_waiting || due || counters_due(now))
        run_batch(now, inputs, calls_waiting, due);
      publish_metrics();
    }
    if (counters_ != stored_counters_) run_batch(now_ms(), {}, false, false, true);
  }

 private:
  bool has_capacity() const { return state_.calls_in_flight < options_.calls_in_flight_max; }
  bool counters_due(TimeMs now) const {
    return counters_ != stored_counters_ && now >= last_commit_ms_ + options_.counters_flush_ms;
  }

  void publish_metrics() {
    if (!metrics_ || (published_ && counters_ == published_counters_)) return;
    metrics_->publish(metrics_text(state_, counters_));
    published_counters_ = counters_;
    published_ = true;
  }

  void wait_for_input(TimeMs next_outbox_poll) {
    const TimeMs now = now_ms();
    TimeMs wake = std::max(next_outbox_poll, not_before_ms_);
    if (auto deadline = next_deadline(state_))
      wake = std::min(wake, std::max(*deadline, not_before_ms_));
    const int timeout_ms = wake <= now ? 0 : static_cast<int>(std::min<TimeMs>(wake - now, 1000));
    pollfd fd{socket_.fd(), POLLIN, 0};
    ::poll(&fd, 1, timeout_ms);
  }

  const KnownPeer* peer_at(const Address& from) const {
    for (const auto& p : peers_)
      if (p.address == from) return &p;
    return nullptr;
  }

  const KnownPeer* peer_named(const Peer& peer) const {
    for (const auto& p : peers_)
      if (p.peer == peer) return &p;
    return nullptr;
  }

  void count_dropped(DatagramError error, const KnownPeer& from) {
    std::uint64_t* counter[kDatagramErrorCount] = {
        &counters_.datagrams_too_short, &counters_.datagrams_bad_tag,
        &counters_.datagrams_bad_magic, &counters_.datagrams_reflected,
        &counters_.datagrams_undecodable};
    ++*counter[static_cast<std::size_t>(error) - 1];
    log(LogLevel::Debug, "datagram_dropped", "reason", name_of(error), "peer", from.name);
  }

  void read_datagrams(std::vector<EventBody>& inputs) {
    Address from;
    for (std::size_t i = 0; i < kDatagramsPerBatchMax; ++i) {
      auto datagram = socket_.receive(from);
      if (!datagram) return;
      ++counters_.datagrams_received;
      const KnownPeer* known = peer_at(from);
      if (!known) {
        ++counters_.datagrams_unknown_source;
        log(LogLevel::Debug, "datagram_dropped", "reason", "unknown_source", "from",
            from.to_string());
        continue;
      }
      auto decoded = decode_datagram(*datagram, known->key, self_);
      if (auto* error = std::get_if<DatagramError>(&decoded)) {
        count_dropped(*error, *known);
        continue;
      }
      inputs.push_back(
          ReceiveEvent{known->peer, std::get<std::vector<Frame>>(std::move(decoded)), 0});
    }
  }

  void log_effect(const Effect& effect) {
    if (auto* g = std::get_if<GaveUp>(&effect))
      log(LogLevel::Info, "gave_up", "msg_id", g->msg_id.to_string(), "phase", name_of(g->phase),
          "reason", name_of(g->reason));
    else if (auto* d = std::get_if<Dropped>(&effect))
      log(LogLevel::Debug, "frame_dropped", "msg_id", d->msg_id.to_string(), "reason",
          name_of(d->reason));
    else if (auto* r = std::get_if<Refused>(&effect))
      log(LogLevel::Info, "refused", "msg_id", r->msg_id ? r->msg_id->to_string() : "-", "reason",
          name_of(r->reason));
  }

  // Steps one event; its journal's entries go to the database now (in the batch's
  // transaction) and its transmissions wait for the commit.
  Ready step_kernel(TimeMs now, EventBody body) {
    Ready ready = step_ready(state_, Event{now, std::move(body)});
    ++counters_.events_stepped;
    save_kernel_entries(db_, ready.journal);
    kernel_changed_ = kernel_changed_ || ready.must_sync;
    for (auto& t : ready.transmissions) outgoing_.push_back(std::move(t));
    return ready;
  }

  void step_one(TimeMs now, EventBody body) {
    std::vector<EventBody> follow_ups{std::move(body)};
    // A Deliver's response is stepped right after it, in the same transaction.
    for (std::size_t i = 0; i < follow_ups.size(); ++i) {
      const Ready ready = step_kernel(now, std::move(follow_ups[i]));
      for (const auto& effect : ready.effects) {
        log_effect(effect);
        apply_effect(db_, effect, follow_ups);
      }
    }
  }

  void issue_calls(TimeMs now) {
    if (!has_capacity()) return;
    for (auto& transfer :
         queued_transfers(db_, options_.calls_in_flight_max - state_.calls_in_flight)) {
      auto peer = Peer::from_text(transfer.peer);
      if (!peer) continue;  // queue_transfer checks names; an edited row just stays queued
      const Ready ready = step_kernel(now, CallEvent{*peer, std::move(transfer.payload)});
      bool accepted = false;
      for (const auto& effect : ready.effects) {
        log_effect(effect);
        if (auto* a = std::get_if<Accepted>(&effect)) {
          mark_in_flight(db_, transfer.id, a->msg_id);
          accepted = true;
        }
      }
      if (!accepted) return;  // refused (a limit): it stays queued and is tried again later
      ++counters_.calls_issued;
    }
  }

  // Steps everything and commits if anything changed; true when committed.
  bool step_and_commit(TimeMs now, std::vector<EventBody>& inputs, bool calls, bool due,
                       bool final_flush) {
    Transaction tx(db_);
    const std::int64_t changes_before = db_.total_changes();
    kernel_changed_ = false;
    for (auto& input : inputs) step_one(now, std::move(input));
    if (calls) issue_calls(now);
    if (due) step_one(now, TickEvent{});
    const bool changed = kernel_changed_ || db_.total_changes() != changes_before;
    if (!changed && !final_flush && !counters_due(now)) {
      // Nothing a restart needs (at most counters and the clock moved): no commit, no fsync.
      // What leaves now is a resend of what is already durable.
      tx.rollback();
      return false;
    }
    save_kernel_scalars(db_, state_);  // the clock, ids and counters as of this commit
    ++counters_.commits;
    HostCounters stored = stored_counters_;
    store_host_counters(db_, counters_, stored);
    crash_point(FaultPoint::CrashBeforeCommit);
    if (fault_now(FaultPoint::CommitFails)) throw SqliteError("injected commit failure");
    tx.commit();  // throws on failure: the batch is rolled back, nothing below is sent
    stored_counters_ = stored;
    last_commit_ms_ = now;
    return true;
  }

  void run_batch(TimeMs now, std::vector<EventBody> inputs, bool calls, bool due,
                 bool final_flush = false) {
    outgoing_.clear();
    bool committed = false;
    try {
      committed = step_and_commit(now, inputs, calls, due, final_flush);
    } catch (const SqliteError& e) {
      // Rolled back (the Transaction's destructor): the database holds the last committed
      // batch, so memory goes back to it too and nothing of this batch is sent. Datagrams read
      // are lost as the network may lose them; queued transfers stay queued.
      ++counters_.rollbacks;
      log(LogLevel::Error, "batch_rolled_back", "error", e.what(), "retry_in_ms",
          kRetryAfterFailedBatchMs);
      reload_committed_state();
      outgoing_.clear();
      not_before_ms_ = now + kRetryAfterFailedBatchMs;
      return;
    }
    if (committed) crash_point(FaultPoint::CrashAfterCommit);
    datagrams_sent_in_batch_ = 0;
    for (const auto& transmit : outgoing_) send(transmit);
  }

  // After a rollback, memory goes back to what the database holds (read, checksums verified).
  // If it cannot be read back, going on could act on a state never stored: the daemon stops
  // (run_daemon logs the error and exits 1), and a restart reads the file again.
  void reload_committed_state() {
    std::optional<State> stored;
    try {
      stored = load_kernel_state(db_);
    } catch (const SqliteError& e) {
      throw std::runtime_error(std::string("the committed kernel state cannot be read back: ") +
                               e.what());
    }
    if (!stored) throw std::runtime_error("the committed kernel state is missing");
    state_ = std::move(*stored);
  }

  void send(const Transmit& transmit) {
    const KnownPeer* known = peer_named(transmit.peer);
    if (!known) {
      // No address for this peer (it is not configured, or no longer): nothing can leave, which
      // proves non-delivery of this transmission. A call to it is refunded by the kernel's
      // permanent-reject rule rather than left in doubt.
      ++counters_.sends_to_unconfigured_peer;
      const std::string name(transmit.peer.bytes().begin(), transmit.peer.bytes().end());
      log(LogLevel::Warn, "send_refused", "peer", name, "why",
          "no --peer address is configured for it", "reported_as", "DestinationInvalid");
      failed_sends_.push_back(frames_not_sent(transmit, 0, RejectCode::DestinationInvalid));
      return;
    }
    const auto datagrams = encode_datagrams(transmit.frames, SealingKey{known->key, self_});
    auto failed = send_transmission(transmit, datagrams, [&](std::size_t i, const Datagram& d) {
      if (datagrams_sent_in_batch_++ > 0) crash_point(FaultPoint::CrashMidSend);
      if (!fault_now(FaultPoint::SendFails) && socket_.send(known->address, d.bytes)) {
        ++counters_.datagrams_sent;
        return true;
      }
      ++counters_.send_failures;
      log(LogLevel::Warn, "send_failed", "peer", known->name, "datagram", i, "of",
          datagrams.size());
      return false;
    });
    if (failed) failed_sends_.push_back(std::move(*failed));
  }

  const DaemonOptions& options_;
  Database& db_;
  State state_;
  UdpSocket socket_;
  EndpointId self_;
  std::vector<KnownPeer> peers_;
  std::unique_ptr<MetricsServer> metrics_;
  HostCounters counters_;
  HostCounters stored_counters_;  // what the database holds
  HostCounters published_counters_;
  bool published_ = false;
  bool kernel_changed_ = false;  // a step of this batch must be synced (Ready::must_sync)
  TimeMs last_commit_ms_ = 0;
  TimeMs not_before_ms_ = 0;
  std::vector<Transmit> outgoing_;
  std::vector<EventBody> failed_sends_;
  std::size_t datagrams_sent_in_batch_ = 0;  // for the crash-mid-send fault point
};

void log_start(const DaemonOptions& options, const OpenedStore& opened, bool restored,
               const State& state) {
  const Metrics m = metrics(state);
  log(LogLevel::Info, "database_checked", "db", options.db_path, "format", kStoreFormat,
      "upgraded_from", opened.upgraded_from.empty() ? "-" : opened.upgraded_from, "state",
      restored ? "restored" : "new");
  log(LogLevel::Info, "flows_restored", "calls_awaiting_ack", m.calls_awaiting_ack,
      "requests_awaiting_response", m.requests_awaiting_response, "requests_acking",
      m.requests_acking, "dedupe_entries", m.dedupe_entries, "timers", m.timers);
}

std::string owner_text(const DaemonOptions& options) {
  return fmt::format("pid {}, listening on {}, started at Unix ms {}", ::getpid(),
                     options.listen.to_string(), now_ms());
}

}  // namespace

std::string check_options(const DaemonOptions& options) {
  if (options.peers.empty()) return "at least one --peer is needed";
  if (options.db_path.empty()) return "--db PATH is needed";
  if (options.calls_in_flight_max == 0)
    return "--calls-in-flight-max 0 would never issue a transfer (at least 1)";
  for (const auto& [name, peer] : options.peers) {
    if (name.empty() || name.size() > Peer::kBytesMax)
      return "peer name '" + name + "' must be 1..29 bytes";
    if (peer.address == options.listen)
      return "peer '" + name + "' is at this daemon's own --listen address " +
             peer.address.to_string();
    if (peer.key_path.empty())
      return "peer '" + name + "' has no key: give --peer-key " + name +
             "=FILE (asyncflow keygen FILE makes one)";
    for (const auto& [other, other_peer] : options.peers)
      if (other < name && other_peer.address == peer.address)
        return "peers '" + other + "' and '" + name + "' have the same address " +
               peer.address.to_string();
  }
  if (options.metrics && *options.metrics == options.listen)
    return "--metrics and --listen are the same address";
  return "";
}

int run_daemon(const DaemonOptions& options) {
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  if (!crypto_ready()) {
    log(LogLevel::Error, "fatal", "error", "libsodium could not be initialised");
    return 1;
  }
  try {
    const DatabaseLock lock(options.db_path);
    Database db(options.db_path);
    OpenedStore opened;
    try {
      std::vector<std::string> peer_names;
      for (const auto& [name, peer] : options.peers) peer_names.push_back(name);
      opened = open_daemon_store(db, owner_text(options), peer_names);
    } catch (const SqliteError& e) {
      throw std::runtime_error("database " + options.db_path + ": " + e.what());
    }
    const bool restored = opened.state.has_value();
    State state = load_or_make_state(std::move(opened.state), options.config);
    if (restored) {
      report_config_differences(options, state.config);
    } else {
      // Saved at once: the open already recorded a start and an endpoint id, and a database with
      // that history but no kernel row is refused as damaged on the next start.
      Transaction tx(db);
      save_kernel_state(db, state);
      tx.commit();
    }
    log_start(options, opened, restored, state);
    Loop loop(options, db, std::move(state), opened.endpoint_id);
    log(LogLevel::Info, "listening", "address", options.listen.to_string(), "metrics",
        options.metrics ? options.metrics->to_string() : "-");
    loop.run();
    log(LogLevel::Info, "stopped", "why", "signal");
    return 0;
  } catch (const std::exception& e) {
    log(LogLevel::Error, "fatal", "error", e.what());
    return 1;
  }
}

}  // namespace asyncflow::host
