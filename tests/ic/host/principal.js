'use strict';
// Principals as the IC writes them: Grouped(Base32(CRC32(b) · b)), lower case, a dash every five
// characters (interface specification, "Textual representation of principals").

const PRINCIPAL_BYTES_MAX = 29;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function base32(bytes) {
  let out = '', bits = 0, value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text) {
  const out = [];
  let bits = 0, value = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`principal: '${ch}' is not a base32 character`);
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** Bytes of a principal -> its textual id, e.g. [0xab,0xcd,0x01] -> 'em77e-bvlzu-aq'. */
function toText(bytes) {
  const b = Uint8Array.from(bytes);
  if (b.length > PRINCIPAL_BYTES_MAX) throw new Error(`principal: ${b.length} bytes, at most 29`);
  const c = crc32(b);
  const raw = new Uint8Array(4 + b.length);
  raw[0] = c >>> 24;
  raw[1] = (c >>> 16) & 0xff;
  raw[2] = (c >>> 8) & 0xff;
  raw[3] = c & 0xff;
  raw.set(b, 4);
  return base32(raw).match(/.{1,5}/g).join('-');
}

/** Textual id -> bytes; checks the grouping and the CRC32 as the IC does. */
function fromText(text) {
  const lower = String(text).toLowerCase();
  const raw = unbase32(lower.replace(/-/g, ''));
  if (raw.length < 4) throw new Error(`principal: '${text}' is too short`);
  const bytes = raw.subarray(4);
  if (toText(bytes) !== lower) throw new Error(`principal: '${text}' has a wrong check sequence or grouping`);
  return Uint8Array.from(bytes);
}

/** A canister id as the IC makes them: the 64-bit index big-endian, then 0x01 0x01. */
function canisterIdBytes(index) {
  const b = new Uint8Array(10);
  let v = BigInt(index);
  for (let i = 7; i >= 0; i--) {
    b[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  b[8] = 1;
  b[9] = 1;
  return b;
}

function hex(bytes) {
  return Buffer.from(bytes).toString('hex');
}

module.exports = { crc32, toText, fromText, canisterIdBytes, hex, PRINCIPAL_BYTES_MAX };
