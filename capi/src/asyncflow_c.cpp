// The C ABI's functions: check the C arguments, build one kernel event, step, publish C views.
// Nothing thrown crosses: every entry point that can allocate runs inside guarded().
#include <cstring>
#include <iterator>
#include <new>
#include <type_traits>

#include "asyncflow/asyncflow.h"
#include "asyncflow/journal.hpp"
#include "asyncflow/kernel.hpp"
#include "asyncflow/metrics.hpp"
#include "asyncflow/snapshot.hpp"
#include "candid_bridge.hpp"
#include "convert.hpp"
#include "endpoint.hpp"

using namespace asyncflow;
using namespace asyncflow::capi;

namespace {

// Exceptions off (wasm32 canisters): an allocation failure traps, which on the IC rolls the
// whole message back, the outcome a host wants anyway.
template <class F>
asyncflow_status guarded(F&& body) noexcept {
#if defined(__cpp_exceptions)
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return ASYNCFLOW_ERR_OUT_OF_MEMORY;
  } catch (...) {
    return ASYNCFLOW_ERR_INTERNAL;
  }
#else
  return body();
#endif
}

std::optional<Peer> to_peer(const std::uint8_t* data, std::size_t size) noexcept {
  if (data == nullptr) return std::nullopt;
  return Peer::from_bytes({data, size});
}

// Builds the C views of the step's effects. Frames are reserved up front so that pointers
// taken into `frames` stay valid while later Transmits are added.
void publish(asyncflow_endpoint& ep) {
  std::size_t frame_count = 0, transmit_count = 0;
  for (const Effect& e : ep.effects)
    if (const auto* t = std::get_if<Transmit>(&e)) {
      frame_count += t->frames.size();
      ++transmit_count;
    }
  ep.frames.reserve(frame_count);
  ep.candid.reserve(transmit_count);
  ep.views.reserve(ep.effects.size());
  static const Bytes kNone;
  for (const Effect& e : ep.effects) {
    const Bytes* candid = &kNone;
    if (const auto* t = std::get_if<Transmit>(&e)) {
      ep.candid.push_back(encode_candid_batch(t->frames));
      candid = &ep.candid.back();
    }
    ep.views.push_back(view_of(e, ep.frames, *candid));
  }
}

void publish_journal(asyncflow_endpoint& ep) {
  ep.journal_views.reserve(ep.journal.entries.size());
  for (const JournalEntry& e : ep.journal.entries) {
    asyncflow_journal_entry v{};
    v.kind = static_cast<asyncflow_record_kind>(e.kind);
    v.change = static_cast<asyncflow_change>(e.change);
    v.peer = {e.peer.bytes().data(), e.peer.bytes().size()};
    v.msg_id = from_msg_id(e.msg_id);
    v.record = {e.record.data(), e.record.size()};
    ep.journal_views.push_back(v);
  }
}

// step_ready: its effects and then its transmissions are step_in_place's effects in order, so
// the effect views stay as they were; the journal comes with them.
asyncflow_status feed(asyncflow_endpoint& ep, std::uint64_t now_ms, EventBody body) {
  Ready ready = step_ready(ep.state, Event{now_ms, std::move(body)});
  ep.effects = std::move(ready.effects);
  for (auto& t : ready.transmissions) ep.effects.emplace_back(std::move(t));
  ep.journal = std::move(ready.journal);
  ep.must_sync = ready.must_sync;
  publish(ep);
  publish_journal(ep);
  return ASYNCFLOW_OK;
}

}  // namespace

extern "C" {

const char* asyncflow_status_name(asyncflow_status status) {
  // Read as an integer: a C caller may pass any int (an out-of-range C++ enum load is undefined).
  std::underlying_type_t<asyncflow_status> raw;
  std::memcpy(&raw, &status, sizeof raw);
  switch (raw) {
    case ASYNCFLOW_OK:
      return "OK";
    case ASYNCFLOW_ERR_NULL_ARGUMENT:
      return "NULL_ARGUMENT";
    case ASYNCFLOW_ERR_BAD_PEER:
      return "BAD_PEER";
    case ASYNCFLOW_ERR_BAD_CONFIG:
      return "BAD_CONFIG";
    case ASYNCFLOW_ERR_BAD_FRAME_KIND:
      return "BAD_FRAME_KIND";
    case ASYNCFLOW_ERR_BAD_REJECT_CODE:
      return "BAD_REJECT_CODE";
    case ASYNCFLOW_ERR_BUFFER_TOO_SMALL:
      return "BUFFER_TOO_SMALL";
    case ASYNCFLOW_ERR_RESTORE:
      return "RESTORE";
    case ASYNCFLOW_ERR_DECODE:
      return "DECODE";
    case ASYNCFLOW_ERR_UNSUPPORTED:
      return "UNSUPPORTED";
    case ASYNCFLOW_ERR_OUT_OF_MEMORY:
      return "OUT_OF_MEMORY";
    case ASYNCFLOW_ERR_INTERNAL:
      return "INTERNAL";
  }
  return "?";
}

#define ASYNCFLOW_STRINGIFY_(x) #x
#define ASYNCFLOW_STRINGIFY(x) ASYNCFLOW_STRINGIFY_(x)

const char* asyncflow_version(void) {
  return ASYNCFLOW_STRINGIFY(ASYNCFLOW_VERSION_MAJOR) "." ASYNCFLOW_STRINGIFY(
      ASYNCFLOW_VERSION_MINOR) "." ASYNCFLOW_STRINGIFY(ASYNCFLOW_VERSION_PATCH);
}

long asyncflow_version_number(void) {
  return ASYNCFLOW_VERSION_NUMBER;
}

int asyncflow_snapshot_format_version(void) {
  return kSnapshotFormatVersion;
}

const char* asyncflow_decode_error_name(asyncflow_decode_error error) {
  static constexpr const char* kNames[] = {"OK",
                                           "INPUT_TOO_LARGE",
                                           "TRUNCATED",
                                           "BAD_MAGIC",
                                           "LEB_OVERFLOW",
                                           "BAD_TYPE_OPCODE",
                                           "TYPE_INDEX_OUT_OF_RANGE",
                                           "FIELDS_NOT_SORTED",
                                           "MISSING_ARGUMENT",
                                           "TYPE_MISMATCH",
                                           "MISSING_FIELD",
                                           "NAT_OVERFLOW",
                                           "UNKNOWN_VARIANT_TAG",
                                           "BAD_OPT_TAG",
                                           "BAD_VALUE",
                                           "TOO_MANY_FRAMES",
                                           "PAYLOAD_TOO_LARGE",
                                           "DEPTH_LIMIT",
                                           "WORK_LIMIT",
                                           "TRAILING_BYTES",
                                           "UNKNOWN_METHOD"};
  static_assert(std::size(kNames) == ASYNCFLOW_DECODE_UNKNOWN_METHOD + 1);
  if (error < 0 || static_cast<std::size_t>(error) >= std::size(kNames)) return "?";
  return kNames[error];
}

void asyncflow_config_defaults(asyncflow_config* config) {
  if (config != nullptr) *config = from_config(Config{});
}

asyncflow_status asyncflow_create(const asyncflow_config* config, std::uint64_t seed,
                                  asyncflow_endpoint** endpoint, asyncflow_config_error* error) {
  if (error != nullptr) *error = ASYNCFLOW_CONFIG_OK;
  if (config == nullptr || endpoint == nullptr) return ASYNCFLOW_ERR_NULL_ARGUMENT;
  *endpoint = nullptr;
  return guarded([&] {
    auto made = make_state(to_config(*config), seed);
    if (const auto* bad = std::get_if<ConfigError>(&made)) {
      if (error != nullptr) *error = static_cast<asyncflow_config_error>(*bad);
      return ASYNCFLOW_ERR_BAD_CONFIG;
    }
    *endpoint = new asyncflow_endpoint(std::get<State>(std::move(made)));
    return ASYNCFLOW_OK;
  });
}

void asyncflow_destroy(asyncflow_endpoint* endpoint) {
  delete endpoint;
}

asyncflow_status asyncflow_call(asyncflow_endpoint* endpoint, std::uint64_t now_ms,
                                const std::uint8_t* peer, std::size_t peer_size,
                                const std::uint8_t* payload, std::size_t payload_size) {
  if (endpoint == nullptr) return ASYNCFLOW_ERR_NULL_ARGUMENT;
  endpoint->clear_step();
  return guarded([&] {
    auto to = to_peer(peer, peer_size);
    if (!to) return peer == nullptr ? ASYNCFLOW_ERR_NULL_ARGUMENT : ASYNCFLOW_ERR_BAD_PEER;
    auto bytes = to_bytes(payload, payload_size);
    if (!bytes) return ASYNCFLOW_ERR_NULL_ARGUMENT;
    return feed(*endpoint, now_ms, CallEvent{*to, std::move(*bytes)});
  });
}

asyncflow_status asyncflow_receive(asyncflow_endpoint* endpoint, std::uint64_t now_ms,
                                   const std::uint8_t* peer, std::size_t peer_size,
                                   const asyncflow_frame* frames, std::size_t frame_count,
                                   std::uint64_t payment_cycles) {
  if (endpoint == nullptr || (frames == nullptr && frame_count > 0))
    return ASYNCFLOW_ERR_NULL_ARGUMENT;
  endpoint->clear_step();
  return guarded([&] {
    auto from = to_peer(peer, peer_size);
    if (!from) return peer == nullptr ? ASYNCFLOW_ERR_NULL_ARGUMENT : ASYNCFLOW_ERR_BAD_PEER;
    ReceiveEvent receive{*from, {}, payment_cycles};
    if (frame_count > 0) {
      const asyncflow_status converted = to_frames({frames, frame_count}, receive.frames);
      if (converted != ASYNCFLOW_OK) return converted;
    }
    return feed(*endpoint, now_ms, std::move(receive));
  });
}

int asyncflow_has_candid(void) {
  return has_candid() ? 1 : 0;
}

asyncflow_status asyncflow_receive_candid(asyncflow_endpoint* endpoint, std::uint64_t now_ms,
                                          const std::uint8_t* peer, std::size_t peer_size,
                                          const std::uint8_t* candid, std::size_t candid_size,
                                          std::uint64_t payment_cycles,
                                          asyncflow_decode_error* error) {
  if (error != nullptr) *error = 0;
  if (endpoint == nullptr || (candid == nullptr && candid_size > 0))
    return ASYNCFLOW_ERR_NULL_ARGUMENT;
  endpoint->clear_step();
  if (!has_candid()) return ASYNCFLOW_ERR_UNSUPPORTED;
  return guarded([&] {
    auto from = to_peer(peer, peer_size);
    if (!from) return peer == nullptr ? ASYNCFLOW_ERR_NULL_ARGUMENT : ASYNCFLOW_ERR_BAD_PEER;
    auto decoded = decode_candid_batch({candid, candid_size});
    if (const int* bad = std::get_if<int>(&decoded)) {
      if (error != nullptr) *error = *bad;
      return ASYNCFLOW_ERR_DECODE;
    }
    return feed(
        *endpoint, now_ms,
        ReceiveEvent{*from, std::get<std::vector<Frame>>(std::move(decoded)), payment_cycles});
  });
}

asyncflow_status asyncflow_send_failed(asyncflow_endpoint* endpoint, std::uint64_t now_ms,
                                       const std::uint8_t* peer, std::size_t peer_size,
                                       const asyncflow_frame_ref* frames, std::size_t frame_count,
                                       int reject_code) {
  if (endpoint == nullptr || (frames == nullptr && frame_count > 0))
    return ASYNCFLOW_ERR_NULL_ARGUMENT;
  endpoint->clear_step();
  return guarded([&] {
    auto to = to_peer(peer, peer_size);
    if (!to) return peer == nullptr ? ASYNCFLOW_ERR_NULL_ARGUMENT : ASYNCFLOW_ERR_BAD_PEER;
    auto code = reject_code_from_int(reject_code);
    if (!code) return ASYNCFLOW_ERR_BAD_REJECT_CODE;
    SendFailedEvent failed{*to, {}, *code};
    if (frame_count > 0) {
      const asyncflow_status converted = to_frame_refs({frames, frame_count}, failed.frames);
      if (converted != ASYNCFLOW_OK) return converted;
    }
    return feed(*endpoint, now_ms, std::move(failed));
  });
}

asyncflow_status asyncflow_respond(asyncflow_endpoint* endpoint, std::uint64_t now_ms,
                                   const std::uint8_t* peer, std::size_t peer_size,
                                   const asyncflow_msg_id* msg_id, const std::uint8_t* payload,
                                   std::size_t payload_size) {
  if (endpoint == nullptr || msg_id == nullptr) return ASYNCFLOW_ERR_NULL_ARGUMENT;
  endpoint->clear_step();
  return guarded([&] {
    auto to = to_peer(peer, peer_size);
    if (!to) return peer == nullptr ? ASYNCFLOW_ERR_NULL_ARGUMENT : ASYNCFLOW_ERR_BAD_PEER;
    auto bytes = to_bytes(payload, payload_size);
    if (!bytes) return ASYNCFLOW_ERR_NULL_ARGUMENT;
    return feed(*endpoint, now_ms, RespondEvent{*to, to_msg_id(*msg_id), std::move(*bytes)});
  });
}

asyncflow_status asyncflow_tick(asyncflow_endpoint* endpoint, std::uint64_t now_ms) {
  if (endpoint == nullptr) return ASYNCFLOW_ERR_NULL_ARGUMENT;
  endpoint->clear_step();
  return guarded([&] { return feed(*endpoint, now_ms, TickEvent{}); });
}

const asyncflow_effect* asyncflow_effects(const asyncflow_endpoint* endpoint, size_t* count) {
  const bool any = endpoint != nullptr && !endpoint->views.empty();
  if (count != nullptr) *count = any ? endpoint->views.size() : 0;
  return any ? endpoint->views.data() : nullptr;
}

int asyncflow_next_deadline(const asyncflow_endpoint* endpoint, std::uint64_t* deadline_ms) {
  if (endpoint == nullptr) return 0;
  const auto deadline = next_deadline(endpoint->state);
  if (deadline && deadline_ms != nullptr) *deadline_ms = *deadline;
  return deadline ? 1 : 0;
}

asyncflow_status asyncflow_snapshot(const asyncflow_endpoint* endpoint, std::uint8_t* buffer,
                                    std::size_t capacity, std::size_t* size) {
  if (endpoint == nullptr || size == nullptr || (buffer == nullptr && capacity > 0))
    return ASYNCFLOW_ERR_NULL_ARGUMENT;
  return guarded([&] {
    const Bytes bytes = snapshot(endpoint->state);
    *size = bytes.size();
    if (capacity < bytes.size()) return ASYNCFLOW_ERR_BUFFER_TOO_SMALL;
    std::copy(bytes.begin(), bytes.end(), buffer);
    return ASYNCFLOW_OK;
  });
}

asyncflow_status asyncflow_restore(const std::uint8_t* snapshot_bytes, std::size_t size,
                                   asyncflow_endpoint** endpoint, asyncflow_restore_error* error) {
  if (error != nullptr) *error = ASYNCFLOW_RESTORE_OK;
  if (endpoint == nullptr || (snapshot_bytes == nullptr && size > 0))
    return ASYNCFLOW_ERR_NULL_ARGUMENT;
  *endpoint = nullptr;
  return guarded([&] {
    auto restored = restore({snapshot_bytes, size});
    if (const auto* bad = std::get_if<RestoreError>(&restored)) {
      if (error != nullptr) *error = static_cast<asyncflow_restore_error>(*bad);
      return ASYNCFLOW_ERR_RESTORE;
    }
    *endpoint = new asyncflow_endpoint(std::get<State>(std::move(restored)));
    return ASYNCFLOW_OK;
  });
}

const asyncflow_journal_entry* asyncflow_journal(const asyncflow_endpoint* endpoint,
                                                 std::size_t* count) {
  if (count != nullptr) *count = endpoint ? endpoint->journal_views.size() : 0;
  return endpoint && !endpoint->journal_views.empty() ? endpoint->journal_views.data() : nullptr;
}

asyncflow_bytes asyncflow_journal_scalars(const asyncflow_endpoint* endpoint) {
  if (endpoint == nullptr) return {nullptr, 0};
  return {endpoint->journal.scalars.data(), endpoint->journal.scalars.size()};
}

int asyncflow_must_sync(const asyncflow_endpoint* endpoint) {
  return endpoint != nullptr && endpoint->must_sync ? 1 : 0;
}

asyncflow_status asyncflow_restore_records(const std::uint8_t* scalars, std::size_t scalars_size,
                                           const asyncflow_stored_record* records,
                                           std::size_t count, asyncflow_endpoint** endpoint,
                                           asyncflow_restore_error* error) {
  if (error != nullptr) *error = ASYNCFLOW_RESTORE_OK;
  if (endpoint == nullptr || (scalars == nullptr && scalars_size > 0) ||
      (records == nullptr && count > 0))
    return ASYNCFLOW_ERR_NULL_ARGUMENT;
  *endpoint = nullptr;
  return guarded([&] {
    std::vector<StoredRecord> stored;
    stored.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      // Read as an integer: a C caller may pass any value (restore_from_records names it).
      std::underlying_type_t<asyncflow_record_kind> raw;
      std::memcpy(&raw, &records[i].kind, sizeof raw);
      if (records[i].record.data == nullptr && records[i].record.size > 0)
        return ASYNCFLOW_ERR_NULL_ARGUMENT;
      const auto* b = records[i].record.data;
      stored.push_back(
          {static_cast<RecordKind>(static_cast<std::uint8_t>(raw > 0 && raw < 256 ? raw : 255)),
           Bytes(b, b + records[i].record.size)});
    }
    auto restored = restore_from_records({scalars, scalars_size}, stored);
    if (const auto* bad = std::get_if<RestoreError>(&restored)) {
      if (error != nullptr) *error = static_cast<asyncflow_restore_error>(*bad);
      return ASYNCFLOW_ERR_RESTORE;
    }
    *endpoint = new asyncflow_endpoint(std::get<State>(std::move(restored)));
    return ASYNCFLOW_OK;
  });
}

void asyncflow_get_metrics(const asyncflow_endpoint* endpoint, asyncflow_metrics* out) {
  if (endpoint == nullptr || out == nullptr) return;
  *out = from_metrics(metrics(endpoint->state));
}

const char* asyncflow_check_invariants(const asyncflow_endpoint* endpoint) {
  if (endpoint == nullptr) return "NullEndpoint";
  // The kernel names invariants with string literals, so data() is NUL-terminated.
  const auto broken = check_invariants(endpoint->state);
  return broken ? broken->data() : nullptr;
}

}  // extern "C"
