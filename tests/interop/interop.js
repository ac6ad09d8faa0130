// Interop between asyncflow's Candid codec and the IC's own JavaScript library.
//
//   node interop.js DRIVER WORKDIR
//
// (a) Encodes every case with @dfinity/candid and writes it, with the expected frames as JSON,
//     for DRIVER (asyncflow_wire_interop_driver), which must decode each back exactly.
// (b) Decodes what DRIVER encoded with @dfinity/candid and compares it with the original values;
//     for cases encoded at our own types, the bytes must also be identical.
// Exit 0: all agree; 1: a disagreement; 77: @dfinity/candid is not installed (CTest SKIP).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

let IDL;
try {
  ({ IDL } = require('@dfinity/candid'));
} catch (e) {
  console.log('[  SKIPPED ] @dfinity/candid is not installed (npm ci could not reach the registry?)');
  process.exit(77);
}
// The installed version (the package does not export its package.json): walk up from its entry.
function installedVersion(name) {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.name === name) return manifest.version;
    }
  }
  return 'unknown';
}
const candidVersion = installedVersion('@dfinity/candid');

const [driver, workdir] = process.argv.slice(2);
if (!driver || !workdir) {
  console.error('usage: node interop.js DRIVER WORKDIR');
  process.exit(2);
}

// Our interface (docs/asyncflow.did).
const Blob = IDL.Vec(IDL.Nat8);
const New = IDL.Record({ msg_id: IDL.Nat, payload: Blob });
const Ack = IDL.Record({ msg_id: IDL.Nat, hash: IDL.Opt(IDL.Nat32), payload: Blob });
const Fin = IDL.Record({ msg_id: IDL.Nat, hash: IDL.Opt(IDL.Nat32) });
const Frame = IDL.Variant({ NEW: New, ACK: Ack, FIN: Fin });
const Batch = IDL.Vec(Frame);
const typeOfForm = { new: New, ack: Ack, fin: Fin, frame: Frame, batch: Batch };

// The Motoko `maf` library's frame: no hash fields.
const MafNew = IDL.Record({ msg_id: IDL.Nat, payload: Blob });
const MafAck = IDL.Record({ msg_id: IDL.Nat, payload: Blob });
const MafFin = IDL.Record({ msg_id: IDL.Nat });
const MafFrame = IDL.Variant({ NEW: MafNew, ACK: MafAck, FIN: MafFin });

// docs/asyncflow.did must declare exactly these types and methods.
function checkDidFile() {
  const { parseDid } = require('./did.js');
  const didPath = path.join(__dirname, '..', '..', 'docs', 'asyncflow.did');
  const did = parseDid(fs.readFileSync(didPath, 'utf8'), IDL);
  const problems = [];
  const want = { New, Ack, Fin, Frame };
  for (const [name, type] of Object.entries(want)) {
    const declared = did.definitions[name];
    if (!declared || declared.display() !== type.display()) problems.push(`type ${name} differs`);
  }
  const methods = { com_asyncFlow_newMessage: [New], com_asyncFlow_ack: [Ack], com_asyncFlow_ackack: [Fin], asyncFlow: [Batch] };
  const declaredNames = Object.keys(did.methods).sort();
  if (declaredNames.join() !== Object.keys(methods).sort().join()) problems.push(`methods are ${declaredNames.join(', ')}`);
  for (const [name, args] of Object.entries(methods)) {
    const m = did.methods[name];
    if (!m || m.results.length !== 0 || m.args.map((t) => t.display()).join() !== args.map((t) => t.display()).join()) {
      problems.push(`method ${name} differs`);
    }
  }
  for (const p of problems) console.log(`FAIL docs/asyncflow.did: ${p}`);
  if (!problems.length) console.log('docs/asyncflow.did declares exactly the types and methods tested here');
  return problems.length;
}

const NAT128_MAX = (1n << 128n) - 1n;

// Deterministic bytes (xorshift32), so a failure reproduces.
function bytes(length, seed) {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

// Frames as JS values of our types: { NEW: { msg_id, payload } } etc.; opt as [] or [v].
const newFrame = (id, payload) => ({ NEW: { msg_id: id, payload } });
const ackFrame = (id, hash, payload) => ({ ACK: { msg_id: id, hash: hash === null ? [] : [hash], payload } });
const finFrame = (id, hash) => ({ FIN: { msg_id: id, hash: hash === null ? [] : [hash] } });
const inner = (frame) => Object.values(frame)[0];

// The JSON the C++ side reads: msg_id as an exact integer literal, payload hex, hash or null.
function frameJson(frame) {
  const [tag, body] = Object.entries(frame)[0];
  const parts = [`"msg_id": ${body.msg_id.toString()}`];
  if ('hash' in body) parts.push(`"hash": ${body.hash.length ? body.hash[0] : 'null'}`);
  if ('payload' in body) parts.push(`"payload": "${Buffer.from(body.payload).toString('hex')}"`);
  return `{"${tag}": {${parts.join(', ')}}}`;
}
const documentJson = (form, frames) =>
  form === 'batch' ? `[${frames.map(frameJson).join(',\n')}]` : frameJson(frames[0]);

function manyFrames(count, seed) {
  const ids = [0n, 1n, 127n, 128n, (1n << 64n) - 1n, 1n << 64n, NAT128_MAX, 0x0190_0000_0000_0000_0000_0000_0000_0001n];
  const frames = [];
  for (let i = 0; i < count; i++) {
    const id = i < ids.length ? ids[i] : (BigInt(i) * 0x9e3779b97f4a7c15n + BigInt(seed)) & NAT128_MAX;
    const payload = bytes(i % 37, seed + i);
    const hash = i % 4 === 0 ? null : (i * 2654435761) >>> 0;
    if (i % 3 === 0) frames.push(newFrame(id, payload));
    else if (i % 3 === 1) frames.push(ackFrame(id, hash, payload));
    else frames.push(finFrame(id, hash));
  }
  return frames;
}

// Each case: frames at our types, the form they travel in, and optionally `wireType` and
// `wireValue` when the bytes are encoded at another (compatible) type, such as maf's.
const MiB = 1 << 20;
const ULID_ID = 0x01900000000000000000000000000abcn;
const cases = [
  { name: 'new_empty_payload_id_0', form: 'new', frames: [newFrame(0n, new Uint8Array())] },
  { name: 'new_1mib_payload_id_max', form: 'new', frames: [newFrame(NAT128_MAX, bytes(MiB, 7))] },
  { name: 'new_small', form: 'new', frames: [newFrame(ULID_ID, Buffer.from('hello'))] },
  { name: 'ack_hash_absent', form: 'ack', frames: [ackFrame(ULID_ID, null, Buffer.from('world'))] },
  { name: 'ack_hash_0', form: 'ack', frames: [ackFrame(0n, 0, new Uint8Array())] },
  { name: 'ack_hash_max_1mib', form: 'ack', frames: [ackFrame(NAT128_MAX, 0xffffffff, bytes(MiB, 9))] },
  { name: 'fin_hash_absent', form: 'fin', frames: [finFrame(NAT128_MAX, null)] },
  { name: 'fin_hash_present', form: 'fin', frames: [finFrame(0n, 0x12345678)] },
  { name: 'frame_new', form: 'frame', frames: [newFrame(1n << 127n, bytes(300, 3))] },
  { name: 'frame_ack', form: 'frame', frames: [ackFrame(0n, 0xdeadbeef, new Uint8Array())] },
  { name: 'frame_fin', form: 'frame', frames: [finFrame(NAT128_MAX, null)] },
  { name: 'batch_0', form: 'batch', frames: [] },
  { name: 'batch_1', form: 'batch', frames: [ackFrame(NAT128_MAX, null, bytes(MiB, 11))] },
  { name: 'batch_1000', form: 'batch', frames: manyFrames(1000, 5) },
  // Encoded at other types our decoder must read (Candid subtyping):
  ...[
    ['maf_new', newFrame(0xffffffffn, Buffer.from([1, 2])), { NEW: { msg_id: 0xffffffffn, payload: Buffer.from([1, 2]) } }],
    ['maf_ack', ackFrame(7n, null, Buffer.from('r')), { ACK: { msg_id: 7n, payload: Buffer.from('r') } }],
    ['maf_fin', finFrame(7n, null), { FIN: { msg_id: 7n } }],
  ].map(([name, ours, maf]) => ({ name, form: 'frame', frames: [ours], wireTypes: [MafFrame], wireValues: [maf] })),
  {
    name: 'maf_batch', form: 'batch', frames: [newFrame(1n, new Uint8Array()), finFrame(1n, null)],
    wireTypes: [IDL.Vec(MafFrame)], wireValues: [[{ NEW: { msg_id: 1n, payload: new Uint8Array() } }, { FIN: { msg_id: 1n } }]],
  },
  {
    name: 'ack_extra_field_bare_hash_extra_arg', form: 'ack', frames: [ackFrame(9n, 77, Buffer.from('x'))],
    wireTypes: [IDL.Record({ msg_id: IDL.Nat, hash: IDL.Nat32, payload: Blob, note: IDL.Text, zz: IDL.Vec(IDL.Opt(IDL.Int)) }), IDL.Text],
    wireValues: [{ msg_id: 9n, hash: 77, payload: Buffer.from('x'), note: 'ignored', zz: [[5n], []] }, 'extra argument'],
  },
  {
    name: 'fin_hash_of_other_type_is_null', form: 'fin', frames: [finFrame(3n, null)],
    wireTypes: [IDL.Record({ msg_id: IDL.Nat, hash: IDL.Opt(IDL.Text) })],
    wireValues: [{ msg_id: 3n, hash: ['not a nat32'] }],
  },
];

fs.mkdirSync(workdir, { recursive: true });
const manifest = [];
let jsFrames = 0;
for (const c of cases) {
  const bin = c.wireTypes
    ? IDL.encode(c.wireTypes, c.wireValues)
    : IDL.encode([typeOfForm[c.form]], [c.form === 'batch' ? c.frames : c.form === 'frame' ? c.frames[0] : inner(c.frames[0])]);
  c.jsBytes = Buffer.from(bin);
  fs.writeFileSync(path.join(workdir, `${c.name}.js.bin`), c.jsBytes);
  fs.writeFileSync(path.join(workdir, `${c.name}.json`), documentJson(c.form, c.frames));
  manifest.push(`${c.name} ${c.form}`);
  jsFrames += c.frames.length;
}
fs.writeFileSync(path.join(workdir, 'manifest.txt'), manifest.join('\n') + '\n');

// (a) the C++ decoder reads what @dfinity/candid wrote.
const run = spawnSync(driver, [workdir], { encoding: 'utf8', maxBuffer: 1 << 24 });
process.stdout.write(run.stdout || '');
process.stderr.write(run.stderr || '');
let failures = run.status === 0 ? 0 : 1;
failures += checkDidFile();
if (run.error) console.log(`FAIL cannot run ${driver}: ${run.error.message}`);

// Compares decoded JS values with the originals (bigint, Uint8Array, opt arrays).
function same(a, b) {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return same(ka, kb) && ka.every((k) => same(a[k], b[k]));
  }
  return a === b;
}
const dropHash = (frame) => {
  const [tag, body] = Object.entries(frame)[0];
  const { hash, ...rest } = body;
  return { [tag]: rest };
};

// (b) @dfinity/candid reads what the C++ encoder wrote.
let identical = 0;
let decodedBack = 0;
let mafReadable = 0;
for (const c of cases) {
  const file = path.join(workdir, `${c.name}.cpp.bin`);
  if (!fs.existsSync(file)) { failures++; continue; }
  // A fresh Uint8Array: small Buffers share a pooled ArrayBuffer that the decoder would read
  // from its start.
  const ours = new Uint8Array(fs.readFileSync(file));
  const type = typeOfForm[c.form];
  let value;
  try {
    [value] = IDL.decode([type], ours);
  } catch (e) {
    console.log(`FAIL ${c.name}: @dfinity/candid cannot decode our bytes: ${e.message}`);
    failures++;
    continue;
  }
  const expected = c.form === 'batch' ? c.frames : c.form === 'frame' ? c.frames[0] : inner(c.frames[0]);
  if (!same(value, expected)) {
    console.log(`FAIL ${c.name}: @dfinity/candid decoded our bytes to other values`);
    failures++;
    continue;
  }
  decodedBack++;
  if (!c.wireTypes) {
    // Encoded at our own types by both sides: the bytes must be the same.
    if (Buffer.compare(Buffer.from(ours), c.jsBytes) === 0) identical++;
    else { console.log(`FAIL ${c.name}: our bytes differ from @dfinity/candid's`); failures++; }
  }
  // maf reads our frames: its type is ours without the hash fields.
  if (c.form === 'frame' || c.form === 'batch') {
    const [maf] = IDL.decode([c.form === 'batch' ? IDL.Vec(MafFrame) : MafFrame], ours);
    const mafExpected = c.form === 'batch' ? c.frames.map(dropHash) : dropHash(c.frames[0]);
    if (same(maf, mafExpected)) mafReadable++;
    else { console.log(`FAIL ${c.name}: read at maf's type, our frame differs`); failures++; }
  }
}

console.log(`@dfinity/candid ${candidVersion}: ${cases.length} cases, ${jsFrames} frames; ` +
  `${decodedBack}/${cases.length} of our encodings decoded to the same values, ` +
  `${identical}/${cases.filter((c) => !c.wireTypes).length} byte-identical, ` +
  `${mafReadable} read at maf's frame type`);
if (failures) {
  console.log(`interop: ${failures} failure(s)`);
  process.exit(1);
}
console.log('interop: all agree');
