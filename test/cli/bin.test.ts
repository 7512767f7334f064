import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BIN_USAGE, main } from '../../src/cli/cli-main';

const MODEL = path.resolve(__dirname, '../../src/fleet/model');
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-bin-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fleet module as a user's compiled fleet.ts: CommonJS, importing the package (here: its source). */
function fleetModule(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `const { Fleet } = require(${JSON.stringify(MODEL)});\n${body}\n`);
  return file;
}

const ONE_CLUSTER = `() => {
  const fleet = new Fleet();
  const az1 = fleet.addCluster('az1', {
    podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.65.1'], gatewayNodes: ['gw'],
  });
  az1.interconnect({ icDatabase: az1.addIcServer({ nodeIps: ['192.168.65.1'], tsNum: 1 }) });
  return fleet;
}`;

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { log: (l) => out.push(l), error: (l) => err.push(l) }, { env: {} });
  return { code, out, err };
}

test('render: the default export, `buildFleet` or module.exports itself; files in --out, the summary on stderr', () => {
  for (const [name, body] of [
    ['default.js', `exports.default = ${ONE_CLUSTER};`],
    ['named.js', `exports.buildFleet = ${ONE_CLUSTER};`],
    ['cjs.js', `module.exports = ${ONE_CLUSTER};`],
  ]) {
    const out = path.join(dir, `out-${name}`);
    const r = run('render', fleetModule(name, body), '--out', out);
    expect(r).toEqual({ code: 0, out: [], err: [expect.stringMatching(new RegExp(`^rendered \\d+ files into ${out}$`))] });
    expect(fs.readdirSync(path.join(out, 'clusters', 'az1'))).toEqual(expect.arrayContaining(['ConfigMap.kube-system.ovn-ic-config.k8s.yaml', 'Deployment.kube-system.ovn-ic-server.k8s.yaml']));
  }
});

test('render: a module that exports no fleet function, or whose function returns no Fleet, is a usage error (exit 2)', () => {
  const none = fleetModule('none.js', 'exports.fleet = 1; exports.other = 2;');
  expect(run('render', none, '--out', path.join(dir, 'x'))).toEqual({
    code: 2,
    out: [],
    err: [`error: ${none} must export a function that returns a Fleet as its default export or as \`buildFleet\` (it exports: fleet, other)`, BIN_USAGE],
  });
  const notFleet = fleetModule('not-fleet.js', 'exports.default = () => ({ clusters: [] });');
  expect(run('render', notFleet, '--out', path.join(dir, 'x')).err[0])
    .toBe(`error: the fleet function of ${notFleet} returned a plain object, not a Fleet: return the \`new Fleet()\` you added the clusters to`);
  expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
});

test('render: missing, TypeScript or failing modules and bad arguments are one line each, exit 2', () => {
  const ts = path.join(dir, 'fleet.ts');
  fs.writeFileSync(ts, 'export default 1;\n');
  const broken = fleetModule('broken.js', 'throw new Error("boom");');
  const cases: [string[], string][] = [
    [['render'], 'error: a fleet module is required, e.g. render fleet.js'],
    [['render', path.join(dir, 'nope.js')], `error: fleet module not found: ${path.join(dir, 'nope.js')}`],
    [['render', broken], `error: cannot load the fleet module ${broken}: boom`],
    [['render', broken, 'extra'], 'error: unexpected argument: extra'],
    [['render', broken, '--out'], 'error: --out needs a folder, e.g. --out dist'],
    [['frobnicate'], 'error: unknown command: frobnicate'],
    [[], 'error: a command is required'],
  ];
  // ts-jest registers a .ts loader in this process: only without one is a .ts module refused
  if (require.extensions['.ts'] === undefined) cases.push([['render', ts], `error: ${ts} is TypeScript: compile it first (e.g. npx tsc) and pass the .js file, or run node with a TypeScript loader`]);
  for (const [argv, message] of cases) expect(run(...argv)).toEqual({ code: 2, out: [], err: [message, BIN_USAGE] });
});

test('render: a fleet with problems exits 1 and writes nothing', () => {
  const bad = fleetModule('bad.js', `exports.default = () => {
    const fleet = new Fleet();
    fleet.addCluster('az1', { podCidr: '10.16.0.0/16', serviceCidr: '10.16.0.0/12', masterNodeIps: ['192.168.65.1'] });
    return fleet;
  };`);
  const out = path.join(dir, 'bad-out');
  const r = run('render', bad, '--out', out);
  expect(r.code).toBe(1);
  expect(r.err.join('\n')).toMatch(/serviceCidr/);
  expect(r.err[r.err.length - 1]).toMatch(/nothing was written, .* does not exist$/);
  expect(fs.existsSync(out)).toBe(false);
});

test('validate forwards to the validator\'s CLI, help prints the usage', () => {
  const out = path.join(dir, 'validated');
  expect(run('render', fleetModule('v.js', `exports.default = ${ONE_CLUSTER};`), '--out', out).code).toBe(0);
  expect(run('validate', out)).toEqual({ code: 0, out: [expect.stringMatching(/^validated \d+ documents in \d+ files: 0 problems$/)], err: [] });
  expect(run('validate', path.join(dir, 'missing')).code).toBe(2);
  expect(run('--help')).toEqual({ code: 0, out: [BIN_USAGE], err: [] });
  expect(run('plan', '--help').code).toBe(0);
});

test('render --frozen-lock (or CI in the environment) fails instead of changing the address lock; without it the lock is written', () => {
  const lock = path.join(dir, 'planned.lock.json');
  const planned = fleetModule('planned.js', `exports.default = () => {
    const fleet = new Fleet().planAddresses({ lockFile: ${JSON.stringify(lock)}, pod: { supernets: ['10.128.0.0/12'] }, service: { supernets: ['10.64.0.0/12'] } });
    fleet.addCluster('az1', { joinCidr: '100.64.0.0/16', masterNodeIps: ['192.168.65.1'] });
    return fleet;
  };`);
  const out = path.join(dir, 'planned-out');
  const frozen = run('render', planned, '--out', out, '--frozen-lock');
  expect(frozen.code).toBe(1);
  expect(frozen.err[0]).toBe(`error: [addressPlan/lock] the address lock ${lock} is frozen (--frozen-lock), but this render would change it: `
    + '+ cluster "az1" pod IPv4 range 10.128.0.0/16; + cluster "az1" service IPv4 range 10.64.0.0/16; render without the frozen lock '
    + '(locally: `cdk8s-ovn-ic render <module>` or `npm run synth`) and commit the updated lock with the fleet change');
  const ci = main(['render', planned, '--out', out], { log: () => undefined, error: () => undefined }, { env: { CI: 'true' } });
  expect(ci).toBe(1);
  expect([fs.existsSync(out), fs.existsSync(lock)]).toEqual([false, false]);
  expect(run('render', planned, '--out', out).code).toBe(0);
  expect(JSON.parse(fs.readFileSync(lock, 'utf8')).clusters).toEqual({ az1: { pod: { ipv4: '10.128.0.0/16' }, service: { ipv4: '10.64.0.0/16' } } });
  // the lock now holds the allocations: a frozen render passes
  expect(run('render', planned, '--out', out, '--frozen-lock').code).toBe(0);
});
