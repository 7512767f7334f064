import * as fc from 'fast-check';
import { renderFleetFiles } from '../../src';
import { fleetErrors, manifestValidator } from '../support/manifests';
import { buildFleet, ClusterSpec, FleetSpec, fleetSpec } from './fleet-spec';
import { parseAllDocuments } from 'yaml';
import { Yaml } from 'cdk8s';
import { positiveEnv } from './runs';

// Seeded so a failure is reproducible: fast-check prints the seed and path to replay. A quick sample by default
// (npm test stays fast); FC_RUNS=<n> runs every property n times, FC_SEED=<n> picks another seed (CI may run more).
// FC_VALID_RUNS / FC_MUTATION_RUNS / FC_ORDER_RUNS set one property's runs.
const SEED = Number(process.env.FC_SEED ?? 20261121);
const RUNS = positiveEnv('FC_RUNS');
const VALID_RUNS = positiveEnv('FC_VALID_RUNS') ?? RUNS ?? 12;
const MUTATION_RUNS = positiveEnv('FC_MUTATION_RUNS') ?? RUNS ?? 100;
const ORDER_RUNS = positiveEnv('FC_ORDER_RUNS') ?? RUNS ?? 5;

describe('random valid fleets', () => {
  test('render without error and every document passes validation', () => {
    fc.assert(fc.property(fleetSpec, (spec) => {
      const { files } = renderFleetFiles(buildFleet(spec));
      // manifests only: runbooks/*.md, hosts/ (run specifications for IC database hosts) and argocd-submariner/ (Helm
      // wrapper charts: Chart.yaml and values.yaml) are not Kubernetes objects
      const manifests = files.filter((f) => /\.ya?ml$/.test(f.file) && !f.file.startsWith('hosts/') && !f.file.startsWith('argocd-submariner/'));
      const docs = manifests.flatMap((f) => {
        const parsed = parseAllDocuments(f.content, { version: '1.1' }).map((d) => d.toJS());
        // the package's own emitter must write exactly what the yaml library writes for what it reads back
        expect([f.file, Yaml.stringify(...parsed)]).toEqual([f.file, f.content]);
        return parsed.map((doc, i) => ({ location: `${f.file}#${i}`, doc }));
      });
      // duplicates are only duplicates within one cluster folder
      const byCluster = new Map<string, typeof docs>();
      for (const d of docs) {
        const dir = d.location.split('/').slice(0, 2).join('/');
        byCluster.set(dir, [...(byCluster.get(dir) ?? []), d]);
      }
      for (const set of byCluster.values()) expect(manifestValidator().validateSet(set)).toEqual([]);
      expect(files.length).toBeGreaterThanOrEqual(spec.clusters.length * 2);
    }), { seed: SEED, numRuns: VALID_RUNS });
  });
});

/** One rule broken in one cluster, and the message the user must see. */
interface Mutation {
  readonly name: string;
  readonly applies: (spec: FleetSpec) => boolean;
  readonly mutate: (spec: FleetSpec, target: ClusterSpec) => void;
  readonly message: RegExp;
}

const MUTATIONS: Mutation[] = [
  {
    name: 'overlapping pod CIDRs',
    applies: (s) => s.clusters.length >= 2,
    mutate: (s, t) => { t.podCidr = s.clusters.find((c) => c !== t)!.podCidr; },
    message: /subnet "ovn-default" 10\.\d+\.0\.0\/16 overlaps subnet "ovn-default" 10\.\d+\.0\.0\/16 of cluster/,
  },
  {
    name: 'duplicate az-name',
    applies: (s) => s.clusters.length >= 2,
    mutate: (s, t) => { t.azName = s.clusters.find((c) => c !== t)!.azName; },
    message: /azName \(az-name\) "az-[a-z0-9]+" is already used by cluster/,
  },
  {
    name: 'bad vlan id',
    applies: (s) => s.clusters.some((c) => c.underlay),
    mutate: (_s, t) => { t.underlay!.vlanId = 4096 + (t.underlay!.vlanId % 1000); },
    message: /spec\.id is \d+; a VLAN id is an integer from 0 to 4095/,
  },
  {
    name: 'gateway outside its subnet',
    applies: (s) => s.clusters.some((c) => c.underlay),
    mutate: (_s, t) => { t.underlay!.gateway = '203.0.113.1'; },
    message: /spec\.gateway 203\.0\.113\.1 is not inside 192\.169\.\d+\.0\/24/,
  },
  {
    name: 'long provider network name',
    applies: (s) => s.clusters.some((c) => c.underlay),
    mutate: (_s, t) => { t.underlay!.provider = `${t.underlay!.provider}abcdefghijklm`.slice(0, 13); },
    message: /metadata\.name is 13 characters; at most 12 are allowed/,
  },
  {
    name: 'bad cluster ID',
    applies: (s) => s.members.length > 0,
    mutate: (s, t) => { s.members[t.name.length % s.members.length].clusterId = `Bad_${t.name}`; },
    message: /clusterId "Bad_[a-z0-9]+" must consist of lowercase letters/,
  },
  {
    name: 'overlapping service CIDRs of joined clusters',
    applies: (s) => s.members.length >= 2,
    mutate: (s) => { s.members[1].serviceCidr = s.members[0].serviceCidr; },
    message: /overlaps/,
  },
  {
    name: 'no gateway node',
    applies: () => true,
    mutate: (_s, t) => { t.gatewayNodes = []; },
    message: /gatewayNodes \(gw-nodes\) is empty/,
  },
];

describe('random single mutations', () => {
  test('are rejected with the matching message and never with a TypeError', () => {
    const arb = fleetSpec.chain((spec) => fc.record({
      spec: fc.constant(spec),
      mutation: fc.constantFrom(...MUTATIONS.filter((m) => m.applies(spec))),
      index: fc.nat(),
    }));
    fc.assert(fc.property(arb, ({ spec, mutation, index }) => {
      const candidates = mutation.name.includes('vlan') || mutation.name.includes('gateway outside') || mutation.name.includes('provider')
        ? spec.clusters.filter((c) => c.underlay)
        : spec.clusters;
      const target = candidates[index % candidates.length];
      mutation.mutate(spec, target);
      const errors = fleetErrors(buildFleet(spec));
      expect(errors.some((e) => mutation.message.test(e))).toBe(true);
      expect(errors.join('\n')).not.toMatch(/TypeError|undefined|NaN/);
    }), { seed: SEED, numRuns: MUTATION_RUNS });
  });
});

describe('determinism', () => {
  test('output does not depend on the order clusters and subnets are declared in', () => {
    const arb = fleetSpec.filter((s) => s.clusters.length >= 2).chain((spec) => fc.record({
      spec: fc.constant(spec),
      // the IC server stays on the first cluster: only the order of the others is free
      order: fc.shuffledSubarray(spec.clusters.slice(1), { minLength: spec.clusters.length - 1, maxLength: spec.clusters.length - 1 }),
    }));
    fc.assert(fc.property(arb, ({ spec, order }) => {
      const shuffled: FleetSpec = {
        ...spec,
        clusters: [spec.clusters[0], ...order.map((c) => ({ ...c, overlay: [...c.overlay].reverse() }))],
      };
      const render = (s: FleetSpec) => renderFleetFiles(buildFleet(s)).files.map((f) => `${f.file}\n${f.content}`).sort();
      expect(render(shuffled)).toEqual(render(spec));
    }), { seed: SEED, numRuns: ORDER_RUNS });
  });
});
