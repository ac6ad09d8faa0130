'use strict';
// Where a flow's instructions go: runs N calls (default 1) between two pingpong canisters built
// with names kept, and prints each function's own instructions per call, both sides together.
//   cmake -S canister -B build/canister-names --toolchain cmake/wasm32-wasi.cmake \
//     -DCMAKE_BUILD_TYPE=MinSizeRel -DASYNCFLOW_CANISTER_NAMES=ON && cmake --build build/canister-names
//   node tests/ic/profile-flow.js build/canister-names/pingpong.wasm [N] | c++filt
const fs = require('fs');
const { candid } = require('./lib/harness');
const { Subnet } = require('./host');
const { parseSections, Reader } = require('./host/instrument');

const file = process.argv[2];
const N = Number(process.argv[3] || 1);
if (!file) {
  console.log('usage: node profile-flow.js MODULE_WITH_NAMES.wasm [N]');
  process.exit(2);
}
const wasm = fs.readFileSync(file);
const { IDL } = candid();

// Function names from the "name" custom section (index space includes the imports).
const names = {};
for (const sec of parseSections(wasm).filter((x) => x.id === 0)) {
  const r = new Reader(sec.body);
  if (r.name() !== 'name') continue;
  while (r.pos < r.end) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) for (let n = r.u32(); n > 0; n--) { const i = r.u32(); names[i] = r.name(); }
    r.pos = end;
  }
}
if (!Object.keys(names).length) console.log('(no name section: build with -DASYNCFLOW_CANISTER_NAMES=ON)');

const blob = (b) => Buffer.from(IDL.encode([IDL.Vec(IDL.Nat8)], [Uint8Array.from(b)]));
const s = new Subnet({ seed: 1, profile: true });
const a = s.install(wasm, blob(Buffer.alloc(17)));
const b = s.install(wasm, blob(Buffer.alloc(17)));
s.advanceTime(10);
s.profile(a, true);
s.profile(b, true);
const i0 = s.instructions(a) + s.instructions(b);
const api0 = [s.apiCharges(a), s.apiCharges(b)];
const callee = Buffer.from(Subnet.fromText(b));
for (let i = 0; i < N; i++) {
  s.update(a, 'call', blob(Buffer.concat([Buffer.from([callee.length]), callee, Buffer.alloc(64, 1)])));
  s.runUntilIdle();
}
const total = new Map();
for (const c of [a, b]) for (const [f, n] of s.profile(c)) total.set(f, (total.get(f) || 0) + n);
const all = (s.instructions(a) + s.instructions(b) - i0) / N;
const inFunctions = [...total.values()].reduce((x, y) => x + y, 0) / N;
console.log(`${N} call(s), both sides: ${Math.round(all)} instructions per call, of which ` +
  `${Math.round(all - inFunctions)} are the IC's charges for system-API calls; by function:`);
const api = new Map();
[a, b].forEach((c, k) => {
  for (const [name, n] of Object.entries(s.apiCharges(c))) api.set(name, (api.get(name) || 0) + n - (api0[k][name] || 0));
});
console.log(`system API: ${[...api].filter(([, n]) => n > 0).sort((x, y) => y[1] - x[1])
  .map(([name, n]) => `${name} ${Math.round(n / N)}`).join(', ')}`);
for (const [f, n] of [...total].sort((x, y) => y[1] - x[1]).slice(0, 30)) {
  console.log(`${String(Math.round(n / N)).padStart(8)}  ${names[f] || `function ${f}`}`);
}
