'use strict';
// One IC subnet in virtual time: canisters run through the ic0 system API as the IC interface
// specification states it. See README.md for the API and docs/ic-test-host.md for the model.
const { instrument } = require('./instrument');
const P = require('./principal');

const REJECT = { SYS_FATAL: 1, SYS_TRANSIENT: 2, DESTINATION_INVALID: 3, CANISTER_REJECT: 4,
  CANISTER_ERROR: 5, SYS_UNKNOWN: 6 };
const PAGE_BYTES = 65536;
const STABLE_PAGES_MAX = 65536 * 8; // 32 GiB / 64 KiB pages: larger grows return -1
const INSTRUCTIONS_PER_MESSAGE_MAX = 40_000_000_000; // the IC's limit for an update message
const INSTRUCTIONS_PER_UPGRADE_MAX = 300_000_000_000; // the IC's limit for an upgrade
const CALL_PAYLOAD_BYTES_MAX = 2 * 1024 * 1024; // inter-canister payload limit, 2 MiB
const RESPONSE_BYTES_MAX = 2 * 1024 * 1024;
const MAX_CALL_TIMEOUT_S = 300;
const START_TIME_NS = 1_767_225_600_000_000_000n; // 2026-01-01T00:00:00Z
const MGMT = new Uint8Array(0);
const ANONYMOUS = Uint8Array.from([4]);
const DEFAULT_USER = Uint8Array.from([0x75, 0x73, 0x65, 0x72, 0x7f]); // reserved id 'user'·0x7f
const DEFAULT_CYCLES = 100_000_000_000_000n;

class Trap extends Error {}

// The replica's fixed charge per system-API call, in instructions (system_api_complexity.rs,
// `overhead`): 500 unless listed. Calls that copy bytes also pay one instruction per byte; the
// argument positions of their sizes are in SYSTEM_API_BYTES.
const SYSTEM_API_OVERHEAD = { call_new: 1500, call_perform: 5000, debug_print: 100, is_controller: 1000,
  performance_counter: 200, stable_read: 20, stable_write: 20, stable_size: 20, stable64_read: 20,
  stable64_write: 20, stable64_size: 20 };
const SYSTEM_API_BYTES = { msg_arg_data_copy: [2], msg_caller_copy: [2], msg_reject_msg_copy: [2],
  msg_reply_data_append: [1], msg_reject: [1], msg_method_name_copy: [2], canister_self_copy: [2],
  subnet_self_copy: [2], call_new: [1, 3], call_data_append: [1], stable_read: [2], stable_write: [2],
  stable64_read: [2], stable64_write: [2], debug_print: [1], trap: [1], certified_data_set: [1],
  data_certificate_copy: [2], is_controller: [1] };

// Which contexts may call which function (the comment column of "Overview of imports").
const STAR = ['I', 'G', 'U', 'RQ', 'NRQ', 'Ry', 'Rt', 'C', 'F', 'T'];
const ALLOWED = {
  msg_arg_data_size: ['I', 'U', 'RQ', 'NRQ', 'Ry', 'F'], msg_arg_data_copy: ['I', 'U', 'RQ', 'NRQ', 'Ry', 'F'],
  msg_caller_size: STAR, msg_caller_copy: STAR, msg_reject_code: ['Ry', 'Rt'],
  msg_reject_msg_size: ['Rt'], msg_reject_msg_copy: ['Rt'], msg_deadline: ['U', 'RQ', 'NRQ', 'Ry', 'Rt'],
  msg_reply_data_append: ['U', 'RQ', 'NRQ', 'Ry', 'Rt'], msg_reply: ['U', 'RQ', 'NRQ', 'Ry', 'Rt'],
  msg_reject: ['U', 'RQ', 'NRQ', 'Ry', 'Rt'],
  msg_cycles_available128: ['U', 'RQ', 'Rt', 'Ry'], msg_cycles_refunded128: ['Rt', 'Ry'],
  msg_cycles_accept128: ['U', 'RQ', 'Rt', 'Ry'], msg_cycles_available: ['U', 'RQ', 'Rt', 'Ry'],
  msg_cycles_refunded: ['Rt', 'Ry'], msg_cycles_accept: ['U', 'RQ', 'Rt', 'Ry'],
  cycles_burn128: ['I', 'G', 'U', 'RQ', 'Ry', 'Rt', 'C', 'T'],
  canister_self_size: STAR, canister_self_copy: STAR, canister_cycle_balance128: STAR,
  canister_liquid_cycle_balance128: STAR, canister_cycle_balance: STAR, canister_status: STAR,
  canister_version: STAR, subnet_self_size: STAR, subnet_self_copy: STAR,
  msg_method_name_size: ['F'], msg_method_name_copy: ['F'], accept_message: ['F'],
  call_new: ['U', 'Ry', 'Rt', 'T'], call_on_cleanup: ['U', 'Ry', 'Rt', 'T'],
  call_data_append: ['U', 'Ry', 'Rt', 'T'], call_with_best_effort_response: ['U', 'Ry', 'Rt', 'T'],
  call_cycles_add128: ['U', 'Ry', 'Rt', 'T'], call_cycles_add: ['U', 'Ry', 'Rt', 'T'],
  call_perform: ['U', 'Ry', 'Rt', 'T'],
  stable64_size: [...STAR, 's'], stable64_grow: [...STAR, 's'], stable64_write: [...STAR, 's'],
  stable64_read: [...STAR, 's'], stable_size: [...STAR, 's'], stable_grow: [...STAR, 's'],
  stable_write: [...STAR, 's'], stable_read: [...STAR, 's'],
  certified_data_set: ['I', 'G', 'U', 'Ry', 'Rt', 'T'], data_certificate_present: STAR,
  data_certificate_size: ['NRQ'], data_certificate_copy: ['NRQ'],
  time: STAR, global_timer_set: ['I', 'G', 'U', 'Ry', 'Rt', 'C', 'T'],
  performance_counter: [...STAR, 's'], is_controller: [...STAR, 's'],
  in_replicated_execution: [...STAR, 's'], debug_print: [...STAR, 's'], trap: [...STAR, 's'],
};
// The cleanup callback may only use debug_print, trap and the stable memory functions (spec,
// call_on_cleanup), although the table above lists C for a few more.
const CLEANUP_ONLY = new Set(['debug_print', 'trap', 'stable64_size', 'stable64_grow', 'stable64_write',
  'stable64_read', 'stable_size', 'stable_grow', 'stable_write', 'stable_read', 'global_timer_set']);

function u128(high, low) {
  return (BigInt.asUintN(64, high) << 64n) | BigInt.asUintN(64, low);
}

// A small deterministic PRNG (xorshift128+ on BigInt-free 32-bit halves: sfc32).
function rng(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = (Number(seed) >>> 0) ^ 0xdeadbeef;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) >>> 0;
    const r = (t + d) >>> 0;
    c = (c + r) >>> 0;
    return r / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

class Canister {
  constructor(subnet, id, index) {
    this.subnet = subnet;
    this.id = id;
    this.index = index;
    this.text = P.toText(id);
    this.status = 'running';
    this.balance = DEFAULT_CYCLES;
    this.controllers = [DEFAULT_USER];
    this.version = 0n;
    this.timer = 0n;
    this.stable = new Uint8Array(0);
    this.stablePages = 0;
    this.certifiedData = new Uint8Array(0);
    this.openContexts = 0; // call contexts not yet closed (stop waits for them)
    this.lastTimeNs = 0n;
    this.stats = { messages: 0, instructions: 0, traps: 0 };
    this.log = [];
  }
  hasModule() {
    return !!this.instance;
  }
}

class Subnet {
  constructor(opts = {}) {
    this.seed = opts.seed ?? 1;
    this.random = rng(this.seed);
    this.randRandom = rng(this.seed ^ 0x5eed);
    this.nowNs = BigInt(opts.startTimeNs ?? START_TIME_NS);
    this.timePerMessageNs = BigInt(opts.timePerMessageNs ?? 0);
    this.faults = Object.assign({}, opts.faults);
    this.canisters = new Map(); // hex id -> Canister
    this.queue = []; // pending messages, ordered by (time, seq)
    this.seq = 0;
    this.pairTail = new Map(); // "from>to" -> last delivery time of a guaranteed request
    this.nextCallbackId = 1;
    this.callbacks = new Map();
    this.user = DEFAULT_USER;
    this.trace = opts.trace ? [] : null;
    this.printDebug = !!opts.printDebug;
    this.counts = { calls: 0, bytes: 0, rejects: {} };
    this.onEvent = opts.onEvent || null;
    this.profiling = !!opts.profile; // per-function instruction counters (see profile())
    this.costModel = opts.costModel || 'ic'; // 'ic': the IC's cost per instruction; 'unit': 1 each
  }

  // ---- principals ----
  static toText(bytes) { return P.toText(bytes); }
  static fromText(text) { return P.fromText(text); }
  _canister(id) {
    const key = typeof id === 'string' ? P.hex(P.fromText(id)) : P.hex(id);
    const c = this.canisters.get(key);
    if (!c) throw new Error(`no canister ${typeof id === 'string' ? id : P.toText(id)} on this subnet`);
    return c;
  }
  canister(id) { return this._canister(id); }

  // ---- lifecycle ----
  /** Creates a canister, installs `wasm` and runs canister_init(arg). Returns the textual id. */
  install(wasm, arg = new Uint8Array(0), opts = {}) {
    const index = this.canisters.size;
    const c = new Canister(this, P.canisterIdBytes(index), index);
    if (opts.cycles !== undefined) c.balance = BigInt(opts.cycles);
    if (opts.controllers) c.controllers = opts.controllers.map((p) => (typeof p === 'string' ? P.fromText(p) : p));
    this.canisters.set(P.hex(c.id), c);
    this._load(c, wasm);
    const r = this._run(c, 'I', 'canister_init', { arg, caller: opts.caller || this.user, optional: true,
      limit: INSTRUCTIONS_PER_UPGRADE_MAX });
    if (r.trapped) {
      this.canisters.delete(P.hex(c.id));
      throw new Error(`install: canister_init trapped: ${r.trap}`);
    }
    c.version++;
    return c.text;
  }

  _load(c, wasm) {
    const ins = instrument(wasm, { profile: this.profiling, costModel: this.costModel });
    c.module = new WebAssembly.Module(ins.wasm);
    c.ins = ins;
    c.exports = new Set(WebAssembly.Module.exports(c.module).map((e) => e.name));
    this._instantiate(c);
  }

  _instantiate(c) {
    c.ctx = { kind: 's', canister: c };
    c.instance = new WebAssembly.Instance(c.module, { ic0: this._ic0(c) });
    c.ctx = null;
    c.memory = c.ins.memoryExport ? c.instance.exports[c.ins.memoryExport] : null;
    c.counter = c.instance.exports[c.ins.counterExport];
    c.globals = c.ins.globalExports.map((n) => c.instance.exports[n]);
    c.table = c.ins.tableExport ? c.instance.exports[c.ins.tableExport] : null;
  }

  /**
   * Upgrades: canister_pre_upgrade on the old instance, then a fresh instance of `wasm` with the
   * same stable memory (heap and globals discarded, global timer deactivated), then
   * canister_post_upgrade(arg). A trap in either rolls the whole upgrade back. Returns
   * {ok, trap?, instructions}.
   */
  upgrade(id, wasm, arg = new Uint8Array(0), opts = {}) {
    const c = this._canister(id);
    const saved = { module: c.module, ins: c.ins, exports: c.exports, instance: c.instance, memory: c.memory,
      counter: c.counter, globals: c.globals, table: c.table, timer: c.timer, stable: c.stable, stablePages: c.stablePages,
      balance: c.balance, certifiedData: c.certifiedData, version: c.version,
      heap: c.memory ? new Uint8Array(c.memory.buffer).slice() : null, globalValues: c.globals.map((g) => g.value) };
    const rollback = (why) => {
      Object.assign(c, saved);
      if (saved.heap) new Uint8Array(c.memory.buffer).set(saved.heap);
      c.globals.forEach((g, i) => { g.value = saved.globalValues[i]; });
      return { ok: false, trap: why };
    };
    const pre = this._run(c, 'G', 'canister_pre_upgrade', { caller: opts.caller || this.user, optional: true,
      limit: INSTRUCTIONS_PER_UPGRADE_MAX });
    if (pre.trapped) return this._upgradeResult(rollback(`canister_pre_upgrade trapped: ${pre.trap}`), opts);
    c.stable = c.stable.slice(); // the old instance's stable memory must survive a rollback
    try {
      this._load(c, wasm);
    } catch (e) {
      return this._upgradeResult(rollback(`invalid module: ${e.message}`), opts);
    }
    c.timer = 0n;
    c.version++;
    const post = this._run(c, 'I', 'canister_post_upgrade', { arg, caller: opts.caller || this.user,
      optional: true, limit: INSTRUCTIONS_PER_UPGRADE_MAX });
    if (post.trapped) return this._upgradeResult(rollback(`canister_post_upgrade trapped: ${post.trap}`), opts);
    this._event({ type: 'upgrade', canister: c.text });
    return { ok: true, instructions: pre.instructions + post.instructions };
  }

  _upgradeResult(r, opts) {
    this._event({ type: 'upgrade-rolled-back', why: r.trap });
    if (opts.throwOnTrap) throw new Error(`upgrade rolled back: ${r.trap}`);
    return r;
  }

  /** Stops a canister: it becomes 'stopping' until its open call contexts close, then 'stopped'. */
  stop(id) {
    const c = this._canister(id);
    if (c.status === 'running') c.status = 'stopping';
    this._maybeStopped(c);
    return c.status;
  }
  start(id) {
    const c = this._canister(id);
    c.status = 'running';
    return c.status;
  }
  status(id) { return this._canister(id).status; }
  _maybeStopped(c) {
    if (c.status === 'stopping' && c.openContexts === 0) {
      c.status = 'stopped';
      this._event({ type: 'stopped', canister: c.text });
    }
  }

  // ---- ingress ----
  /**
   * An ingress update call from `opts.caller` (default: the test user). Runs the subnet until
   * the call is answered and returns {reply: Uint8Array} or {reject: {code, message}}.
   * With {wait:false} returns a handle {done, result} and leaves the subnet as it is.
   */
  update(id, method, arg = new Uint8Array(0), opts = {}) {
    const c = this._canister(id);
    const holder = { done: false, result: null };
    const caller = opts.caller ? (typeof opts.caller === 'string' ? P.fromText(opts.caller) : opts.caller) : this.user;
    this._enqueue({ kind: 'ingress', to: c.id, from: caller, method, arg: Uint8Array.from(arg), holder },
      this.nowNs);
    if (opts.wait === false) return holder;
    const limit = opts.maxMessages ?? 1_000_000;
    for (let n = 0; !holder.done && n < limit; n++) if (!this.step()) break;
    if (!holder.done) throw new Error(`update ${method}: no response (the subnet went idle or hit the limit)`);
    return holder.result;
  }

  /** A query call (non-replicated): state changes are discarded. Returns {reply}|{reject}. */
  query(id, method, arg = new Uint8Array(0), opts = {}) {
    const c = this._canister(id);
    const caller = opts.caller ? (typeof opts.caller === 'string' ? P.fromText(opts.caller) : opts.caller) : this.user;
    if (!c.exports.has(`canister_query ${method}`)) {
      return { reject: { code: REJECT.CANISTER_ERROR, message: `Canister ${c.text} has no query method '${method}'` } };
    }
    const cc = { origin: { kind: 'query' }, responded: false, available: 0n, response: null, instructions: 0 };
    const r = this._run(c, 'NRQ', `canister_query ${method}`, { arg, caller, cc, discard: true });
    if (cc.response) return cc.response;
    const why = r.trapped ? `trapped: ${r.trap}` : 'did not reply to the query';
    return { reject: { code: REJECT.CANISTER_ERROR, message: `Canister ${c.text} ${why}` } };
  }

  // ---- scheduling ----
  _enqueue(msg, timeNs) {
    msg.time = timeNs;
    msg.seq = this.seq++;
    let lo = 0, hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const q = this.queue[mid];
      if (q.time < msg.time || (q.time === msg.time && q.seq < msg.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, msg);
  }

  _nextTimer(beforeNs) {
    let best = null;
    for (const c of this.canisters.values()) {
      if (c.timer !== 0n && c.status === 'running' && c.timer <= beforeNs &&
          (!best || c.timer < best.timer)) best = c;
    }
    return best;
  }

  /** Executes one message or one due timer; returns false when nothing is due at the current time. */
  step() {
    const head = this.queue[0];
    const timer = this._nextTimer(this.nowNs);
    if (head && head.time <= this.nowNs) {
      this.queue.shift();
      this._deliver(head);
      return true;
    }
    if (timer) {
      this._fireTimer(timer);
      return true;
    }
    if (head) { // a delayed message: the clock moves to it (timers due before it fire first)
      const t = this._nextTimer(head.time);
      this.nowNs = t ? t.timer : head.time;
      return true;
    }
    return false;
  }

  /** Runs until no message is queued (the clock moves to delayed messages). Returns messages run. */
  runUntilIdle(opts = {}) {
    const limit = opts.maxMessages ?? 1_000_000;
    let n = 0;
    while (n < limit && this.step()) n++;
    if (n >= limit) throw new Error(`runUntilIdle: still busy after ${limit} steps`);
    return n;
  }

  /** Moves the clock forward by `ms`, running messages and timers in time order on the way. */
  advanceTime(ms) {
    const target = this.nowNs + BigInt(Math.round(ms * 1e6));
    for (;;) {
      this.runUntilIdle();
      const t = this._nextTimer(target);
      const head = this.queue[0];
      if (!t && !(head && head.time <= target)) break;
      const at = t && (!head || t.timer <= head.time) ? t.timer : head.time;
      if (at > this.nowNs) this.nowNs = at;
    }
    if (target > this.nowNs) this.nowNs = target;
    this.runUntilIdle();
  }
  timeNs() { return this.nowNs; }

  // ---- faults ----
  _chance(name) {
    const p = this.faults[name];
    return p !== undefined && p > 0 && this.random() < p;
  }
  _delayNs() {
    const d = this.faults.delayMs;
    if (!d || !this._chance('delay')) return 0n;
    return BigInt(Math.floor(this.random() * d * 1e6));
  }

  _event(e) {
    if (this.trace) this.trace.push(e);
    if (this.onEvent) this.onEvent(e);
  }

  _deliver(msg) {
    this.nowNs += this.timePerMessageNs;
    if (msg.kind === 'ingress') return this._deliverIngress(msg);
    if (msg.kind === 'request') return this._deliverRequest(msg);
    if (msg.kind === 'response') return this._deliverResponse(msg);
    if (msg.kind === 'upgrade') return this.upgrade(msg.to, msg.wasm, msg.arg);
    throw new Error(`unknown message kind ${msg.kind}`);
  }

  _deliverIngress(msg) {
    const c = this.canisters.get(P.hex(msg.to));
    const finish = (result) => {
      msg.holder.done = true;
      msg.holder.result = result;
    };
    if (!c) return finish({ reject: { code: REJECT.DESTINATION_INVALID, message: 'canister not found' } });
    if (c.status !== 'running') {
      return finish({ reject: { code: REJECT.CANISTER_ERROR, message: `Canister ${c.text} is ${c.status}` } });
    }
    const isQuery = c.exports.has(`canister_query ${msg.method}`);
    const name = isQuery ? `canister_query ${msg.method}` : `canister_update ${msg.method}`;
    if (!c.exports.has(name)) {
      return finish({ reject: { code: REJECT.CANISTER_ERROR,
        message: `Canister ${c.text} has no update method '${msg.method}'` } });
    }
    const cc = { origin: { kind: 'ingress', finish }, responded: false, available: 0n, outstanding: 0,
      instructions: 0, deadline: 0n };
    this._openContext(c, cc);
    this._run(c, isQuery ? 'RQ' : 'U', name, { arg: msg.arg, caller: msg.from, cc, discard: isQuery });
    this._afterEntry(c, cc);
  }

  _deliverRequest(msg) {
    const to = P.hex(msg.to);
    if (msg.to.length === 0) return this._management(msg);
    const c = this.canisters.get(to);
    const rejectBack = (code, message) => this._respond(msg, { reject: { code, message } }, msg.cycles);
    if (!c || !c.hasModule()) {
      return rejectBack(REJECT.DESTINATION_INVALID, `Canister ${P.toText(msg.to)} not found`);
    }
    if (c.status !== 'running') return rejectBack(REJECT.CANISTER_ERROR, `Canister ${c.text} is ${c.status}`);
    if (this._chance('queueFull')) return rejectBack(REJECT.SYS_TRANSIENT, `Canister ${c.text} input queue is full`);
    if (msg.bestEffort && this.nowNs > msg.bestEffort.deadline) {
      return this._respond(msg, { reject: { code: REJECT.SYS_UNKNOWN, message: 'Request timed out' } }, 0n);
    }
    const isQuery = c.exports.has(`canister_query ${msg.method}`);
    const name = isQuery ? `canister_query ${msg.method}` : `canister_update ${msg.method}`;
    if (!c.exports.has(name)) {
      return rejectBack(REJECT.CANISTER_ERROR, `Canister ${c.text} has no update method '${msg.method}'`);
    }
    this.counts.calls++;
    this.counts.bytes += msg.arg.length + msg.method.length;
    const cc = { origin: { kind: 'canister', msg }, responded: false, available: msg.cycles, outstanding: 0,
      instructions: 0, deadline: msg.bestEffort ? msg.bestEffort.deadline : 0n };
    this._openContext(c, cc);
    if (this._chance('calleeTrap')) {
      this._closeWith(c, cc, { reject: { code: REJECT.CANISTER_ERROR,
        message: `Canister ${c.text} trapped: injected fault` } });
      return;
    }
    this._run(c, isQuery ? 'RQ' : 'U', name, { arg: msg.arg, caller: msg.from, cc, discard: isQuery });
    this._afterEntry(c, cc);
  }

  _openContext(c, cc) {
    c.openContexts++;
    cc.canister = c;
  }

  // Closes a call context with a response if it has none and no outstanding calls.
  _afterEntry(c, cc) {
    if (cc.responded && cc.outstanding === 0) return this._closeContext(c, cc);
    if (!cc.responded && cc.outstanding === 0) {
      const why = cc.trap ? `Canister ${c.text} trapped: ${cc.trap}` : `Canister ${c.text} did not reply to the call`;
      this._closeWith(c, cc, { reject: { code: REJECT.CANISTER_ERROR, message: why } });
    }
  }

  _closeWith(c, cc, response) {
    if (!cc.responded) {
      cc.responded = true;
      this._sendResponse(cc, response);
    }
    this._closeContext(c, cc);
  }

  _closeContext(c, cc) {
    if (cc.closed) return;
    cc.closed = true;
    c.openContexts--;
    this._maybeStopped(c);
  }

  _sendResponse(cc, response) {
    const refund = cc.available;
    cc.available = 0n;
    const o = cc.origin;
    if (o.kind === 'ingress') {
      o.finish(response);
    } else if (o.kind === 'canister') {
      this._respond(o.msg, response, refund);
    } else if (o.kind === 'query') {
      cc.response = response;
    }
  }

  // Queues the response to a request message back to its caller.
  _respond(req, response, refund) {
    let r = response;
    let cycles = refund;
    if (req.bestEffort) {
      if (this._chance('bestEffortDrop') || this.nowNs > req.bestEffort.deadline) {
        r = { reject: { code: REJECT.SYS_UNKNOWN, message: 'Response dropped or timed out (best effort)' } };
        cycles = 0n;
      }
    }
    if (r.reject) {
      const k = r.reject.code;
      this.counts.rejects[k] = (this.counts.rejects[k] || 0) + 1;
    }
    if (r.reply) this.counts.bytes += r.reply.length;
    this._enqueue({ kind: 'response', to: req.from, from: req.to, callbackId: req.callbackId, response: r, cycles },
      this.nowNs + this._delayNs());
  }

  _deliverResponse(msg) {
    const cb = this.callbacks.get(msg.callbackId);
    if (!cb) return; // already answered (e.g. a best-effort timeout came first)
    this.callbacks.delete(msg.callbackId);
    const c = this.canisters.get(P.hex(msg.to));
    if (!c) return;
    c.balance += msg.cycles;
    const cc = cb.cc;
    const isReply = !!msg.response.reply;
    const kind = isReply ? 'Ry' : 'Rt';
    const r = this._run(c, kind, null, { fun: isReply ? cb.replyFun : cb.rejectFun, env: isReply ? cb.replyEnv : cb.rejectEnv,
      arg: isReply ? msg.response.reply : null, reject: msg.response.reject || null, caller: cc.callerBytes,
      cc, refunded: msg.cycles });
    if (r.trapped && cb.cleanup) {
      this._run(c, 'C', null, { fun: cb.cleanup.fun, env: cb.cleanup.env, cc, caller: cc.callerBytes });
    }
    cc.outstanding--;
    this._afterEntry(c, cc);
  }

  _fireTimer(c) {
    c.timer = 0n; // one-shot: deactivated when scheduled
    this._event({ type: 'timer', canister: c.text });
    if (!c.exports.has('canister_global_timer')) return;
    const cc = { origin: { kind: 'system' }, responded: true, available: 0n, outstanding: 0, instructions: 0 };
    this._openContext(c, cc);
    this._run(c, 'T', 'canister_global_timer', { caller: MGMT, cc });
    if (cc.outstanding === 0) this._closeContext(c, cc);
  }

  // The management canister: raw_rand (32 bytes, deterministic from the seed).
  _management(msg) {
    if (msg.method === 'raw_rand') {
      const bytes = new Uint8Array(32);
      for (let i = 0; i < 32; i++) bytes[i] = Math.floor(this.randRandom() * 256);
      const reply = Uint8Array.from([0x44, 0x49, 0x44, 0x4c, 1, 0x6d, 0x7b, 1, 0, 32, ...bytes]);
      return this._respond(msg, { reply }, msg.cycles);
    }
    return this._respond(msg, { reject: { code: REJECT.CANISTER_REJECT,
      message: `management canister method '${msg.method}' is not modelled by the test host` } }, msg.cycles);
  }

  // ---- execution ----
  _snapshot(c) {
    return {
      memory: c.memory ? new Uint8Array(c.memory.buffer).slice() : null,
      globals: c.globals.map((g) => g.value),
      stable: c.stable, stablePages: c.stablePages, stableCopied: false,
      balance: c.balance, timer: c.timer, certifiedData: c.certifiedData,
    };
  }

  _restore(c, s) {
    if (c.memory) {
      if (c.memory.buffer.byteLength !== s.memory.length) this._instantiate(c);
      if (c.memory.buffer.byteLength < s.memory.length) {
        c.memory.grow((s.memory.length - c.memory.buffer.byteLength) / PAGE_BYTES);
      }
      new Uint8Array(c.memory.buffer).set(s.memory);
    }
    c.globals.forEach((g, i) => { g.value = s.globals[i]; });
    c.stable = s.stable;
    c.stablePages = s.stablePages;
    c.balance = s.balance;
    c.timer = s.timer;
    c.certifiedData = s.certifiedData;
  }

  /**
   * Runs one entry point atomically. `name` is an export name, or null with `fun` a table index
   * for callbacks. Returns {trapped, trap, instructions}.
   */
  _run(c, kind, name, o) {
    let fn;
    if (name) {
      if (!c.exports.has(name)) {
        if (o.optional) return { trapped: false, instructions: 0 };
        throw new Error(`${c.text} exports no '${name}'`);
      }
      fn = c.instance.exports[name];
    }
    const snap = this._snapshot(c);
    const ctx = { kind, canister: c, arg: o.arg ? Uint8Array.from(o.arg) : null, caller: o.caller || MGMT,
      reject: o.reject || null, cc: o.cc || null, replyBuf: [], replyBytes: 0, pending: null, outgoing: [],
      refunded: o.refunded || 0n, snap, stableUndo: [] };
    if (o.cc && (kind === 'U' || kind === 'RQ')) o.cc.callerBytes = ctx.caller;
    ctx.ccAvailable = o.cc ? o.cc.available : 0n;
    c.ctx = ctx;
    c.counter.value = 0n;
    let trap = null;
    try {
      if (name) fn();
      else {
        const f = c.table && o.fun < c.table.length ? c.table.get(o.fun) : null;
        if (!f) {
          // Motoko's one-way calls name table index -1 (0xffffffff): the IC traps invoking it and
          // the response is dropped. Counted apart so that tests can tell it from a real trap.
          c.stats.missingCallbacks = (c.stats.missingCallbacks || 0) + 1;
          throw new Trap(`callback table index ${o.fun} is not a function`);
        }
        f(o.env);
      }
    } catch (e) {
      trap = e instanceof Trap ? e.message : (e instanceof WebAssembly.RuntimeError ? `wasm trap: ${e.message}` : null);
      if (trap === null) throw e;
    }
    const instructions = Number(c.counter.value);
    const limit = o.limit || INSTRUCTIONS_PER_MESSAGE_MAX;
    if (!trap && instructions > limit) trap = `instruction limit exceeded (${instructions} > ${limit})`;
    c.ctx = null;
    c.stats.messages++;
    c.stats.instructions += instructions;
    if (o.cc) o.cc.instructions += instructions;
    this._event({ type: 'exec', canister: c.text, kind, entry: name || `callback ${o.fun}`, instructions,
      trap: trap || undefined });
    if (trap || o.discard) {
      // The IC discards the message's memory, globals, stable writes and outgoing calls.
      const response = o.discard && !trap && ctx.cc && ctx.cc.responded ? ctx.cc.pendingResponse : null;
      this._restore(c, snap);
      if (trap) {
        c.stats.traps++;
        c.log.push(`trap: ${trap}`);
        if (this.printDebug) console.log(`[${c.text}] trap: ${trap}`);
        if (ctx.cc) {
          if (ctx.cc.respondedNow) { ctx.cc.responded = false; ctx.cc.pendingResponse = null; }
          ctx.cc.trap = trap;
          ctx.cc.available = ctx.ccAvailable;
        }
        return { trapped: true, trap, instructions };
      }
      if (response && ctx.cc) {
        ctx.cc.respondedNow = false;
        this._sendResponse(ctx.cc, response);
      }
      return { trapped: false, instructions };
    }
    this._commit(c, ctx);
    return { trapped: false, instructions };
  }

  _commit(c, ctx) {
    if (ctx.pending) c.balance += ctx.pending.cycles; // a call never performed gives its cycles back
    c.version++;
    const cc = ctx.cc;
    if (cc && cc.respondedNow) {
      cc.respondedNow = false;
      this._sendResponse(cc, cc.pendingResponse);
      cc.pendingResponse = null;
    }
    for (const call of ctx.outgoing) {
      const id = this.nextCallbackId++;
      this.callbacks.set(id, { ...call.callbacks, cc });
      cc.outstanding++;
      const req = { kind: 'request', from: c.id, to: call.callee, method: call.method, arg: call.arg,
        cycles: call.cycles, callbackId: id, bestEffort: call.bestEffort };
      let at = this.nowNs + this._delayNs();
      if (!call.bestEffort) {
        const key = `${P.hex(c.id)}>${P.hex(call.callee)}`;
        const tail = this.pairTail.get(key);
        if (tail !== undefined && tail > at) at = tail;
        this.pairTail.set(key, at);
      } else if (this._chance('bestEffortDrop')) {
        // Dropped request: the caller learns SYS_UNKNOWN at the deadline; attached cycles are lost.
        this._enqueue({ kind: 'response', to: c.id, from: call.callee, callbackId: id, cycles: 0n,
          response: { reject: { code: REJECT.SYS_UNKNOWN, message: 'Request dropped (best effort)' } } },
        call.bestEffort.deadline);
        continue;
      }
      if (call.bestEffort) { // the timeout answers if nothing else has by then
        this._enqueue({ kind: 'response', to: c.id, from: call.callee, callbackId: id, cycles: 0n,
          response: { reject: { code: REJECT.SYS_UNKNOWN, message: 'Call timed out (best effort)' } } },
        call.bestEffort.deadline + 1n);
      }
      this._enqueue(req, at);
    }
  }

  // ---- the system API ----
  _ic0(c) {
    const sub = this;
    const mem = () => {
      if (!c.memory) throw new Trap('the module has no memory');
      return new Uint8Array(c.memory.buffer);
    };
    const ctx = () => c.ctx;
    const check = (fn) => {
      const x = c.ctx;
      if (!x) throw new Trap(`ic0.${fn} called outside an entry point`);
      if (!ALLOWED[fn].includes(x.kind) || (x.kind === 'C' && !CLEANUP_ONLY.has(fn))) {
        throw new Trap(`ic0.${fn} cannot be called from ${x.kind === 's' ? '(start)' : `context ${x.kind}`}`);
      }
      return x;
    };
    const read = (src, size) => {
      const m = mem();
      src >>>= 0; size >>>= 0;
      if (src + size > m.length) throw new Trap(`memory access out of bounds: ${src}+${size} > ${m.length}`);
      return m.slice(src, src + size);
    };
    const copyOut = (blob, dst, off, size, what) => {
      const m = mem();
      dst >>>= 0; off >>>= 0; size >>>= 0;
      if (off + size > blob.length) throw new Trap(`${what}: offset+size ${off + size} > ${blob.length}`);
      if (dst + size > m.length) throw new Trap(`${what}: dst+size exceeds the memory`);
      m.set(blob.subarray(off, off + size), dst);
    };
    const write128 = (dst, v) => {
      const m = mem();
      dst >>>= 0;
      if (dst + 16 > m.length) throw new Trap('dst+16 exceeds the memory');
      const dv = new DataView(m.buffer);
      dv.setBigUint64(dst, BigInt.asUintN(64, v), true);
      dv.setBigUint64(dst + 8, v >> 64n, true);
    };
    const respond = (x, response) => {
      const cc = x.cc;
      if (!cc || cc.responded) throw new Trap('the call has already been responded to or needs no response');
      cc.responded = true;
      cc.respondedNow = true;
      cc.pendingResponse = response;
    };
    const needCall = (x, fn) => {
      if (!x.pending) throw new Trap(`ic0.${fn}: no call under construction (call ic0.call_new first)`);
      return x.pending;
    };
    const stableTouch = (x) => { // copy-on-write of stable memory within a message
      if (!x.stableCopied) { x.canister.stable = x.canister.stable.slice(); x.stableCopied = true; }
    };
    const stableGrow = (x, n, limitPages) => {
      const old = c.stablePages;
      if (n < 0 || old + n > limitPages) return -1;
      const grown = new Uint8Array((old + n) * PAGE_BYTES);
      grown.set(c.stable.subarray(0, old * PAGE_BYTES));
      c.stable = grown;
      c.stablePages = old + n;
      x.stableCopied = true;
      return old;
    };
    const stableWrite = (x, off, src, size) => {
      const data = read(src, size);
      if (off + size > c.stablePages * PAGE_BYTES) throw new Trap('stable memory write out of bounds');
      stableTouch(x);
      c.stable.set(data, off);
    };
    const stableRead = (dst, off, size) => {
      if (off + size > c.stablePages * PAGE_BYTES) throw new Trap('stable memory read out of bounds');
      const m = mem();
      if (dst + size > m.length) throw new Trap('stable read: dst+size exceeds the memory');
      m.set(c.stable.subarray(off, off + size), dst);
    };
    const big = (v) => Number(BigInt.asUintN(64, BigInt(v)));
    const api = {
      msg_arg_data_size: () => { const x = check('msg_arg_data_size'); return (x.arg || new Uint8Array(0)).length; },
      msg_arg_data_copy: (d, o, s) => { const x = check('msg_arg_data_copy'); copyOut(x.arg || new Uint8Array(0), d, o, s, 'msg_arg_data_copy'); },
      msg_caller_size: () => check('msg_caller_size').caller.length,
      msg_caller_copy: (d, o, s) => copyOut(check('msg_caller_copy').caller, d, o, s, 'msg_caller_copy'),
      msg_reject_code: () => { const x = check('msg_reject_code'); return x.reject ? x.reject.code : 0; },
      msg_reject_msg_size: () => Buffer.byteLength(check('msg_reject_msg_size').reject.message),
      msg_reject_msg_copy: (d, o, s) => copyOut(Buffer.from(check('msg_reject_msg_copy').reject.message), d, o, s, 'msg_reject_msg_copy'),
      msg_deadline: () => { const x = check('msg_deadline'); return x.cc && x.cc.deadline ? x.cc.deadline : 0n; },
      msg_reply_data_append: (src, size) => {
        const x = check('msg_reply_data_append');
        if (!x.cc || x.cc.responded) throw new Trap('msg_reply_data_append: the call has already been responded to');
        const data = read(src, size);
        x.replyBytes += data.length;
        if (x.replyBytes > RESPONSE_BYTES_MAX) throw new Trap('reply exceeds the maximum response size');
        x.replyBuf.push(data);
      },
      msg_reply: () => {
        const x = check('msg_reply');
        respond(x, { reply: Buffer.concat(x.replyBuf) });
        x.replyBuf = [];
      },
      msg_reject: (src, size) => {
        const x = check('msg_reject');
        const data = read(src, size);
        const text = new TextDecoder('utf-8', { fatal: true });
        let message;
        try { message = text.decode(data); } catch { throw new Trap('msg_reject: message is not valid UTF-8'); }
        respond(x, { reject: { code: REJECT.CANISTER_REJECT, message } });
        x.replyBuf = [];
      },
      msg_cycles_available128: (dst) => { const x = check('msg_cycles_available128'); write128(dst, x.cc ? x.cc.available : 0n); },
      msg_cycles_available: () => { const x = check('msg_cycles_available'); const v = x.cc ? x.cc.available : 0n;
        if (v >= 1n << 64n) throw new Trap('msg_cycles_available: more than 64 bits'); return BigInt.asIntN(64, v); },
      msg_cycles_refunded128: (dst) => write128(dst, check('msg_cycles_refunded128').refunded),
      msg_cycles_refunded: () => BigInt.asIntN(64, check('msg_cycles_refunded').refunded),
      msg_cycles_accept128: (hi, lo, dst) => {
        const x = check('msg_cycles_accept128');
        const want = u128(hi, lo);
        const cc = x.cc;
        const got = cc && !cc.responded ? (want < cc.available ? want : cc.available) : 0n;
        if (cc) cc.available -= got;
        c.balance += got;
        write128(dst, got);
      },
      msg_cycles_accept: (max) => {
        const x = check('msg_cycles_accept');
        const want = BigInt.asUintN(64, max);
        const cc = x.cc;
        const got = cc && !cc.responded ? (want < cc.available ? want : cc.available) : 0n;
        if (cc) cc.available -= got;
        c.balance += got;
        return BigInt.asIntN(64, got);
      },
      cycles_burn128: (hi, lo, dst) => {
        check('cycles_burn128');
        const want = u128(hi, lo);
        const got = want < c.balance ? want : c.balance;
        c.balance -= got;
        write128(dst, got);
      },
      canister_self_size: () => { check('canister_self_size'); return c.id.length; },
      canister_self_copy: (d, o, s) => { check('canister_self_copy'); copyOut(c.id, d, o, s, 'canister_self_copy'); },
      canister_cycle_balance128: (dst) => { check('canister_cycle_balance128'); write128(dst, c.balance); },
      canister_liquid_cycle_balance128: (dst) => { check('canister_liquid_cycle_balance128'); write128(dst, c.balance); },
      canister_cycle_balance: () => { check('canister_cycle_balance');
        if (c.balance >= 1n << 64n) throw new Trap('canister_cycle_balance: more than 64 bits'); return BigInt.asIntN(64, c.balance); },
      canister_status: () => { check('canister_status'); return { running: 1, stopping: 2, stopped: 3 }[c.status]; },
      canister_version: () => { check('canister_version'); return c.version; },
      subnet_self_size: () => { check('subnet_self_size'); return 29; },
      subnet_self_copy: (d, o, s) => { check('subnet_self_copy'); copyOut(new Uint8Array(29).fill(0x53), d, o, s, 'subnet_self_copy'); },
      msg_method_name_size: () => { check('msg_method_name_size'); return 0; },
      msg_method_name_copy: (d, o, s) => { check('msg_method_name_copy'); copyOut(new Uint8Array(0), d, o, s, 'msg_method_name_copy'); },
      accept_message: () => { check('accept_message'); },
      call_new: (cs, csz, ns, nsz, rf, re, jf, je) => {
        const x = check('call_new');
        if (x.pending) c.balance += x.pending.cycles; // the previous unperformed call is discarded
        const callee = read(cs, csz);
        const method = Buffer.from(read(ns, nsz)).toString('utf8');
        x.pending = { callee, method, arg: [], argBytes: 0, cycles: 0n, bestEffort: null, cleanup: null,
          callbacks: { replyFun: rf >>> 0, replyEnv: re >>> 0, rejectFun: jf >>> 0, rejectEnv: je >>> 0, cleanup: null } };
      },
      call_on_cleanup: (fun, env) => {
        const p = needCall(check('call_on_cleanup'), 'call_on_cleanup');
        if (p.callbacks.cleanup) throw new Trap('ic0.call_on_cleanup called twice for one call');
        p.callbacks.cleanup = { fun: fun >>> 0, env: env >>> 0 };
      },
      call_data_append: (src, size) => {
        const p = needCall(check('call_data_append'), 'call_data_append');
        const data = read(src, size);
        p.argBytes += data.length;
        if (p.argBytes > CALL_PAYLOAD_BYTES_MAX) throw new Trap('call payload exceeds the maximum inter-canister payload');
        p.arg.push(data);
      },
      call_with_best_effort_response: (timeout) => {
        const p = needCall(check('call_with_best_effort_response'), 'call_with_best_effort_response');
        if (p.bestEffort) throw new Trap('ic0.call_with_best_effort_response called twice for one call');
        const s = Math.min(timeout >>> 0, MAX_CALL_TIMEOUT_S);
        p.bestEffort = { timeoutS: s, deadline: sub.nowNs + BigInt(s) * 1_000_000_000n };
      },
      call_cycles_add128: (hi, lo) => {
        const p = needCall(check('call_cycles_add128'), 'call_cycles_add128');
        const amount = u128(hi, lo);
        if (amount > c.balance) throw new Trap('call_cycles_add128: more cycles than the balance');
        c.balance -= amount;
        p.cycles += amount;
      },
      call_cycles_add: (amount) => {
        const p = needCall(check('call_cycles_add'), 'call_cycles_add');
        const a = BigInt.asUintN(64, amount);
        if (a > c.balance) throw new Trap('call_cycles_add: more cycles than the balance');
        c.balance -= a;
        p.cycles += a;
      },
      call_perform: () => {
        const x = check('call_perform');
        const p = needCall(x, 'call_perform');
        x.pending = null;
        if (sub._chance('performFail')) { // synchronous failure: cycles back, no callback
          c.balance += p.cycles;
          return 2;
        }
        x.outgoing.push({ callee: p.callee, method: p.method, arg: Buffer.concat(p.arg), cycles: p.cycles,
          bestEffort: p.bestEffort, callbacks: p.callbacks });
        return 0;
      },
      stable64_size: () => { check('stable64_size'); return BigInt(c.stablePages); },
      stable64_grow: (n) => { const x = check('stable64_grow'); return BigInt(stableGrow(x, Number(BigInt.asIntN(64, n)), STABLE_PAGES_MAX)); },
      stable64_write: (off, src, size) => {
        const x = check('stable64_write');
        if (BigInt.asUintN(64, src) + BigInt.asUintN(64, size) > 0xffffffffn) throw new Trap('stable64_write: src+size exceeds the memory');
        stableWrite(x, big(off), big(src), big(size));
      },
      stable64_read: (dst, off, size) => {
        check('stable64_read');
        if (BigInt.asUintN(64, dst) + BigInt.asUintN(64, size) > 0xffffffffn) throw new Trap('stable64_read: dst+size exceeds the memory');
        stableRead(big(dst), big(off), big(size));
      },
      stable_size: () => { check('stable_size'); if (c.stablePages > 65536) throw new Trap('stable memory exceeds 4 GiB'); return c.stablePages; },
      stable_grow: (n) => { const x = check('stable_grow'); if (c.stablePages > 65536) throw new Trap('stable memory exceeds 4 GiB');
        return stableGrow(x, n >>> 0, 65536); },
      stable_write: (off, src, size) => { const x = check('stable_write'); if (c.stablePages > 65536) throw new Trap('stable memory exceeds 4 GiB');
        stableWrite(x, off >>> 0, src, size >>> 0); },
      stable_read: (dst, off, size) => { check('stable_read'); if (c.stablePages > 65536) throw new Trap('stable memory exceeds 4 GiB');
        stableRead(dst >>> 0, off >>> 0, size >>> 0); },
      certified_data_set: (src, size) => {
        check('certified_data_set');
        if ((size >>> 0) > 32) throw new Trap('certified_data_set: more than 32 bytes');
        c.certifiedData = read(src, size);
      },
      data_certificate_present: () => { check('data_certificate_present'); return 0; },
      data_certificate_size: () => { check('data_certificate_size'); throw new Trap('no data certificate in the test host'); },
      data_certificate_copy: () => { check('data_certificate_copy'); throw new Trap('no data certificate in the test host'); },
      time: () => {
        check('time');
        if (sub.nowNs < c.lastTimeNs) throw new Error('time went backwards');
        c.lastTimeNs = sub.nowNs;
        return BigInt.asIntN(64, sub.nowNs);
      },
      global_timer_set: (t) => {
        check('global_timer_set');
        const old = c.timer;
        c.timer = BigInt.asUintN(64, t);
        return BigInt.asIntN(64, old);
      },
      performance_counter: (type) => {
        const x = check('performance_counter');
        const n = c.counter.value;
        if (type === 0) return n;
        if (type === 1) return BigInt((x.cc ? x.cc.instructions : 0)) + n;
        throw new Trap(`performance_counter: unknown counter type ${type}`);
      },
      is_controller: (src, size) => {
        check('is_controller');
        const p = read(src, size);
        if (p.length > 29) throw new Trap('is_controller: not a valid principal');
        return c.controllers.some((k) => Buffer.compare(Buffer.from(k), Buffer.from(p)) === 0) ? 1 : 0;
      },
      in_replicated_execution: () => { const x = check('in_replicated_execution'); return x.kind === 'NRQ' ? 0 : 1; },
      debug_print: (src, size) => {
        const x = c.ctx;
        if (!x) return;
        let text;
        try { text = Buffer.from(read(src, size)).toString('utf8'); } catch { return; } // never traps
        c.log.push(text);
        if (sub.printDebug) console.log(`[${c.text}] ${text}`);
      },
      trap: (src, size) => {
        check('trap');
        let text;
        try { text = Buffer.from(read(src, size)).toString('utf8'); } catch { text = '(message out of bounds)'; }
        throw new Trap(`canister called ic0.trap: ${text}`);
      },
    };
    // The module may import only what the specification defines.
    const imports = WebAssembly.Module.imports(c.module);
    for (const i of imports) {
      if (i.module !== 'ic0' || !api[i.name]) throw new Error(`module imports ${i.module}.${i.name}, which the IC does not provide`);
    }
    if (sub.costModel !== 'ic') return api;
    // What the IC charges for the call itself, on top of the wasm instructions: a fixed overhead
    // per function and, for those that copy, one instruction per byte.
    const charged = {};
    for (const [name, f] of Object.entries(api)) {
      const fixed = SYSTEM_API_OVERHEAD[name] ?? 500;
      const sizeArgs = SYSTEM_API_BYTES[name] || [];
      charged[name] = (...args) => {
        if (c.ctx && c.counter) {
          let n = fixed;
          for (const k of sizeArgs) n += Number(BigInt.asUintN(32, BigInt(args[k])));
          c.counter.value += BigInt(n);
          const t = (c.apiCharges ||= {});
          t[name] = (t[name] || 0) + n;
        }
        return f(...args);
      };
    }
    return charged;
  }

  /**
   * With `new Subnet({profile: true})`: instructions per function (its own, not its callees'),
   * summed over the messages since the last instantiation, as [[functionIndex, count], ...]
   * sorted by count. Resets them when `reset` is true.
   */
  profile(id, reset = false) {
    const c = this._canister(id);
    const out = [];
    for (const name of c.ins.profileExports || []) {
      const g = c.instance.exports[name];
      const n = Number(g.value);
      if (n > 0) out.push([Number(name.slice(6)), n]);
      if (reset) g.value = 0n;
    }
    return out.sort((x, y) => y[1] - x[1]);
  }

  /** The IC's system-API charges so far by function name ({name: instructions}), trapped messages included. */
  apiCharges(id) { return { ...(this._canister(id).apiCharges || {}) }; }

  /** Instructions executed by a canister so far (all messages), or of its last message. */
  instructions(id) { return this._canister(id).stats.instructions; }
  stats(id) { return { ...this._canister(id).stats }; }
  logs(id) { return this._canister(id).log; }
  cycles(id) { return this._canister(id).balance; }
  stableMemory(id) { return this._canister(id).stable.slice(); }
  /** Schedules an upgrade as a message in the queue, `afterMs` from now (used for faults). */
  scheduleUpgrade(id, wasm, arg = new Uint8Array(0), afterMs = 0) {
    const c = this._canister(id);
    this._enqueue({ kind: 'upgrade', to: c.text, wasm, arg }, this.nowNs + BigInt(Math.round(afterMs * 1e6)));
  }
}

module.exports = { Subnet, REJECT, Trap, DEFAULT_USER, ANONYMOUS, INSTRUCTIONS_PER_MESSAGE_MAX,
  INSTRUCTIONS_PER_UPGRADE_MAX, PAGE_BYTES, START_TIME_NS, principal: P };
