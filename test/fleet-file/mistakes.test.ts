import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/cli-main';
import { checkFleetFile, formatFileProblem, loadFleetFileText, readFleetFile } from '../../src/fleet-file';

const FIXTURE = path.join(__dirname, 'fixtures/mistakes.yaml');
const EXAMPLE = path.resolve(__dirname, '../../examples/default-fleet.yaml');

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { log: (l) => out.push(l), error: (l) => err.push(l) }, { env: {} });
  return { code, out, err };
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
    }
  };
  walk('');
  return out;
}

// Each mistake type of the TypeScript tests, once, in one file (fixtures/mistakes.yaml): the schema's (missing
// key, wrong type, misspelt key, an acknowledgement that is not `true`), the references' and the model's.
const EXPECTED = [
  // bad IP (resolve: the cluster's own props)
  ':7:20: clusters.az1.masterNodeIps: [az1] cluster "az1": masterNodeIps[1]: "192.168.65.300" is not an IP address',
  // gateway outside the subnet (UnderlaySubnet construct)
  ':22:61: clusters.az1.providerNetworks.net1.vlans.vlan1.subnets.subnet1.gateway: [az1/net1/vlan1/subnet1] cluster "az1", Subnet "subnet1": '
    + 'spec.gateway 172.19.0.1 is not inside 172.17.0.0/16; use an address of the subnet, e.g. 172.17.0.1',
  // wrong type (schema)
  ':24:17: clusters.az1.providerNetworks.net1.vlans.vlan2.id: must be a number, got "hundred" '
    + '(802.1Q tag Kube-OVN adds to the subnets\' traffic, 0-4095; 0 adds no tag (untagged))',
  // overlapping CIDRs across interconnected clusters (ovn-ic fleet checks): at the podCidr to change
  ':26:14: clusters.az2.podCidr: [az2/Interconnection] cluster "az2": subnet "ovn-default" 10.16.0.0/16 overlaps subnet "ovn-default" 10.16.0.0/16 of cluster "az1"; '
    + 'with auto-route both are advertised and routing between the clusters breaks. Renumber one of them, set disableInterConnection: true on the subnet, '
    + 'or use manual routes (autoRoute: false)',
  // duplicate az-name
  ':33:15: clusters.az2.interconnection.azName: [az2/Interconnection] cluster "az2", InterconnectedCluster: azName (az-name) "zone-a" is already used by cluster "az1"; '
    + 'every interconnected cluster needs its own availability-zone name',
  // unknown reference
  ':41:19: clusters.az3.interconnection.icDatabase: unknown IC database "az9"; name a cluster with icServer or an id of externalIcDatabases (known: az1)',
  // bad secret source (SubmarinerJoin: the token must be inline)
  ':51:20: clusters.cluster-a.submariner.brokerToken: [cluster-a/SubmarinerJoin] cluster "cluster-a", SubmarinerJoin: brokerToken is SecretSource.existingSecret(...), '
    + 'but the submariner operator builds its broker client from the inline spec.brokerK8sApiServerToken, which a Kubernetes Secret cannot fill; '
    + 'use SecretSource.argocdVaultPlugin(...) (or an acknowledged plainText)',
  // plain text without the acknowledgement (schema: the acknowledgement is the literal true)
  ':53:81: clusters.cluster-a.submariner.psk.plainText.iUnderstandThisIsWrittenToGit: must be true, got false (Must be `true`: the value ends up in `dist/` and so in Git history)',
  // missing required fields (the misspelt podCIDR leaves podCidr missing)
  ':54:3: clusters.cluster-b.podCidr: [cluster-b] cluster "cluster-b": podCidr is missing; give the default pod network, e.g. 10.16.0.0/16, '
    + "or let the fleet allocate it: fleet.planAddresses({ lockFile: 'fleet.lock.json', pod: { supernets: ['10.128.0.0/10'] } })",
  ':54:3: clusters.cluster-b.serviceCidr: [cluster-b] cluster "cluster-b": serviceCidr is missing; give the Kubernetes service CIDR, e.g. 10.96.0.0/12, '
    + "or let the fleet allocate it: fleet.planAddresses({ lockFile: 'fleet.lock.json', service: { supernets: ['10.64.0.0/12'] } })",
  // misspelt key
  expect.stringMatching(/^:55:5: clusters\.cluster-b\.podCIDR: unknown key "podCIDR"; did you mean "podCidr"\? the keys here are cni, gatewayNodes, .*, submarinerBroker$/),
  // unknown reference
  ':58:15: clusters.cluster-b.submariner.broker: unknown broker "cluster-c"; name the cluster whose submarinerBroker this cluster joins (known: cluster-a)',
];

test('a fleet file with every mistake type reports each at its file, line, column and field, all at once', () => {
  const check = checkFleetFile(readFleetFile(FIXTURE));
  const prefix = FIXTURE;
  const lines = check.errors.map(formatFileProblem);
  expect(lines.every((l) => l.startsWith(prefix))).toBe(true);
  expect(lines.map((l) => l.slice(prefix.length))).toEqual(EXPECTED);
  // the secret value of the plain-text source is in no message
  expect([...lines, ...check.warnings.map(formatFileProblem)].join('\n')).not.toContain('not-a-real-psk');
});

test('render of the file exits 1, prints every problem and leaves the output folder byte-identical', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-fleet-file-mistakes-'));
  try {
    const out = path.join(dir, 'dist');
    expect(run('render', EXAMPLE, '--out', out).code).toBe(0);
    const before = snapshot(out);
    const r = run('render', FIXTURE, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err.filter((l) => l.startsWith('error: ')).map((l) => l.slice(`error: ${FIXTURE}`.length))).toEqual(EXPECTED);
    expect(r.err[r.err.length - 1]).toBe(`${EXPECTED.length} problems found; nothing was written, ${out} is unchanged`);
    expect(r.err.join('\n')).not.toContain('not-a-real-psk');
    expect(snapshot(out)).toEqual(before);

    // validate and plan read the same file and report the same problems
    const v = run('validate', FIXTURE);
    expect({ code: v.code, errors: v.err.filter((l) => l.startsWith('error: ')).length, last: v.err[v.err.length - 1] })
      .toEqual({ code: 1, errors: EXPECTED.length, last: `${EXPECTED.length} problems found in ${FIXTURE}` });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a problem only the render finds (no schema or reference problem) is placed in the file too', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-fleet-file-render-'));
  try {
    const file = path.join(dir, 'fleet.yaml');
    fs.writeFileSync(file, fs.readFileSync(EXAMPLE, 'utf8').replace('serviceCidr: 10.243.0.0/18', 'serviceCidr: 172.96.0.0/12'));
    const out = path.join(dir, 'dist');
    const r = run('render', file, '--out', out);
    expect(r.code).toBe(1);
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('172.96.0.0/12')) + 1;
    const pod = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('podCidr: 172.111.0.0/16')) + 1;
    expect(line).toBe(pod + 1);
    expect(r.err.filter((l) => l.startsWith('error: '))).toEqual([
      // the cluster's own ranges (resolve), at the field the message names first
      `error: ${file}:${pod}:14: clusters.cluster-b.podCidr: [cluster-b] cluster "cluster-b": podCidr 172.111.0.0/16 overlaps serviceCidr 172.96.0.0/12; `
        + 'pod, service and join ranges must be disjoint (Kube-OVN routes them differently), choose separate ranges',
      // the clusterset (Submariner fleet checks): the join's serviceCidr is the cluster's, so it points at the join
      expect.stringMatching(new RegExp(`^error: ${file}:\\d+:5: clusters\\.cluster-b\\.submariner\\.serviceCidr: \\[cluster-b/SubmarinerJoin\\] .*serviceCidr 172\\.96\\.0\\.0/12 overlaps clusterCidr 172\\.110\\.0\\.0/16 of cluster "cluster-a"`)),
    ]);
    expect(fs.existsSync(out)).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a field the schema reports is not reported again by the render; problems of the object as a whole are kept', () => {
  const text = 'clusters:\n  az1:\n    podCidr: 5\n    serviceCidr: 10.96.0.0/12\n    masterNodeIps: [192.168.65.1]\n'
    + '    submarinerBroker: { apiServer: "10.0.0.1:6443" }\n';
  const problems = checkFleetFile(loadFleetFileText(text, 'fleet.yaml'));
  // the render also finds "podCidr is missing (got 5)": the schema said it first
  expect(problems.errors.map(formatFileProblem)).toEqual([
    'fleet.yaml:3:14: clusters.az1.podCidr: must be a string, got 5 (Default pod network: Kube-OVN `ovn-default` (POD_CIDR); for other CNIs their cluster CIDR)',
  ]);
  expect(problems.warnings.map(formatFileProblem)).toEqual([
    expect.stringMatching(/^fleet\.yaml:6:5: clusters\.az1\.submarinerBroker: \[az1\/SubmarinerBroker\] .*only 0 cluster\(s\) joined/),
  ]);
});
