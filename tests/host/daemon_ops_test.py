#!/usr/bin/env python3
"""The daemon's durability order and its operation (issues 18 and 20), through the real
`asyncflow serve` pair alice -> bob on 127.0.0.1:

  crash_or_failure_at_each_point     a SIGKILL before COMMIT, after COMMIT before any send, and
                                     between two datagrams of a batch, and a failed COMMIT, in
                                     alice and in bob (host/src/faults.hpp): after a restart
                                     every transfer is applied exactly once and completes, so
                                     nothing was sent that was not committed and nothing
                                     committed was lost
  metrics_clients_never_stall        40 idle, half-open /metrics connections renewed every
                                     0.5 s: transfers keep the pace they have without them
  unknown_peer_refused               `transfer` to a peer the daemon has no --peer for is refused
                                     before any debit; a queued row to a peer no longer
                                     configured is refunded as a definite non-delivery
  give_ups_refund_and_settle         a peer down past the retry window and a peer whose ACKs are
                                     all lost: in doubt, never refunded by guessing; definite
                                     non-deliveries refunded; `asyncflow settle` with copies of
                                     the receiver's database decides each, and money adds up
  disk_full_loses_nothing            the database's file system fills up mid-run, then frees:
                                     batches roll back, every transfer completes exactly once
  read_only_database_refused         a database on a read-only mount: refused at start, the file
                                     unchanged; writable again, every committed transfer is there
  restart_reports_settings_not_applied  timing flags that differ from the stored ones are
                                     logged, not silently ignored; --log-level filters

usage: daemon_ops_test.py --asyncflow PATH [--only NAME ...]
"""
import argparse
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import daemon_trust_test as trust  # noqa: E402 (the shared helpers)
from daemon_trust_test import IP, free_port, metric, query, sha256, wait_for  # noqa: E402

EXE = None
# Retry span 100+200+400+400 = 1100 ms; dedupe window that plus the 200 ms skew allowance.
TIMING = ["--retry-initial-ms", "100", "--retry-max-ms", "400", "--attempts", "4",
          "--clock-skew-ms", "200"]


class Node(trust.Daemon):
    """One `asyncflow serve` at a fixed port with the short timings."""

    def __init__(self, work, name, port, peer, peer_port, key, db=None):
        super().__init__(work, name, peer, peer_port, key, db=db, extra=TIMING, port=port)


def pair(work, alice_db=None, faces=None):
    """alice (1,000,000 minted) and bob, one key. faces: (a_port, b_port, face_a, face_b) when a
    chaos proxy stands between them (alice sends to face_a, bob to face_b)."""
    key = trust.keygen(work / "pair.key")
    if faces:
        a_port, b_port, face_a, face_b = faces
    else:
        a_port, b_port = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM)
        face_a, face_b = b_port, a_port
    alice = Node(work, "alice", a_port, "bob", face_a, key, db=alice_db)
    bob = Node(work, "bob", b_port, "alice", face_b, key)
    subprocess.run([EXE, "ledger", "--db", str(alice.db), "--open", "alice=1000000"], check=True,
                   stdout=subprocess.DEVNULL)
    return alice, bob


def transfer(db, count, amount=3, to="bob", check=True):
    return subprocess.run([EXE, "transfer", "--db", str(db), "--to", to, "--from-account", "alice",
                           "--to-account", "bob", "--amount", str(amount), "--count", str(count)],
                          capture_output=True, text=True, check=check)


def balance(db, account):
    rows = query(db, f"SELECT balance FROM accounts WHERE name = '{account}'")
    return rows[0][0] if rows else 0


def meta(db, key):
    rows = query(db, f"SELECT value FROM meta WHERE key = '{key}'")
    return int(rows[0][0]) if rows else 0


def all_done(db):
    return query(db, "SELECT count(*) FROM transfers WHERE state != 'done'")[0][0] == 0


def assert_exactly_once(alice, bob, issued, amount=3):
    applied = query(bob.db, "SELECT transfer_id, count(*) FROM applied GROUP BY transfer_id")
    twice = [t for t, n in applied if n != 1]
    assert not twice, f"applied more than once: transfers {twice[:10]}"
    assert len(applied) == issued, f"{len(applied)} of {issued} transfers applied"
    outcomes = dict(query(alice.db, "SELECT kind, count(*) FROM outcomes GROUP BY kind"))
    assert outcomes == {"completed": issued}, outcomes
    assert balance(alice.db, "alice") == 1000000 - issued * amount
    assert balance(bob.db, "bob") == issued * amount
    assert meta(alice.db, "in_transit") == 0 and meta(alice.db, "in_doubt") == 0


# --- the durability order --------------------------------------------------------------------

# (victim, fault plan, what must be seen of it). Pass numbers count from the daemon's start.
FAULT_PLANS = [
    ("alice", "crash-before-commit:3", "killed"),
    ("alice", "crash-after-commit:3", "killed"),
    ("alice", "crash-mid-send:5", "killed"),
    ("alice", "commit-fails:2", "rolled_back"),
    ("bob", "crash-before-commit:2", "killed"),
    ("bob", "crash-after-commit:2", "killed"),
    ("bob", "crash-mid-send:5", "killed"),
    ("bob", "commit-fails:1", "rolled_back"),
]


def crash_or_failure_at_each_point(work):
    issued = 120
    for victim_name, plan, seen in FAULT_PLANS:
        run = work / f"{victim_name}-{plan.replace(':', '-')}"
        run.mkdir()
        alice, bob = pair(run)
        victim = alice if victim_name == "alice" else bob
        other = bob if victim is alice else alice
        try:
            other.start()
            victim.start(env={"ASYNCFLOW_FAULT": plan})
            transfer(alice.db, issued)
            if seen == "killed":
                wait_for(f"{plan} to kill {victim_name}", lambda: victim.proc.poll() is not None)
                assert victim.proc.returncode == -signal.SIGKILL, (plan, victim.proc.returncode)
                victim.log.close()
                victim.start()
            else:
                wait_for(f"{plan} rolled back",
                         lambda: metric(victim.metrics, "asyncflow_host_rollbacks_total") >= 1)
            assert "fault_injected" in victim.logs[0].read_text(), plan
            wait_for(f"all transfers done after {plan}", lambda: all_done(alice.db), 60)
            assert_exactly_once(alice, bob, issued)
        except AssertionError as e:
            raise AssertionError(f"{victim_name} {plan}: {e}") from None
        finally:
            alice.stop()
            bob.stop()


# --- /metrics never holds up the protocol ----------------------------------------------------

def time_transfers(alice, count):
    before = query(alice.db, "SELECT count(*) FROM transfers")[0][0]
    started = time.monotonic()
    transfer(alice.db, count)
    wait_for("transfers done", lambda: all_done(alice.db), 60)
    assert query(alice.db, "SELECT count(*) FROM transfers")[0][0] == before + count
    return time.monotonic() - started


def metrics_clients_never_stall(work):
    alice, bob = pair(work)
    bob.start()
    alice.start()
    stop = threading.Event()
    held = []

    def half_open_clients():
        # 40 connections that never send a request, replaced every 0.5 s; one that sends half a
        # request line and then stops; none of them ever reads.
        while not stop.is_set():
            fresh = []
            for _ in range(40):
                s = socket.socket()
                s.settimeout(2)
                try:
                    s.connect((IP, alice.metrics))
                    fresh.append(s)
                except OSError:
                    s.close()
            if fresh:
                fresh[0].send(b"GET /metr")
            for s in held:
                s.close()
            held[:] = fresh
            stop.wait(0.5)
        for s in held:
            s.close()

    try:
        baseline = time_transfers(alice, 5)
        thread = threading.Thread(target=half_open_clients, daemon=True)
        thread.start()
        time.sleep(1.0)
        with_clients = time_transfers(alice, 5)
        stop.set()
        thread.join()
        # The protocol thread never serves HTTP, so the pace is the baseline's, with room for a
        # noisy machine; serving metrics in the protocol thread took 9.5 s here.
        assert with_clients < 3 * baseline + 1.5, \
            f"5 transfers took {with_clients:.2f} s with idle clients, {baseline:.2f} s without"
        assert metric(alice.metrics, "asyncflow_completed_total") == 10, "metrics still answer"
    finally:
        stop.set()
        alice.stop()
        bob.stop()


# --- unknown peers ---------------------------------------------------------------------------

def unknown_peer_refused(work):
    alice, bob = pair(work)
    before = sha256(alice.db)
    r = transfer(alice.db, 1, check=False)
    assert r.returncode != 0 and "no daemon has served this database" in r.stderr, r
    assert sha256(alice.db) == before, "a refused transfer changed the database"
    bob.start()
    alice.start()
    try:
        r = transfer(alice.db, 2, to="carol", check=False)
        assert r.returncode != 0, r
        assert "unknown peer 'carol'" in r.stderr and "bob" in r.stderr, r.stderr
        assert balance(alice.db, "alice") == 1000000, "a refused transfer debited"
        assert query(alice.db, "SELECT count(*) FROM transfers")[0][0] == 0
        # A row queued for a peer the daemon no longer has (its config changed after queueing):
        # nothing can leave for it, so the kernel learns a definite non-delivery and refunds.
        con = sqlite3.connect(alice.db, timeout=10)
        con.execute("UPDATE accounts SET balance = balance - 7 WHERE name = 'alice'")
        con.execute("INSERT INTO meta(key, value) VALUES ('in_transit', 7) "
                    "ON CONFLICT(key) DO UPDATE SET value = value + 7")
        con.execute("INSERT INTO transfers(peer, from_account, to_account, amount) "
                    "VALUES ('carol', 'alice', 'carol', 7)")
        con.commit()
        con.close()
        wait_for("the transfer to carol refunded", lambda: all_done(alice.db), 30)
        outcomes = query(alice.db, "SELECT kind, detail FROM outcomes")
        assert outcomes == [("gave_up_never_delivered", "refunded")], outcomes
        assert balance(alice.db, "alice") == 1000000 and meta(alice.db, "in_transit") == 0
        assert metric(alice.metrics, "asyncflow_host_sends_to_unconfigured_peer_total") >= 1
        # At once, as a permanent reject (DestinationInvalid), not after the retries run out.
        gave_up = [l for l in alice.text().splitlines() if "event=gave_up" in l]
        assert len(gave_up) == 1 and "reason=PermanentReject" in gave_up[0], gave_up
        assert metric(alice.metrics, "asyncflow_new_retransmissions_total") == 0
    finally:
        alice.stop()
        bob.stop()


# --- give-ups and settling -------------------------------------------------------------------

def backup(db, copy):
    """A consistent copy of a live database, as `sqlite3 DB ".backup COPY"` makes."""
    src = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    dst.close()
    src.close()
    return copy


def settle(alice, copy, *extra):
    return subprocess.run([EXE, "settle", "--db", str(alice.db), "--peer", "bob", "--peer-db",
                           str(copy), *extra], capture_output=True, text=True, timeout=30)


def give_ups_refund_and_settle(work):
    # A chaos proxy between them loses every datagram from bob to alice (his ACKs) and none the
    # other way.
    ports = [free_port(socket.SOCK_DGRAM) for _ in range(4)]
    alice, bob = pair(work, faces=ports)
    a_port, b_port, face_a, face_b = ports
    proxy = subprocess.Popen(
        [EXE, "chaos-proxy", "--a", f"{IP}:{a_port}", "--b", f"{IP}:{b_port}", "--face-for-a",
         f"{IP}:{face_a}", "--face-for-b", f"{IP}:{face_b}", "--drop-ba", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    alice.start()
    # 1. Bob down: four NEWs never answered. UDP says nothing of a missing peer, so the kernel
    # cannot prove non-delivery: in doubt, not refunded.
    never_arrived = 4
    transfer(alice.db, never_arrived, amount=5)
    wait_for("give-ups while bob is down", lambda: all_done(alice.db), 30)
    bob.start()
    # 2. Bob up, ACKs lost: applied by bob, in doubt at alice.
    applied_unacked = 3
    transfer(alice.db, applied_unacked, amount=11)
    try:
        wait_for("give-ups with ACKs lost", lambda: all_done(alice.db), 30)
        wait_for("bob applied them", lambda: query(bob.db, "SELECT count(*) FROM applied")[0][0]
                 == applied_unacked, 30)
        in_doubt = never_arrived * 5 + applied_unacked * 11
        outcomes = dict(query(alice.db, "SELECT kind, count(*) FROM outcomes GROUP BY kind"))
        assert outcomes == {"gave_up_unacknowledged": never_arrived + applied_unacked}, outcomes
        assert meta(alice.db, "in_doubt") == in_doubt, "every give-up is held in doubt"
        assert balance(alice.db, "alice") == 1000000 - in_doubt, "nothing refunded by guessing"
        listed = subprocess.run([EXE, "settle", "--db", str(alice.db), "--list"],
                                capture_output=True, text=True, check=True).stdout
        assert f"{never_arrived + applied_unacked} transfer(s) in doubt" in listed, listed
        # A dry run decides and records nothing.
        copy = backup(bob.db, work / "bob-copy-0.db")
        before = sha256(alice.db)
        dry = settle(alice, copy, "--dry-run")
        assert dry.returncode in (0, 3), dry
        assert meta(alice.db, "in_doubt") == in_doubt and sha256(alice.db) == before
        # Settle from fresh copies until bob's clock is past every id's forget time (bob steps
        # its expiry timers, so his clock moves on by itself).
        verdicts = {}
        for attempt in range(1, 40):
            copy = backup(bob.db, work / f"bob-copy-{attempt}.db")
            r = settle(alice, copy)
            assert r.returncode in (0, 3), r
            for line in r.stdout.splitlines():
                if line.startswith("transfer "):
                    verdicts[int(line.split()[1])] = line.rsplit(": ", 1)[1]
            if r.returncode == 0:
                break
            time.sleep(0.25)
        assert r.returncode == 0, f"still in doubt: {r.stdout}"
        delivered = [t for t, v in verdicts.items() if v.startswith("delivered")]
        refunded = [t for t, v in verdicts.items() if v.startswith("not_delivered")]
        applied_ids = sorted(t for (t,) in query(bob.db, "SELECT transfer_id FROM applied"))
        assert sorted(delivered) == applied_ids, (verdicts, applied_ids)
        assert len(refunded) == never_arrived, verdicts
        assert meta(alice.db, "in_doubt") == 0
        assert balance(alice.db, "alice") == 1000000 - applied_unacked * 11
        assert balance(alice.db, "alice") + balance(bob.db, "bob") == 1000000, "money conserved"
        again = settle(alice, copy)
        assert again.returncode == 0 and "settled 0 of 0" in again.stdout, again.stdout
    finally:
        alice.stop()
        bob.stop()
        proxy.terminate()
        proxy.wait(10)


# --- the file system ---------------------------------------------------------------------

class Mount:
    """A small tmpfs for one test (the tests run as root, as CI does)."""

    def __init__(self, path, size):
        self.path = path
        path.mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError(f"cannot mount a tmpfs (root is needed): {r.stderr.strip()}")

    def remount(self, mode):
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.path)], check=True)

    def close(self):
        subprocess.run(["umount", "-l", str(self.path)], check=False)


def fill(path):
    """Writes a filler file until the file system is full; returns it."""
    filler = path / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    return filler


def disk_full_loses_nothing(work):
    mount = Mount(work / "small", "8m")
    try:
        alice, bob = pair(work, alice_db=mount.path / "alice.db")
        bob.start()
        alice.start()
        try:
            issued = 0
            transfer(alice.db, 50)
            issued += 50
            wait_for("the first transfers", lambda: all_done(alice.db), 30)
            filler = fill(mount.path)
            # Queued while the disk is full: each is either refused by name or queued whole.
            failed = 0
            for _ in range(20):
                r = transfer(alice.db, 40, check=False)
                if r.returncode == 0:
                    issued += 40
                else:
                    failed += 1
                    assert "full" in r.stderr, r.stderr
            time.sleep(1.0)
            rollbacks = metric(alice.metrics, "asyncflow_host_rollbacks_total")
            print(f"  disk full: {failed} transfer commands refused, {rollbacks} batches rolled back")
            assert failed > 0 or rollbacks > 0, "the full disk refused nothing"
            filler.unlink()
            wait_for("every transfer done once space is back", lambda: all_done(alice.db), 60)
            assert alice.proc.poll() is None, "alice died of a full disk"
            assert_exactly_once(alice, bob, issued)
        finally:
            alice.stop()
            bob.stop()
    finally:
        mount.close()


def read_only_database_refused(work):
    mount = Mount(work / "ro", "16m")
    try:
        alice, bob = pair(work, alice_db=mount.path / "alice.db")
        bob.start()
        alice.start()
        transfer(alice.db, 30)
        wait_for("the transfers", lambda: all_done(alice.db), 30)
        alice.stop()
        mount.remount("ro")
        before = sha256(alice.db)
        r = subprocess.run([EXE, *alice.args], capture_output=True, text=True, timeout=20)
        assert r.returncode != 0, "a daemon ran on a read-only database"
        assert "read" in (r.stdout + r.stderr).lower(), r.stdout + r.stderr
        assert sha256(alice.db) == before
        mount.remount("rw")
        alice.start()
        try:
            transfer(alice.db, 10)
            wait_for("the later transfers", lambda: all_done(alice.db), 30)
            assert_exactly_once(alice, bob, 40)
        finally:
            alice.stop()
            bob.stop()
    finally:
        mount.close()


# --- settings and logs ----------------------------------------------------------------------

def restart_reports_settings_not_applied(work):
    alice, bob = pair(work)
    alice.start()
    alice.stop()
    # A restart with other timing: the stored settings are kept, and each difference is said.
    alice.args[alice.args.index("--retry-initial-ms") + 1] = "250"
    alice.start()
    alice.stop()
    lines = [l for l in alice.text().splitlines() if "event=setting_not_applied" in l]
    assert len(lines) == 1, alice.text()
    assert "setting=retry-initial-ms" in lines[0] and "given=250" in lines[0] and \
        "stored=100" in lines[0], lines[0]
    # --log-level error keeps the info lines out; the start-up lines are there at info.
    assert "event=database_checked" in alice.text() and "event=peer" in alice.text()
    alice.args += ["--log-level", "error"]
    alice.start()
    alice.stop()
    assert "level=info" not in alice.text() and "level=warn" not in alice.text(), alice.text()


TESTS = [crash_or_failure_at_each_point, metrics_clients_never_stall, unknown_peer_refused,
         give_ups_refund_and_settle, disk_full_loses_nothing, read_only_database_refused,
         restart_reports_settings_not_applied]


def main():
    global EXE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--asyncflow", required=True)
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    EXE = trust.EXE = args.asyncflow
    failed = 0
    for test in TESTS:
        if args.only and test.__name__ not in args.only:
            continue
        work = Path(tempfile.mkdtemp(prefix=f"asyncflow-{test.__name__}-"))
        started = time.monotonic()
        try:
            test(work)
            print(f"ok   {test.__name__} ({time.monotonic() - started:.1f} s)", flush=True)
            shutil.rmtree(work, ignore_errors=True)
        except Exception as e:  # report every test, then fail
            failed += 1
            print(f"FAIL {test.__name__}: {e} (work dir {work})", flush=True)
    ran = len(args.only) if args.only else len(TESTS)
    print(f"{ran - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
