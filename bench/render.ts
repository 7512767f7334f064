import * as fs from 'fs';
import * as path from 'path';
import { listFiles } from './compare';
import { ARGOCD_DIR, FLUX_DIR } from './spec';

/* eslint-disable @typescript-eslint/no-require-imports */
// each mode requires what it needs when it runs, so a child's module load is part of what it measures

/** Phase times (ms) and files written by one measurement. */
export interface Measurement {
  readonly files: number;
  readonly phases: Record<string, number>;
}

/**
 * Renders the bench fleet of `n` clusters into `outdir` through the package (one render per delivery), on up to
 * `threads` threads (`renderFleetInParallel`'s default: one less than the machine's parallelism, 1 to 4).
 */
export function renderPackage(n: number, outdir: string, threads?: number): Measurement {
  const t0 = performance.now();
  const { renderFleetInParallel } = require('../src/fleet/parallel') as typeof import('../src/fleet/parallel');
  const t1 = performance.now();
  let files = 0;
  let used = 0;
  for (const [delivery, dir] of [['argocd', ARGOCD_DIR], ['flux', FLUX_DIR]] as const) {
    const source = { module: require.resolve('./package-fleet'), export: 'benchPackageFleet', args: [n, delivery] };
    const result = renderFleetInParallel(source, path.join(outdir, dir), { threads });
    files += result.files;
    used = Math.max(used, result.threads);
  }
  return { files, phases: { load: t1 - t0, render: performance.now() - t1, threads: used } };
}

/** CPU time (user + system, ms) of this process since `start`: less sensitive than wall time to other load on the machine. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Every file of a render below `dir` (as `listFiles` lists them) as relative path -> bytes. */
function readTree(dir: string): Array<{ file: string; bytes: Buffer }> {
  return listFiles(dir).map((file) => ({ file, bytes: fs.readFileSync(path.join(dir, file)) }));
}

/** Writes files into `outdir`, creating each folder once. */
function writeTree(outdir: string, files: ReadonlyArray<{ file: string; content: string | Buffer }>): void {
  const folders = new Set<string>();
  for (const f of files) {
    const full = path.join(outdir, f.file);
    const folder = path.dirname(full);
    if (!folders.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    fs.writeFileSync(full, f.content);
  }
}

/**
 * Floor (a), the physical floor: the package's own output, read into memory untimed, then written
 * again into `outdir` (timed): the same bytes, the same files, nothing computed.
 */
export function writeFloor(source: string, outdir: string): Measurement {
  const files = readTree(source).map((f) => ({ file: f.file, content: f.bytes }));
  const t = performance.now();
  const cpu = process.cpuUsage();
  writeTree(outdir, files);
  return { files: files.length, phases: { write: performance.now() - t, writeCpu: cpuMsSince(cpu) } };
}

/**
 * Floor (b): the same documents serialised again with `yaml` the way cdk8s's `Yaml.stringify` does
 * (YAML 1.1, no line folding), and written (timed); the package's output is parsed untimed first.
 * Files that are not manifests are written as they are. The result must equal the package's output.
 */
export function yamlFloor(source: string, outdir: string): Measurement {
  const YAML = require('yaml') as typeof import('yaml');
  const options = { version: '1.1', lineWidth: 0, keepUndefined: true } as const;
  const docs = readTree(source).map((f) => ({ file: f.file, doc: f.file.endsWith('.k8s.yaml') ? YAML.parse(f.bytes.toString('utf8'), { version: '1.1' }) : f.bytes }));
  const t = performance.now();
  const cpu = process.cpuUsage();
  writeTree(outdir, docs.map((d) => ({ file: d.file, content: Buffer.isBuffer(d.doc) ? d.doc : YAML.stringify(d.doc, options) })));
  return { files: docs.length, phases: { write: performance.now() - t, writeCpu: cpuMsSince(cpu) } };
}

/**
 * The fleet-wide OVN-IC rules alone (`checkInterconnections`: az-names and advertised CIDRs across all
 * clusters of one IC database) on `clusters` x 100 overlay subnets. Returns the first (cold) and the
 * median of five warm runs.
 */
export function timeFleetChecks(clusters: number): Measurement {
  const { IcDatabase } = require('../src/ovn-ic/ic-database') as typeof import('../src/ovn-ic/ic-database');
  const { checkInterconnections } = require('../src/ovn-ic/fleet-checks') as typeof import('../src/ovn-ic/fleet-checks');
  const { Cidr } = require('../src/net') as typeof import('../src/net');
  const icDatabase = IcDatabase.fromHosts(['192.0.2.1', '192.0.2.2', '192.0.2.3'], { tsNum: 1 });
  const ip = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  const members = Array.from({ length: clusters }, (_, i) => {
    // 10.0.0.0/8: each cluster a /19 of /26 subnets; pods in 172.16.0.0/12, join in 100.64.0.0/10
    const base = (10 << 24) + i * 8192;
    const name = `c${String(i).padStart(4, '0')}`;
    const range = (subnet: string, cidr: string) => ({ name: subnet, path: `${name}/Interconnection`, cidrs: [Cidr.parse(cidr)], advertised: true, underlay: false });
    return {
      cluster: name, path: `${name}/Interconnection`, icDatabase, azName: name, gatewayNodes: ['gw1'], autoRoute: true, enabled: true, peerRoutes: [],
      ranges: [
        range('ovn-default', `${ip((172 << 24) + (16 << 16) + i * 256)}/24`),
        range('join', `${ip((100 << 24) + (64 << 16) + i * 1024)}/22`),
        ...Array.from({ length: 100 }, (__, k) => range(`s${k}`, `${ip(base + k * 64)}/26`)),
      ],
    };
  });
  const runs: number[] = [];
  let problems = 0;
  for (let r = 0; r < 6; r++) {
    const t = performance.now();
    const result = checkInterconnections(members);
    runs.push(performance.now() - t);
    problems = result.errors.length + result.warnings.length;
  }
  const warm = runs.slice(1).sort((a, b) => a - b)[2];
  return { files: problems, phases: { subnets: clusters * 100, cold: runs[0], warm } };
}
