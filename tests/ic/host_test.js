'use strict';
// The IC test host checked against the IC interface specification, one rule per case, with the
// probe canister (tests/ic/probe/probe.c, built by tests/ic/build-canisters). Needs no npm
// package. Usage: node host_test.js [probe.wasm]
const assert = require('assert/strict');
const path = require('path');
const { test, run, wasmFile } = require('./lib/harness');
const { Subnet, REJECT, DEFAULT_USER, principal } = require('./host');
const { instrument } = require('./host/instrument');

const probe = wasmFile('PROBE_WASM', process.argv[2] || path.join(__dirname, 'build/probe.wasm'), 'probe canister');

const u32 = (b) => Buffer.from(b).readUInt32LE(0);
const u64 = (b, o = 0) => Buffer.from(b).readBigUInt64LE(o);
const le32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
const reply = (r) => {
  assert.ok(r.reply, `expected a reply, got ${JSON.stringify(r.reject)}`);
  return Buffer.from(r.reply);
};

function fresh(opts = {}) {
  const s = new Subnet({ seed: 11, ...opts });
  const a = s.install(probe);
  const b = s.install(probe);
  return { s, a, b };
}

// The argument of probe's `call`: callee, method, flags, cycles, payload.
function callArg(callee, method, { flags = 0, cycles = 0n, payload = Buffer.alloc(0) } = {}) {
  const id = typeof callee === 'string' ? Buffer.from(Subnet.fromText(callee)) : Buffer.from(callee);
  const m = Buffer.from(method);
  const c = Buffer.alloc(8);
  c.writeBigUInt64LE(BigInt(cycles));
  return Buffer.concat([Buffer.from([id.length]), id, Buffer.from([m.length]), m, Buffer.from([flags]), c,
    Buffer.from(payload)]);
}

test('instrumenter exports the table, memory and a counter; imports only ic0', () => {
  const ins = instrument(probe);
  assert.equal(ins.tableExport, '__af_table'); // wasm-ld exports no table unless told to
  assert.equal(ins.memoryExport, 'memory');
  const m = new WebAssembly.Module(ins.wasm);
  const names = WebAssembly.Module.exports(m).map((e) => e.name);
  assert.ok(names.includes('__af_instructions') && names.includes('__af_table'));
  assert.ok(WebAssembly.Module.imports(m).every((i) => i.module === 'ic0'));
});

test('msg_reply: an update replies with the bytes it appended', () => {
  const { s, a } = fresh();
  assert.deepEqual(reply(s.update(a, 'echo', Buffer.from('hello'))), Buffer.from('hello'));
});

test('msg_caller: the ingress sender, and the calling canister for an inter-canister call', () => {
  const { s, a, b } = fresh();
  assert.deepEqual(reply(s.update(a, 'whoami')), Buffer.from(DEFAULT_USER));
  const other = principal.fromText('2vxsx-fae');
  assert.deepEqual(reply(s.update(a, 'whoami', [], { caller: other })), Buffer.from(other));
  const r = reply(s.update(a, 'call', callArg(b, 'whoami')));
  assert.equal(r[0], 'R'.charCodeAt(0));
  assert.deepEqual(r.subarray(1), Buffer.from(Subnet.fromText(a)));
  assert.deepEqual(reply(s.update(a, 'self')), Buffer.from(Subnet.fromText(a)));
});

test('msg_reject: the caller sees CANISTER_REJECT (4) with the message', () => {
  const { s, a } = fresh();
  assert.deepEqual(s.update(a, 'reject_me').reject, { code: REJECT.CANISTER_REJECT, message: 'no thanks' });
});

test('no response: the call context closes with CANISTER_ERROR (5)', () => {
  const { s, a } = fresh();
  assert.equal(s.update(a, 'no_reply').reject.code, REJECT.CANISTER_ERROR);
});

test('replying twice traps; msg_reject_code outside a callback traps', () => {
  const { s, a } = fresh();
  const r = s.update(a, 'reply_twice');
  assert.equal(r.reject.code, REJECT.CANISTER_ERROR);
  assert.match(r.reject.message, /already been responded/);
  assert.match(s.update(a, 'reject_code_in_update').reject.message, /cannot be called from context U/);
});

test('a method the module does not export is rejected with CANISTER_ERROR', () => {
  const { s, a } = fresh();
  assert.equal(s.update(a, 'nope').reject.code, REJECT.CANISTER_ERROR);
  assert.equal(s.query(a, 'nope').reject.code, REJECT.CANISTER_ERROR);
});

test('heap state persists between messages; a trap rolls back heap, stable writes and the timer', () => {
  const { s, a } = fresh();
  assert.equal(u32(reply(s.update(a, 'inc'))), 1);
  assert.equal(u32(reply(s.update(a, 'inc'))), 2);
  const r = s.update(a, 'inc_then_trap');
  assert.equal(r.reject.code, REJECT.CANISTER_ERROR);
  assert.match(r.reject.message, /on purpose/);
  assert.equal(u32(reply(s.query(a, 'get'))), 2);
  assert.equal(u32(reply(s.query(a, 'stable_byte_100'))), 0); // the stable write was discarded
  assert.equal(u64(reply(s.update(a, 'timer_now'))), 0n); // so was global_timer_set
  assert.equal(s.stats(a).traps, 1);
});

test('queries: answered, their state changes discarded', () => {
  const { s, a } = fresh();
  assert.deepEqual(reply(s.query(a, 'echo_query', Buffer.from('q'))), Buffer.from('q'));
  assert.equal(u32(reply(s.query(a, 'inc_query'))), 1);
  assert.equal(u32(reply(s.query(a, 'inc_query'))), 1);
  assert.equal(u32(reply(s.query(a, 'get'))), 0);
});

test('call_new/call_perform: the reply callback runs with the callee reply', () => {
  const { s, a, b } = fresh();
  const r = reply(s.update(a, 'call', callArg(b, 'echo', { payload: Buffer.from('ping') })));
  assert.equal(r.toString(), 'Rping');
  assert.equal(s.counts.calls, 1);
});

test('reject callback: CANISTER_REJECT from msg_reject, CANISTER_ERROR from a callee trap', () => {
  const { s, a, b } = fresh();
  let r = reply(s.update(a, 'call', callArg(b, 'reject_me')));
  assert.equal(String.fromCharCode(r[0]), 'J');
  assert.equal(r[1], REJECT.CANISTER_REJECT);
  assert.equal(r.subarray(10).toString(), 'no thanks');
  r = reply(s.update(a, 'call', callArg(b, 'inc_then_trap')));
  assert.equal(r[1], REJECT.CANISTER_ERROR);
  assert.equal(u32(reply(s.query(b, 'get'))), 0);
});

test('a call to a canister that does not exist: DESTINATION_INVALID (3)', () => {
  const { s, a } = fresh();
  const r = reply(s.update(a, 'call', callArg(principal.canisterIdBytes(99), 'echo')));
  assert.equal(r[1], REJECT.DESTINATION_INVALID);
});

test('a call to a stopped canister: CANISTER_ERROR; stop waits for open call contexts', () => {
  const { s, a, b } = fresh();
  assert.equal(s.stop(b), 'stopped');
  const r = reply(s.update(a, 'call', callArg(b, 'echo')));
  assert.equal(r[1], REJECT.CANISTER_ERROR);
  s.start(b);
  const h = s.update(a, 'call', callArg(b, 'echo'), { wait: false });
  s.step(); // a runs `call`: its call context stays open until the callback
  assert.equal(s.stop(a), 'stopping');
  s.runUntilIdle();
  assert.ok(h.done);
  assert.equal(s.status(a), 'stopped');
});

test('a trap in the reply callback runs call_on_cleanup; the caller gets CANISTER_ERROR', () => {
  const { s, a, b } = fresh();
  const r = s.update(a, 'call', callArg(b, 'echo', { flags: 2 | 4 }));
  assert.equal(r.reject.code, REJECT.CANISTER_ERROR);
  assert.equal(u32(reply(s.query(a, 'cleanups'))), 1);
});

test('cycles: attached cycles are accepted in part, the rest refunded to the caller', () => {
  const { s, a, b } = fresh();
  const before = s.cycles(a);
  const r = reply(s.update(a, 'call', callArg(b, 'accept_half', { cycles: 1000n })));
  assert.equal(r[0], 'R'.charCodeAt(0));
  assert.equal(u64(r, 1), 1000n);
  assert.equal(u64(r, 9), 500n);
  assert.equal(before - s.cycles(a), 500n);
  // A reject refunds all of it, and the reject callback reads it with msg_cycles_refunded128.
  const j = reply(s.update(a, 'call', callArg(b, 'reject_me', { cycles: 700n })));
  assert.equal(u64(j, 2), 700n);
  assert.equal(before - s.cycles(a), 500n);
});

test('faults: queueFull gives SYS_TRANSIENT, performFail a synchronous error 2, best-effort drop SYS_UNKNOWN', () => {
  let { s, a, b } = fresh({ faults: { queueFull: 1 } });
  assert.equal(reply(s.update(a, 'call', callArg(b, 'echo')))[1], REJECT.SYS_TRANSIENT);
  ({ s, a, b } = fresh({ faults: { performFail: 1 } }));
  assert.equal(reply(s.update(a, 'call', callArg(b, 'echo'))).toString('latin1', 0, 1), 'S');
  ({ s, a, b } = fresh({ faults: { bestEffortDrop: 1 } }));
  const t0 = s.timeNs();
  assert.equal(reply(s.update(a, 'call', callArg(b, 'echo', { flags: 1 })))[1], REJECT.SYS_UNKNOWN);
  assert.ok(s.timeNs() - t0 >= 10_000_000_000n, 'a dropped best-effort call answers at its deadline');
});

test('global timer: fires once at its time, not before; returns the previous deadline', () => {
  const { s, a } = fresh();
  assert.equal(u64(reply(s.update(a, 'set_timer', le32(1000)))), 0n);
  s.advanceTime(999);
  assert.equal(u32(reply(s.query(a, 'timer_fired'))), 0);
  s.advanceTime(2);
  assert.equal(u32(reply(s.query(a, 'timer_fired'))), 1);
  s.advanceTime(5000);
  assert.equal(u32(reply(s.query(a, 'timer_fired'))), 1, 'one-shot');
  s.update(a, 'set_timer', le32(1000));
  const prev = u64(reply(s.update(a, 'set_timer', le32(0))));
  assert.ok(prev > 0n);
  s.advanceTime(5000);
  assert.equal(u32(reply(s.query(a, 'timer_fired'))), 1, 'cancelled with 0');
});

test('time: nanoseconds, moves with the virtual clock, never backwards', () => {
  const { s, a } = fresh();
  const t1 = u64(reply(s.update(a, 'time')));
  s.advanceTime(1500);
  const t2 = u64(reply(s.update(a, 'time')));
  assert.equal(t2 - t1, 1_500_000_000n);
});

test('stable memory: reads back what was written; out of bounds traps', () => {
  const { s, a } = fresh();
  const data = Buffer.alloc(70000, 7);
  assert.equal(u32(reply(s.update(a, 'stable_put', data))), 70000);
  assert.deepEqual(reply(s.query(a, 'stable_get')), data);
  assert.match(s.update(a, 'stable_oob').reject.message, /out of bounds/);
});

test('upgrade: stable memory kept, heap reset, timer deactivated; pre_upgrade runs on the old instance', () => {
  const { s, a } = fresh();
  s.update(a, 'stable_put', Buffer.from('kept'));
  for (let i = 0; i < 3; i++) s.update(a, 'inc');
  s.update(a, 'set_timer', le32(1000));
  const up = s.upgrade(a, probe);
  assert.ok(up.ok, up.trap);
  assert.ok(up.instructions > 0);
  assert.deepEqual(reply(s.query(a, 'stable_get')), Buffer.from('kept'));
  assert.equal(u32(reply(s.query(a, 'get'))), 0, 'the heap is fresh');
  assert.equal(u32(reply(s.query(a, 'restored'))), 3, 'pre_upgrade saw the old heap');
  assert.equal(u64(reply(s.update(a, 'timer_now'))), 0n, 'the timer is deactivated');
  s.advanceTime(2000);
  assert.equal(u32(reply(s.query(a, 'timer_fired'))), 0);
});

test('a failed upgrade is rolled back: the old module, heap and stable memory stay', () => {
  const { s, a } = fresh();
  s.update(a, 'inc');
  const bad = Buffer.from(probe);
  bad[8] = 0xff; // break the first section
  const up = s.upgrade(a, bad);
  assert.equal(up.ok, false);
  assert.equal(u32(reply(s.query(a, 'get'))), 1);
});

test('performance_counter(0) counts instructions within the message', () => {
  const { s, a } = fresh();
  const r = reply(s.update(a, 'perf'));
  const d = u64(r, 8) - u64(r, 0);
  assert.ok(d > 1000n && d < 20000n, `loop of 1000 iterations counted ${d}`);
  assert.ok(s.instructions(a) >= Number(d));
});

test('debug_print lines are kept in the log; the same seed gives the same run', () => {
  const { s, a } = fresh();
  s.update(a, 'print', Buffer.from('hello log'));
  assert.ok(s.logs(a).includes('hello log'));
  const runOnce = () => {
    const x = fresh({ faults: { queueFull: 0.5 } });
    const out = [];
    for (let i = 0; i < 20; i++) out.push(reply(x.s.update(x.a, 'call', callArg(x.b, 'echo')))[0]);
    return out.join(',');
  };
  assert.equal(runOnce(), runOnce());
});

test('guaranteed-response calls between one pair are delivered in order, even with delays', () => {
  const s = new Subnet({ seed: 5, faults: { delay: 1, delayMs: 300 } });
  const a = s.install(probe);
  const b = s.install(probe);
  const hs = [];
  for (let i = 0; i < 10; i++) hs.push(s.update(a, 'call', callArg(b, 'inc'), { wait: false }));
  s.runUntilIdle();
  const got = hs.map((h) => u32(Buffer.from(h.result.reply).subarray(1)));
  // Each request ran `inc` on b: in FIFO order the n-th request sees the counter at n.
  const requestsInOrder = [...got].sort((x, y) => x - y);
  assert.deepEqual(requestsInOrder, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(got, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

run('ic host');
