/* asyncflow C ABI: the protocol kernel behind an opaque handle, for C and for any language with
 * a C FFI (Rust, Go, Zig, Swift, Python's ctypes). docs/embedding.md has the guide.
 *
 * Pure C (C89 and later): no C++ type, no exception, no callback crosses this interface. Every
 * function that can fail returns an asyncflow_status; the detail of a configuration, restore or
 * Candid error comes back through an optional out-parameter of its own enum type.
 *
 * The loop is the C++ one (docs/embedding.md): feed one event (call, receive, send_failed,
 * respond, tick), then read the step's effects with asyncflow_effects() and execute them in
 * order. Memory the endpoint hands out (effects, their frames and bytes) stays valid until the
 * next call that feeds an event, restores or destroys the endpoint; copy what must live longer.
 * Memory the caller passes in is only read during the call.
 *
 * An endpoint is not thread-safe; distinct endpoints are independent. */
#ifndef ASYNCFLOW_ASYNCFLOW_H
#define ASYNCFLOW_ASYNCFLOW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct asyncflow_endpoint asyncflow_endpoint; /* opaque */

/* ---- version (docs/compatibility.md: the ABI only grows within a major version) ---- */

/* The version this header belongs to. A program may compare it with asyncflow_version_number()
 * at start: the library it runs with must have the same major and at least the same minor. */
#define ASYNCFLOW_VERSION_MAJOR 0
#define ASYNCFLOW_VERSION_MINOR 1
#define ASYNCFLOW_VERSION_PATCH 0
#define ASYNCFLOW_VERSION_NUMBER \
  (ASYNCFLOW_VERSION_MAJOR * 10000L + ASYNCFLOW_VERSION_MINOR * 100L + ASYNCFLOW_VERSION_PATCH)

/* The library's version as text ("0.1.0"), static storage. */
const char* asyncflow_version(void);
/* The library's version as MAJOR * 10000 + MINOR * 100 + PATCH (ASYNCFLOW_VERSION_NUMBER). */
long asyncflow_version_number(void);
/* The snapshot format version asyncflow_snapshot writes (asyncflow_restore reads it and every
 * older one). */
int asyncflow_snapshot_format_version(void);

typedef enum asyncflow_status {
  ASYNCFLOW_OK = 0,
  ASYNCFLOW_ERR_NULL_ARGUMENT = 1, /* a required pointer was NULL (or NULL data, non-zero size) */
  ASYNCFLOW_ERR_BAD_PEER = 2,   /* a peer name of 0 or more than ASYNCFLOW_PEER_BYTES_MAX bytes */
  ASYNCFLOW_ERR_BAD_CONFIG = 3, /* see asyncflow_config_error */
  ASYNCFLOW_ERR_BAD_FRAME_KIND = 4,   /* a frame or frame ref whose kind is not NEW, ACK or FIN */
  ASYNCFLOW_ERR_BAD_REJECT_CODE = 5,  /* a reject code outside 1..6 */
  ASYNCFLOW_ERR_BUFFER_TOO_SMALL = 6, /* the size needed was written to the size out-parameter */
  ASYNCFLOW_ERR_RESTORE = 7,          /* see asyncflow_restore_error */
  ASYNCFLOW_ERR_DECODE = 8,           /* Candid input rejected; see asyncflow_decode_error */
  ASYNCFLOW_ERR_UNSUPPORTED = 9,      /* built without the Candid codec */
  ASYNCFLOW_ERR_OUT_OF_MEMORY = 10, /* the step may be partly applied: restore the last snapshot */
  ASYNCFLOW_ERR_INTERNAL = 11       /* a bug: please report it */
} asyncflow_status;

const char* asyncflow_status_name(asyncflow_status status);

/* ---- configuration: the C++ asyncflow::Config, field for field ---- */

typedef struct asyncflow_config {
  uint64_t retry_initial_ms;
  uint32_t retry_backoff_multiplier;
  uint64_t retry_interval_max_ms;
  uint32_t send_attempts_max;
  uint32_t ack_attempts_max;
  uint64_t clock_skew_ms;
  uint64_t fin_delay_ms;
  uint32_t pending_fins_max;
  uint64_t payload_bytes_max;
  uint32_t calls_in_flight_per_peer_max;
  uint32_t calls_in_flight_max;
  uint32_t requests_in_flight_per_peer_max;
  uint32_t requests_in_flight_max;
  uint64_t dedupe_entries_max;
  uint64_t retained_bytes_max;
  uint32_t frames_per_transmission_max;
  uint64_t new_payment_min_cycles;
} asyncflow_config;

/* Values equal the C++ asyncflow::ConfigError. */
typedef enum asyncflow_config_error {
  ASYNCFLOW_CONFIG_OK = 0,
  ASYNCFLOW_CONFIG_RETRY_INITIAL_ZERO = 1,
  ASYNCFLOW_CONFIG_BACKOFF_MULTIPLIER_ZERO = 2,
  ASYNCFLOW_CONFIG_RETRY_INTERVAL_MAX_BELOW_INITIAL = 3,
  ASYNCFLOW_CONFIG_SEND_ATTEMPTS_ZERO = 4,
  ASYNCFLOW_CONFIG_ACK_ATTEMPTS_ZERO = 5,
  ASYNCFLOW_CONFIG_ATTEMPTS_TOO_MANY = 6,
  ASYNCFLOW_CONFIG_FRAMES_PER_TRANSMISSION_ZERO = 7,
  ASYNCFLOW_CONFIG_PAYLOAD_BYTES_MAX_TOO_LARGE = 8,
  ASYNCFLOW_CONFIG_WINDOW_OVERFLOW = 9
} asyncflow_config_error;

/* Fills *config with the defaults (those of the IC). */
void asyncflow_config_defaults(asyncflow_config* config);

/* A fresh endpoint. seed drives the message-id generator's random bits: give it host entropy
 * (on the IC: raw_rand). error may be NULL. */
asyncflow_status asyncflow_create(const asyncflow_config* config, uint64_t seed,
                                  asyncflow_endpoint** endpoint, asyncflow_config_error* error);
void asyncflow_destroy(asyncflow_endpoint* endpoint); /* NULL is fine */

/* ---- the vocabulary ---- */

#define ASYNCFLOW_PEER_BYTES_MAX 29

typedef enum asyncflow_frame_kind {
  ASYNCFLOW_FRAME_NEW = 0,
  ASYNCFLOW_FRAME_ACK = 1,
  ASYNCFLOW_FRAME_FIN = 2
} asyncflow_frame_kind;

/* A ULID as the 128-bit big-endian value (the Candid nat's value). */
typedef struct asyncflow_msg_id {
  uint8_t bytes[16];
} asyncflow_msg_id;

typedef struct asyncflow_bytes {
  const uint8_t* data; /* may be NULL when size is 0 */
  size_t size;
} asyncflow_bytes;

/* One frame, decoded. NEW: msg_id, payload. ACK: msg_id, has_hash/hash, payload (the response).
 * FIN: msg_id, has_hash/hash. Fields a kind does not have are ignored on input, zero on output. */
typedef struct asyncflow_frame {
  asyncflow_frame_kind kind;
  asyncflow_msg_id msg_id;
  int has_hash;
  uint32_t hash;
  asyncflow_bytes payload;
} asyncflow_frame;

/* Names one frame of a transmission that failed (asyncflow_send_failed). */
typedef struct asyncflow_frame_ref {
  asyncflow_frame_kind kind;
  asyncflow_msg_id msg_id;
} asyncflow_frame_ref;

/* IC reject codes (values as the IC numbers them). */
#define ASYNCFLOW_REJECT_SYS_FATAL 1
#define ASYNCFLOW_REJECT_SYS_TRANSIENT 2
#define ASYNCFLOW_REJECT_DESTINATION_INVALID 3
#define ASYNCFLOW_REJECT_CANISTER_REJECT 4
#define ASYNCFLOW_REJECT_CANISTER_ERROR 5
#define ASYNCFLOW_REJECT_SYS_UNKNOWN 6

/* ---- events: each is one step; its effects replace the previous step's ----
 * now_ms is the host's wall clock in Unix milliseconds. A refused or dropped input is not an
 * error: it is an effect (ASYNCFLOW_EFFECT_REFUSED / _DROPPED). Errors mean the input could not
 * be expressed as an event at all; then nothing happened and the previous effects are cleared. */

asyncflow_status asyncflow_call(asyncflow_endpoint* endpoint, uint64_t now_ms, const uint8_t* peer,
                                size_t peer_size, const uint8_t* payload, size_t payload_size);

asyncflow_status asyncflow_receive(asyncflow_endpoint* endpoint, uint64_t now_ms,
                                   const uint8_t* peer, size_t peer_size,
                                   const asyncflow_frame* frames, size_t frame_count,
                                   uint64_t payment_cycles);

/* The body of an `asyncFlow (vec Frame)` call as it arrived, decoded by the Candid codec.
 * Input the codec rejects gives ASYNCFLOW_ERR_DECODE and *error (which may be NULL): one of the
 * asyncflow_decode_error_value values below, equal to the C++ asyncflow::wire::DecodeError
 * (0 when the input was accepted). The type stays an int so that the ABI is unchanged; a
 * later version may add values at the end. */
typedef int asyncflow_decode_error;
enum asyncflow_decode_error_value {
  ASYNCFLOW_DECODE_OK = 0,
  ASYNCFLOW_DECODE_INPUT_TOO_LARGE = 1,         /* more bytes than the decoder accepts (64 MiB) */
  ASYNCFLOW_DECODE_TRUNCATED = 2,               /* ends inside a value, a type or a length */
  ASYNCFLOW_DECODE_BAD_MAGIC = 3,               /* does not start with "DIDL" */
  ASYNCFLOW_DECODE_LEB_OVERFLOW = 4,            /* a length, count, index or field id too large */
  ASYNCFLOW_DECODE_BAD_TYPE_OPCODE = 5,         /* a type names no Candid type */
  ASYNCFLOW_DECODE_TYPE_INDEX_OUT_OF_RANGE = 6, /* a type reference past the type table */
  ASYNCFLOW_DECODE_FIELDS_NOT_SORTED = 7,       /* record or variant field ids out of order */
  ASYNCFLOW_DECODE_MISSING_ARGUMENT = 8,        /* fewer arguments than the method takes */
  ASYNCFLOW_DECODE_TYPE_MISMATCH = 9,           /* the wire type cannot be read as a Frame */
  ASYNCFLOW_DECODE_MISSING_FIELD = 10,          /* a required record field is absent */
  ASYNCFLOW_DECODE_NAT_OVERFLOW = 11,           /* a msg_id above 2^128 - 1 */
  ASYNCFLOW_DECODE_UNKNOWN_VARIANT_TAG = 12,    /* a frame other than NEW, ACK or FIN */
  ASYNCFLOW_DECODE_BAD_OPT_TAG = 13,            /* an opt tag neither 0 nor 1 */
  ASYNCFLOW_DECODE_BAD_VALUE = 14,              /* a malformed bool, text, reference, index */
  ASYNCFLOW_DECODE_TOO_MANY_FRAMES = 15,        /* more frames than the decoder accepts (1024) */
  ASYNCFLOW_DECODE_PAYLOAD_TOO_LARGE = 16,      /* a payload over 1 MiB */
  ASYNCFLOW_DECODE_DEPTH_LIMIT = 17,            /* types nested too deep */
  ASYNCFLOW_DECODE_WORK_LIMIT = 18,             /* too many skipped values or type entries */
  ASYNCFLOW_DECODE_TRAILING_BYTES = 19,         /* bytes after the last argument */
  ASYNCFLOW_DECODE_UNKNOWN_METHOD = 20          /* (C++ decode_call only) not a frame method */
};
/* The value's name without its prefix ("TRUNCATED"), or "?" for a value this library does not
 * know. Static storage. */
const char* asyncflow_decode_error_name(asyncflow_decode_error error);
asyncflow_status asyncflow_receive_candid(asyncflow_endpoint* endpoint, uint64_t now_ms,
                                          const uint8_t* peer, size_t peer_size,
                                          const uint8_t* candid, size_t candid_size,
                                          uint64_t payment_cycles, asyncflow_decode_error* error);
/* 1 when this library has the Candid codec (asyncflow_receive_candid, Transmit.candid). */
int asyncflow_has_candid(void);

asyncflow_status asyncflow_send_failed(asyncflow_endpoint* endpoint, uint64_t now_ms,
                                       const uint8_t* peer, size_t peer_size,
                                       const asyncflow_frame_ref* frames, size_t frame_count,
                                       int reject_code);

asyncflow_status asyncflow_respond(asyncflow_endpoint* endpoint, uint64_t now_ms,
                                   const uint8_t* peer, size_t peer_size,
                                   const asyncflow_msg_id* msg_id, const uint8_t* payload,
                                   size_t payload_size);

asyncflow_status asyncflow_tick(asyncflow_endpoint* endpoint, uint64_t now_ms);

/* ---- effects ---- */

/* Values equal the index of the C++ asyncflow::Effect alternative. */
typedef enum asyncflow_effect_kind {
  ASYNCFLOW_EFFECT_TRANSMIT = 0,
  ASYNCFLOW_EFFECT_ACCEPTED = 1,
  ASYNCFLOW_EFFECT_COMPLETED = 2,
  ASYNCFLOW_EFFECT_CORRUPTED = 3,
  ASYNCFLOW_EFFECT_GAVE_UP = 4,
  ASYNCFLOW_EFFECT_LATE_COMPLETION = 5,
  ASYNCFLOW_EFFECT_DELIVER = 6,
  ASYNCFLOW_EFFECT_FLOW_CLOSED = 7,
  ASYNCFLOW_EFFECT_FIN_MISMATCH = 8,
  ASYNCFLOW_EFFECT_ACK_GAVE_UP = 9,
  ASYNCFLOW_EFFECT_REFUSED = 10,
  ASYNCFLOW_EFFECT_DROPPED = 11
} asyncflow_effect_kind;

/* reason: GAVE_UP and ACK_GAVE_UP */
#define ASYNCFLOW_GIVE_UP_RETRIES_EXHAUSTED 1
#define ASYNCFLOW_GIVE_UP_PERMANENT_REJECT 2
/* phase: GAVE_UP */
#define ASYNCFLOW_PHASE_NEVER_DELIVERED 1
#define ASYNCFLOW_PHASE_UNACKNOWLEDGED 2
/* reason: REFUSED (values of asyncflow::RefusalReason) */
#define ASYNCFLOW_REFUSED_PAYLOAD_TOO_LARGE 1
#define ASYNCFLOW_REFUSED_CALLS_IN_FLIGHT_PER_PEER_EXCEEDED 2
#define ASYNCFLOW_REFUSED_CALLS_IN_FLIGHT_EXCEEDED 3
#define ASYNCFLOW_REFUSED_RETAINED_BYTES_EXCEEDED 4
#define ASYNCFLOW_REFUSED_UNKNOWN_REQUEST 5
#define ASYNCFLOW_REFUSED_ALREADY_RESPONDED 6
#define ASYNCFLOW_REFUSED_CLOCK_OUT_OF_RANGE 7
#define ASYNCFLOW_REFUSED_ID_SPACE_EXHAUSTED 8
#define ASYNCFLOW_REFUSED_TOO_MANY_FRAMES 9
/* reason: DROPPED (values of asyncflow::DropReason) */
#define ASYNCFLOW_DROPPED_PAYLOAD_TOO_LARGE 1
#define ASYNCFLOW_DROPPED_TOO_OLD 2
#define ASYNCFLOW_DROPPED_CREATED_IN_FUTURE 3
#define ASYNCFLOW_DROPPED_UNDER_PAID 4
#define ASYNCFLOW_DROPPED_REQUESTS_IN_FLIGHT_PER_PEER_EXCEEDED 5
#define ASYNCFLOW_DROPPED_REQUESTS_IN_FLIGHT_EXCEEDED 6
#define ASYNCFLOW_DROPPED_DEDUPE_FULL 7
#define ASYNCFLOW_DROPPED_TOO_MANY_FRAMES 8

/* One effect, flattened: which fields mean something depends on kind (the C++ struct of the
 * same name in asyncflow/effect.hpp documents each); the others are zero.
 *   TRANSMIT        peer, frames/frame_count, candid (the encoded batch; empty without codec)
 *   ACCEPTED        peer, msg_id
 *   COMPLETED       peer, msg_id, request, response, request_hash, response_hash
 *   CORRUPTED       peer, msg_id, request, response, expected_hash, received_hash
 *   GAVE_UP         peer, msg_id, request, reason, reject_code (0: none), attempts, phase
 *   LATE_COMPLETION peer, msg_id, response, has_received_hash/received_hash (the ACK's hash)
 *   DELIVER         peer, msg_id, request (the payload to hand to the app)
 *   FLOW_CLOSED     peer, msg_id
 *   FIN_MISMATCH    peer, msg_id, response, expected_hash, received_hash
 *   ACK_GAVE_UP     peer, msg_id, reason, reject_code, attempts
 *   REFUSED         reason, has_peer/peer, has_msg_id/msg_id
 *   DROPPED         reason, peer, frame_kind, msg_id */
typedef struct asyncflow_effect {
  asyncflow_effect_kind kind;
  int has_peer;
  asyncflow_bytes peer;
  int has_msg_id;
  asyncflow_msg_id msg_id;
  asyncflow_bytes request;
  asyncflow_bytes response;
  uint32_t request_hash;
  uint32_t response_hash;
  uint32_t expected_hash;
  int has_received_hash;
  uint32_t received_hash;
  int reason;
  int reject_code;
  uint32_t attempts;
  int phase;
  asyncflow_frame_kind frame_kind;
  const asyncflow_frame* frames;
  size_t frame_count;
  asyncflow_bytes candid;
} asyncflow_effect;

/* The last step's effects, in the order to execute them; *count receives how many. */
const asyncflow_effect* asyncflow_effects(const asyncflow_endpoint* endpoint, size_t* count);

/* 1 and *deadline_ms when a tick at or after *deadline_ms has work to do; 0 when nothing is
 * pending (then no timer is needed). */
int asyncflow_next_deadline(const asyncflow_endpoint* endpoint, uint64_t* deadline_ms);

/* ---- persistence ---- */

/* Writes the snapshot into buffer when capacity suffices; *size receives its length either way.
 * Query the size with buffer NULL and capacity 0 (ASYNCFLOW_ERR_BUFFER_TOO_SMALL). */
asyncflow_status asyncflow_snapshot(const asyncflow_endpoint* endpoint, uint8_t* buffer,
                                    size_t capacity, size_t* size);

/* Values equal the C++ asyncflow::RestoreError. */
typedef enum asyncflow_restore_error {
  ASYNCFLOW_RESTORE_OK = 0,
  ASYNCFLOW_RESTORE_TRUNCATED = 1,
  ASYNCFLOW_RESTORE_BAD_MAGIC = 2,
  ASYNCFLOW_RESTORE_UNSUPPORTED_VERSION = 3,
  ASYNCFLOW_RESTORE_INVALID_CONFIG = 4,
  ASYNCFLOW_RESTORE_INVALID_VALUE = 5,
  ASYNCFLOW_RESTORE_NOT_CANONICAL = 6,
  ASYNCFLOW_RESTORE_LIMIT_EXCEEDED = 7,
  ASYNCFLOW_RESTORE_INCONSISTENT_STATE = 8,
  ASYNCFLOW_RESTORE_TRAILING_BYTES = 9
} asyncflow_restore_error;

/* A new endpoint from a snapshot. error may be NULL. */
asyncflow_status asyncflow_restore(const uint8_t* snapshot, size_t size,
                                   asyncflow_endpoint** endpoint, asyncflow_restore_error* error);

/* ---- the journal: persisting by entry (kernel/include/asyncflow/journal.hpp) ----
 * After every step, besides its effects: the entries it changed (an out flow or in flow by peer
 * and msg_id, a peer's held FINs), each created, changed or removed with its record, and the
 * scalars record (config, clock, id generator, counters). The host order: apply the app's
 * effects and the journal in one transaction; commit (durably when asyncflow_must_sync says
 * so); then send the TRANSMIT effects. asyncflow_restore_records rebuilds an endpoint from the
 * latest record of each stored entry and the scalars. Views live until the next step. */
typedef enum asyncflow_record_kind {
  ASYNCFLOW_RECORD_OUT_FLOW = 1,
  ASYNCFLOW_RECORD_IN_FLOW = 2,
  ASYNCFLOW_RECORD_PENDING_FINS = 3
} asyncflow_record_kind;

typedef enum asyncflow_change {
  ASYNCFLOW_CHANGE_CREATED = 1,
  ASYNCFLOW_CHANGE_CHANGED = 2,
  ASYNCFLOW_CHANGE_REMOVED = 3 /* record is empty: delete the stored entry */
} asyncflow_change;

typedef struct asyncflow_journal_entry {
  asyncflow_record_kind kind;
  asyncflow_change change;
  asyncflow_bytes peer;
  asyncflow_msg_id msg_id; /* all zero for ASYNCFLOW_RECORD_PENDING_FINS */
  asyncflow_bytes record;
} asyncflow_journal_entry;

/* The last step's journal entries; *count receives how many (0 when it changed no entry). */
const asyncflow_journal_entry* asyncflow_journal(const asyncflow_endpoint* endpoint, size_t* count);
/* The scalars record after the last step (also right after create or restore). */
asyncflow_bytes asyncflow_journal_scalars(const asyncflow_endpoint* endpoint);
/* 1 when the last step changed an entry or the id generator: commit durably before sending. */
int asyncflow_must_sync(const asyncflow_endpoint* endpoint);

typedef struct asyncflow_stored_record {
  asyncflow_record_kind kind;
  asyncflow_bytes record;
} asyncflow_stored_record;

/* A new endpoint from stored records (in any order) and the scalars record; every check
 * asyncflow_restore makes. error may be NULL. */
asyncflow_status asyncflow_restore_records(const uint8_t* scalars, size_t scalars_size,
                                           const asyncflow_stored_record* records, size_t count,
                                           asyncflow_endpoint** endpoint,
                                           asyncflow_restore_error* error);

/* ---- observation ---- */

typedef struct asyncflow_metrics {
  /* gauges */
  uint64_t calls_awaiting_ack;
  uint64_t calls_gave_up_remembered;
  uint64_t requests_awaiting_response;
  uint64_t requests_acking;
  uint64_t dedupe_entries;
  uint64_t pending_fins;
  uint64_t retained_bytes;
  uint64_t peers_with_load;
  uint64_t timers;
  /* counters */
  uint64_t calls_accepted;
  uint64_t completed;
  uint64_t corrupted;
  uint64_t gave_up;
  uint64_t late_completions;
  uint64_t delivered;
  uint64_t responses;
  uint64_t flows_closed;
  uint64_t fin_mismatches;
  uint64_t ack_gave_up;
  uint64_t transmissions;
  uint64_t frames_sent;
  uint64_t new_retransmissions;
  uint64_t ack_retransmissions;
  uint64_t transmissions_received;
  uint64_t frames_received;
  uint64_t duplicate_news_suppressed;
  uint64_t duplicate_acks;
  uint64_t duplicate_fins;
  uint64_t rejects_transient;
  uint64_t rejects_permanent;
  uint64_t refusals[10]; /* indexed by ASYNCFLOW_REFUSED_* */
  uint64_t drops[10];    /* indexed by ASYNCFLOW_DROPPED_* */
  uint64_t refusals_total;
  uint64_t drops_total;
} asyncflow_metrics;

void asyncflow_get_metrics(const asyncflow_endpoint* endpoint, asyncflow_metrics* metrics);

/* NULL when every kernel invariant holds, else the name of the first one broken (a static
 * string). For tests and paranoid hosts: it walks the whole state. */
const char* asyncflow_check_invariants(const asyncflow_endpoint* endpoint);

#ifdef __cplusplus
}
#endif

#endif /* ASYNCFLOW_ASYNCFLOW_H */
