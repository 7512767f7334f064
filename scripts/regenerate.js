#!/usr/bin/env node
// `npm run regenerate`: writes schemas/ (the CRD schema bundle and the chart facts) from the pinned upstream files
// in ../shared (override with OVN_IC_SHARED_DIR, or OVN_IC_CRD_DIR / OVN_IC_CHARTS_DIR). Runs the built generator:
// the npm script builds first. `--out DIR` writes elsewhere (the up-to-date test uses a temporary folder).
'use strict';
const path = require('path');
const root = path.resolve(__dirname, '..');
const { regenerate } = require(path.join(root, 'lib/src/validate/bundle-generator.js'));

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
if (args.length !== 0 && (outAt !== 0 || args.length !== 2)) {
  console.error('usage: regenerate [--out DIR]   (inputs: $OVN_IC_SHARED_DIR, default ../shared)');
  process.exit(2);
}
const shared = process.env.OVN_IC_SHARED_DIR || path.resolve(root, '../shared');
const options = {
  crdDir: process.env.OVN_IC_CRD_DIR || path.join(shared, 'crds'),
  chartsDir: process.env.OVN_IC_CHARTS_DIR || path.join(shared, 'charts'),
  outDir: outAt === 0 ? path.resolve(args[1]) : path.join(root, 'schemas'),
};
try {
  const files = regenerate(options);
  console.log(`wrote ${files.length} files into ${path.relative(process.cwd(), options.outDir) || '.'} from ${options.crdDir} and ${options.chartsDir}`);
} catch (e) {
  console.error(`error: ${e.message}`);
  process.exit(1);
}
