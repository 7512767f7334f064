#!/usr/bin/env node
/*
 * Post-processes the L1s that `cdk8s import` generates into imports/: every `toJson_*` function drops
 * undefined fields with `Object.entries(x).reduce((r, i) => ... ({ ...r, [i[0]]: i[1] }), {})`, which
 * copies the object once per field (quadratic in the fields of a struct, and the bulk of the garbage a
 * render makes). This rewrites each of them into a call of one linear helper, `compactRecord`, that
 * gives the same object (same keys, same order). Idempotent; `npm run import:offline` runs it.
 * Usage: node scripts/linear-tojson.js imports/*.ts
 */
const fs = require('fs');

const REDUCE = /Object\.entries\(([^()]+)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\)/g;
const HELPER = `
/**
 * \`value\` without its undefined entries, keys in their order (what the generated
 * \`Object.entries(value).reduce(...)\` gives, in one pass). Added by scripts/linear-tojson.js.
 */
function compactRecord(value: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}
`;

for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  let count = 0;
  let out = text.replace(REDUCE, (_m, arg) => {
    count++;
    return `compactRecord(${arg})`;
  });
  if (count > 0 && !out.includes('function compactRecord(')) out = `${out.replace(/\n*$/, '\n')}${HELPER}`;
  if (out !== text) fs.writeFileSync(file, out);
  process.stdout.write(`${file}: ${count} reduce(s) rewritten\n`);
}
