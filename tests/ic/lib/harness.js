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

module.exports = { test, run, skip, wasmFile, mafDir, candid, npmPackage, SKIP };
