'use strict';
// A small wasm rewriter: it adds an instruction counter and exports what the host must snapshot.
//
// 1. A mutable i64 global counts executed instructions: at the start of every straight-line
//    segment (function entry, after block/loop/if/else/end and after every branch, return or
//    unreachable) it adds the cost of the instructions in that segment, as the IC and
//    `ic-wasm instrument` do, by the IC's cost per instruction (IC_COSTS below; opts.costModel
//    'unit' for 1 each). The injected counting code itself is not counted. Exported as
//    `__af_instructions`.
// 2. Every mutable defined global is exported as `__af_g<index>`, so that the host can save and
//    restore them around a message (a trap discards the message's globals on the IC).
// 3. The first memory is exported as `__af_memory` if the module does not export it already.
// 4. The first table is exported as `__af_table` if the module does not export it already:
//    callbacks (ic0.call_new's reply/reject/cleanup) are table indices, which the host must
//    resolve; wasm-ld does not export the table unless told to (--export-table).
//
// Only 32-bit memories, the MVP instruction set plus sign extension, saturating truncation,
// bulk memory, reference types, multi-value block types and tail calls are decoded; anything
// else (SIMD, threads, memory64) is refused with an error naming the opcode.

const SECTION_ORDER = { 0: -1, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.b = bytes;
    this.pos = pos;
    this.end = end;
  }
  byte() {
    if (this.pos >= this.end) throw new Error(`wasm: unexpected end at byte ${this.pos}`);
    return this.b[this.pos++];
  }
  u32() {
    let result = 0, shift = 0, byte;
    do {
      byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  }
  skipLeb() {
    while (this.byte() & 0x80) {}
  }
  bytes(n) {
    if (this.pos + n > this.end) throw new Error(`wasm: ${n} bytes past the end at ${this.pos}`);
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  name() {
    return Buffer.from(this.bytes(this.u32())).toString('utf8');
  }
}

function uleb(n) {
  const out = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function sleb(n) {
  // n: a non-negative integer below 2^53 (counts), encoded as signed LEB128.
  const out = [];
  let more = true;
  while (more) {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if ((n === 0 && (byte & 0x40) === 0)) more = false;
    else byte |= 0x80;
    out.push(byte);
  }
  return out;
}

function nameBytes(s) {
  const b = Buffer.from(s, 'utf8');
  return [...uleb(b.length), ...b];
}

function parseSections(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('wasm: not a WebAssembly module (bad magic)');
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    throw new Error('wasm: unsupported version');
  }
  const r = new Reader(bytes, 8);
  const sections = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    sections.push({ id, body: bytes.subarray(start, start + size) });
    r.pos = start + size;
  }
  return sections;
}

function skipBlockType(r) {
  const b = r.b[r.pos];
  if (b === 0x40 || b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c || b === 0x7b || b === 0x70 ||
      b === 0x6f) {
    r.pos++;
  } else {
    r.skipLeb(); // s33 type index
  }
}

function skipMemarg(r) {
  const align = r.u32();
  if (align & 0x40) r.u32(); // multi-memory index
  r.u32();
}

// Decodes one instruction's immediates; returns the opcode (prefixed ones as 0xfc00 + sub).
function skipInstruction(r) {
  const op = r.byte();
  if (op >= 0x45 && op <= 0xc4) return op; // numeric, no immediates
  if (op >= 0x28 && op <= 0x3e) {
    skipMemarg(r);
    return op;
  }
  switch (op) {
    case 0x00: case 0x01: case 0x05: case 0x0b: case 0x0f: case 0x1a: case 0x1b: case 0xd1:
      return op;
    case 0x02: case 0x03: case 0x04:
      skipBlockType(r);
      return op;
    case 0x0c: case 0x0d: case 0x10: case 0x12:
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0xd2:
      r.u32();
      return op;
    case 0x0e: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      return op;
    }
    case 0x11: case 0x13:
      r.u32();
      r.u32();
      return op;
    case 0x1c: {
      const n = r.u32();
      r.bytes(n);
      return op;
    }
    case 0x3f: case 0x40:
      r.u32();
      return op;
    case 0x41: case 0x42:
      r.skipLeb();
      return op;
    case 0x43:
      r.bytes(4);
      return op;
    case 0x44:
      r.bytes(8);
      return op;
    case 0xd0:
      r.byte();
      return op;
    case 0xfc: {
      const sub = r.u32();
      if (sub <= 7) return 0xfc00 + sub;
      switch (sub) {
        case 8: r.u32(); r.u32(); break;
        case 9: case 13: case 15: case 16: case 17: r.u32(); break;
        case 10: case 12: case 14: r.u32(); r.u32(); break;
        case 11: r.u32(); break;
        default: throw new Error(`wasm: unsupported instruction 0xfc ${sub}`);
      }
      return 0xfc00 + sub;
    }
    default:
      throw new Error(`wasm: unsupported opcode 0x${op.toString(16)} at byte ${r.pos - 1}`);
  }
}

// The IC's cost of each instruction (its "new" instrumentation, 2023: the replica's
// instruction_to_cost_new in rs/embedders/src/wasm_utils/instrumentation.rs, as ic-wasm
// instrument also counts it): block, loop, else and end 0; branches 2; calls 10; global access 2;
// integer division and remainder 10; most float arithmetic 20; memory.grow 300; and so on. The
// dynamic part of bulk-memory instructions (per byte) and the system API's own charges are not
// modelled. `unit` gives every instruction 1 except else and end (the IC's older function).
const IC_COSTS = (() => {
  const c = new Map();
  const set = (ops, v) => ops.forEach((op) => c.set(op, v));
  const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  set([0x02, 0x03, 0x05, 0x0b], 0);
  set([0x04, 0x0c, 0x0d, 0x0e], 2);
  set([0x10, 0x11, 0x12, 0x13], 10);
  set([0x23, 0x24], 2);
  set([0x25, 0x26], 5);
  c.set(0x3f, 20);
  c.set(0x40, 300);
  set(range(0x5b, 0x66), 3); // float comparisons
  set([0x6d, 0x6e, 0x6f, 0x70, 0x7f, 0x80, 0x81, 0x82], 10); // integer div and rem
  set(range(0x8b, 0xa6), 20); // float arithmetic ...
  set([0x8b, 0x8c, 0x98, 0x99, 0x9a, 0xa6], 2); // ... but abs, neg, copysign
  set([...range(0xa8, 0xab), ...range(0xae, 0xb1)], 20); // float -> int truncations
  set([0xb2, 0xb4, 0xb7, 0xb9], 3); // signed int -> float
  set([0xb3, 0xb5, 0xb8, 0xba], 16); // unsigned int -> float
  c.set(0xd1, 5);
  c.set(0xd2, 130);
  set(range(0xfc00, 0xfc07), 20); // saturating truncations
  set([0xfc08, 0xfc0a, 0xfc0b, 0xfc0c, 0xfc0e, 0xfc11], 100); // bulk memory and table ops
  set([0xfc09, 0xfc0d], 300); // data.drop, elem.drop
  c.set(0xfc0f, 300); // table.grow
  c.set(0xfc10, 20); // table.size
  return c;
})();
const costOf = (op, model) => {
  if (model === 'unit') return op === 0x0b || op === 0x05 ? 0 : 1;
  const v = IC_COSTS.get(op);
  return v === undefined ? 1 : v;
};

const ENDS_SEGMENT = new Set([0x00, 0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x12, 0x13]);

function counterCode(globalIndex, n, profileIndex) {
  const add = (g) => [0x23, ...uleb(g), 0x42, ...sleb(n), 0x7c, 0x24, ...uleb(g)];
  return profileIndex === undefined ? add(globalIndex) : [...add(globalIndex), ...add(profileIndex)];
}

// Rewrites one function body (locals + expression) with counting code.
function instrumentBody(body, counter, profileIndex, model) {
  const r = new Reader(body);
  const nLocalDecls = r.u32();
  for (let i = 0; i < nLocalDecls; i++) {
    r.u32();
    r.byte();
  }
  const out = [Buffer.from(body.subarray(0, r.pos))];
  let segStart = r.pos, count = 0;
  const flush = (end) => {
    if (count > 0) out.push(Buffer.from(counterCode(counter, count, profileIndex)));
    out.push(Buffer.from(body.subarray(segStart, end)));
    segStart = end;
    count = 0;
  };
  while (r.pos < body.length) {
    const op = skipInstruction(r);
    count += costOf(op, model);
    if (ENDS_SEGMENT.has(op)) flush(r.pos);
  }
  if (segStart !== body.length) flush(body.length);
  return Buffer.concat(out);
}

function countImports(body) {
  const r = new Reader(body);
  const n = r.u32();
  const counts = { func: 0, table: 0, memory: 0, global: 0 };
  for (let i = 0; i < n; i++) {
    r.name();
    r.name();
    const kind = r.byte();
    if (kind === 0) {
      r.u32();
      counts.func++;
    } else if (kind === 1) {
      r.byte();
      const flags = r.u32();
      r.u32();
      if (flags & 1) r.u32();
      counts.table++;
    } else if (kind === 2) {
      const flags = r.u32();
      if (flags & 4) throw new Error('wasm: 64-bit memories are not supported by the test host');
      r.u32();
      if (flags & 1) r.u32();
      counts.memory++;
    } else if (kind === 3) {
      r.byte();
      r.byte();
      counts.global++;
    } else {
      r.u32(); // tag
    }
  }
  return counts;
}

// Returns {types: [{mutable}], n} for the defined globals, and the section body with one added
// i64 global initialised to 0.
function addCounterGlobal(body, extra = 0) {
  const globals = [];
  let rest = Buffer.alloc(0);
  if (body) {
    const r = new Reader(body);
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const valtype = r.byte();
      const mutable = r.byte() === 1;
      globals.push({ valtype, mutable });
      while (true) { // init expression, up to its end
        const op = skipInstruction(r);
        if (op === 0x0b) break;
      }
    }
    rest = Buffer.from(body.subarray(lebLength(body)));
  }
  const newBody = Buffer.concat([
    Buffer.from(uleb(globals.length + 1 + extra)), rest,
    ...Array.from({ length: 1 + extra }, () => Buffer.from([0x7e, 0x01, 0x42, 0x00, 0x0b]))]);
  return { globals, newBody };
}

function lebLength(bytes) {
  let i = 0;
  while (bytes[i] & 0x80) i++;
  return i + 1;
}

function parseExports(body) {
  const exports = [];
  if (!body) return exports;
  const r = new Reader(body);
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const kind = r.byte();
    const index = r.u32();
    exports.push({ name, kind, index });
  }
  return exports;
}

function encodeExports(exports) {
  const parts = [Buffer.from(uleb(exports.length))];
  for (const e of exports) parts.push(Buffer.from([...nameBytes(e.name), e.kind, ...uleb(e.index)]));
  return Buffer.concat(parts);
}

function encodeSection(id, body) {
  return Buffer.concat([Buffer.from([id, ...uleb(body.length)]), body]);
}

function hasTable(sections, imports) {
  if (imports.table > 0) return true;
  const t = sections.find((s) => s.id === 4);
  return t ? new Reader(t.body).u32() > 0 : false;
}

function hasMemory(sections, imports) {
  if (imports.memory > 0) return true;
  const mem = sections.find((s) => s.id === 5);
  return mem ? new Reader(mem.body).u32() > 0 : false;
}

/**
 * Instruments a canister module. Returns {wasm: Buffer, counterExport, globalExports: [names],
 * memoryExport: name|null, tableExport: name|null}.
 */
function instrument(wasmBytes, opts = {}) {
  const bytes = wasmBytes instanceof Uint8Array ? wasmBytes : new Uint8Array(wasmBytes);
  const sections = parseSections(bytes);
  const importSec = sections.find((s) => s.id === 2);
  const imports = importSec ? countImports(importSec.body) : { func: 0, table: 0, memory: 0, global: 0 };
  const globalSec = sections.find((s) => s.id === 6);
  const codeCount = (() => {
    const cs = sections.find((x) => x.id === 10);
    return cs ? new Reader(cs.body).u32() : 0;
  })();
  // opts.profile: one more counter per defined function (its own instructions, not its
  // callees'), exported as `__af_p<function index>`.
  const { globals, newBody: globalBody } = addCounterGlobal(globalSec ? globalSec.body : null,
    opts.profile ? codeCount : 0);
  const counter = imports.global + globals.length;
  const exportSec = sections.find((s) => s.id === 7);
  const exports = parseExports(exportSec ? exportSec.body : null);
  const added = [{ name: '__af_instructions', kind: 3, index: counter }];
  const globalExports = [];
  globals.forEach((g, i) => {
    if (g.mutable) {
      const name = `__af_g${imports.global + i}`;
      added.push({ name, kind: 3, index: imports.global + i });
      globalExports.push(name);
    }
  });
  let memoryExport = null;
  if (hasMemory(sections, imports)) {
    const existing = exports.find((e) => e.kind === 2 && e.index === 0);
    if (existing) memoryExport = existing.name;
    else {
      memoryExport = '__af_memory';
      added.push({ name: memoryExport, kind: 2, index: 0 });
    }
  }
  let tableExport = null;
  if (hasTable(sections, imports)) {
    const existing = exports.find((e) => e.kind === 1 && e.index === 0);
    if (existing) tableExport = existing.name;
    else {
      tableExport = '__af_table';
      added.push({ name: tableExport, kind: 1, index: 0 });
    }
  }
  const profileExports = [];
  if (opts.profile) {
    for (let i = 0; i < codeCount; i++) {
      const name = `__af_p${imports.func + i}`;
      added.push({ name, kind: 3, index: counter + 1 + i });
      profileExports.push(name);
    }
  }
  const exportBody = encodeExports([...exports, ...added]);
  const codeSec = sections.find((s) => s.id === 10);
  let codeBody = null;
  if (codeSec) {
    const r = new Reader(codeSec.body);
    const n = r.u32();
    const parts = [Buffer.from(uleb(n))];
    for (let i = 0; i < n; i++) {
      const size = r.u32();
      const fn = instrumentBody(r.bytes(size), counter, opts.profile ? counter + 1 + i : undefined,
        opts.costModel || 'ic');
      parts.push(Buffer.from(uleb(fn.length)), fn);
    }
    codeBody = Buffer.concat(parts);
  }
  const replaced = new Map([[6, globalBody], [7, exportBody]]);
  if (codeBody) replaced.set(10, codeBody);
  const out = [Buffer.from(bytes.subarray(0, 8))];
  const pending = new Map(replaced);
  for (const s of sections) {
    // Insert a missing global or export section before the first section that follows it.
    for (const [id, body] of pending) {
      if (!sections.some((x) => x.id === id) && s.id !== 0 && SECTION_ORDER[s.id] > SECTION_ORDER[id]) {
        out.push(encodeSection(id, body));
        pending.delete(id);
      }
    }
    if (replaced.has(s.id)) {
      out.push(encodeSection(s.id, replaced.get(s.id)));
      pending.delete(s.id);
    } else {
      out.push(encodeSection(s.id, s.body));
    }
  }
  for (const [id, body] of pending) out.push(encodeSection(id, body));
  return { wasm: Buffer.concat(out), counterExport: '__af_instructions', globalExports, memoryExport,
    tableExport, profileExports };
}

module.exports = { instrument, parseSections, parseExports, Reader };
