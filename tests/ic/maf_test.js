'use strict';
// maf's two canisters (built by the real Motoko compiler, ../shared/peers/maf/bin) in the IC
// test host: they install, take new_message, exchange NEW/ACK/FIN and run their timers
// without trapping. Skips when the maf peers or @dfinity/candid are absent.
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const { test, run, mafDir, candid, icWasmInstrument } = require('./lib/harness');
const { Subnet } = require('./host');

const dir = mafDir();
const { IDL } = candid();
const sender = fs.readFileSync(path.join(dir, 'sender.wasm'));
const receiver = fs.readFileSync(path.join(dir, 'receiver.wasm'));

const EMPTY = new Uint8Array(IDL.encode([], []));
const count = (s, id) => IDL.decode([IDL.Nat], Uint8Array.from(s.update(id, 'count', EMPTY).reply))[0];
const newMessage = (to, payload) => new Uint8Array(IDL.encode([IDL.Text, IDL.Vec(IDL.Nat8)], [to, payload]));
// Motoko's oneway calls name callback index 0xffffffff: invoking it traps and the (empty) reply
// is dropped, as on the IC. Those are the only traps allowed.
const realTraps = (s, id) => s.stats(id).traps - (s.stats(id).missingCallbacks || 0);

test('maf sender -> maf receiver: NEW, ACK, FIN; both forget the id; timers run clean', () => {
  const s = new Subnet({ seed: 3 });
  const snd = s.install(sender);
  const rcv = s.install(receiver);
  const before = s.instructions(snd);
  const r = s.update(snd, 'new_message', newMessage(rcv, new Uint8Array(64)));
  assert.ok(r.reply, JSON.stringify(r.reject));
  const newMessageInstructions = s.instructions(snd) - before;
  const id = s.logs(snd).map((l) => /NEW MESSANGE - MSG_ID: ([\d_]+)/.exec(l)).find(Boolean)[1];
  s.advanceTime(3000); // the scanners (0.5 s period) run and stop once their queues are empty
  assert.ok(s.logs(rcv).includes(`#FIN (RECEIVER) SUCCESSFULLY - MSG_ID: ${id}`), s.logs(rcv).join('\n'));
  assert.equal(count(s, snd), 0n);
  assert.equal(count(s, rcv), 0n);
  assert.equal(realTraps(s, snd), 0);
  assert.equal(realTraps(s, rcv), 0);
  assert.ok(s.logs(snd).includes('(SENDER) JOB_SCANER'), 'the recurring timer fired');
  console.log(`  maf new_message with a 64-byte payload: ${newMessageInstructions} instructions; ` +
    `flow total: sender ${s.instructions(snd)}, receiver ${s.instructions(rcv)} (with init and timers); ` +
    `${s.counts.calls} inter-canister calls delivered, ${s.counts.bytes} bytes`);
});

test('maf sender retries its NEW when the receiver rejects it (queue full), then completes', () => {
  const s = new Subnet({ seed: 4 });
  const snd = s.install(sender);
  const rcv = s.install(receiver);
  s.faults = { queueFull: 1 };
  s.update(snd, 'new_message', newMessage(rcv, Uint8Array.from([1, 2, 3])));
  s.advanceTime(600);
  assert.equal(count(s, snd), 1n, 'the NEW is still queued at the sender');
  s.faults = {};
  s.advanceTime(5000);
  assert.equal(count(s, snd), 0n);
  assert.equal(count(s, rcv), 0n);
});

test('maf receiver upgrades cleanly after a flow (its flow state is not stable: nothing to keep here)', () => {
  const s = new Subnet({ seed: 5 });
  const snd = s.install(sender);
  const rcv = s.install(receiver);
  s.update(snd, 'new_message', newMessage(rcv, Uint8Array.from([9])));
  s.advanceTime(3000);
  const up = s.upgrade(rcv, receiver);
  assert.ok(up.ok, up.trap);
  assert.equal(count(s, rcv), 0n);
});

test('the host counts maf\'s new_message as ic-wasm instrument (the IC\'s cost function) does, within 10 %', () => {
  const instrumented = icWasmInstrument(sender);
  if (!instrumented) return console.log('  skipped: ic-wasm is not installed (tests/ic/npm-ci)');
  const cycles = (s, id) => IDL.decode([IDL.Int64], Uint8Array.from(s.query(id, '__get_cycles', EMPTY).reply))[0];
  const s1 = new Subnet({ seed: 3 });
  const a = s1.install(sender), b = s1.install(receiver);
  const before = s1.instructions(a);
  s1.update(a, 'new_message', newMessage(b, new Uint8Array(64)));
  const ours = s1.instructions(a) - before;
  const s2 = new Subnet({ seed: 3 });
  const a2 = s2.install(instrumented), b2 = s2.install(receiver);
  const c0 = cycles(s2, a2);
  s2.update(a2, 'new_message', newMessage(b2, new Uint8Array(64)));
  const theirs = Number(cycles(s2, a2) - c0);
  console.log(`  maf new_message: test host ${ours}, ic-wasm __get_cycles ${theirs}`);
  assert.ok(Math.abs(ours - theirs) / theirs < 0.1, `${ours} vs ${theirs}`);
});

run('maf in the IC test host');
