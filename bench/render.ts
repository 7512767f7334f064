import * as path from 'path';
import { ARGOCD_DIR, FLUX_DIR, benchFleet } from './spec';

/* eslint-disable @typescript-eslint/no-require-imports */
// each mode requires what it needs when it runs, so a child's module load is measured as its own phase

/** Phase times (ms) and files written by one measurement. */
export interface Measurement {
  readonly files: number;
  readonly phases: Record<string, number>;
}

/** Renders the bench fleet of `n` clusters into `outdir` through the package (both deliveries). */
export function renderPackage(n: number, outdir: string): Measurement {
  const t0 = performance.now();
  const { renderFleet } = require('../src/fleet/render') as typeof import('../src/fleet/render');
  const { buildBenchFleet } = require('./package-fleet') as typeof import('./package-fleet');
  const t1 = performance.now();
  const spec = benchFleet(n);
  let files = 0;
  let construct = 0;
  for (const [delivery, dir] of [['argocd', ARGOCD_DIR], ['flux', FLUX_DIR]] as const) {
    const b0 = performance.now();
    const fleet = buildBenchFleet(spec, delivery);
    construct += performance.now() - b0;
    files += renderFleet(fleet, path.join(outdir, dir)).files;
  }
  const t2 = performance.now();
  return { files, phases: { load: t1 - t0, construct, render: t2 - t1 - construct } };
}

/** The floor: the same files as plain objects, serialised by `yaml` as cdk8s's Yaml.stringify does. */
export function renderFloor(n: number, outdir: string): Measurement {
  const t0 = performance.now();
  const { writeFloor } = require('./floor') as typeof import('./floor');
  const t1 = performance.now();
  const files = writeFloor(benchFleet(n), outdir);
  return { files, phases: { load: t1 - t0, render: performance.now() - t1 } };
}

/** The floor serialised by the package's emitter (`toYaml`) instead of `yaml`: the package's own overhead. */
export function renderFloorEmitter(n: number, outdir: string): Measurement {
  const t0 = performance.now();
  const { writeFloor } = require('./floor') as typeof import('./floor');
  const { toYaml } = require('../src/fleet/yaml') as typeof import('../src/fleet/yaml');
  const t1 = performance.now();
  const files = writeFloor(benchFleet(n), outdir, toYaml);
  return { files, phases: { load: t1 - t0, render: performance.now() - t1 } };
}

/**
 * The fleet-wide OVN-IC check alone (`checkInterconnections`: az-names and advertised CIDRs across all
 * clusters of one IC database) on `clusters` x 100 overlay subnets. Returns the first (cold) and the
 * median of five warm runs.
 */
export function timeFleetChecks(clusters: number): Measurement {
  const { Fleet } = require('../src/fleet/fleet') as typeof import('../src/fleet/fleet');
  const { IcDatabase, InterconnectedCluster } = require('../src/ovn-ic') as typeof import('../src/ovn-ic');
  const { checkInterconnections } = require('../src/ovn-ic/fleet-checks') as typeof import('../src/ovn-ic/fleet-checks');
  const fleet = new Fleet();
  const icDatabase = IcDatabase.fromHosts(['192.0.2.1', '192.0.2.2', '192.0.2.3'], { tsNum: 1 });
  const ip = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  for (let i = 0; i < clusters; i++) {
    // 10.0.0.0/8: each cluster a /19 of /26 subnets; pods in 172.16.0.0/12, join in 100.64.0.0/10
    const base = (10 << 24) + i * 8192;
    const cluster = fleet.addCluster(`c${String(i).padStart(4, '0')}`, {
      podCidr: `${ip((172 << 24) + (16 << 16) + i * 256)}/24`, joinCidr: `${ip((100 << 24) + (64 << 16) + i * 1024)}/22`, serviceCidr: '10.255.0.0/16',
      masterNodeIps: ['192.0.2.10'], gatewayNodes: ['gw1'],
    });
    const ic = new InterconnectedCluster(cluster.chart, 'Interconnection', { icDatabase });
    for (let k = 0; k < 100; k++) ic.addSubnet(`s${k}`, { cidrBlock: `${ip(base + k * 64)}/26` });
  }
  const runs: number[] = [];
  let problems = 0;
  for (let r = 0; r < 6; r++) {
    const t = performance.now();
    const result = checkInterconnections(fleet);
    runs.push(performance.now() - t);
    problems = result.errors.length + result.warnings.length;
  }
  const warm = runs.slice(1).sort((a, b) => a - b)[2];
  return { files: problems, phases: { subnets: clusters * 100, cold: runs[0], warm } };
}
