'use strict';
// The scenario of issue 15 item 5 in the IC test host: two asyncflow canisters (pingpong) call
// each other N times (IC_SCENARIO_CALLS, default 10,000) under every fault the host injects,
// best-effort calls, 20 upgrades of each side at random points and stops mid-flow; then the
// window passes. Asserted: one outcome per call, no request delivered twice, every Completed
// delivered, no NeverDelivered delivered, both kernels empty. Prints instructions, inter-canister
// calls and bytes per flow.
const assert = require('assert/strict');
const path = require('path');
const { test, run, wasmFile, candid } = require('./lib/harness');
const { Subnet } = require('./host');

const N = Number(process.env.IC_SCENARIO_CALLS || 10_000);
const UPGRADES = Number(process.env.IC_SCENARIO_UPGRADES || 20);
const wasmDir = process.env.IC_WASM_DIR || path.join(__dirname, '../../build/ic');
const pingpong = wasmFile('PINGPONG_WASM', path.join(wasmDir, 'canister/pingpong.wasm'), 'pingpong canister');
const { IDL } = candid();

const blob = (b) => Buffer.from(IDL.encode([IDL.Vec(IDL.Nat8)], [Uint8Array.from(b)]));
const unblob = (r) => {
  assert.ok(r.reply, JSON.stringify(r.reject));
  return Buffer.from(IDL.decode([IDL.Vec(IDL.Nat8)], Uint8Array.from(r.reply))[0]);
};
const EMPTY = Buffer.from(IDL.encode([], []));

function outcomes(s, id) {
  const b = unblob(s.query(id, 'outcomes', EMPTY));
  const out = new Map();
  let i = 4;
  for (let n = b.readUInt32LE(0); n > 0; n--) {
    const key = b.subarray(i + 1, i + 17).toString('hex');
    assert.ok(!out.has(key), `two outcomes for ${key}`);
    out.set(key, { kind: b[i], phase: b[i + 18] });
    i += 27 + b.readUInt32LE(i + 23);
  }
  return out;
}
function deliveries(s, id) {
  const b = unblob(s.query(id, 'deliveries', EMPTY));
  const out = new Map();
  let i = 4;
  for (let n = b.readUInt32LE(0); n > 0; n--) {
    const len = b[i];
    out.set(`${Subnet.toText(b.subarray(i + 1, i + 1 + len))}/${b.subarray(i + 1 + len, i + 17 + len).toString('hex')}`,
      b.readUInt32LE(i + 17 + len));
    i += 21 + len;
  }
  return out;
}
const GAUGES = ['calls_awaiting_ack', 'calls_gave_up_remembered', 'requests_awaiting_response', 'requests_acking',
  'dedupe_entries', 'pending_fins', 'retained_bytes', 'timers'];
function gauges(s, id) {
  const T = IDL.Record(Object.fromEntries(GAUGES.map((f) => [f, IDL.Nat64])));
  const m = IDL.decode([T], Uint8Array.from(s.query(id, 'metrics', EMPTY).reply))[0];
  return Object.fromEntries(GAUGES.map((f) => [f, Number(m[f])]));
}

test(`${N} calls both ways, every fault, ${UPGRADES} upgrades of each side, stops mid-flow: exactly once`, () => {
  const s = new Subnet({ seed: 2026 });
  const init = blob(Buffer.from([1, ...Buffer.alloc(16)])); // best-effort calls (10 s timeout)
  const a = s.install(pingpong, init);
  const b = s.install(pingpong, init);
  s.advanceTime(10);
  const i0 = s.instructions(a) + s.instructions(b);
  const c0 = s.counts.calls, b0 = s.counts.bytes;
  s.faults = { queueFull: 0.05, calleeTrap: 0.005, bestEffortDrop: 0.05, performFail: 0.01, delay: 0.3, delayMs: 2000 };
  const spacingMs = 10;
  const spanMs = N * spacingMs;
  const rand = (() => { let x = 12345; return () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32); })();
  for (let u = 0; u < UPGRADES; u++) {
    s.scheduleUpgrade(a, pingpong, init, rand() * spanMs);
    s.scheduleUpgrade(b, pingpong, init, rand() * spanMs);
  }
  const stops = new Set(Array.from({ length: 4 }, () => Math.floor(rand() * N)));
  const calls = [];
  let upgradesSeen = 0;
  s.onEvent = (e) => { if (e.type === 'upgrade') upgradesSeen++; };
  for (let i = 0; i < N; i++) {
    const from = i % 2 ? b : a;
    const to = from === a ? b : a;
    if (stops.has(i)) { // a canister stopped mid-flow, started again 200 ms later
      s.stop(to);
      s.advanceTime(200);
      s.start(to);
    }
    if (s.status(from) !== 'running') s.start(from);
    const id = Buffer.from(Subnet.fromText(to));
    const r = unblob(s.update(from, 'call', blob(Buffer.concat([Buffer.from([id.length]), id, Buffer.from(`t${i}`)]))));
    assert.equal(r[0], 0, `call ${i} refused: reason ${r[1]}`);
    calls.push({ from, key: r.subarray(1, 17).toString('hex') });
    s.advanceTime(spacingMs);
  }
  s.advanceTime(400_000);
  s.faults = {};
  s.advanceTime(400_000);
  const outs = { [a]: outcomes(s, a), [b]: outcomes(s, b) };
  const dels = new Map([...deliveries(s, a), ...deliveries(s, b)]);
  const tally = { completed: 0, gaveUpNeverDelivered: 0, gaveUpInDoubt: 0, corrupted: 0, inDoubtDelivered: 0 };
  for (const c of calls) {
    const o = outs[c.from].get(c.key);
    assert.ok(o, `no outcome for ${c.key}`);
    const d = dels.get(`${c.from}/${c.key}`) || 0;
    assert.ok(d <= 1, `${c.key} delivered ${d} times`);
    if (o.kind === 1) { tally.completed++; assert.equal(d, 1, 'Completed but not delivered'); }
    if (o.kind === 2) tally.corrupted++;
    if (o.kind === 3 && o.phase === 1) { tally.gaveUpNeverDelivered++; assert.equal(d, 0, 'NeverDelivered yet delivered'); }
    if (o.kind === 3 && o.phase === 2) { tally.gaveUpInDoubt++; tally.inDoubtDelivered += d; }
  }
  assert.equal(outs[a].size + outs[b].size, N, 'outcomes for calls nobody made');
  assert.equal(dels.size, tally.completed + tally.inDoubtDelivered, 'a delivery no call accounts for');
  assert.equal(tally.corrupted, 0);
  for (const [who, id] of [['a', a], ['b', b]]) {
    const g = gauges(s, id);
    for (const [k, v] of Object.entries(g)) assert.equal(v, 0, `${who}: ${k} = ${v} after the window`);
  }
  assert.equal(upgradesSeen, 2 * UPGRADES, 'every scheduled upgrade ran and succeeded');
  const flows = tally.completed;
  console.log(`  outcomes: ${JSON.stringify(tally)}; upgrades ${upgradesSeen}; rejects by code ${JSON.stringify(s.counts.rejects)}`);
  console.log(`  per completed flow (all messages and timers of both canisters / completed): ` +
    `${Math.round((s.instructions(a) + s.instructions(b) - i0) / flows)} instructions, ` +
    `${((s.counts.calls - c0) / flows).toFixed(2)} inter-canister calls, ${Math.round((s.counts.bytes - b0) / flows)} bytes`);
});

// PocketIC (a real replica's execution) would run the same scenario through @dfinity/pic; that
// driver is not written yet, so this says so instead of passing silently.
if (!process.env.POCKET_IC_BIN) console.log('PocketIC not found: skipped');
else console.log(`PocketIC at ${process.env.POCKET_IC_BIN}: running the scenario there is not implemented yet: skipped`);

run('IC scenario');
