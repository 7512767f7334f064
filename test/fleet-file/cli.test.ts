import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BIN_USAGE, main } from '../../src/cli/cli-main';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/default-fleet.yaml');
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-fleet-file-cli-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { log: (l) => out.push(l), error: (l) => err.push(l) }, { env: {} });
  return { code, out, err };
}

test('validate fleet.yaml checks the file and validates what it renders, and writes nothing', () => {
  const r = run('validate', EXAMPLE);
  expect(r.code).toBe(0);
  expect(r.out).toEqual([expect.stringMatching(/^validated \d+ documents in \d+ files: 0 problems$/)]);
  expect(r.err.every((l) => l.startsWith(`warning: ${EXAMPLE}:`))).toBe(true);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('plan fleet.yaml compares its render with the committed dist/: the example is the committed output', () => {
  const r = run('plan', EXAMPLE, '--base', 'HEAD');
  expect(r.code).toBe(0);
  expect(r.out).toEqual(expect.arrayContaining(['No changes: the rendered output matches.']));
});

test('plan of a fleet file with problems exits 1 with the problems at their lines', () => {
  const file = path.join(dir, 'bad.yaml');
  fs.writeFileSync(file, 'clusters:\n  az1:\n    podCidr: 10.16.0.0/16\n    masterNodeIps: [192.168.65.1]\n');
  const r = run('plan', file, '--base', 'HEAD');
  expect(r.code).toBe(1);
  expect(r.err).toEqual([
    `error: ${file}:2:3: clusters.az1.serviceCidr: [az1] cluster "az1": serviceCidr is missing; give the Kubernetes service CIDR, e.g. 10.96.0.0/12, `
    + "or let the fleet allocate it: fleet.planAddresses({ lockFile: 'fleet.lock.json', service: { supernets: ['10.64.0.0/12'] } })",
    '1 problem found; the fleet does not render, nothing to plan',
  ]);
});

test('render: a fleet file that cannot be read is one problem, exit 1, nothing written; JSON files are fleet files too', () => {
  const out = path.join(dir, 'out');
  const missing = path.join(dir, 'nope.yaml');
  expect(run('render', missing, '--out', out)).toEqual({
    code: 1,
    out: [],
    err: [`error: ${missing}: cannot read the fleet file (not found); give the path of a fleet.yaml or fleet.json`, `1 problem found; nothing was written, ${out} does not exist`],
  });
  const json = path.join(dir, 'fleet.json');
  fs.writeFileSync(json, '{ "clusters": { "az1": { "podCidr": "10.16.0.0/16", "serviceCidr": 5, "masterNodeIps": ["192.168.65.1"] } } }\n');
  const r = run('render', json, '--out', out);
  expect(r.code).toBe(1);
  expect(r.err[0]).toBe(`error: ${json}:1:68: clusters.az1.serviceCidr: must be a string, got 5 (Kubernetes service CIDR (\`--service-cluster-ip-range\`, Kube-OVN SVC_CIDR); dual-stack as podCidr)`);
  expect(fs.existsSync(out)).toBe(false);
  expect(BIN_USAGE).toMatch(/fleet file \(fleet\.yaml or fleet\.json/);
});
