import * as fs from 'fs';
import * as path from 'path';

/**
 * The pinned upstream files beside the project (`../shared`: CRDs and the whole charts), read only by the checks
 * in this folder (`npm run test:upstream`): that the committed `schemas/` is what the generator makes of them, and
 * that the real `helm template` renders the charts with the values the package writes. `npm test` never reads
 * them: it uses what `npm run regenerate` committed. Each folder can be moved with an environment variable.
 */
export const SHARED_DIR = process.env.OVN_IC_SHARED_DIR ?? path.resolve(__dirname, '../../shared');
export const CRD_DIR = process.env.OVN_IC_CRD_DIR ?? path.join(SHARED_DIR, 'crds');
export const CHARTS_DIR = process.env.OVN_IC_CHARTS_DIR ?? path.join(SHARED_DIR, 'charts');

for (const [dir, env] of [[CRD_DIR, 'OVN_IC_CRD_DIR'], [CHARTS_DIR, 'OVN_IC_CHARTS_DIR']] as const) {
  if (!fs.existsSync(dir)) {
    throw new Error(`npm run test:upstream needs the pinned upstream files: ${dir} not found (set ${env} or OVN_IC_SHARED_DIR); npm test does not`);
  }
}

/** The folder of a pinned chart. */
export function chartDir(chart: string): string {
  return path.join(CHARTS_DIR, chart);
}
