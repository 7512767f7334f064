/**
 * One measurement in a fresh process: `node lib/bench/child.js <mode> <N> [outdir] [source] [threads]`, modes
 * `package` (N clusters rendered into outdir on up to `threads` threads), `write-floor` and `yaml-floor` (the package's output in
 * `source` written again into outdir) and `checks` (N clusters x 100 subnets). Prints one JSON line:
 * the measurement, the process's peak RSS and its CPU time (user + system).
 */
import { Measurement, renderPackage, timeFleetChecks, writeFloor, yamlFloor } from './render';

const MODES: Record<string, (n: number, outdir: string, source: string, threads?: number) => Measurement> = {
  'package': (n, outdir, _source, threads) => renderPackage(n, outdir, threads),
  'write-floor': (_n, outdir, source) => writeFloor(source, outdir),
  'yaml-floor': (_n, outdir, source) => yamlFloor(source, outdir),
  'checks': (n) => timeFleetChecks(n),
};

const [mode, n, outdir, source, threads] = process.argv.slice(2);
const run = MODES[mode];
if (!run || !Number.isInteger(Number(n))) {
  process.stderr.write(`usage: child.js <${Object.keys(MODES).join('|')}> <N> [outdir] [source]\n`);
  process.exitCode = 2;
} else {
  const result = run(Number(n), outdir ?? '', source ?? '', threads ? Number(threads) : undefined);
  const usage = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}\n`);
}
