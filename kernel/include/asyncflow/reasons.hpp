#pragma once
// Every way a step can decline work, fail a flow or classify a reject, as typed enums.
#include <cstdint>
#include <optional>
#include <string_view>

namespace asyncflow {

// IC reject codes; hosts of other transports map their failures onto these (a local,
// synchronous send failure is SysTransient).
enum class RejectCode : std::uint8_t {
  SysFatal = 1,
  SysTransient = 2,
  DestinationInvalid = 3,
  CanisterReject = 4,
  CanisterError = 5,
  SysUnknown = 6,
};

std::optional<RejectCode> reject_code_from_int(int code) noexcept;
// Transient rejects are retried on the normal schedule; permanent ones end the flow.
bool is_permanent(RejectCode code) noexcept;
// True when the code guarantees the message was not executed (everything but SysUnknown).
bool proves_not_delivered(RejectCode code) noexcept;

// A local event (a call, a response) the kernel declines: the state is unchanged.
enum class RefusalReason : std::uint8_t {
  PayloadTooLarge = 1,
  CallsInFlightPerPeerExceeded,
  CallsInFlightExceeded,
  RetainedBytesExceeded,
  UnknownRequest,    // a response for a request that is not awaiting one
  AlreadyResponded,  // a second response for the same request
  ClockOutOfRange,   // now does not fit the 48-bit ULID time field
  IdSpaceExhausted,  // 2^80 ids already made in this millisecond
  TooManyFrames,     // a transmission with more frames than frames_per_transmission_max
};

// A remote frame the kernel drops unprocessed; it is counted and reported.
enum class DropReason : std::uint8_t {
  PayloadTooLarge = 1,
  TooOld,           // ULID time older than the dedupe window (ICRC-1's TooOld)
  CreatedInFuture,  // ULID time beyond the clock-skew allowance (ICRC-1's CreatedInFuture)
  UnderPaid,        // the transmission did not carry the per-NEW minimum payment
  RequestsInFlightPerPeerExceeded,
  RequestsInFlightExceeded,
  DedupeFull,
  TooManyFrames,
};

enum class GiveUpReason : std::uint8_t {
  RetriesExhausted = 1,
  PermanentReject,
};

// How far a call got before the caller gave up.
enum class GaveUpPhase : std::uint8_t {
  NeverDelivered = 1,  // every transmission of the NEW was rejected with a code that proves it
                       // never ran: the receiver did not process it
  Unacknowledged,      // the NEW may have arrived; no ACK came: the receiver may have processed it
};

std::string_view name_of(RejectCode) noexcept;
std::string_view name_of(RefusalReason) noexcept;
std::string_view name_of(DropReason) noexcept;
std::string_view name_of(GiveUpReason) noexcept;
std::string_view name_of(GaveUpPhase) noexcept;

}  // namespace asyncflow
