#pragma once
// The demo app: accounts with balances, moved between two endpoints by asyncflow calls.
//
// Money is never created or destroyed. Minting (`ledger --open`) is the only source and is
// counted in meta 'minted'. On the caller, an amount leaves its account when the transfer is
// queued and sits in meta 'in_transit' until the call's one outcome moves it:
//   Completed                  -> gone to the receiver (which credited it exactly once)
//   GaveUp, NeverDelivered     -> back to the account: the kernel proves the receiver never ran it
//   GaveUp, Unacknowledged     -> meta 'in_doubt': the receiver may or may not have applied it;
//   Corrupted                     a LateCompletion later settles it as delivered, else the
//                                 receiver's `applied` table (keyed by transfer id) decides it
// Refunding an Unacknowledged give-up would create money whenever the NEW had in fact arrived,
// so the host never guesses.
//
// Balances are 64-bit and never overflow: a mint or a transfer whose arithmetic would leave the
// range is refused before anything is written (LedgerRefusal::Kind::Overflow). A receiver whose
// account cannot hold a credit answers "refused overflow" and applies nothing; the caller, told
// so by a Completed response starting "refused", puts the amount back (outcome kind 'refused').
// A refund that its account can no longer hold is kept in meta 'unrefunded', never dropped.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "asyncflow/effect.hpp"
#include "asyncflow/event.hpp"
#include "sqlite_db.hpp"

namespace asyncflow::host {

struct QueuedTransfer {
  std::int64_t id = 0;
  std::string peer;
  Bytes payload;
};

// What the ledger refuses, before it writes anything (the transaction is rolled back).
struct LedgerRefusal : std::runtime_error {
  enum class Kind : std::uint8_t {
    BadAmount,            // a negative mint, a transfer of less than 1, a count of less than 1
    NoAccount,            // the account to debit does not exist
    InsufficientBalance,  // the account holds less than count x amount
    Overflow,             // a balance, minted, in_transit or count x amount would pass INT64_MAX
  };
  LedgerRefusal(Kind k, const std::string& what) : std::runtime_error(what), kind(k) {}
  Kind kind;
};

// --- used by the command-line tools, each in its own transaction ---
// Mints `amount` (0 or more) into `name`, creating the account. Throws LedgerRefusal.
void open_account(Database& db, const std::string& name, std::int64_t amount);
// Debits `from` and queues `count` transfers of `amount` in one transaction, all or nothing:
// throws LedgerRefusal (and queues nothing) if `from` does not exist, holds less than the whole
// batch, or the batch's arithmetic would overflow.
void queue_transfers(Database& db, const std::string& peer, const std::string& from,
                     const std::string& to, std::int64_t amount, std::int64_t count);

// Puts back money the receiver certainly did not apply (a refund, a settled non-delivery): into
// `account`, or into meta 'unrefunded' when that balance cannot hold it. Inside the caller's
// transaction.
void refund_account(Database& db, const std::string& account, std::int64_t amount);

// --- used by the daemon, inside its step transaction ---
std::vector<QueuedTransfer> queued_transfers(Database& db, std::size_t limit);
void mark_in_flight(Database& db, std::int64_t transfer_id, MsgId msg_id);

// Applies one app-facing effect to the ledger. A Deliver is applied and answered: the
// RespondEvent is appended to `follow_ups` for the daemon to step in the same transaction.
void apply_effect(Database& db, const Effect& effect, std::vector<EventBody>& follow_ups);

}  // namespace asyncflow::host
