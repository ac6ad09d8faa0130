#include "asyncflow/reasons.hpp"

namespace asyncflow {

std::optional<RejectCode> reject_code_from_int(int code) noexcept {
  if (code < 1 || code > 6) return std::nullopt;
  return static_cast<RejectCode>(code);
}

bool is_permanent(RejectCode code) noexcept {
  return code != RejectCode::SysTransient && code != RejectCode::SysUnknown;
}

bool proves_not_delivered(RejectCode code) noexcept {
  return code != RejectCode::SysUnknown;
}

std::string_view name_of(RejectCode code) noexcept {
  switch (code) {
    case RejectCode::SysFatal:
      return "SYS_FATAL";
    case RejectCode::SysTransient:
      return "SYS_TRANSIENT";
    case RejectCode::DestinationInvalid:
      return "DESTINATION_INVALID";
    case RejectCode::CanisterReject:
      return "CANISTER_REJECT";
    case RejectCode::CanisterError:
      return "CANISTER_ERROR";
    case RejectCode::SysUnknown:
      return "SYS_UNKNOWN";
  }
  return "?";
}

std::string_view name_of(RefusalReason r) noexcept {
  switch (r) {
    case RefusalReason::PayloadTooLarge:
      return "PayloadTooLarge";
    case RefusalReason::CallsInFlightPerPeerExceeded:
      return "CallsInFlightPerPeerExceeded";
    case RefusalReason::CallsInFlightExceeded:
      return "CallsInFlightExceeded";
    case RefusalReason::RetainedBytesExceeded:
      return "RetainedBytesExceeded";
    case RefusalReason::UnknownRequest:
      return "UnknownRequest";
    case RefusalReason::AlreadyResponded:
      return "AlreadyResponded";
    case RefusalReason::ClockOutOfRange:
      return "ClockOutOfRange";
    case RefusalReason::IdSpaceExhausted:
      return "IdSpaceExhausted";
    case RefusalReason::TooManyFrames:
      return "TooManyFrames";
  }
  return "?";
}

std::string_view name_of(DropReason r) noexcept {
  switch (r) {
    case DropReason::PayloadTooLarge:
      return "PayloadTooLarge";
    case DropReason::TooOld:
      return "TooOld";
    case DropReason::CreatedInFuture:
      return "CreatedInFuture";
    case DropReason::UnderPaid:
      return "UnderPaid";
    case DropReason::RequestsInFlightPerPeerExceeded:
      return "RequestsInFlightPerPeerExceeded";
    case DropReason::RequestsInFlightExceeded:
      return "RequestsInFlightExceeded";
    case DropReason::DedupeFull:
      return "DedupeFull";
    case DropReason::TooManyFrames:
      return "TooManyFrames";
  }
  return "?";
}

std::string_view name_of(GiveUpReason r) noexcept {
  return r == GiveUpReason::RetriesExhausted ? "RetriesExhausted" : "PermanentReject";
}

std::string_view name_of(GaveUpPhase p) noexcept {
  return p == GaveUpPhase::NeverDelivered ? "NeverDelivered" : "Unacknowledged";
}

}  // namespace asyncflow
