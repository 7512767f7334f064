import { CableDriver, Cni, Fleet, Flow, connectivityMatrix, flowsCsv, PAIRWISE_GENEVE_LIMIT, flowsJson, flowsMarkdown, renderFleetFiles, resolveFleet } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { avpSecrets } from '../submariner/fixtures';
import { twoClusterFleet } from '../support/fleets';

const matrix = (fleet: Fleet) => {
  const resolved = resolveFleet(fleet);
  expect(resolved.errors).toEqual([]);
  return connectivityMatrix(resolved);
};
const key = (f: Flow) => `${f.source} -> ${f.destination} ${f.port ?? '-'}/${f.protocol}`;
const keys = (flows: readonly Flow[], why: RegExp) => flows.filter((f) => why.test(f.why)).map(key).sort();
const pairs = (from: readonly string[], to: readonly string[], port: number | string, protocol: string) =>
  from.flatMap((s) => to.filter((d) => d !== s).map((d) => `${s} -> ${d} ${port}/${protocol}`)).sort();

const AZ1 = ['192.168.65.1', '192.168.65.2', '192.168.65.3'];
const AZ2 = ['192.168.66.1', '192.168.66.2', '192.168.66.3'];

describe('connectivityMatrix of the default fleet', () => {
  const flows = matrix(buildDefaultFleet());

  test('ovn-ic of az1 and az2 on their masters reaches every IC database host (az1\'s masters) on 6645 and 6646/tcp', () => {
    expect(keys(flows, /^az2 ovn-ic to the IC northbound/)).toEqual(pairs(AZ2, AZ1, 6645, 'tcp'));
    expect(keys(flows, /^az2 ovn-ic to the IC southbound/)).toEqual(pairs(AZ2, AZ1, 6646, 'tcp'));
    expect(flows).toContainEqual({
      source: '192.168.66.1', destination: '192.168.65.3', port: 6645, protocol: 'tcp', why: 'az2 ovn-ic to the IC northbound database (ic-nb-port)', cluster: 'az2',
    });
    // az1's masters are the database hosts: no flow from a host to itself
    expect(keys(flows, /^az1 ovn-ic to the IC northbound/)).toEqual(pairs(AZ1, AZ1, 6645, 'tcp'));
    expect(keys(flows, /^az1 ovn-ic to the IC northbound/)).toHaveLength(6);
    expect(flows.some((f) => f.source === f.destination)).toBe(false);
  });

  test('Raft 6647/6648 between the IC database hosts', () => {
    expect(keys(flows, /^IC northbound Raft/)).toEqual(pairs(AZ1, AZ1, 6647, 'tcp'));
    expect(keys(flows, /^IC southbound Raft/)).toEqual(pairs(AZ1, AZ1, 6648, 'tcp'));
    expect(flows.find((f) => f.port === 6647)?.why).toBe('IC northbound Raft between the IC database hosts (ovn-ic-server in az1)');
  });

  test('Geneve 6081/udp between the gateway nodes of az1 and az2, by node name', () => {
    expect(keys(flows, /Geneve/)).toEqual([
      'az1-gw (node name, az1) -> az2-gw (node name, az2) 6081/udp',
      'az2-gw (node name, az2) -> az1-gw (node name, az1) 6081/udp',
    ]);
  });

  test('Submariner libreswan between cluster-a and cluster-b gateways, and both to the broker API server', () => {
    const a = 'controller-node-1 (node name, cluster-a)';
    const b = 'controller-node-1 (node name, cluster-b)';
    expect(keys(flows, /^Submariner/)).toEqual([
      `${a} -> 10.6.168.73 6443/tcp`,
      `${a} -> ${b} -/esp`,
      `${a} -> ${b} 4500/udp`,
      `${a} -> ${b} 500/udp`,
      `${b} -> 10.6.168.73 6443/tcp`,
      `${b} -> ${a} -/esp`,
      `${b} -> ${a} 4500/udp`,
      `${b} -> ${a} 500/udp`,
    ]);
    expect(flows.find((f) => f.source === a && f.port === 500)?.why).toBe('Submariner cluster-a -> cluster-b: IPsec IKE (libreswan)');
  });

  test('OVN central 6641-6644/tcp between the masters of each Kube-OVN cluster only', () => {
    for (const [cluster, masters] of [['az1', AZ1], ['az2', AZ2]] as const) {
      expect(keys(flows, new RegExp(`^${cluster} OVN northbound database`))).toEqual(pairs(masters, masters, 6641, 'tcp'));
      expect(keys(flows, new RegExp(`^${cluster} OVN southbound database`))).toEqual(pairs(masters, masters, 6642, 'tcp'));
      expect(keys(flows, new RegExp(`^${cluster} OVN northbound Raft`))).toEqual(pairs(masters, masters, 6643, 'tcp'));
      expect(keys(flows, new RegExp(`^${cluster} OVN southbound Raft`))).toEqual(pairs(masters, masters, 6644, 'tcp'));
    }
    expect(flows.filter((f) => /cluster-[ab] OVN/.test(f.why))).toEqual([]);
    // 12 + 18 ovn-ic, 12 IC Raft, 2 Geneve, 8 Submariner, 2 x 24 OVN central
    expect(flows).toHaveLength(100);
  });

  test('rendered into connectivity/ and linked from README.md', () => {
    const { files } = renderFleetFiles(buildDefaultFleet());
    const byName = new Map(files.map((f) => [f.file, f.content]));
    expect(byName.get('connectivity/flows.md')).toBe(flowsMarkdown(flows));
    expect(byName.get('connectivity/flows.csv')).toBe(flowsCsv(flows));
    expect(byName.get('connectivity/flows.json')).toBe(flowsJson(flows));
    expect(byName.get('README.md')).toContain('Firewall flows: [connectivity/flows.md](connectivity/flows.md)');
  });
});

/** Clusters on an external IC database and a wireguard clusterset, declared in `order`. */
function edgeFleet(order: readonly string[]): Fleet {
  const fleet = new Fleet();
  const ic = fleet.addExternalIcDatabase('edge-ic', { hosts: [{ ip: '192.168.80.1' }, { ip: '192.168.80.2' }] });
  const declare: Record<string, () => void> = {
    e1: () => fleet.addCluster('e1', {
      podCidr: '10.20.0.0/16', joinCidr: '100.70.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['10.0.1.1'], gatewayNodes: ['e1-gw'],
    }).interconnect({ icDatabase: ic }),
    e2: () => fleet.addCluster('e2', {
      podCidr: '10.21.0.0/16', joinCidr: '100.71.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['10.0.2.1', '10.0.2.2'], gatewayNodes: ['e2-gw'],
    }).interconnect({ icDatabase: ic }),
    // interconnection switched off: ovn-ic does not run, no flow
    e3: () => fleet.addCluster('e3', {
      podCidr: '10.22.0.0/16', joinCidr: '100.72.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['10.0.3.1'], gatewayNodes: ['e3-gw'],
    }).interconnect({ icDatabase: ic, enabled: false }),
  };
  for (const name of order) declare[name]();
  const w1 = fleet.addCluster('w1', { podCidr: '172.120.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['w1-gw'] });
  const w2 = fleet.addCluster('w2', { podCidr: '172.121.0.0/16', serviceCidr: '10.243.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['w2-gw'] });
  const broker = w1.addSubmarinerBroker({ apiServer: 'broker.example.com:8443' });
  w1.joinSubmariner({ broker, cableDriver: CableDriver.WIREGUARD, healthCheck: false, ...avpSecrets('w1') });
  w2.joinSubmariner({ broker, cableDriver: CableDriver.WIREGUARD, healthCheck: false, nattPort: 4501, ...avpSecrets('w2') });
  return fleet;
}

describe('connectivityMatrix with an external IC database and a wireguard clusterset', () => {
  const flows = matrix(edgeFleet(['e1', 'e2', 'e3']));

  test('ovn-ic of every enabled member to the external hosts, Raft between them, Geneve between members', () => {
    const hosts = ['192.168.80.1', '192.168.80.2'];
    expect(keys(flows, /ovn-ic to the IC northbound/)).toEqual(pairs(['10.0.1.1', '10.0.2.1', '10.0.2.2'], hosts, 6645, 'tcp'));
    expect(keys(flows, /ovn-ic to the IC southbound/)).toEqual(pairs(['10.0.1.1', '10.0.2.1', '10.0.2.2'], hosts, 6646, 'tcp'));
    expect(keys(flows, /Raft between the IC database hosts \(external IC database\)/)).toEqual([
      ...pairs(hosts, hosts, 6647, 'tcp'), ...pairs(hosts, hosts, 6648, 'tcp'),
    ].sort());
    expect(flows.filter((f) => /Raft between the IC/.test(f.why)).every((f) => f.cluster === undefined)).toBe(true);
    expect(keys(flows, /Geneve/)).toEqual([
      'e1-gw (node name, e1) -> e2-gw (node name, e2) 6081/udp',
      'e2-gw (node name, e2) -> e1-gw (node name, e1) 6081/udp',
    ]);
    expect(flows.filter((f) => f.source.includes('e3') || f.destination.includes('e3') || f.why.startsWith('e3 ovn-ic'))).toEqual([]);
    expect(keys(flows, /^e2 OVN/)).toHaveLength(8);
    expect(keys(flows, /^e1 OVN/)).toEqual([]); // one master: no peer
  });

  test('wireguard on each destination\'s nattPort, no IKE or ESP; members to the broker by host name', () => {
    expect(keys(flows, /^Submariner/)).toEqual([
      'w1-gw (node name, w1) -> broker.example.com 8443/tcp',
      'w1-gw (node name, w1) -> w2-gw (node name, w2) 4501/udp',
      'w2-gw (node name, w2) -> broker.example.com 8443/tcp',
      'w2-gw (node name, w2) -> w1-gw (node name, w1) 4500/udp',
    ]);
    expect(flows.find((f) => f.port === 4501)?.why).toBe('Submariner w1 -> w2: WireGuard (nattPort)');
  });

  test('declaration order does not change the matrix', () => {
    expect(matrix(edgeFleet(['e3', 'e2', 'e1']))).toEqual(flows);
    expect(flowsCsv(matrix(edgeFleet(['e2', 'e3', 'e1'])))).toBe(flowsCsv(flows));
  });

  test('a vxlan clusterset uses the nattPort; libreswan with forceUdpEncaps needs no ESP', () => {
    const fleet = new Fleet();
    const v1 = fleet.addCluster('v1', { podCidr: '172.120.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['v1-gw'] });
    const v2 = fleet.addCluster('v2', { podCidr: '172.121.0.0/16', serviceCidr: '10.243.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['v2-gw'] });
    const broker = v1.addSubmarinerBroker({ apiServer: '[fd00::10]:6443' });
    const { brokerToken, brokerCa } = avpSecrets('v');
    v1.joinSubmariner({ broker, cableDriver: CableDriver.VXLAN, healthCheck: false, brokerToken, brokerCa });
    v2.joinSubmariner({ broker, cableDriver: CableDriver.VXLAN, healthCheck: false, brokerToken, brokerCa });
    expect(matrix(fleet).map(key)).toEqual([
      'v1-gw (node name, v1) -> fd00::10 6443/tcp',
      'v1-gw (node name, v1) -> v2-gw (node name, v2) 4500/udp',
      'v2-gw (node name, v2) -> fd00::10 6443/tcp',
      'v2-gw (node name, v2) -> v1-gw (node name, v1) 4500/udp',
    ]);
  });
});

/** RFC 4180 rows (test-side reader, independent of the writer). */
function readCsv(text: string): string[][] {
  return text.trimEnd().split('\n').map((line) => {
    const cells: string[] = [];
    const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) !== null) {
      cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
      if (m[2] === '') break;
    }
    return cells;
  });
}

test('CSV, JSON and Markdown list the same flows in the same order', () => {
  const flows = [...matrix(buildDefaultFleet()), ...matrix(edgeFleet(['e1', 'e2', 'e3']))];
  const json = JSON.parse(flowsJson(flows)) as Flow[];
  expect(json).toEqual(flows);
  const [header, ...rows] = readCsv(flowsCsv(flows));
  expect(header).toEqual(['source', 'destination', 'port', 'protocol', 'why', 'cluster']);
  expect(rows).toEqual(json.map((f) => [f.source, f.destination, f.port === null ? '' : String(f.port), f.protocol, f.why, f.cluster ?? '']));
  expect(rows.some((r) => r[4].includes(','))).toBe(true); // the ESP rows' why is quoted
  const md = flowsMarkdown(flows).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Source'));
  expect(md).toEqual(json.map((f) => `| ${f.source} | ${f.destination} | ${f.port ?? '-'} | ${f.protocol} | ${f.why} |`));
});

describe('connectivityMatrix of a large IC domain', () => {
  // 17 clusters (PAIRWISE_GENEVE_LIMIT + 1) on one IC database, two gateway nodes each
  const fleet = new Fleet();
  const clusters = Array.from({ length: 17 }, (_, i) => fleet.addCluster(`c${String(i).padStart(2, '0')}`, {
    podCidr: `10.${i}.0.0/16`, joinCidr: `100.64.${i}.0/24`, serviceCidr: `172.16.${i}.0/24`,
    masterNodeIps: [`192.168.${i}.1`], gatewayNodes: [`c${i}-gw1`, `c${i}-gw2`],
  }));
  const icDatabase = clusters[0].addIcServer({ nodeIps: ['192.168.0.1'] });
  clusters.forEach((c) => c.interconnect({ icDatabase }));
  const flows = matrix(fleet);

  test('each gateway node gets one Geneve row to the group of the other clusters\' gateway nodes (linear, not 17 x 16 x 4 rows)', () => {
    const geneve = flows.filter((f) => f.port === 6081);
    expect(PAIRWISE_GENEVE_LIMIT).toBe(16);
    expect(geneve).toHaveLength(17 * 2);
    expect(geneve).toContainEqual({
      source: 'c3-gw2 (node name, c03)',
      destination: 'gateway nodes of the other 16 clusters on the IC database 192.168.0.1 (ovn-ic-server in c00; listed in README.md)',
      port: 6081, protocol: 'udp', why: 'OVN-IC Geneve tunnels c03 -> the other clusters on its IC database (gateway nodes)', cluster: 'c03',
    });
  });

  test('the streamed files are the same text as the files of the whole list', () => {
    const files = new Map(renderFleetFiles(fleet).files.map((f) => [f.file, f.content]));
    expect(files.get('connectivity/flows.csv')).toBe(flowsCsv(flows));
    expect(files.get('connectivity/flows.json')).toBe(`${JSON.stringify(JSON.parse(flowsJson(flows)), null, 2)}\n`);
    expect(files.get('connectivity/flows.md')).toBe(flowsMarkdown(flows));
  });
});

test('flows are sorted by source, destination, port, protocol, why (code units) and listed once, even for a host listed twice', () => {
  // 192.168.65.2 twice in the masters (and so in the IC database's hosts): one host, each of its flows once
  const { fleet } = twoClusterFleet({ az1: { masterNodeIps: ['192.168.65.2', '192.168.65.10', '192.168.65.2'] } });
  const flows = connectivityMatrix(resolveFleet(fleet));
  const text = flows.map((f) => JSON.stringify(f));
  expect(new Set(text).size).toBe(flows.length);
  const order = (a: Flow, b: Flow) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)
    || (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0)
    || (a.port ?? -1) - (b.port ?? -1) || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0)
    || (a.why < b.why ? -1 : a.why > b.why ? 1 : 0);
  expect(flows.every((f, i) => i === 0 || order(flows[i - 1], f) < 0)).toBe(true);
  // code units: "192.168.65.10" before "192.168.65.2"
  expect(flows[0].source).toBe('192.168.65.10');
  expect(keys(flows.filter((f) => f.source === '192.168.65.10'), /az1 OVN|Raft/)).toEqual([
    ...pairs(['192.168.65.10'], ['192.168.65.2'], 6641, 'tcp'), ...pairs(['192.168.65.10'], ['192.168.65.2'], 6642, 'tcp'),
    ...pairs(['192.168.65.10'], ['192.168.65.2'], 6643, 'tcp'), ...pairs(['192.168.65.10'], ['192.168.65.2'], 6644, 'tcp'),
    ...pairs(['192.168.65.10'], ['192.168.65.2'], 6647, 'tcp'), ...pairs(['192.168.65.10'], ['192.168.65.2'], 6648, 'tcp'),
  ].sort());
  expect(flows.filter((f) => f.source === f.destination)).toEqual([]);
});
