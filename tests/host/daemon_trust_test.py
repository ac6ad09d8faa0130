#!/usr/bin/env python3
"""The daemon's trust boundary and durability (issue 18), each a reproduction of a defect that the
daemon once had, driven through the real `asyncflow serve` on 127.0.0.1:

  spoofed_datagram_credits_nothing   a datagram posing as the peer's address, with no valid MAC
  replayed_datagram_applies_once     a correctly sealed NEW sent twice is applied once
  second_daemon_on_one_db_refused    one writer per database, naming the holder
  idle_daemon_makes_no_commits       asyncflow_host_commits_total read twice from an idle daemon
  restart_of_a_new_database          a daemon stopped before any traffic starts again
  damaged_kernel_row_refused         a flipped bit in the stored state: refused, file untouched
  foreign_database_refused           another program's SQLite file: refused, never modified
  version1_databases_complete        today's daemon opens the committed format-1 databases and
                                     their in-flight transfers complete exactly once

usage: daemon_trust_test.py --asyncflow PATH [--only NAME ...]
"""
import argparse
import hashlib
import hmac
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

IP = "127.0.0.1"
HERE = Path(__file__).resolve().parent
EXE = None


def free_port(kind):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind((IP, 0))
        return s.getsockname()[1]


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def metric(port, name):
    text = urllib.request.urlopen(f"http://{IP}:{port}/metrics", timeout=5).read().decode()
    for line in text.splitlines():
        if line.startswith(name + " "):
            return int(float(line.split()[1]))
    raise AssertionError(f"metric {name} not served")


def query(db, sql):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def wait_for(what, predicate, seconds=20):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Daemon:
    """One `asyncflow serve` with one peer; each start logs to a file of its own."""

    def __init__(self, work, name, peer, peer_port, key, db=None, extra=(), port=None):
        self.name = name
        self.port = port or free_port(socket.SOCK_DGRAM)
        self.metrics = free_port(socket.SOCK_STREAM)
        self.db = Path(db) if db else work / f"{name}.db"
        self.work = work
        self.args = ["serve", "--listen", f"{IP}:{self.port}", "--peer", f"{peer}={IP}:{peer_port}",
                     "--peer-key", f"{peer}={key}", "--db", str(self.db), "--metrics",
                     f"{IP}:{self.metrics}", *extra]
        self.proc = None
        self.logs = []

    def start(self, env=None, wait=True):
        """env: variables for this start only (ASYNCFLOW_FAULT, host/src/faults.hpp)."""
        self.log_path = self.work / f"{self.name}-{self.port}-{len(self.logs) + 1}.log"
        self.logs.append(self.log_path)
        self.log = open(self.log_path, "w")
        environment = {k: v for k, v in os.environ.items() if k != "ASYNCFLOW_FAULT"}
        environment.update(env or {})
        self.proc = subprocess.Popen([EXE, *self.args], stdout=self.log, stderr=subprocess.STDOUT,
                                     env=environment)
        if wait:
            wait_for(f"{self.name} serving", self.serving)
        return self

    def serving(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"daemon exited {self.proc.returncode}: {self.text()}")
        try:
            metric(self.metrics, "asyncflow_host_starts_total")
            return True
        except OSError:
            return False

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        if self.proc:
            self.log.close()

    def text(self):
        return Path(self.log_path).read_text()


def run_refused(args, timeout=10):
    """Runs the daemon expecting it to refuse to start: returns its output."""
    r = subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)
    assert r.returncode != 0, f"expected a refusal, exit 0: {r.stdout}{r.stderr}"
    return r.stdout + r.stderr


def keygen(path):
    subprocess.run([EXE, "keygen", str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def key_bytes(path):
    return bytes.fromhex(Path(path).read_text().strip())


def new_frame_body(msg_id, payload):
    """The Candid `asyncFlow (vec Frame)` argument with one NEW, from `asyncflow wire encode`."""
    frame = {"NEW": {"msg_id": msg_id, "payload": payload.hex()}}
    r = subprocess.run([EXE, "wire", "encode", "--as", "batch", json.dumps([frame])],
                       capture_output=True, text=True, check=True)
    return bytes.fromhex(r.stdout.strip())


def fresh_ulid():
    return (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")


def datagram(body, key, sender_id):
    """Format AFD2 (host/src/datagram.hpp): magic, sender id, body, HMAC-SHA-512-256 tag."""
    head = b"AFD2" + sender_id + body
    return head + hmac.new(key, head, hashlib.sha512).digest()[:32]


def bob_and_alices_address(work):
    key = keygen(work / "pair.key")
    alice_port = free_port(socket.SOCK_DGRAM)
    bob = Daemon(work, "bob", "alice", alice_port, key).start()
    return bob, alice_port, key


def credited(bob):
    return query(bob.db, "SELECT coalesce(sum(amount), 0), count(*) FROM applied")[0]


def spoofed_datagram_credits_nothing(work):
    bob, alice_port, key = bob_and_alices_address(work)
    try:
        body = new_frame_body(fresh_ulid(), b"1 alice bob 1000000")
        sender = os.urandom(16)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((IP, alice_port))  # the exact source address bob trusts for alice
            s.sendto(b"AFD2" + sender + body + os.urandom(32), (IP, bob.port))  # a made-up tag
            s.sendto(datagram(body, os.urandom(32), sender), (IP, bob.port))  # another key
            s.sendto(b"\x00" * 8, (IP, bob.port))  # too short to carry a tag
        wait_for("3 dropped datagrams", lambda: metric(bob.metrics,
                                                      "asyncflow_host_datagrams_bad_tag_total") +
                 metric(bob.metrics, "asyncflow_host_datagrams_too_short_total") == 3)
        assert credited(bob) == (0, 0), f"a forged datagram was applied: {credited(bob)}"
        # Control: the same NEW sealed under the pair's key is applied, so the forgeries above
        # were refused for their tags alone.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((IP, alice_port))
            s.sendto(datagram(body, key_bytes(key), sender), (IP, bob.port))
        wait_for("the authentic NEW applied", lambda: credited(bob) == (1000000, 1))
    finally:
        bob.stop()


def replayed_datagram_applies_once(work):
    bob, alice_port, key = bob_and_alices_address(work)
    try:
        sealed = datagram(new_frame_body(fresh_ulid(), b"7 alice bob 5"), key_bytes(key),
                          os.urandom(16))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((IP, alice_port))
            for _ in range(5):
                s.sendto(sealed, (IP, bob.port))
                time.sleep(0.05)
        wait_for("five datagrams read",
                 lambda: metric(bob.metrics, "asyncflow_host_datagrams_received_total") >= 5)
        assert credited(bob) == (5, 1), f"a replay was applied again: {credited(bob)}"
    finally:
        bob.stop()


def second_daemon_on_one_db_refused(work):
    bob, alice_port, key = bob_and_alices_address(work)
    try:
        other = Daemon(work, "bob", "alice", alice_port, key)
        out = run_refused(other.args)
        assert "in use by another asyncflow serve" in out and "pid" in out, out
        assert bob.proc.poll() is None, "the first daemon died"
    finally:
        bob.stop()


def idle_daemon_makes_no_commits(work):
    bob, _, _ = bob_and_alices_address(work)
    try:
        time.sleep(0.5)
        first = metric(bob.metrics, "asyncflow_host_commits_total")
        time.sleep(2.0)
        second = metric(bob.metrics, "asyncflow_host_commits_total")
        assert first == second, f"an idle daemon committed {second - first} times in 2 s"
    finally:
        bob.stop()


def restart_of_a_new_database(work):
    bob, alice_port, key = bob_and_alices_address(work)
    bob.stop()
    again = Daemon(work, "bob", "alice", alice_port, key).start()
    again.stop()


def damaged_kernel_row_refused(work):
    bob, alice_port, key = bob_and_alices_address(work)
    bob.stop()
    con = sqlite3.connect(bob.db)
    snap = bytearray(con.execute("SELECT snapshot FROM kernel WHERE id = 1").fetchone()[0])
    snap[len(snap) // 2] ^= 0x04
    con.execute("UPDATE kernel SET snapshot = ? WHERE id = 1", (bytes(snap),))
    con.commit()
    con.close()
    before = sha256(bob.db)
    out = run_refused(Daemon(work, "bob", "alice", alice_port, key).args)
    assert "checksum" in out, out
    assert sha256(bob.db) == before, "a refused database was modified"


def foreign_database_refused(work):
    db = work / "notes.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes(body TEXT)")
    con.execute("INSERT INTO notes VALUES ('mine')")
    con.commit()
    con.close()
    before = sha256(db)
    key = keygen(work / "k.key")
    out = run_refused(Daemon(work, "x", "alice", free_port(socket.SOCK_DGRAM), key, db=db).args)
    assert "not an asyncflow" in out, out
    assert sha256(db) == before, "another program's database was modified"


def version1_databases_complete(work):
    for name in ("alice.db", "bob.db"):
        shutil.copy(HERE / "fixtures" / "v1" / name, work / name)
    key = keygen(work / "pair.key")
    alice_port, bob_port = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM)
    alice = Daemon(work, "alice", "bob", bob_port, key, port=alice_port)
    bob = Daemon(work, "bob", "alice", alice_port, key, port=bob_port)
    in_flight = query(alice.db, "SELECT id FROM transfers WHERE state = 'in_flight'")
    assert len(in_flight) == 6, f"fixture changed: {in_flight}"
    alice.start()
    bob.start()
    try:
        wait_for("every in-flight transfer settled", lambda: query(
            alice.db, "SELECT count(*) FROM transfers WHERE state != 'done'")[0][0] == 0, 60)
        applied = query(bob.db, "SELECT transfer_id, count(*) FROM applied GROUP BY transfer_id")
        assert all(n == 1 for _, n in applied), f"applied twice: {applied}"
        assert len(applied) == 9, f"want the 9 issued transfers applied once each: {applied}"
        outcomes = query(alice.db, "SELECT kind, count(*) FROM outcomes GROUP BY kind")
        assert dict(outcomes) == {"completed": 9}, outcomes
    finally:
        alice.stop()
        bob.stop()


TESTS = [spoofed_datagram_credits_nothing, replayed_datagram_applies_once,
         second_daemon_on_one_db_refused, idle_daemon_makes_no_commits, restart_of_a_new_database,
         damaged_kernel_row_refused, foreign_database_refused, version1_databases_complete]


def main():
    global EXE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--asyncflow", required=True)
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    EXE = args.asyncflow
    failed = 0
    for test in TESTS:
        if args.only and test.__name__ not in args.only:
            continue
        work = Path(tempfile.mkdtemp(prefix=f"asyncflow-{test.__name__}-"))
        try:
            test(work)
            print(f"ok   {test.__name__}")
            shutil.rmtree(work, ignore_errors=True)
        except Exception as e:  # report every test, then fail
            failed += 1
            print(f"FAIL {test.__name__}: {e} (work dir {work})")
    ran = len(args.only) if args.only else len(TESTS)
    print(f"{ran - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
