import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AddressPlanOptions, Fleet, FLEET_MODEL_FILE, FleetClusterProps, FleetSnapshot, FleetValidationError, plan, renderFleet, validateFleet,
} from '../../src';
import { frozenLockFromEnv, runRender } from '../../src/fleet/cli';
import { planInput, readTree } from '../../src/plan/plan';
import { main as planMain } from '../../src/plan/cli-main';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'address-plan-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const PLAN = {
  pod: { supernets: ['10.128.0.0/12', 'fd00:10::/96'] },
  join: { supernets: ['100.64.0.0/12'] },
  service: { supernets: ['10.96.0.0/12'] },
};

/** Interconnected Kube-OVN clusters that set none of their ranges (the IC rules check the allocations). */
function plannedFleet(names: string[], options: Partial<AddressPlanOptions> = {}, props: Record<string, Partial<FleetClusterProps>> = {}): Fleet {
  const fleet = new Fleet().planAddresses({ lockFile: path.join(tmp, 'fleet.lock.json'), ...PLAN, ...options });
  const clusters = names.map((name) => fleet.addCluster(name, { masterNodeIps: [`192.168.${10 + Number(name.slice(2))}.1`], gatewayNodes: [`${name}-gw1`], ...props[name] }));
  const server = clusters.find((c) => c.name === 'az1') ?? clusters[0];
  const icDatabase = server.addIcServer({ nodeIps: [...server.props.masterNodeIps!] });
  for (const c of clusters) c.interconnect({ icDatabase });
  return fleet;
}

const lockPath = () => path.join(tmp, 'fleet.lock.json');
const lockText = () => fs.readFileSync(lockPath(), 'utf8');
const out = (name = 'dist') => path.join(tmp, name);
const networks = (dir: string) => Object.fromEntries((JSON.parse(fs.readFileSync(path.join(dir, FLEET_MODEL_FILE), 'utf8')) as FleetSnapshot).clusters
  .map((c) => [c.name, [c.network.podCidr, c.network.joinCidr, c.network.serviceCidr].join(' ')]));
const errorsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof FleetValidationError) return e.errors;
    throw e;
  }
  return [];
};

describe('Fleet.planAddresses', () => {
  test('allocates the ranges clusters omit, shows them in fleet-model.json, and writes the lock once the render succeeded', () => {
    renderFleet(plannedFleet(['az2', 'az1']), out());
    expect(networks(out())).toEqual({
      az1: '10.128.0.0/16 100.64.0.0/16 10.96.0.0/16',
      az2: '10.129.0.0/16 100.65.0.0/16 10.97.0.0/16',
    });
    expect(JSON.parse(lockText())).toEqual({
      clusters: {
        az1: { join: { ipv4: '100.64.0.0/16' }, pod: { ipv4: '10.128.0.0/16' }, service: { ipv4: '10.96.0.0/16' } },
        az2: { join: { ipv4: '100.65.0.0/16' }, pod: { ipv4: '10.129.0.0/16' }, service: { ipv4: '10.97.0.0/16' } },
      },
      shared: {},
      version: 1,
    });
    // allocated like hand-set: the OVN-IC config of az1 advertises nothing else, the manifests carry nothing new
    expect(fs.readdirSync(tmp).sort()).toEqual(['dist', 'fleet.lock.json']);
  });

  test('a fleet rendered twice gives the same lock and the same output, byte for byte', () => {
    renderFleet(plannedFleet(['az1', 'az2']), out('one'));
    const lock = lockText();
    renderFleet(plannedFleet(['az1', 'az2']), out('two'));
    expect(lockText()).toBe(lock);
    expect(readTree(out('two'))).toEqual(readTree(out('one')));
  });

  test('adding a cluster that sorts first never moves the others; plan shows it as an addition, nothing disruptive', () => {
    renderFleet(plannedFleet(['az1', 'az2']), out('before'));
    renderFleet(plannedFleet(['az0', 'az1', 'az2']), out('after'));
    expect(networks(out('after'))).toEqual({
      az0: '10.130.0.0/16 100.66.0.0/16 10.98.0.0/16',
      az1: '10.128.0.0/16 100.64.0.0/16 10.96.0.0/16',
      az2: '10.129.0.0/16 100.65.0.0/16 10.97.0.0/16',
    });
    const p = plan(planInput(readTree(out('before'))), planInput(readTree(out('after'))));
    expect(p.disruptive).toEqual([]);
    expect(p.folders.map((f) => f.folder)).toContain('clusters/az0');
  });

  test('a changed allocation (the lock edited by hand) is a disruptive CIDR change in plan', () => {
    renderFleet(plannedFleet(['az1', 'az2']), out('before'));
    fs.writeFileSync(lockPath(), lockText().replace('10.129.0.0/16', '10.140.0.0/16'));
    renderFleet(plannedFleet(['az1', 'az2']), out('after'));
    const p = plan(planInput(readTree(out('before'))), planInput(readTree(out('after'))));
    expect(p.disruptive.map((d) => d.reason)).toEqual(['cluster az2: CIDR change (podCidr "10.129.0.0/16" -> "10.140.0.0/16")']);
  });

  test('a removed cluster keeps its ranges reserved (with a warning); a new cluster does not get them', () => {
    renderFleet(plannedFleet(['az1', 'az2', 'az3']), out());
    const result = renderFleet(plannedFleet(['az1', 'az3', 'az4']), out());
    expect(result.warnings).toContain('[addressPlan/lock] cluster "az2" is no longer in the fleet; its ranges (pod 10.129.0.0/16, join 100.65.0.0/16, service 10.97.0.0/16) '
      + 'stay reserved in the lock so that no new cluster reuses them while routes to them may remain; once they are gone, release them with planAddresses({ release: [\'az2\'] })');
    expect(networks(out()).az4).toBe('10.131.0.0/16 100.67.0.0/16 10.99.0.0/16');
    renderFleet(plannedFleet(['az1', 'az3', 'az4', 'az5'], { release: ['az2'] }), out());
    expect(networks(out()).az5).toBe('10.129.0.0/16 100.65.0.0/16 10.97.0.0/16');
    expect(JSON.parse(lockText()).clusters.az2).toBeUndefined();
  });

  test('dual-stack and shared service ranges', () => {
    const fleet = plannedFleet(['az1', 'az2'], {
      join: { supernets: ['100.64.0.0/12', 'fd00:64::/96'] },
      service: { supernets: ['10.96.0.0/12', 'fd00:96::/108'], shared: true },
    }, { az2: { ipFamilies: ['IPv6', 'IPv4'] } });
    renderFleet(fleet, out());
    expect(networks(out())).toEqual({
      az1: '10.128.0.0/16 100.64.0.0/16 10.96.0.0/16',
      az2: 'fd00:10::/112,10.129.0.0/16 fd00:64::/112,100.65.0.0/16 fd00:96::/112,10.96.0.0/16',
    });
    expect(JSON.parse(lockText()).shared).toEqual({ service: { ipv4: '10.96.0.0/16', ipv6: 'fd00:96::/112' } });
  });

  test('frozen: a render that would change the lock fails, naming the allocations; output and lock stay byte-identical', () => {
    renderFleet(plannedFleet(['az1', 'az2']), out());
    const before = readTree(out());
    const lock = lockText();
    const errors = errorsOf(() => renderFleet(plannedFleet(['az1', 'az2', 'az3']), out(), { frozenLock: true, frozenLockReason: '--frozen-lock' }));
    expect(errors).toEqual([`[addressPlan/lock] the address lock ${lockPath()} is frozen (--frozen-lock), but this render would change it: `
      + '+ cluster "az3" pod IPv4 range 10.130.0.0/16; + cluster "az3" join IPv4 range 100.66.0.0/16; + cluster "az3" service IPv4 range 10.98.0.0/16; '
      + 'render without the frozen lock (locally: `cdk8s-ovn-ic render <module>` or `npm run synth`) and commit the updated lock with the fleet change']);
    expect(readTree(out())).toEqual(before);
    expect(lockText()).toBe(lock);
    // an unchanged fleet renders frozen
    expect(() => renderFleet(plannedFleet(['az1', 'az2']), out(), { frozenLock: true })).not.toThrow();
  });

  test('frozen in CI: runRender with CI=true, the reason in the message', () => {
    expect(frozenLockFromEnv({ CI: 'true' })).toBe('CI=true');
    expect(frozenLockFromEnv({ CI: 'false' })).toBeUndefined();
    expect(frozenLockFromEnv({})).toBeUndefined();
    const lines: string[] = [];
    expect(runRender(() => plannedFleet(['az1']), out(), (l) => lines.push(l), { frozenLock: 'CI=true' })).toBe(1);
    expect(lines.find((l) => l.startsWith('error:'))).toMatch(/^error: \[addressPlan\/lock\] the address lock .* is frozen \(CI=true\), but this render would change it: \+ cluster "az1" pod/);
    expect(fs.existsSync(out())).toBe(false);
    expect(fs.existsSync(lockPath())).toBe(false);
  });

  test('a malformed lock is reported and leaves the output folder and the lock byte-identical', () => {
    renderFleet(plannedFleet(['az1', 'az2']), out());
    const before = readTree(out());
    const bad = lockText().replace('"version": 1', '"version": 1,');
    fs.writeFileSync(lockPath(), bad);
    const errors = errorsOf(() => renderFleet(plannedFleet(['az1', 'az2']), out()));
    expect(errors).toEqual([expect.stringMatching(/^\[addressPlan\/lock\] the address lock fleet\.lock\.json is not valid JSON \(.*\); restore it from Git \(or delete it only if no cluster uses its ranges yet\)$/)]);
    expect(readTree(out())).toEqual(before);
    expect(lockText()).toBe(bad);
  });

  test('a hand-set range that collides with an allocated one is reported; output and lock stay byte-identical', () => {
    renderFleet(plannedFleet(['az1', 'az2']), out());
    const before = readTree(out());
    const lock = lockText();
    const errors = errorsOf(() => renderFleet(plannedFleet(['az1', 'az2', 'az3'], {}, { az3: { podCidr: '10.129.0.0/20' } }), out()));
    expect(errors).toContain('[az3] cluster "az3" podCidr 10.129.0.0/20 collides with the pod range 10.129.0.0/16 the address lock holds (allocated to "az2"); choose a range outside it');
    expect(readTree(out())).toEqual(before);
    expect(lockText()).toBe(lock);
  });

  test('a lock file inside the output folder is refused before anything is written (every render replaces that folder)', () => {
    const fleet = plannedFleet(['az1'], { lockFile: path.join(out(), 'fleet.lock.json') });
    expect(() => renderFleet(fleet, out())).toThrow(`the address lock ${path.join(out(), 'fleet.lock.json')} is inside the output folder ${out()}, `
      + 'which every render replaces as a whole; keep the lock next to the fleet definition (e.g. fleet.lock.json beside it)');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  test('exhaustion names the supernet and the fix', () => {
    const errors = validateFleet(plannedFleet(['az1', 'az2', 'az3'], { pod: { supernets: ['10.128.0.0/15'] } })).errors;
    expect(errors).toEqual(['[addressPlan/pod] the IPv4 pod supernet 10.128.0.0/15 is exhausted: no free /16 left (room for 2 in all, the rest is allocated, '
      + 'reserved or set by hand) for cluster "az3"; append another supernet to pod.supernets, use a longer pod.prefixLength.ipv4 for new ranges, or release the ranges of removed clusters']);
    expect(fs.existsSync(lockPath())).toBe(false); // validate never writes
  });

  test('without a plan, a missing range is an error with the fix; planAddresses twice is an error', () => {
    const fleet = new Fleet();
    fleet.addCluster('az1', { masterNodeIps: ['192.168.10.1'] });
    expect(validateFleet(fleet).errors).toEqual([
      '[az1] cluster "az1": podCidr is missing; give the default pod network, e.g. 10.16.0.0/16, or let the fleet allocate it: '
      + 'fleet.planAddresses({ lockFile: \'fleet.lock.json\', pod: { supernets: [\'10.128.0.0/10\'] } })',
      '[az1] cluster "az1": serviceCidr is missing; give the Kubernetes service CIDR, e.g. 10.96.0.0/12, or let the fleet allocate it: '
      + 'fleet.planAddresses({ lockFile: \'fleet.lock.json\', service: { supernets: [\'10.64.0.0/12\'] } })',
    ]);
    const twice = plannedFleet(['az1']).planAddresses({ lockFile: 'other.json' });
    expect(validateFleet(twice).errors).toEqual(['[addressPlan] planAddresses is called 2 times; a fleet has one address plan, call it once (the first call\'s options are used)']);
    const noService = plannedFleet(['az1'], { service: undefined });
    expect(validateFleet(noService).errors).toEqual(['[az1] cluster "az1": serviceCidr is not set and the address plan has no service supernets; set serviceCidr, or add service: { supernets: [...] } to planAddresses']);
  });

  test('JavaScript input: bad option types are reported, not thrown', () => {
    const js = (v: unknown) => v as never;
    const fleet = plannedFleet(['az1', 'az2'], { lockFile: js(3), reserved: js('10.0.0.0/8'), pod: js({ supernets: '10.128.0.0/12' }), ipFamilies: js('IPv4') }, { az1: { ipFamilies: js(['ipv4']) } });
    expect(validateFleet(fleet).errors).toEqual([
      '[addressPlan] lockFile must be the path of the address lock file, got 3; e.g. lockFile: \'fleet.lock.json\'',
      '[addressPlan] reserved must be a list of CIDRs, got "10.0.0.0/8"',
      '[addressPlan] ipFamilies must list IPv4, IPv6 or both (primary first), e.g. [\'IPv4\', \'IPv6\'], got "IPv4"',
      '[az1] cluster "az1": ipFamilies must list IPv4, IPv6 or both (primary first), e.g. [\'IPv4\', \'IPv6\'], got ["ipv4"]',
      '[addressPlan/pod] pod.supernets must list at least one CIDR (got "10.128.0.0/12"), e.g. supernets: [\'10.128.0.0/10\']',
    ]);
  });

  test('plan renders with the allocations but never writes the lock', () => {
    const lines: string[] = [];
    const cwd = process.cwd();
    try {
      process.chdir(tmp);
      fs.mkdirSync('repo');
      process.chdir('repo');
      const git = (...args: string[]) => require('child_process').execFileSync('git', args, { stdio: 'pipe' });
      git('init', '-q', '-b', 'main');
      git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'empty');
      const code = planMain([], () => plannedFleet(['az1']), { log: (l) => lines.push(l), error: (l) => lines.push(l) });
      expect(code).toBe(3); // the base has no dist/ (no model): plan asks for a review
    } finally {
      process.chdir(cwd);
    }
    expect(lines.join('\n')).toContain('clusters/az1');
    expect(fs.existsSync(lockPath())).toBe(false);
  });
});

test('the README\'s CIDR planner example plans without a problem', () => {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const block = readme.split('\n## CIDR planner\n')[1].match(/```ts\n([\s\S]*?)```/)![1];
  const cwd = process.cwd();
  process.chdir(tmp);
  try {
    // the block is plain JavaScript too; the README test type-checks it against the public API
    const planned = new Function('Fleet', `${block}\nreturn planned;`)(Fleet) as Fleet;
    expect(validateFleet(planned)).toEqual({ errors: [], warnings: [] });
    renderFleet(planned, out());
    expect(networks(out())).toEqual({
      edge1: '10.128.0.0/16 100.64.0.0/20 10.64.0.0/16',
      edge2: '10.129.0.0/16,fd00:10::/112 100.64.16.0/20,fd00:64::/112 10.65.0.0/16,fd00:96::/112',
      legacy: '10.16.0.0/16 100.64.32.0/20 10.96.0.0/16',
    });
  } finally {
    process.chdir(cwd);
  }
});
