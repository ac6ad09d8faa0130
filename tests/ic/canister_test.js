'use strict';
// asyncflow canisters (canister/, the pingpong example) in the IC test host: a call completes
// exactly once; with faults by seed still exactly one outcome per call and at most one delivery;
// upgrades mid-flow lose nothing; a trapping handler leaves no trace; a corrupt stable image
// refuses the upgrade; asyncflow <-> maf. Prints instructions, calls and bytes per flow.
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');
const { test, run, wasmFile, candid, icWasmInstrument } = require('./lib/harness');
const { Subnet, REJECT } = require('./host');

const wasmDir = process.env.IC_WASM_DIR || path.join(__dirname, '../../build/ic');
const pingpong = wasmFile('PINGPONG_WASM', path.join(wasmDir, 'canister/pingpong.wasm'), 'pingpong canister');
const probe = wasmFile('PROBE_WASM', path.join(wasmDir, 'probe.wasm'), 'probe canister');
const { IDL } = candid();

// ---- the example's methods: one Candid blob in, one out (layout in pingpong.cpp) ----
const blob = (bytes) => Buffer.from(IDL.encode([IDL.Vec(IDL.Nat8)], [Uint8Array.from(bytes)]));
const unblob = (r) => {
  assert.ok(r.reply, JSON.stringify(r.reject));
  return Buffer.from(IDL.decode([IDL.Vec(IDL.Nat8)], Uint8Array.from(r.reply))[0]);
};
const EMPTY = Buffer.from(IDL.encode([], []));
const idBytes = (text) => Buffer.from(Subnet.fromText(text));
const callArg = (to, payload) => Buffer.concat([Buffer.from([idBytes(to).length]), idBytes(to), Buffer.from(payload)]);
const initArg = ({ bestEffort = false, everyMessage = false, finDelay = false, cyclesPerNew = 0n, minPayment = 0n } = {}) => {
  const b = Buffer.alloc(17);
  b[0] = (bestEffort ? 1 : 0) | (everyMessage ? 2 : 0) | (finDelay ? 4 : 0);
  b.writeBigUInt64LE(BigInt(cyclesPerNew), 1);
  b.writeBigUInt64LE(BigInt(minPayment), 9);
  return blob(b);
};

function call(s, from, to, payload) {
  const b = unblob(s.update(from, 'call', blob(callArg(to, payload))));
  assert.equal(b[0], 0, `call refused: reason ${b[1]}`);
  return b.subarray(1, 17).toString('hex');
}
function outcomes(s, id) {
  const b = unblob(s.query(id, 'outcomes', EMPTY));
  const out = [];
  let i = 4;
  for (let n = b.readUInt32LE(0); n > 0; n--) {
    const o = { kind: ['', 'Completed', 'Corrupted', 'GaveUp'][b[i]], id: b.subarray(i + 1, i + 17).toString('hex'),
      reason: b[i + 17], phase: b[i + 18], attempts: b.readUInt32LE(i + 19) };
    const len = b.readUInt32LE(i + 23);
    o.payload = b.subarray(i + 27, i + 27 + len);
    i += 27 + len;
    out.push(o);
  }
  return out;
}
function deliveries(s, id) {
  const b = unblob(s.query(id, 'deliveries', EMPTY));
  const out = new Map();
  let i = 4;
  for (let n = b.readUInt32LE(0); n > 0; n--) {
    const len = b[i];
    const key = `${Subnet.toText(b.subarray(i + 1, i + 1 + len))}/${b.subarray(i + 1 + len, i + 17 + len).toString('hex')}`;
    out.set(key, b.readUInt32LE(i + 17 + len));
    i += 21 + len;
  }
  return out;
}
const METRIC_FIELDS = ['calls_awaiting_ack', 'calls_gave_up_remembered', 'requests_awaiting_response',
  'requests_acking', 'dedupe_entries', 'pending_fins', 'retained_bytes', 'peers_with_load', 'timers',
  'refusals_total', 'drops_total', 'calls_accepted', 'completed', 'corrupted', 'gave_up', 'late_completions',
  'delivered', 'responses', 'flows_closed', 'fin_mismatches', 'ack_gave_up', 'transmissions', 'frames_sent',
  'new_retransmissions', 'ack_retransmissions', 'transmissions_received', 'frames_received',
  'duplicate_news_suppressed', 'duplicate_acks', 'duplicate_fins', 'rejects_transient', 'rejects_permanent'];
const MetricsType = IDL.Record(Object.fromEntries(METRIC_FIELDS.map((f) => [f, IDL.Nat64])));
function metrics(s, id) {
  const r = s.query(id, 'metrics', EMPTY);
  assert.ok(r.reply, JSON.stringify(r.reject));
  const m = IDL.decode([MetricsType], Uint8Array.from(r.reply))[0];
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number(v)]));
}
// Nothing in flight and nothing remembered: every flow finished and its window ended.
function assertEmpty(m, who) {
  for (const f of ['calls_awaiting_ack', 'calls_gave_up_remembered', 'requests_awaiting_response', 'requests_acking',
    'dedupe_entries', 'pending_fins', 'retained_bytes', 'timers']) {
    assert.equal(m[f], 0, `${who}: ${f} = ${m[f]}`);
  }
}

function pair(opts = {}) {
  const s = new Subnet({ seed: opts.seed ?? 1, faults: opts.faults });
  const a = s.install(pingpong, initArg(opts));
  const b = s.install(pingpong, initArg(opts));
  s.advanceTime(10); // raw_rand seeds both id generators
  return { s, a, b };
}

// The whole window: retries (8 attempts, 2 s doubling to 16 s) plus the skew allowance.
const WINDOW_MS = 200_000;

test('one call completes exactly once; both kernels are empty after the window', () => {
  const { s, a, b } = pair();
  const i0 = s.instructions(a) + s.instructions(b);
  const c0 = s.counts.calls, b0 = s.counts.bytes;
  const id = call(s, a, b, Buffer.alloc(64, 1));
  s.runUntilIdle();
  const perFlow = s.instructions(a) + s.instructions(b) - i0;
  const out = outcomes(s, a);
  assert.equal(out.length, 1);
  assert.equal(out[0].kind, 'Completed');
  assert.equal(out[0].id, id);
  assert.deepEqual(out[0].payload, Buffer.concat([Buffer.from('echo:'), Buffer.alloc(64, 1)]));
  assert.deepEqual([...deliveries(s, b).entries()], [[`${a}/${id}`, 1]]);
  const notices = unblob(s.query(b, 'notices', EMPTY));
  assert.equal(notices.readUInt32LE(0), 1, 'the receiver saw the flow close');
  console.log(`  one complete flow (64-byte payload), both sides: ${perFlow} instructions, ` +
    `${s.counts.calls - c0} inter-canister calls, ${s.counts.bytes - b0} bytes (method names + arguments + replies)`);
  s.advanceTime(WINDOW_MS);
  assertEmpty(metrics(s, a), 'caller');
  assertEmpty(metrics(s, b), 'receiver');
  assert.equal(metrics(s, a).completed, 1);
  assert.equal(metrics(s, b).delivered, 1);
  assert.equal(s.stats(a).traps + s.stats(b).traps, 0);
  assert.equal(s.status(a), 'running');
  assert.equal(s.stop(a), 'stopped', 'no call context is left open');
});

test('the host counts a flow as ic-wasm instrument (the IC\'s cost function) does, within 10 %', () => {
  const instrumented = icWasmInstrument(pingpong);
  if (!instrumented) return console.log('  skipped: ic-wasm is not installed (tests/ic/npm-ci)');
  const cycles = (s, id) => IDL.decode([IDL.Int64], Uint8Array.from(s.query(id, '__get_cycles', EMPTY).reply))[0];
  const flow = (wasm, count) => {
    const s = new Subnet({ seed: 1 });
    const a = s.install(wasm, initArg()), b = s.install(wasm, initArg());
    s.advanceTime(10);
    const c0 = count(s, a) + count(s, b);
    call(s, a, b, Buffer.alloc(64, 1));
    s.runUntilIdle();
    return Number(count(s, a) + count(s, b) - c0);
  };
  const ours = flow(pingpong, (s, id) => BigInt(s.instructions(id)));
  const theirs = flow(instrumented, cycles);
  console.log(`  one flow: test host ${ours}, ic-wasm __get_cycles ${theirs}`);
  assert.ok(Math.abs(ours - theirs) / theirs < 0.1, `${ours} vs ${theirs}`);
});

test('http_request serves the metrics as Prometheus text; metrics as a Candid record', () => {
  const { s, a, b } = pair();
  call(s, a, b, 'm');
  s.runUntilIdle();
  const Header = IDL.Tuple(IDL.Text, IDL.Text);
  const Request = IDL.Record({ method: IDL.Text, url: IDL.Text, headers: IDL.Vec(Header), body: IDL.Vec(IDL.Nat8) });
  const Response = IDL.Record({ status_code: IDL.Nat16, headers: IDL.Vec(Header), body: IDL.Vec(IDL.Nat8) });
  const req = IDL.encode([Request], [{ method: 'GET', url: '/metrics', headers: [], body: [] }]);
  const r = s.query(a, 'http_request', req);
  assert.ok(r.reply, JSON.stringify(r.reject));
  const res = IDL.decode([Response], Uint8Array.from(r.reply))[0];
  assert.equal(res.status_code, 200);
  assert.deepEqual(res.headers, [['content-type', 'text/plain; version=0.0.4']]);
  const text = Buffer.from(res.body).toString();
  assert.match(text, /# TYPE asyncflow_completed counter\nasyncflow_completed 1\n/);
  assert.match(text, /# TYPE asyncflow_dedupe_entries gauge\nasyncflow_dedupe_entries 0\n/);
  assert.equal(metrics(s, a).completed, 1);
});

const Ack = IDL.Record({ msg_id: IDL.Nat, hash: IDL.Opt(IDL.Nat32), payload: IDL.Vec(IDL.Nat8) });
const New = IDL.Record({ msg_id: IDL.Nat, payload: IDL.Vec(IDL.Nat8) });

test('a response given in a later message, and the caller is the peer: nobody else can answer', () => {
  const { s, a, b } = pair();
  const c = s.install(pingpong, initArg());
  const id = call(s, a, b, 'later:x');
  s.runUntilIdle();
  assert.equal(outcomes(s, a).length, 0);
  // c sends an ACK for a's flow id: flows are keyed by (caller, id), so it is not b's flow.
  const forged = IDL.encode([Ack], [{ msg_id: BigInt(`0x${id}`), hash: [], payload: [...Buffer.from('forged')] }]);
  assert.ok(s.update(a, 'com_asyncFlow_ack', forged, { caller: c }).reply);
  s.runUntilIdle();
  assert.equal(outcomes(s, a).length, 0, 'a forged ACK from another principal completed nothing');
  assert.equal(metrics(s, a).duplicate_acks, 1);
  const n = unblob(s.update(b, 'respond_pending', EMPTY)).readUInt32LE(0);
  assert.equal(n, 1);
  s.runUntilIdle();
  const out = outcomes(s, a);
  assert.equal(out.length, 1);
  assert.equal(out[0].id, id);
  assert.equal(out[0].payload.toString(), 'later');
  assert.equal(outcomes(s, c).length, 0);
});

test('malformed protocol arguments are rejected (CANISTER_REJECT, the decode error named); state untouched', () => {
  const { s, a } = pair();
  let r = s.update(a, 'com_asyncFlow_newMessage', Buffer.from('not candid'));
  assert.equal(r.reject.code, REJECT.CANISTER_REJECT);
  assert.match(r.reject.message, /cannot decode com_asyncFlow_newMessage: BadMagic/);
  r = s.update(a, 'asyncFlow', IDL.encode([IDL.Text], ['hello']));
  assert.equal(r.reject.code, REJECT.CANISTER_REJECT);
  const big = IDL.encode([New], [{ msg_id: 1n, payload: new Uint8Array(1_100_000) }]);
  r = s.update(a, 'com_asyncFlow_newMessage', big);
  assert.equal(r.reject.code, REJECT.CANISTER_REJECT, 'a payload over payload_bytes_max');
  const m = metrics(s, a);
  assert.equal(m.frames_received, 0);
  assert.equal(m.delivered, 0);
});

function faultRun({ seed, faults, calls, bestEffort = false, upgrades = 0, everyMessage = false, finDelay = false }) {
  const { s, a, b } = pair({ seed, bestEffort, everyMessage, finDelay });
  s.faults = faults;
  const ids = [];
  const arg = initArg({ bestEffort, everyMessage, finDelay });
  for (let i = 0; i < calls; i++) {
    const from = i % 3 === 2 ? b : a; // both directions
    const to = from === a ? b : a;
    // Ingress itself is not faulted by the host; the calls between the canisters are.
    ids.push({ from, to, id: call(s, from, to, `p${i}`) });
    s.advanceTime(50);
  }
  for (let u = 0; u < upgrades; u++) {
    s.scheduleUpgrade(u % 2 ? a : b, pingpong, arg, 100 + u * 1500);
  }
  s.advanceTime(WINDOW_MS);
  s.faults = {};
  s.advanceTime(WINDOW_MS);
  return { s, a, b, ids };
}

function checkExactlyOnce({ s, a, b, ids }, label) {
  const outs = new Map();
  for (const c of [a, b]) for (const o of outcomes(s, c)) {
    assert.ok(!outs.has(`${c}/${o.id}`), `${label}: two outcomes for ${o.id}`);
    outs.set(`${c}/${o.id}`, o);
  }
  const dels = new Map([...deliveries(s, a), ...deliveries(s, b)]);
  const tally = { Completed: 0, GaveUp: 0, Corrupted: 0 };
  for (const c of ids) {
    const o = outs.get(`${c.from}/${c.id}`);
    assert.ok(o, `${label}: no outcome for ${c.id}`);
    tally[o.kind]++;
    const d = dels.get(`${c.from}/${c.id}`) || 0;
    assert.ok(d <= 1, `${label}: ${c.id} delivered ${d} times`);
    if (o.kind === 'Completed') assert.equal(d, 1, `${label}: completed but delivered ${d} times`);
    if (o.kind === 'GaveUp' && o.phase === 1) assert.equal(d, 0, `${label}: NeverDelivered yet delivered`);
  }
  assert.equal(outs.size, ids.length, `${label}: outcomes for calls nobody made`);
  assertEmpty(metrics(s, a), `${label} a`);
  assertEmpty(metrics(s, b), `${label} b`);
  return tally;
}

test('faults by seed (queue full, delays, perform failures, callee traps): one outcome per call, at most one delivery', () => {
  for (const seed of [1, 2, 3]) {
    const r = faultRun({ seed, calls: 60, faults: { queueFull: 0.2, delay: 0.5, delayMs: 3000, performFail: 0.05 } });
    const t = checkExactlyOnce(r, `seed ${seed}`);
    // Transient faults only: every call must complete.
    assert.equal(t.Completed, 60, `seed ${seed}: ${JSON.stringify(t)}`);
    assert.ok(r.s.counts.rejects[REJECT.SYS_TRANSIENT] > 0);
  }
  const r = faultRun({ seed: 9, calls: 60, faults: { queueFull: 0.1, calleeTrap: 0.05, delay: 0.3, delayMs: 1000 } });
  const t = checkExactlyOnce(r, 'calleeTrap');
  console.log(`  with callee traps (CANISTER_ERROR is permanent): ${JSON.stringify(t)}`);
});

test('best-effort calls with drops (SYS_UNKNOWN: may have arrived): one outcome per call, at most one delivery', () => {
  const r = faultRun({ seed: 4, calls: 60, bestEffort: true, faults: { bestEffortDrop: 0.2, delay: 0.3, delayMs: 2000 } });
  const t = checkExactlyOnce(r, 'best-effort');
  assert.ok(r.s.counts.rejects[REJECT.SYS_UNKNOWN] > 0);
  assert.equal(t.Completed, 60, JSON.stringify(t));
});

test('upgrades of both sides at random points mid-flow lose nothing (snapshot in pre_upgrade)', () => {
  const r = faultRun({ seed: 5, calls: 60, upgrades: 8, faults: { queueFull: 0.1, delay: 0.3, delayMs: 1000 } });
  const t = checkExactlyOnce(r, 'upgrades');
  assert.equal(t.Completed, 60, JSON.stringify(t));
});

test('FINs batched with later frames (fin_delay 1 s, the asyncFlow method) under faults and upgrades: exactly once', () => {
  const r = faultRun({ seed: 8, calls: 60, upgrades: 4, finDelay: true,
    faults: { queueFull: 0.1, delay: 0.3, delayMs: 1000, performFail: 0.02 } });
  assert.equal(checkExactlyOnce(r, 'fin delay').Completed, 60);
  assert.ok(r.s.stats(r.b).messages > 0);
});

test('upgrades with the image written after every message lose nothing either', () => {
  const r = faultRun({ seed: 6, calls: 30, upgrades: 6, everyMessage: true, faults: { queueFull: 0.1 } });
  assert.equal(checkExactlyOnce(r, 'every message').Completed, 30);
});

test('an upgrade between delivery and respond keeps the request; the timer is re-armed', () => {
  const { s, a, b } = pair();
  const id = call(s, a, b, 'later:y');
  s.runUntilIdle();
  assert.ok(s.upgrade(b, pingpong, initArg()).ok);
  assert.ok(s.upgrade(a, pingpong, initArg()).ok);
  assert.equal(unblob(s.update(b, 'respond_pending', EMPTY)).readUInt32LE(0), 1);
  s.advanceTime(WINDOW_MS);
  const out = outcomes(s, a);
  assert.equal(out.length, 1);
  assert.equal(out[0].id, id);
  assert.equal(out[0].kind, 'Completed');
  assertEmpty(metrics(s, a), 'a');
  assertEmpty(metrics(s, b), 'b');
});

test('upgrade cost: instructions of pre_upgrade + post_upgrade with N remembered ids', () => {
  const { s, a, b } = pair();
  const costs = [];
  let made = 0;
  const sizes = (process.env.IC_UPGRADE_SIZES || '10,100,1000').split(',').map(Number);
  for (const n of sizes) {
    for (; made < n; made++) call(s, a, b, 'x');
    s.runUntilIdle();
    const up = s.upgrade(b, pingpong, initArg());
    assert.ok(up.ok, up.trap);
    costs.push(`${n}: ${up.instructions}`);
  }
  assert.equal(metrics(s, b).dedupe_entries, sizes[sizes.length - 1]);
  console.log(`  receiver upgrade instructions by remembered ids: ${costs.join(', ')} (IC limit 300e9)`);
});

test('a trapping handler rolls the message back: no delivery recorded, kernel and app agree', () => {
  const { s, a, b } = pair();
  const id = call(s, a, b, 'trap:now');
  s.advanceTime(WINDOW_MS);
  const out = outcomes(s, a);
  assert.equal(out.length, 1);
  assert.equal(out[0].id, id);
  assert.equal(out[0].kind, 'GaveUp');
  assert.equal(out[0].phase, 1, 'NeverDelivered: the trap proves it was not processed');
  assert.equal(out[0].payload[0], REJECT.CANISTER_ERROR);
  assert.equal(deliveries(s, b).size, 0);
  assert.equal(metrics(s, b).delivered, 0);
  assertEmpty(metrics(s, b), 'receiver');
});

test('a stable image that is not ours traps the upgrade, which is rolled back', () => {
  const s = new Subnet({ seed: 2 });
  const p = s.install(probe);
  s.update(p, 'stable_put', Buffer.from('not an asyncflow image'));
  const up = s.upgrade(p, pingpong, initArg());
  assert.equal(up.ok, false);
  assert.match(up.trap, /no asyncflow image/);
  assert.equal(Buffer.from(s.query(p, 'stable_get').reply).toString(), 'not an asyncflow image');
  // And a corrupted image of ours (one byte flipped in the body) is refused by its checksum.
  const { s: s2, a, b } = pair();
  call(s2, a, b, 'x');
  s2.runUntilIdle();
  assert.ok(s2.upgrade(b, probe).ok); // pingpong's pre_upgrade writes the image; probe keeps it
  s2.canister(b).stable[40] ^= 0xff; // the first byte after the 40-byte header
  const back = s2.upgrade(b, pingpong, initArg());
  assert.equal(back.ok, false);
  assert.match(back.trap, /checksum mismatch/);
  // An image of another version is refused by name, before its checksum is looked at.
  s2.canister(b).stable[40] ^= 0xff;
  s2.canister(b).stable[4] = 9;
  const other = s2.upgrade(b, pingpong, initArg());
  assert.equal(other.ok, false);
  assert.match(other.trap, /stable image version 9 is not one this module reads/);
  s2.canister(b).stable[4] = 1;
  assert.ok(s2.upgrade(b, pingpong, initArg()).ok, 'the image restored as it was reads again');
  assert.equal(outcomes(s2, a).length, 1);
});

test('cycles: each NEW carries the configured cycles; the receiver accepts the minimum payment', () => {
  const s = new Subnet({ seed: 3 });
  const a = s.install(pingpong, initArg({ cyclesPerNew: 5000n, minPayment: 3000n }));
  const b = s.install(pingpong, initArg({ cyclesPerNew: 5000n, minPayment: 3000n }));
  s.advanceTime(10);
  const before = s.cycles(a);
  call(s, a, b, 'pay');
  s.runUntilIdle();
  assert.equal(outcomes(s, a)[0].kind, 'Completed');
  assert.equal(before - s.cycles(a), 3000n, 'the unaccepted 2000 came back');
  // An underpaying caller is dropped by the receiver's admission rule (UnderPaid).
  const cheap = s.install(pingpong, initArg({ cyclesPerNew: 100n }));
  s.advanceTime(10);
  call(s, cheap, b, 'cheap');
  s.runUntilIdle();
  assert.equal(deliveries(s, b).size, 1);
  assert.ok(metrics(s, b).drops_total >= 1);
});

// ---- maf interop (issue 19) ----
const mafBin = process.env.MAF_DIR || path.resolve(__dirname, '../../../shared/peers/maf/bin');
const haveMaf = fs.existsSync(path.join(mafBin, 'receiver.wasm')) && fs.existsSync(path.join(mafBin, 'sender.wasm'));

test('asyncflow -> maf receiver: NEW as maf\'s variant, maf\'s ACK completes the call, our FIN reaches maf', () => {
  if (!haveMaf) return console.log('  skipped: ../shared/peers/maf not found');
  const { s, a } = pair();
  const m = s.install(fs.readFileSync(path.join(mafBin, 'receiver.wasm')));
  unblob(s.update(a, 'set_maf', blob(idBytes(m))));
  const i0 = s.instructions(a), m0 = s.instructions(m);
  const id = call(s, a, m, Buffer.alloc(64, 2));
  s.runUntilIdle();
  const out = outcomes(s, a);
  assert.equal(out.length, 1);
  assert.equal(out[0].kind, 'Completed', JSON.stringify(out[0]));
  assert.equal(out[0].id, id);
  const decimal = BigInt(`0x${id}`).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '_');
  assert.ok(s.logs(m).includes(`#FIN (RECEIVER) SUCCESSFULLY - MSG_ID: ${decimal}`),
    `maf took our FIN (its decoder skipped the hash field): ${s.logs(m).join(' | ')}`);
  console.log(`  asyncflow -> maf flow: asyncflow side ${s.instructions(a) - i0} instructions, ` +
    `maf receiver ${s.instructions(m) - m0} (its com_asyncFlow_fin prints our 128-bit id with debug_show)`);
  s.advanceTime(WINDOW_MS);
  assertEmpty(metrics(s, a), 'asyncflow caller');
});

test('maf sender -> asyncflow: maf\'s 32-bit ids carry no time, so the kernel drops the NEW as TooOld (issue 19)', () => {
  if (!haveMaf) return console.log('  skipped: ../shared/peers/maf not found');
  // The per-peer rule for ids without time (issue 19) is not in the kernel yet: this pins down
  // today's behaviour, nothing delivered, the drop counted, and maf retrying and forgetting.
  const { s, a } = pair();
  const m = s.install(fs.readFileSync(path.join(mafBin, 'sender.wasm')));
  unblob(s.update(a, 'set_maf', blob(idBytes(m))));
  const arg = new Uint8Array(IDL.encode([IDL.Text, IDL.Vec(IDL.Nat8)], [a, new Uint8Array(8)]));
  assert.ok(s.update(m, 'new_message', arg).reply);
  s.advanceTime(10_000);
  assert.equal(deliveries(s, a).size, 0);
  const mt = metrics(s, a);
  assert.ok(mt.drops_total >= 1 && mt.frames_received >= 1, JSON.stringify(mt));
  assert.equal(mt.delivered, 0);
});

run('asyncflow canisters in the IC test host');
