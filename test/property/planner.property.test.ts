import * as fc from 'fast-check';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cni, Fleet, resolveFleet } from '../../src';
import { writeAddressLock } from '../../src/fleet/address-plan';
import {
  addressLockJson, AddressLock, Cidr, EMPTY_ADDRESS_LOCK, findOverlaps, HandSetRange, IpFamily, lockedRanges, parseAddressLock,
  planAddresses, PlannerInput, PlanRequest, RangeKind,
} from '../../src/net';
import { positiveEnv } from './runs';

// Seeded and quick by default, like fleet.property.test.ts: FC_RUNS=<n> runs every property n times, FC_SEED=<n> picks another seed,
// FC_PLANNER_RUNS sets the runs of these properties only.
const SEED = Number(process.env.FC_SEED ?? 20261202);
const RUNS = positiveEnv('FC_PLANNER_RUNS') ?? positiveEnv('FC_RUNS') ?? 60;

const PLANS = {
  pod: { supernets: ['10.0.0.0/12', 'fd00:10::/96'], prefixLength: { ipv4: 20, ipv6: 112 } },
  join: { supernets: ['100.64.0.0/14', 'fd00:64::/100'], prefixLength: { ipv4: 22, ipv6: 116 } },
  service: { supernets: ['10.96.0.0/13', 'fd00:96::/100'], prefixLength: { ipv4: 20, ipv6: 112 } },
};
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
const STACKS: IpFamily[][] = [['IPv4'], ['IPv6'], ['IPv4', 'IPv6'], ['IPv6', 'IPv4']];

interface ClusterState {
  readonly stack: IpFamily[];
  /** a pod range set by hand (somewhere in the pod supernet, possibly colliding) instead of planned */
  readonly handPod?: string;
}

type Op =
  | { readonly op: 'add'; readonly name: string; readonly stack: number; readonly handPod?: number }
  | { readonly op: 'remove'; readonly name: string }
  | { readonly op: 'release'; readonly name: string }
  | { readonly op: 'reorder'; readonly seed: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), name: fc.constantFrom(...NAMES), stack: fc.nat(3), handPod: fc.option(fc.nat(15), { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), name: fc.constantFrom(...NAMES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), name: fc.constantFrom(...NAMES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reorder' as const), seed: fc.nat() }) },
);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function inputOf(fleet: ReadonlyArray<[string, ClusterState]>, lock: AddressLock, release: readonly string[]): PlannerInput {
  const handSet: HandSetRange[] = [];
  const requests: PlanRequest[] = [];
  for (const [name, c] of fleet) {
    const kinds: RangeKind[] = ['join', 'service'];
    if (c.handPod) handSet.push({ cluster: name, kind: 'pod', label: `cluster "${name}" podCidr`, cidr: Cidr.parse(c.handPod) });
    else kinds.unshift('pod');
    requests.push({ cluster: name, kinds, families: c.stack });
  }
  return { plans: PLANS, lock, requests, clusters: fleet.map(([n]) => n), handSet, release };
}

describe('CIDR planner, random add/remove/reorder/release sequences (IPv4, IPv6, dual-stack)', () => {
  test('never moves an allocation, never overlaps, reports every collision, and the order never matters', () => {
    fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
      let fleet: Array<[string, ClusterState]> = [];
      let lock: AddressLock = EMPTY_ADDRESS_LOCK;
      /** every range a cluster name ever got, kept until it is released: a re-added cluster must get it back */
      const ever = new Map<string, string>();
      for (const op of ops) {
        let next = fleet;
        if (op.op === 'add' && !fleet.some(([n]) => n === op.name)) {
          const handPod = op.handPod === undefined ? undefined : `10.${op.handPod >> 4}.${(op.handPod & 15) << 4}.0/20`;
          next = [...fleet, [op.name, { stack: STACKS[op.stack], handPod }]];
        } else if (op.op === 'remove') {
          next = fleet.filter(([n]) => n !== op.name);
        } else if (op.op === 'reorder') {
          next = shuffled(fleet, op.seed);
        }
        // a release is given for one render (kept in the options it would only warn once done)
        const rel = op.op === 'release' && !next.some(([n]) => n === op.name) ? [op.name] : [];
        const result = planAddresses(inputOf(next, lock, rel));
        // the order of the clusters never matters
        const reversed = planAddresses(inputOf([...next].reverse(), lock, rel));
        expect(addressLockJson(reversed.lock)).toBe(addressLockJson(result.lock));
        expect(reversed.errors).toEqual(result.errors);

        if (result.errors.length > 0) {
          // the only mistake a sequence can make: a hand-set pod range on a range the lock holds, reported for that cluster
          for (const e of result.errors) expect(e.message).toMatch(/^cluster "[a-j]" podCidr 10\.\S+ collides with the \w+ range \S+ the address lock holds/);
          const added = next.find(([n]) => !fleet.some(([m]) => m === n));
          expect(added?.[1].handPod).toBeDefined();
          continue; // the render fails: fleet and lock stay as they were
        }
        fleet = next;
        lock = result.lock;

        // every locked range: never moved while its cluster name is locked; released ranges only disappear
        const all = lockedRanges(lock);
        for (const r of all) {
          const k = `${r.cluster}/${r.kind}/${r.family}`;
          if (ever.has(k) && fleet.every(([n, c]) => n !== r.cluster || (r.kind !== 'pod' || !c.handPod))) expect([k, r.cidr]).toEqual([k, ever.get(k)]);
          ever.set(k, r.cidr);
        }
        for (const k of [...ever.keys()]) {
          const [cluster] = k.split('/');
          if (!all.some((r) => `${r.cluster}/${r.kind}/${r.family}` === k) && !fleet.some(([n]) => n === cluster)) {
            expect(rel).toContain(cluster); // only a release drops a removed cluster's range
            ever.delete(k);
          }
        }
        // every cluster got what it asked for, in its family order
        for (const [name, c] of fleet) {
          const got = result.ranges.get(name)!;
          for (const kind of ['pod', 'join', 'service'] as const) {
            if (kind === 'pod' && c.handPod) continue;
            expect(got[kind]!.split(',').map((t) => Cidr.parse(t).family)).toEqual(c.stack);
            expect(got[kind]!.split(',').map((t) => t)).toEqual(c.stack.map((f) => lock.clusters[name][kind]![f === 'IPv4' ? 'ipv4' : 'ipv6']));
          }
        }
        // no overlap between any two ranges: allocated, reserved and hand-set (two hand-set ones are the cluster rules' business)
        const owned = [
          ...all.map((r) => ({ cidr: Cidr.parse(r.cidr), owner: `${r.cluster} ${r.kind}` })),
          ...fleet.filter(([, c]) => c.handPod).map(([n, c]) => ({ cidr: Cidr.parse(c.handPod!), owner: `${n} hand-set pod` })),
        ];
        expect(findOverlaps(owned, (x, y) => !(x.endsWith('hand-set pod') && y.endsWith('hand-set pod'))).map((o) => `${o.first.owner} ${o.first.cidr} / ${o.second.owner} ${o.second.cidr}`)).toEqual([]);
        // the lock round-trips byte for byte
        const text = addressLockJson(lock);
        expect(addressLockJson(parseAddressLock(text, 'lock').lock!)).toBe(text);
      }
    }), { seed: SEED, numRuns: RUNS });
  });
});

describe('Fleet.planAddresses, random add/remove/reorder sequences through resolveFleet and the lock file', () => {
  test('a cluster\'s resolved ranges never change while it stays in the fleet, and interconnected clusters never overlap', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planner-property-'));
    const fleetOp = fc.oneof(
      fc.record({ op: fc.constant('add' as const), name: fc.constantFrom(...NAMES), stack: fc.nat(3), kubeOvn: fc.boolean() }),
      fc.record({ op: fc.constant('remove' as const), name: fc.constantFrom(...NAMES) }),
      fc.record({ op: fc.constant('reorder' as const), seed: fc.nat() }),
    );
    try {
      let run = 0;
      fc.assert(fc.property(fc.array(fleetOp, { minLength: 1, maxLength: 12 }), (ops) => {
        const lockFile = path.join(dir, `lock-${run++}.json`);
        let clusters: Array<{ name: string; stack: IpFamily[]; kubeOvn: boolean }> = [];
        /** cluster/kind/family -> CIDR, as last resolved */
        const seen = new Map<string, string>();
        for (const op of ops) {
          if (op.op === 'add' && !clusters.some((c) => c.name === op.name)) clusters.push({ name: op.name, stack: STACKS[op.stack], kubeOvn: op.kubeOvn });
          else if (op.op === 'remove') clusters = clusters.filter((c) => c.name !== op.name);
          else if (op.op === 'reorder') clusters = shuffled(clusters, op.seed);
          const fleet = new Fleet().planAddresses({ lockFile, ...PLANS });
          const icDatabase = fleet.addExternalIcDatabase('ic', { hosts: [{ ip: '192.168.1.1' }] });
          clusters.forEach((c, i) => {
            const fc_ = fleet.addCluster(c.name, { masterNodeIps: [`192.168.2.${i + 1}`], ipFamilies: c.stack, cni: c.kubeOvn ? undefined : Cni.OVN_KUBERNETES });
            if (c.kubeOvn) fc_.interconnect({ icDatabase });
          });
          const resolved = resolveFleet(fleet);
          expect(resolved.errors).toEqual([]);
          for (const c of resolved.clusters) {
            const n = c.network;
            expect(n.podCidr.split(',').map((t) => Cidr.parse(t).family)).toEqual(clusters.find((x) => x.name === c.name)!.stack);
            expect(n.joinCidr !== undefined).toBe(clusters.find((x) => x.name === c.name)!.kubeOvn);
            // a cluster that stays keeps its ranges, one that comes back gets its reserved ranges back; a range is
            // dropped when the cluster stops needing it (another family, no longer Kube-OVN), and may then come back elsewhere
            const now = new Map<string, string>();
            for (const [kind, text] of [['pod', n.podCidr], ['join', n.joinCidr], ['service', n.serviceCidr]] as const) {
              for (const t of text?.split(',') ?? []) now.set(`${c.name}/${kind}/${Cidr.parse(t).family}`, t);
            }
            for (const [k, cidr] of now) if (seen.has(k)) expect([k, cidr]).toEqual([k, seen.get(k)]);
            for (const k of [...seen.keys()]) if (k.startsWith(`${c.name}/`) && !now.has(k)) seen.delete(k);
            for (const [k, cidr] of now) seen.set(k, cidr);
          }
          writeAddressLock(resolved.addressPlan!);
        }
      }), { seed: SEED, numRuns: Math.max(1, Math.round(RUNS / 3)) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
