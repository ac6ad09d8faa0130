#!/usr/bin/env python3
"""Chaos test of the reference host (docs/hosts.md): two `asyncflow serve` daemons that talk
only through `asyncflow chaos-proxy` (drop, duplicate, reorder, delay, corrupt), 10,000 ledger
transfers from alice to bob, both daemons SIGKILLed and restarted at random moments. At the end:
every transfer has exactly one outcome on the caller, no transfer was applied twice on the
receiver, no money was created or destroyed, and both kernels are empty after the window.
Deterministic choices (kill times, fault decisions) come from --seed; timing is real."""
import argparse
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Short timings so a run takes about a minute: the retry span is 200+400+800+7*1000 ms = 8.4 s,
# the dedupe window that plus the 300 ms skew allowance.
TIMING = ["--retry-initial-ms", "200", "--retry-max-ms", "1000", "--attempts", "10",
          "--clock-skew-ms", "300", "--fin-delay-ms", "10"]
WINDOW_S = 8.7


def free_port(kind):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query(db, sql):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def wait_until(predicate, seconds, failure):
    """Polls predicate(); raises SystemExit("FAIL: ...") if it is not true within `seconds`."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"FAIL: {failure}")
        time.sleep(0.05)


def query_or_none(db, sql):
    try:
        return query(db, sql)
    except sqlite3.Error:
        return None


class Daemon:
    def __init__(self, exe, name, args, log):
        self.exe, self.name, self.args, self.log = exe, name, args, log
        self.proc = None
        self.kills = 0

    def start(self):
        self.proc = subprocess.Popen([self.exe, "serve", *self.args], stdout=self.log,
                                     stderr=self.log)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.kills += 1

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        if self.proc.wait(timeout=10) != 0:
            raise SystemExit(f"FAIL: {self.name} exited with {self.proc.returncode}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--asyncflow", required=True)
    ap.add_argument("--transfers", type=int, default=10_000)
    ap.add_argument("--batches", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--kills", type=int, default=8, help="SIGKILLs in all, both daemons")
    ap.add_argument("--time-limit-s", type=float, default=150)
    ap.add_argument("--down-transfers", type=int, default=30,
                    help="transfers queued while bob stays down past the retry window")
    args = ap.parse_args()
    exe = args.asyncflow
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="asyncflow-chaos-"))
    alice_db, bob_db = work / "alice.db", work / "bob.db"
    alice, bob, face_a, face_b = (free_port(socket.SOCK_DGRAM) for _ in range(4))
    metrics_a, metrics_b = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_STREAM)
    log = open(work / "daemons.log", "w")
    ip = "127.0.0.1"

    # One key for the alice-bob pair: every datagram carries its MAC, and the chaos proxy relays
    # datagrams unchanged (a corrupted one fails its MAC and is dropped like a lost one).
    pair_key = work / "alice-bob.key"
    subprocess.run([exe, "keygen", str(pair_key)], check=True, stdout=subprocess.DEVNULL)
    minted = 3 * args.transfers * 10
    subprocess.run([exe, "ledger", "--db", alice_db, "--open", f"alice={minted}"], check=True,
                   stdout=subprocess.DEVNULL)
    proxy = subprocess.Popen(
        [exe, "chaos-proxy", "--a", f"{ip}:{alice}", "--b", f"{ip}:{bob}",
         "--face-for-a", f"{ip}:{face_a}", "--face-for-b", f"{ip}:{face_b}",
         "--seed", str(args.seed), "--drop", "0.2", "--duplicate", "0.1", "--reorder", "0.25",
         "--delay-ms", "3", "--reorder-delay-ms", "20", "--corrupt", "0.01"],
        stdout=subprocess.PIPE, stderr=log, text=True)
    daemons = [
        Daemon(exe, "alice", ["--listen", f"{ip}:{alice}", "--peer", f"bob={ip}:{face_a}",
                              "--peer-key", f"bob={pair_key}",
                              "--db", str(alice_db), "--metrics", f"{ip}:{metrics_a}", *TIMING],
               log),
        Daemon(exe, "bob", ["--listen", f"{ip}:{bob}", "--peer", f"alice={ip}:{face_b}",
                            "--peer-key", f"alice={pair_key}",
                            "--db", str(bob_db), "--metrics", f"{ip}:{metrics_b}", *TIMING],
               log),
    ]
    for d in daemons:
        d.start()
    # `asyncflow transfer` refuses a peer its database's daemon was not started with: wait until
    # alice's daemon has recorded its peers.
    wait_until(lambda: query_or_none(alice_db, "SELECT value FROM meta WHERE key = 'peers'"), 20,
               "alice's daemon did not start")
    started = time.monotonic()

    # Transfers are queued in batches while the daemons run (and are killed): the outbox is
    # written by another process, as a real client would. Amounts vary by batch.
    per_batch = args.transfers // args.batches
    batch_times = sorted(rng.uniform(0, 10) for _ in range(args.batches))
    kill_times = sorted(rng.uniform(1, 25) for _ in range(args.kills))
    issued, amounts_total = 0, 0

    def outcomes_seen():
        return query(alice_db, "SELECT count(DISTINCT transfer_id) FROM outcomes")[0][0]

    while True:
        now = time.monotonic() - started
        while batch_times and batch_times[0] <= now:
            batch_times.pop(0)
            count = per_batch if batch_times else args.transfers - issued
            amount = 1 + issued // per_batch % 5
            subprocess.run([exe, "transfer", "--db", alice_db, "--to", "bob", "--from-account",
                            "alice", "--to-account", "bob", "--amount", str(amount), "--count",
                            str(count)], check=True, stdout=subprocess.DEVNULL)
            issued += count
            amounts_total += amount * count
        while kill_times and kill_times[0] <= now:
            kill_times.pop(0)
            victims = rng.choice([[daemons[0]], [daemons[1]], daemons])
            for d in victims:
                d.kill9()
            time.sleep(rng.uniform(0.1, 1.5))  # down for a while: the peer keeps retrying
            for d in victims:
                d.start()
        if issued == args.transfers and not kill_times and outcomes_seen() == args.transfers:
            break
        if now > args.time_limit_s:
            print(f"FAIL: only {outcomes_seen()} of {args.transfers} outcomes after "
                  f"{args.time_limit_s} s (work dir {work})")
            return 1
        time.sleep(0.1)
    all_outcomes_s = time.monotonic() - started

    # Give-ups: bob stays down past the retry window while alice sends more. UDP cannot prove
    # that nothing arrived, so each gives up Unacknowledged and is held in doubt, not refunded.
    daemons[1].kill9()
    down_amount = 7
    if args.down_transfers:
        subprocess.run([exe, "transfer", "--db", alice_db, "--to", "bob", "--from-account",
                        "alice", "--to-account", "bob", "--amount", str(down_amount), "--count",
                        str(args.down_transfers)], check=True, stdout=subprocess.DEVNULL)
    issued += args.down_transfers
    amounts_total += down_amount * args.down_transfers
    wait_until(lambda: outcomes_seen() >= issued, 60,
               f"the transfers queued while bob was down did not give up (work dir {work})")
    in_doubt_before_settle = dict(query(alice_db, "SELECT key, value FROM meta "
                                                  "WHERE key = 'in_doubt'")).get("in_doubt", 0)
    daemons[1].start()

    # An idle daemon commits nothing, so bob's stored clock stands where his last timer left
    # it, before the forget times of the ids he never saw. One more transfer makes him step
    # (as any traffic does); then copies of his database decide what is in doubt
    # (docs/hosts.md, "Settling an in-doubt transfer").
    settle_out = ""
    for _ in range(40):
        subprocess.run([exe, "transfer", "--db", alice_db, "--to", "bob", "--from-account",
                        "alice", "--to-account", "bob", "--amount", "1"], check=True,
                       stdout=subprocess.DEVNULL)
        issued += 1
        amounts_total += 1
        wait_until(lambda: outcomes_seen() >= issued, 30,
                   f"a transfer after bob's restart got no outcome (work dir {work})")
        copy = work / "bob-copy.db"
        copy.unlink(missing_ok=True)
        src = sqlite3.connect(f"file:{bob_db}?mode=ro", uri=True, timeout=10)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        dst.close()
        src.close()
        r = subprocess.run([exe, "settle", "--db", alice_db, "--peer", "bob", "--peer-db", copy],
                           capture_output=True, text=True)
        settle_out += r.stdout
        if r.returncode == 0:
            break
        if r.returncode != 3:
            print(f"FAIL: settle exited {r.returncode}: {r.stdout}{r.stderr}")
            return 1
        time.sleep(0.5)
    settle_rc = r.returncode

    # Let every dedupe entry and tombstone expire, then stop everything cleanly.
    time.sleep(WINDOW_S + 1.5)
    scraped = {}
    for name, port in (("alice", metrics_a), ("bob", metrics_b)):
        with socket.create_connection((ip, port), timeout=5) as s:
            s.sendall(b"GET /metrics HTTP/1.0\r\n\r\n")
            text = b"".join(iter(lambda: s.recv(65536), b"")).decode()
        scraped[name] = dict(re.findall(r"^asyncflow_(\w+) (\d+)$", text, re.M))
    for d in daemons:
        d.stop()
    proxy.send_signal(signal.SIGTERM)
    proxy_report = proxy.communicate(timeout=10)[0]
    total_s = time.monotonic() - started

    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    transfers = query(alice_db, "SELECT count(*), count(*) FILTER (WHERE state = 'done'), "
                                "sum(amount) FROM transfers")[0]
    settlements = dict(query(alice_db, "SELECT kind, count(*) FROM outcomes "
                                       "WHERE kind LIKE 'settled_%' GROUP BY kind"))
    per_transfer = query(alice_db, "SELECT count(*) FROM (SELECT transfer_id FROM outcomes "
                                   "WHERE kind NOT LIKE 'settled_%' "
                                   "GROUP BY transfer_id HAVING count(*) != 1)")[0][0]
    kinds = dict(query(alice_db, "SELECT kind, count(*) FROM outcomes "
                                 "WHERE kind NOT LIKE 'settled_%' GROUP BY kind"))
    late = query(alice_db, "SELECT count(*) FROM late_completions")[0][0]
    applied = query(bob_db, "SELECT count(*), count(DISTINCT transfer_id), "
                            "coalesce(sum(amount), 0) FROM applied")[0]
    applied_rows = dict(query(bob_db, "SELECT transfer_id, amount FROM applied"))
    rows = query(alice_db, "SELECT t.id, t.amount, o.kind, "
                           "EXISTS (SELECT 1 FROM late_completions l WHERE l.transfer_id = t.id) "
                           "FROM transfers t JOIN outcomes o ON o.transfer_id = t.id "
                           "WHERE o.kind NOT LIKE 'settled_%'")
    settled_rows = dict(query(alice_db, "SELECT transfer_id, kind FROM outcomes "
                                        "WHERE kind LIKE 'settled_%'"))
    alice_sum = query(alice_db, "SELECT coalesce(sum(balance), 0) FROM accounts")[0][0]
    bob_sum = query(bob_db, "SELECT coalesce(sum(balance), 0) FROM accounts")[0][0]
    meta = dict(query(alice_db, "SELECT key, value FROM meta WHERE key != 'format'"))

    print(f"chaos: {args.transfers} transfers, seed {args.seed}, 20% drop, 10% duplicate, "
          f"25% reorder, 0-3 ms delay (+20 ms reordered), 1% corrupt, each direction")
    print(f"chaos: SIGKILLs alice {daemons[0].kills}, bob {daemons[1].kills}")
    print(f"chaos: all outcomes after {all_outcomes_s:.1f} s, run {total_s:.1f} s in all")
    print("chaos: outcomes " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) +
          f"; late completions {late}")
    print(f"chaos: applied on bob {applied[0]} (distinct {applied[1]}), amount {applied[2]}")
    print(f"chaos: balances alice {alice_sum} + bob {bob_sum} = {alice_sum + bob_sum}, "
          f"minted {minted}")
    for name, m in scraped.items():
        print(f"chaos: {name}: starts {m.get('host_starts_total')}, datagrams received "
              f"{m.get('host_datagrams_received_total')} (bad tag "
              f"{m.get('host_datagrams_bad_tag_total')}, undecodable "
              f"{m.get('host_datagrams_undecodable_total')}), sent "
              f"{m.get('host_datagrams_sent_total')}, commits {m.get('host_commits_total')}; "
              f"kernel transmissions {m.get('transmissions_total')}, NEW retransmissions "
              f"{m.get('new_retransmissions_total')}, ACK retransmissions "
              f"{m.get('ack_retransmissions_total')}, duplicate NEWs suppressed "
              f"{m.get('duplicate_news_suppressed_total')}")
    for line in proxy_report.splitlines():
        print("chaos: " + line)
    print(f"chaos: {args.down_transfers} transfers while bob was down; in doubt before settling "
          f"{in_doubt_before_settle}; settlements " +
          ", ".join(f"{k} {v}" for k, v in sorted(settlements.items())))

    check(transfers[0] == issued and transfers[2] == amounts_total,
          f"{transfers[0]} transfers queued with the issued amounts")
    check(transfers[1] == issued, f"all {transfers[1]} transfers are done")
    check(in_doubt_before_settle >= down_amount * args.down_transfers,
          f"the {args.down_transfers} transfers to a peer that was down were held in doubt, "
          f"not refunded ({in_doubt_before_settle})")
    check(settle_rc == 0, "settle decided every in-doubt transfer")
    check(all((settled_rows.get(t) == "settled_delivered") == (t in applied_rows)
              for t, _, k, _ in rows if t in settled_rows),
          "settled as delivered exactly those bob applied")
    check(per_transfer == 0 and sum(kinds.values()) == issued,
          f"exactly one outcome per transfer ({sum(kinds.values())} outcomes, "
          f"{per_transfer} transfers with another count)")
    check(applied[0] == applied[1], f"no transfer applied twice ({applied[0]} applications, "
                                    f"{applied[1]} distinct)")
    amounts = {tid: amount for tid, amount, _, _ in rows}
    check(all(amounts.get(t) == a for t, a in applied_rows.items()),
          "every application matches a transfer the caller issued, with its amount")
    completed_not_applied = [t for t, _, k, _ in rows if k == "completed" and t not in applied_rows]
    refunded_but_applied = [t for t, _, k, _ in rows
                            if k == "gave_up_never_delivered" and t in applied_rows]
    check(not completed_not_applied, f"every completed transfer was applied "
                                     f"({len(completed_not_applied)} were not)")
    check(not refunded_but_applied, f"no refunded transfer was applied "
                                    f"({len(refunded_but_applied)} were)")
    # In-doubt transfers never settled by a late completion: money the caller holds aside.
    unsettled = [(t, a) for t, a, k, settled in rows
                 if k in ("gave_up_unacknowledged", "corrupted") and not settled
                 and t not in settled_rows]
    lost_in_doubt = sum(a for t, a in unsettled if t not in applied_rows)
    check(meta.get("in_transit", 0) == 0, f"nothing in transit ({meta.get('in_transit', 0)})")
    check(meta.get("in_doubt", 0) == sum(a for _, a in unsettled),
          f"in_doubt {meta.get('in_doubt', 0)} equals the unsettled give-ups' amounts")
    check(alice_sum + bob_sum + lost_in_doubt == minted,
          f"money conserved: {alice_sum} + {bob_sum} + in doubt and not applied "
          f"{lost_in_doubt} = {minted}")
    for name, db in (("alice", alice_db), ("bob", bob_db)):
        out = subprocess.run([exe, "ledger", "--db", db], check=True, capture_output=True,
                             text=True).stdout
        kernel = next(l for l in out.splitlines() if l.startswith("kernel:"))
        check("out_flows 0 in_flows 0 timers 0 pending_fins 0 retained_bytes 0" in kernel,
              f"{name}'s {kernel} (after the window)")
    if failures:
        print(f"FAIL: {len(failures)} check(s) failed; work dir {work}")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
