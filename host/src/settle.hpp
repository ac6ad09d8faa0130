#pragma once
// Settling in-doubt transfers (docs/hosts.md, "Settling an in-doubt transfer").
//
// A call that gave up Unacknowledged (or whose response was Corrupted) may or may not have been
// applied by the receiver; the ledger holds its amount aside in meta 'in_doubt' and never
// guesses. The receiver's own database decides it. Its `applied` rows and its kernel row are
// written in one transaction, so any consistent copy of it (`sqlite3 bob.db ".backup F"`, or the
// files of a stopped daemon) shows every request applied up to the receiver's clock in that
// kernel row (`clock_ms`, the latest time it stepped). The receiver drops a NEW as TooOld from
// `forget_at = id time + its dedupe window + 1` on, by its own clock and its own stored config.
//   applied in the copy                     -> settled as delivered (the amount has left)
//   not applied, copy's clock >= forget_at  -> settled as not delivered (refunded): no NEW for
//                                              it can be applied any more
//   not applied, copy's clock earlier       -> left in doubt, with the clock a later copy needs
// No clock but the receiver's own is trusted, and no timing assumption is made.
// A LateCompletion that arrives after a settlement changes no balance (host/src/ledger.cpp).
#include <cstdint>
#include <string>
#include <vector>

#include "asyncflow/config.hpp"
#include "sqlite_db.hpp"

namespace asyncflow::host {

struct InDoubtTransfer {
  std::int64_t transfer_id = 0;
  std::string msg_id;  // the ULID as text
  std::string peer;
  std::string to_account;
  std::string from_account;
  std::int64_t amount = 0;
  std::string kind;  // the outcome that left it in doubt: gave_up_unacknowledged, corrupted
};

// In-doubt transfers without a settlement or a late completion, oldest first.
std::vector<InDoubtTransfer> in_doubt_transfers(Database& db);

enum class Verdict : std::uint8_t { Delivered, NotDelivered, Undecided };
std::string_view name_of(Verdict verdict);

struct Settlement {
  InDoubtTransfer transfer;
  Verdict verdict = Verdict::Undecided;
  TimeMs forget_at_ms = 0;  // by the receiver's clock and config
};

// What a copy of the receiver's database shows (throws SqliteError naming what is wrong: not an
// asyncflow database, a damaged kernel row).
struct PeerEvidence {
  TimeMs clock_ms = 0;
  Config config;
};
PeerEvidence read_peer_evidence(Database& peer_db);

// Decides every in-doubt transfer to `peer` from `peer_db` (a read-only copy of that peer's
// database) and, unless `dry_run`, records each decided one in one transaction: an outcome row
// 'settled_delivered' or 'settled_not_delivered', meta 'in_doubt' reduced by its amount, and for
// a non-delivery the refund to the sending account. A copy whose applied row for the msg_id
// names another transfer or amount is refused as the wrong database (SqliteError).
std::vector<Settlement> settle_from_peer(Database& db, const std::string& peer, Database& peer_db,
                                         bool dry_run);

// True when the transfer has a settlement row (so a later LateCompletion must not move money).
bool is_settled(Database& db, std::int64_t transfer_id);

}  // namespace asyncflow::host
