'use strict';
// A minimal test harness for the IC test host's scripts: named cases, plain output, exit codes
// as CTest reads them (0 pass, 1 fail, 77 skipped with the reason printed).
const fs = require('fs');
const path = require('path');

const SKIP = 77;
const cases = [];

function test(name, fn) {
  cases.push({ name, fn });
}

function skip(why) {
  console.log(`[  SKIPPED ] ${why}`);
  process.exit(SKIP);
}

async function run(title) {
  let failed = 0;
  const only = process.env.IC_TEST_FILTER; // a substring of the case names to run
  for (const c of only ? cases.filter((x) => x.name.includes(only)) : cases) {
    const t0 = Date.now();
    try {
      await c.fn();
      console.log(`[       OK ] ${c.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`[  FAILED  ] ${c.name}: ${e && e.stack ? e.stack : e}`);
    }
  }
  const ran = only ? cases.filter((x) => x.name.includes(only)).length : cases.length;
  console.log(`${title}: ${ran - failed}/${ran} passed`);
  process.exit(failed ? 1 : 0);
}

// Reads a wasm module named by an environment variable or a default path; skips when absent.
function wasmFile(envName, fallback, what) {
  const file = process.env[envName] || fallback;
  if (!file || !fs.existsSync(file)) skip(`${what} not built: ${file || envName} (tests/ic/build-canisters builds it)`);
  return fs.readFileSync(file);
}

// The maf peer modules, from ../shared/peers/maf/bin beside the project root.
function mafDir() {
  const dir = process.env.MAF_DIR || path.resolve(__dirname, '../../../../shared/peers/maf/bin');
  if (!fs.existsSync(path.join(dir, 'sender.wasm')) || !fs.existsSync(path.join(dir, 'receiver.wasm'))) {
    skip(`../shared/peers/maf not found (looked in ${dir})`);
  }
  return dir;
}

// An npm package installed by tests/ic/npm-ci (NODE_PATH) or in tests/ic/node_modules; skips
// when it is in neither.
function npmPackage(name) {
  try {
    return require(name);
  } catch {
    try {
      return require(path.resolve(__dirname, '../node_modules', name));
    } catch {
      skip(`${name} is not installed (tests/ic/npm-ci installs it from package-lock.json)`);
    }
  }
  return null;
}
const candid = () => npmPackage('@dfinity/candid');

// DFINITY's ic-wasm from the npm package @icp-sdk/ic-wasm-linux-x64, or null when absent.
function icWasmBin() {
  const dirs = [...(process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean),
    path.resolve(__dirname, '../node_modules')];
  return dirs.map((d) => path.join(d, '@icp-sdk/ic-wasm-linux-x64/bin/ic-wasm')).find((f) => fs.existsSync(f)) || null;
}

// `ic-wasm instrument` of a module (its __get_cycles counts as the IC does), or null.
function icWasmInstrument(bytes) {
  const bin = icWasmBin();
  if (!bin) return null;
  const os = require('os');
  const { execFileSync } = require('child_process');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'icwasm-'));
  try {
    fs.writeFileSync(path.join(tmp, 'in.wasm'), bytes);
    execFileSync(bin, [path.join(tmp, 'in.wasm'), '-o', path.join(tmp, 'out.wasm'), 'instrument', '--heap-trace']);
    return fs.readFileSync(path.join(tmp, 'out.wasm'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { test, run, skip, wasmFile, mafDir, candid, npmPackage, icWasmBin, icWasmInstrument, SKIP };
