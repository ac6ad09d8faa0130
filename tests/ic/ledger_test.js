'use strict';
// The ledger example pair (canister/examples/ledger.cpp) in the IC test host: transfers both
// ways under faults and upgrades of both sides. Asserted after the window: nothing in flight,
// every transfer settled once, credits exactly once (a done transfer credited, a refunded one
// not, an in-doubt one at most once), and money conserved:
//   balance_a + balance_b + in_doubt_a + in_doubt_b - in_doubt_credited = 2,000,000.
const assert = require('assert/strict');
const path = require('path');
const { test, run, wasmFile, candid, npmPackage } = require('./lib/harness');
const { Subnet } = require('./host');

const wasmDir = process.env.IC_WASM_DIR || path.join(__dirname, '../../build/ic');
const ledger = wasmFile('LEDGER_WASM', path.join(wasmDir, 'canister/ledger.wasm'), 'ledger canister');
const { IDL } = candid();
const { Principal } = npmPackage('@dfinity/principal');

const EMPTY = IDL.encode([], []);
const Balance = IDL.Record({ balance: IDL.Nat64, in_flight: IDL.Nat64, in_doubt: IDL.Nat64, received: IDL.Nat64 });
const Outcome = IDL.Record({ msg_id: IDL.Nat, amount: IDL.Nat64, state: IDL.Nat8 });

function transfer(s, from, to, amount) {
  const r = s.update(from, 'transfer', IDL.encode([IDL.Principal, IDL.Nat64], [Principal.fromText(to), BigInt(amount)]));
  assert.ok(r.reply, JSON.stringify(r.reject));
  return IDL.decode([IDL.Nat], Uint8Array.from(r.reply))[0];
}
const balance = (s, id) => {
  const b = IDL.decode([Balance], Uint8Array.from(s.query(id, 'balance', EMPTY).reply))[0];
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Number(v)]));
};
const outcomes = (s, id) => IDL.decode([IDL.Vec(Outcome)], Uint8Array.from(s.query(id, 'outcomes', EMPTY).reply))[0];

function scenario({ seed, n, faults, upgrades }) {
  const s = new Subnet({ seed, faults: {} });
  const a = s.install(ledger);
  const b = s.install(ledger);
  s.advanceTime(10);
  s.faults = faults;
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let u = 0; u < upgrades; u++) {
    s.scheduleUpgrade(a, ledger, new Uint8Array(0), rand() * n * 20);
    s.scheduleUpgrade(b, ledger, new Uint8Array(0), rand() * n * 20);
  }
  const sent = { [a]: 0, [b]: 0 };
  for (let i = 0; i < n; i++) {
    const from = rand() < 0.5 ? a : b;
    const amount = 1 + Math.floor(rand() * 100);
    transfer(s, from, from === a ? b : a, amount);
    sent[from] += amount;
    s.advanceTime(20);
  }
  s.advanceTime(400_000);
  s.faults = {};
  s.advanceTime(400_000);
  const ba = balance(s, a), bb = balance(s, b);
  const sum = (id, state) => outcomes(s, id).filter((o) => o.state === state).reduce((t, o) => t + Number(o.amount), 0);
  const done = { a: sum(a, 1), b: sum(b, 1) };
  const refunded = { a: sum(a, 2), b: sum(b, 2) };
  assert.equal(outcomes(s, a).length + outcomes(s, b).length, n, 'one record per transfer');
  assert.equal(sum(a, 0) + sum(b, 0), 0, 'nothing in flight after the window');
  assert.equal(ba.in_flight + bb.in_flight, 0);
  assert.equal(done.a + refunded.a + ba.in_doubt, sent[a], 'a: every transfer settled once');
  assert.equal(done.b + refunded.b + bb.in_doubt, sent[b], 'b: every transfer settled once');
  // What b received from a: every done transfer, plus some in-doubt ones, at most once each.
  const doubtCreditedByB = bb.received - done.a;
  const doubtCreditedByA = ba.received - done.b;
  assert.ok(doubtCreditedByB >= 0 && doubtCreditedByB <= ba.in_doubt, `b credited ${bb.received}, a done ${done.a}, in doubt ${ba.in_doubt}`);
  assert.ok(doubtCreditedByA >= 0 && doubtCreditedByA <= bb.in_doubt, `a credited ${ba.received}, b done ${done.b}, in doubt ${bb.in_doubt}`);
  assert.equal(ba.balance + bb.balance + ba.in_doubt + bb.in_doubt - doubtCreditedByA - doubtCreditedByB, 2_000_000,
    'money conserved');
  return { done: done.a + done.b, refunded: refunded.a + refunded.b, inDoubt: ba.in_doubt + bb.in_doubt,
    inDoubtCredited: doubtCreditedByA + doubtCreditedByB, balances: [ba.balance, bb.balance] };
}

test('transfers without faults: all done, money conserved', () => {
  const r = scenario({ seed: 1, n: 200, faults: {}, upgrades: 0 });
  assert.equal(r.refunded + r.inDoubt, 0);
  console.log(`  ${JSON.stringify(r)}`);
});

test('transfers under rejects, callee traps, delays and 10 upgrades of each side: settled once, conserved', () => {
  const r = scenario({ seed: 7, n: 1000, faults: { queueFull: 0.1, calleeTrap: 0.02, performFail: 0.01, delay: 0.3, delayMs: 2000 },
    upgrades: 10 });
  assert.ok(r.refunded > 0, 'callee traps give definite give-ups, refunded');
  console.log(`  amounts: ${JSON.stringify(r)}`);
});

run('ledger canisters in the IC test host');
