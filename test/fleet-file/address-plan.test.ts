import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Fleet } from '../../src';
import { renderFleet, renderFleetFiles } from '../../src/fleet';
import { checkFleetFile, formatFileProblem, readFleetFile } from '../../src/fleet-file';

// The CIDR planner (fleet.planAddresses) from a fleet file: `addressPlan`, its lock file beside the fleet file.

const FILE = `
addressPlan:
  lockFile: fleet.lock.json
  pod: { supernets: [10.128.0.0/10, fd00:10::/96] }
  join: { supernets: [100.64.0.0/12, fd00:64::/96], prefixLength: { ipv4: 20 } }
  service: { supernets: [10.64.0.0/12, fd00:96::/108] }
  reserved: [10.100.0.0/16]
clusters:
  edge1: { masterNodeIps: [192.168.80.1] }
  edge2: { masterNodeIps: [192.168.81.1], ipFamilies: [IPv4, IPv6] }
`;

function withDir<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-fleet-file-plan-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('addressPlan is fleet.planAddresses, with the lock file next to the fleet file wherever the command runs', () => withDir((dir) => {
  const file = path.join(dir, 'fleet.yaml');
  fs.writeFileSync(file, FILE);
  const loaded = readFleetFile(file);
  expect(loaded.problems).toEqual([]);

  const lockFile = path.join(dir, 'lock-of-the-typescript-fleet.json');
  const ts = new Fleet().planAddresses({
    lockFile,
    pod: { supernets: ['10.128.0.0/10', 'fd00:10::/96'] },
    join: { supernets: ['100.64.0.0/12', 'fd00:64::/96'], prefixLength: { ipv4: 20 } },
    service: { supernets: ['10.64.0.0/12', 'fd00:96::/108'] },
    reserved: ['10.100.0.0/16'],
  });
  ts.addCluster('edge1', { masterNodeIps: ['192.168.80.1'] });
  ts.addCluster('edge2', { masterNodeIps: ['192.168.81.1'], ipFamilies: ['IPv4', 'IPv6'] });
  expect(renderFleetFiles(loaded.fleet!).files).toEqual(renderFleetFiles(ts).files);

  renderFleet(loaded.fleet!, path.join(dir, 'dist'));
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'fleet.lock.json'), 'utf8'));
  expect(lock.clusters.edge1.pod).toEqual({ ipv4: '10.128.0.0/16' });
  expect(lock.clusters.edge2.pod).toEqual({ ipv4: '10.129.0.0/16', ipv6: 'fd00:10::/112' });
  expect(lock.clusters.edge1.join).toEqual({ ipv4: '100.64.0.0/20' });
}));

test('a problem of the plan points at its line in the addressPlan of the file', () => withDir((dir) => {
  const file = path.join(dir, 'fleet.yaml');
  fs.writeFileSync(file, FILE.replace('pod: { supernets: [10.128.0.0/10, fd00:10::/96] }', 'pod: { supernets: [10.128.0.0/30, fd00:10::/96] }'));
  const check = checkFleetFile(readFleetFile(file));
  const messages = check.errors.map(formatFileProblem);
  expect(messages).toEqual([
    `${file}:4:8: addressPlan.pod: [addressPlan/pod] pod.prefixLength.ipv4 is 16, but supernet 10.128.0.0/30 is only a /30: a range cannot `
    + 'be larger than its supernet; give a prefix length of at least 30, or a larger supernet',
  ]);
  expect(fs.existsSync(path.join(dir, 'fleet.lock.json'))).toBe(false);
}));
