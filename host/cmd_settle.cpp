// `asyncflow settle`: decides in-doubt transfers from a copy of the receiver's database
// (host/src/settle.hpp; docs/hosts.md, "Settling an in-doubt transfer").
#include <fmt/format.h>

#include "command.hpp"
#include "src/cli_parse.hpp"
#include "src/settle.hpp"
#include "src/store.hpp"

namespace asyncflow::host {
namespace {

constexpr const char* kCommand = "settle";

void print_in_doubt(const InDoubtTransfer& t) {
  fmt::print("transfer {} msg_id {} {} from {} to {}@{} ({})", t.transfer_id, t.msg_id, t.amount,
             t.from_account, t.to_account, t.peer, t.kind);
}

int run_settle(cli::Args args) {
  CLI::App app(
      "asyncflow settle: decides the in-doubt transfers to one peer from a copy of that peer's "
      "database (its applied requests and its clock), and records the verdicts",
      "asyncflow settle");
  app.footer(R"(
A transfer is in doubt when its call gave up unacknowledged or its response was corrupted: the
receiver may or may not have applied it. Take a consistent copy of the receiver's database
(sqlite3 bob.db ".backup bob-copy.db", or the files of a stopped daemon) and run
  asyncflow settle --db alice.db --peer bob --peer-db bob-copy.db
Applied there: settled as delivered. Not applied, and the copy's clock is past the id's forget
time (the receiver drops such a NEW as too old): refunded. Otherwise it stays in doubt, and the
clock a later copy needs is printed. --list shows what is in doubt; --dry-run decides without
recording. Exit 0 when every transfer asked about was decided, 3 when some stay in doubt.)");
  std::string db_path, peer, peer_db_path;
  bool list = false, dry_run = false;
  app.add_option("--db", db_path, "this daemon's database (the caller's)")->required();
  app.add_option("--peer", peer, "the peer whose transfers to settle (its --peer NAME)");
  app.add_option("--peer-db", peer_db_path, "a copy of that peer's database, read only");
  app.add_flag("--list", list, "list the in-doubt transfers and stop");
  app.add_flag("--dry-run", dry_run, "print the verdicts, record nothing");
  if (auto exit = parse_command(app, kCommand, args)) return *exit;
  if (!list && (peer.empty() || peer_db_path.empty()))
    return usage_error(kCommand, "--peer NAME and --peer-db FILE are needed (or --list)");
  try {
    Database db(db_path, Database::Access::ReadWriteExisting);  // a typo creates nothing
    if (!meta_text(db, "format"))
      throw SqliteError("not an asyncflow host database (no format row); nothing changed");
    if (list) {
      const auto in_doubt = in_doubt_transfers(db);
      for (const auto& t : in_doubt) print_in_doubt(t), fmt::print("\n");
      fmt::print("{} transfer(s) in doubt\n", in_doubt.size());
      return 0;
    }
    Database peer_db(peer_db_path, Database::Access::ReadOnly);
    const auto settled = settle_from_peer(db, peer, peer_db, dry_run);
    std::size_t undecided = 0;
    for (const auto& s : settled) {
      print_in_doubt(s.transfer);
      if (s.verdict == Verdict::Undecided) {
        ++undecided;
        fmt::print(
            ": undecided (not applied in the copy, whose clock is before {} ms: the peer "
            "could still accept it; copy its database again once it has run past then)\n",
            s.forget_at_ms);
      } else {
        fmt::print(": {}{}\n", name_of(s.verdict),
                   s.verdict == Verdict::NotDelivered ? " (refunded)" : "");
      }
    }
    fmt::print("{} {} of {} in-doubt transfer(s) to {}; {} still in doubt\n",
               dry_run ? "would settle" : "settled", settled.size() - undecided, settled.size(),
               peer, undecided);
    return undecided == 0 ? 0 : 3;
  } catch (const std::exception& e) {
    fmt::print(stderr, "asyncflow settle: {}\n", e.what());
    return 1;
  }
}

}  // namespace
}  // namespace asyncflow::host

ASYNCFLOW_COMMAND("settle", "decide in-doubt transfers from a copy of the peer's database",
                  asyncflow::host::run_settle)
