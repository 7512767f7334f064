/**
 * One measurement in a fresh process: `node lib/bench/child.js <mode> <N> [outdir]`, modes `package`,
 * `floor`, `floor-emitter` (N clusters, written into outdir) and `checks` (N clusters x 100 subnets).
 * Prints one JSON line: the measurement and the process's peak RSS.
 */
import { Measurement, renderFloor, renderFloorEmitter, renderPackage, timeFleetChecks } from './render';

const MODES: Record<string, (n: number, outdir: string) => Measurement> = {
  'package': renderPackage,
  'floor': renderFloor,
  'floor-emitter': renderFloorEmitter,
  'checks': (n) => timeFleetChecks(n),
};

const [mode, n, outdir] = process.argv.slice(2);
const run = MODES[mode];
if (!run || !Number.isInteger(Number(n))) {
  process.stderr.write(`usage: child.js <${Object.keys(MODES).join('|')}> <N> [outdir]\n`);
  process.exitCode = 2;
} else {
  const result = run(Number(n), outdir ?? '');
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}
