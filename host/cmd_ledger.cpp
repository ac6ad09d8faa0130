// `asyncflow transfer` queues transfers in the daemon's outbox; `asyncflow ledger` opens
// accounts and prints balances, outcomes and the kernel's load.
#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

#include "asyncflow/metrics.hpp"
#include "asyncflow/snapshot.hpp"
#include "command.hpp"
#include "flags.hpp"
#include "src/ledger.hpp"
#include "src/store.hpp"

namespace asyncflow::host {
namespace {

int fail(std::string_view command, const std::string& error) {
  fmt::print(stderr, "asyncflow {}: {}\n", command, error);
  return 1;
}

constexpr const char* kTransferUsage =
    "usage: asyncflow transfer --db PATH --to PEER --from-account A --to-account B --amount N "
    "[--count K]\n"
    "Queues K transfers of N (each at least 1) in the daemon's outbox of an existing database\n"
    "(never created here), all or none: refused if account A is missing or holds less than K x "
    "N.\n";
constexpr const char* kLedgerUsage =
    "usage: asyncflow ledger --db PATH [--open ACCOUNT=AMOUNT ...]\n"
    "Prints an existing daemon database's balances, outcomes and kernel load, reading only (a\n"
    "read-only file is fine; a missing one is an error, never created). --open ACCOUNT=AMOUNT\n"
    "mints AMOUNT (0..9223372036854775807) into ACCOUNT, creating the database if absent.\n";

// The tools open databases that exist: an empty file (or one just created by a typo) is not a
// database to read or to queue into, and creating the schema in it would hide the typo.
void require_existing_store(Database& db, const std::string& path) {
  auto tables = db.prepare("SELECT count(*) FROM sqlite_master");
  if (!tables.step() || tables.integer(0) == 0)
    throw SqliteError(path + " is an empty file, not an asyncflow database (left as it was)");
  open_store(db);
}

std::string decimal(__int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  std::string digits;
  for (; value != 0; value /= 10)
    digits.insert(digits.begin(), char('0' + std::abs(int(value % 10))));
  return negative ? "-" + digits : digits;
}

bool wants_help(cli::Args args) {
  for (const std::string_view a : args)
    if (a == "--help" || a == "-h") return true;
  return false;
}

// A transfer to a peer the daemon has no address and key for could never be sent: refused
// before anything is debited. Empty: the peer is known.
std::string unknown_peer_error(Database& db, const std::string& peer) {
  const auto peers = daemon_peers(db);
  if (!peers)
    return "no daemon has served this database yet, so its peers are unknown: start "
           "'asyncflow serve --db ... --peer " +
           peer + "=HOST:PORT ...' once, then queue transfers";
  for (const auto& p : *peers)
    if (p == peer) return "";
  std::string known;
  for (const auto& p : *peers) known += (known.empty() ? "" : ", ") + p;
  return "unknown peer '" + peer + "': the daemon of this database was started with --peer " +
         (known.empty() ? "(none)" : known) + "; nothing was queued or debited";
}

int run_transfer(cli::Args args) {
  if (wants_help(args)) return fmt::print("{}", kTransferUsage), 0;
  cli::Flags flags(args, {"db", "to", "from-account", "to-account", "amount", "count"}, {});
  const auto amount = static_cast<std::int64_t>(flags.u64("amount", 0));
  const auto count = static_cast<std::int64_t>(flags.u64("count", 1));
  const auto db_path = flags.text("db"), peer = flags.text("to"), from = flags.text("from-account"),
             to = flags.text("to-account");
  if (flags.ok() && flags.has("amount") && amount <= 0)
    return fail("transfer", "--amount must be at least 1: a transfer of nothing moves nothing"), 2;
  if (flags.ok() && flags.has("count") && count <= 0)
    return fail("transfer", "--count must be at least 1: zero transfers queue nothing"), 2;
  if (!flags.ok() || !db_path || !peer || !from || !to || amount <= 0 || count <= 0) {
    fmt::print(stderr,
               "usage: asyncflow transfer --db PATH --to PEER --from-account A --to-account B "
               "--amount N [--count K]\n{}\n",
               flags.error());
    return 2;
  }
  if (peer->empty() || peer->size() > 29 || from->find(' ') != std::string::npos ||
      to->find(' ') != std::string::npos || to->empty())
    return fail("transfer", "peer names are 1..29 bytes; account names have no spaces");
  try {
    Database db(*db_path, Database::Access::ReadWriteExisting);
    require_existing_store(db, *db_path);
    if (auto error = unknown_peer_error(db, *peer); !error.empty()) return fail("transfer", error);
    // The daemon polls this outbox; the debits are committed with the queued rows.
    queue_transfers(db, *peer, *from, *to, amount, count);
    fmt::print("queued {} transfer(s) of {} from {} to {}@{}\n", count, amount, *from, *to, *peer);
    return 0;
  } catch (const std::exception& e) {
    return fail("transfer", e.what());
  }
}

void print_kernel(Database& db) {
  std::optional<State> stored;
  try {
    stored = load_kernel_state(db);
  } catch (const SqliteError& e) {
    return fmt::print("kernel: damaged state ({})\n", e.what());
  }
  if (!stored) return fmt::print("kernel: no state yet\n");
  const State& s = *stored;
  const Metrics m = metrics(s);
  fmt::print("kernel: out_flows {} in_flows {} timers {} pending_fins {} retained_bytes {}\n",
             s.out_flows.size(), s.in_flows.size(), s.timers.size(), m.pending_fins,
             m.retained_bytes);
}

int run_ledger(cli::Args args) {
  if (wants_help(args)) return fmt::print("{}", kLedgerUsage), 0;
  cli::Flags flags(args, {"db", "open"}, {});
  const auto db_path = flags.text("db");
  if (!flags.ok() || !db_path) {
    fmt::print(stderr, "usage: asyncflow ledger --db PATH [--open ACCOUNT=AMOUNT ...]\n{}\n",
               flags.error());
    return 2;
  }
  struct Mint {
    std::string account;
    std::int64_t amount = 0;
  };
  std::vector<Mint> mints;
  for (const auto& open : flags.all("open")) {
    const auto eq = open.find('=');
    const std::string amount = eq == std::string::npos ? "" : open.substr(eq + 1);
    if (eq == 0 || amount.empty() || amount.find_first_not_of("0123456789") != std::string::npos)
      return fail("ledger", "--open needs ACCOUNT=AMOUNT, got '" + open + "'"), 2;
    if (open.find(' ') < eq)
      return fail("ledger", "--open: account names have no spaces, got '" + open + "'"), 2;
    Mint mint{open.substr(0, eq)};
    const auto [end, ec] =
        std::from_chars(amount.data(), amount.data() + amount.size(), mint.amount);
    if (ec != std::errc{} || end != amount.data() + amount.size())
      return fail("ledger", "--open AMOUNT must be 0.." +
                                std::to_string(std::numeric_limits<std::int64_t>::max()) +
                                ", got '" + amount + "'"),
             2;
    mints.push_back(std::move(mint));
  }
  try {
    // Reading never creates or changes the file (a read-only one is fine); --open mints, and
    // may create the database it mints into (the first step of docs/hosts.md's session).
    std::optional<Database> opened;
    if (mints.empty()) {
      opened.emplace(*db_path, Database::Access::ReadOnly);
      require_existing_store(*opened, *db_path);
    } else {
      opened.emplace(*db_path);
      open_store(*opened);
    }
    Database& db = *opened;
    for (const auto& mint : mints) open_account(db, mint.account, mint.amount);
    __int128 total = 0;
    auto accounts = db.prepare("SELECT name, balance FROM accounts ORDER BY name");
    while (accounts.step()) {
      fmt::print("account {} {}\n", accounts.text(0), accounts.integer(1));
      total += accounts.integer(1);
    }
    fmt::print("total {}\nminted {}\nin_transit {}\nin_doubt {}\n", decimal(total),
               meta_integer(db, "minted"), meta_integer(db, "in_transit"),
               meta_integer(db, "in_doubt"));
    if (const auto unrefunded = meta_integer(db, "unrefunded"); unrefunded != 0)
      fmt::print("unrefunded {}\n", unrefunded);
    auto queued = db.prepare("SELECT state, count(*) FROM transfers GROUP BY state ORDER BY 1");
    while (queued.step()) fmt::print("transfers {} {}\n", queued.text(0), queued.integer(1));
    auto outcomes = db.prepare("SELECT kind, count(*) FROM outcomes GROUP BY kind ORDER BY 1");
    while (outcomes.step()) fmt::print("outcome {} {}\n", outcomes.text(0), outcomes.integer(1));
    auto late = db.prepare("SELECT count(*) FROM late_completions");
    late.step();
    fmt::print("late_completions {}\n", late.integer(0));
    auto applied = db.prepare("SELECT count(*), coalesce(sum(amount), 0) FROM applied");
    applied.step();
    fmt::print("applied {} amount {}\n", applied.integer(0), applied.integer(1));
    print_kernel(db);
    return 0;
  } catch (const std::exception& e) {
    return fail("ledger", e.what());
  }
}

}  // namespace
}  // namespace asyncflow::host

ASYNCFLOW_COMMAND("transfer", "queue ledger transfers in a daemon's outbox (--db, --to, --amount)",
                  asyncflow::host::run_transfer)
ASYNCFLOW_COMMAND("ledger", "print a daemon database's balances and outcomes; --open mints",
                  asyncflow::host::run_ledger)
ASYNCFLOW_VERSION_NOTE("database format", "asyncflow-host/2 (reads and upgrades asyncflow-host/1)")
