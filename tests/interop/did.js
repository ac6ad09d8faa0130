// Reads the subset of Candid text that docs/asyncflow.did uses (type definitions; record,
// variant, opt, vec, blob and primitive types; a service of methods `name : (T, ...) -> ()`)
// into @dfinity/candid types, so the interop test can check that the interface file and the
// types it tests agree.
'use strict';

const PRIMITIVES = ['nat', 'nat8', 'nat16', 'nat32', 'nat64', 'int', 'text', 'bool', 'null', 'reserved', 'empty', 'principal'];

function tokenize(text) {
  const withoutComments = text.replace(/\/\/[^\n]*/g, '');
  return withoutComments.match(/->|[A-Za-z_][A-Za-z0-9_]*|[{}();:=,]/g) || [];
}

function parseDid(text, IDL) {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = (t) => {
    if (tokens[i] !== t) throw new Error(`asyncflow.did: expected '${t}' at token ${i}, got '${tokens[i]}'`);
    i++;
  };
  const definitions = {};
  const primitive = {
    nat: IDL.Nat, nat8: IDL.Nat8, nat16: IDL.Nat16, nat32: IDL.Nat32, nat64: IDL.Nat64, int: IDL.Int,
    text: IDL.Text, bool: IDL.Bool, null: IDL.Null, reserved: IDL.Reserved, empty: IDL.Empty, principal: IDL.Principal,
  };
  function fields() {
    expect('{');
    const out = {};
    while (peek() !== '}') {
      const name = next();
      expect(':');
      out[name] = type();
      if (peek() === ';') next();
    }
    expect('}');
    return out;
  }
  function type() {
    const word = next();
    if (word === 'opt') return IDL.Opt(type());
    if (word === 'vec') return IDL.Vec(type());
    if (word === 'blob') return IDL.Vec(IDL.Nat8);
    if (word === 'record') return IDL.Record(fields());
    if (word === 'variant') return IDL.Variant(fields());
    if (PRIMITIVES.includes(word)) return primitive[word];
    if (word in definitions) return definitions[word];
    throw new Error(`asyncflow.did: unknown type '${word}'`);
  }
  function tuple() {
    expect('(');
    const out = [];
    while (peek() !== ')') {
      out.push(type());
      if (peek() === ',') next();
    }
    expect(')');
    return out;
  }
  const methods = {};
  while (i < tokens.length) {
    const word = next();
    if (word === 'type') {
      const name = next();
      expect('=');
      definitions[name] = type();
      expect(';');
    } else if (word === 'service') {
      expect(':');
      expect('{');
      while (peek() !== '}') {
        const name = next();
        expect(':');
        const args = tuple();
        expect('->');
        const results = tuple();
        methods[name] = { args, results };
        if (peek() === ';') next();
      }
      expect('}');
      if (peek() === ';') next();
    } else {
      throw new Error(`asyncflow.did: unexpected '${word}'`);
    }
  }
  return { definitions, methods };
}

module.exports = { parseDid };
