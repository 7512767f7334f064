import * as YAML from 'yaml';
import { CableDriver, Cni, Fleet } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { avpSecrets } from '../submariner/fixtures';
import { twoClusterFleet } from '../support/fleets';
import { foreignObject, render } from './helpers';

const REPO = { repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' };

function mermaidOf(readme: string): string[] {
  const match = /```mermaid\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('no mermaid block');
  return match[1].trimEnd().split('\n');
}

/**
 * The subset of Mermaid flowchart syntax the diagram uses: a header, subgraphs with quoted titles,
 * nodes `id[...]`, `id[(...)]`, `id{{...}}`, `id[[...]]` with quoted labels, and links with quoted
 * labels. Returns the lines that are none of these.
 */
function invalidMermaidLines(lines: string[]): string[] {
  const q = '"[^"]*"';
  const id = '[A-Za-z][A-Za-z0-9_]*';
  const patterns = [
    /^flowchart (LR|TB)$/,
    new RegExp(`^ *subgraph ${id}\\[${q}\\]$`),
    /^ *end$/,
    new RegExp(`^ *${id}(\\[${q}\\]|\\[\\(${q}\\)\\]|\\{\\{${q}\\}\\}|\\[\\[${q}\\]\\])$`),
    new RegExp(`^ *${id} (-->|-\\.->|---)\\|${q}\\| ${id}$`),
  ];
  return lines.filter((l) => !patterns.some((p) => p.test(l)));
}

describe('README.md of the default fleet', () => {
  const { files } = render(buildDefaultFleet());
  const readme = files['README.md'];

  test('is written at the top of the output, outside every synced folder', () => {
    // runbooks/ovn-ic.md (day-2 runbook) and connectivity/flows.md (firewall flows) are the other Markdown files,
    // also outside every synced folder
    expect(Object.keys(files).filter((f) => f.endsWith('.md') && !f.startsWith('runbooks/') && !f.startsWith('connectivity/'))).toEqual(['README.md']);
    for (const f of Object.keys(files).filter((x) => x.startsWith('clusters/') || x.startsWith('argocd/') || x.startsWith('flux'))) {
      expect([f, f.endsWith('.k8s.yaml')]).toEqual([f, true]);
      const parsed = YAML.parse(files[f]);
      expect([f, typeof parsed.apiVersion, typeof parsed.kind, typeof parsed.metadata?.name]).toEqual([f, 'string', 'string', 'string']);
    }
  });

  test('tables the clusters with CIDRs, masters, gateways, az-names and the IC database', () => {
    expect(readme).toContain('| az1 | kube-ovn | 10.16.0.0/16 | 10.96.0.0/12 | 100.64.0.0/16 | 192.168.65.3, 192.168.65.2, 192.168.65.1 | az1-gw | az1 | ovn-ic-server in az1 | - |');
    expect(readme).toContain('| az2 | kube-ovn | 10.17.0.0/16 | 10.96.0.0/12 | 100.65.0.0/16 | 192.168.66.3, 192.168.66.2, 192.168.66.1 | az2-gw | az2 | ovn-ic-server in az1 | - |');
  });

  test('draws the clusters, the IC database and one transit switch per TS_NUM in valid, quoted Mermaid', () => {
    const lines = mermaidOf(readme);
    expect(invalidMermaidLines(lines)).toEqual([]);
    expect(lines.filter((l) => l.trim() === 'end')).toHaveLength(lines.filter((l) => l.trim().startsWith('subgraph ')).length);
    expect(lines).toEqual(expect.arrayContaining([
      '  subgraph c0["az1"]', '    c0g0["gateway az1-gw"]', '  subgraph c1["az2"]',
      '    d0[("IC DB ovn-ic-server in az1")]',
      '    d0t0{{"ts 169.254.100.0/24"}}', '    d0t1{{"ts1 169.254.101.0/24"}}', '    d0t2{{"ts2 169.254.102.0/24"}}',
      '  c0g0 -.->|"az1 ic-db-host"| d0', '  c1g0 -->|"primary"| d0t2',
    ]));
  });

  test('has the Argo CD bootstrap notes, with the clusters to register', () => {
    expect(readme).toContain('### Argo CD');
    expect(readme).toContain('`argocd cluster add <kube-context> --name <cluster>` for `az1`, `az2`, `cluster-a`, `cluster-b`');
    expect(readme).toContain('--path dist/argocd');
    expect(readme).toContain('| 40 | ic-config |');
  });

  test('bootstraps both deliveries: minimum versions, ESO and its store first, the vault Helm plugin, the PSK stored once', () => {
    const argo = readme.slice(readme.indexOf('### Argo CD'), readme.indexOf('### Flux'));
    const flux = readme.slice(readme.indexOf('### Flux'));
    expect(argo).toContain('Argo CD 2.14 or later');
    expect(argo).toContain('External Secrets Operator 0.16 or later in `cluster-a`, `cluster-b`');
    expect(argo).toContain('create the secret store each broker names (`ClusterSecretStore/submariner-credentials`)');
    expect(argo).toContain('`argocd-vault-plugin-helm` (init: `helm dependency build`');
    expect(argo).toContain('`<cluster>-submariner-broker`');
    expect(flux).toContain('Flux 2.3 or later');
    expect(flux).toContain('Install External Secrets Operator in the management cluster and in every broker cluster (`cluster-a`), with the secret store `ClusterSecretStore/submariner-credentials`');
    expect(flux).toContain('`<cluster>-submariner`');
    for (const part of [argo, flux]) expect(part).toContain('Store the IPsec PSK once at the broker\'s `pskRemoteKey`');
  });

  test('tables the Submariner clusters with the cluster IDs of their memberships', () => {
    expect(readme).toContain('| cluster-a | spiderpool-macvlan | 172.110.0.0/16 | 10.233.0.0/18 | - | - | controller-node-1 | - | - | cluster-a |');
    expect(readme).toContain('| cluster-b | spiderpool-macvlan | 172.111.0.0/16 | 10.243.0.0/18 | - | - | controller-node-1 | - | - | cluster-b |');
    expect(mermaidOf(readme)).toEqual(expect.arrayContaining([
      '    c2b0[["Submariner broker"]]', '  c3g0 -.->|"cluster-b joins broker"| c2b0', '  c2g0 ---|"Submariner tunnel libreswan"| c3g0',
    ]));
  });
});

describe('README.md topology', () => {
  test('rotates the primary gateway per transit switch (ECMP over three gateways); Flux has its bootstrap notes', () => {
    const { fleet } = twoClusterFleet();
    fleet.deliverWithFlux(REPO);
    const readme = render(fleet).files['README.md'];
    expect(readme).toContain('### Flux');
    expect(readme).toContain('`az1-kubeconfig`, `az2-kubeconfig`');
    expect(readme).toContain('--path=./dist/flux');
    const lines = mermaidOf(readme);
    expect(invalidMermaidLines(lines)).toEqual([]);
    const primaries = lines.filter((l) => l.includes('"primary"') && l.trim().startsWith('c0'));
    expect(primaries).toEqual(['  c0g0 -->|"primary"| d0t0', '  c0g1 -->|"primary"| d0t1', '  c0g2 -->|"primary"| d0t2']);
    expect(lines).toContain('  c0g1 -.->|"backup"| d0t0');
  });

  test('reads Submariner from the fleet model: cluster IDs in the table, broker and tunnels in the diagram', () => {
    const { fleet, az1, az2 } = twoClusterFleet();
    const spider = fleet.addCluster('dc-b', { podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN });
    const broker = az1.addSubmarinerBroker({ apiServer: 'api.az1.example.com:6443' });
    az2.joinSubmariner({ broker, clusterId: 'cluster-az2', cableDriver: CableDriver.VXLAN, ...avpSecrets('az2') });
    spider.joinSubmariner({ broker, clusterId: 'cluster-b', cableDriver: CableDriver.VXLAN, ...avpSecrets('dc-b') });
    // a Submariner object the user renders by hand is not a membership: it draws nothing
    foreignObject(az1, 'Submariner', 'submariner.io/v1alpha1', 'submariner', { namespace: 'submariner-operator', spec: { clusterID: 'by-hand' } });
    fleet.deliverWithArgoCd(REPO);
    const readme = render(fleet).files['README.md'];
    expect(readme).toMatch(/\| az2 \|.*\| cluster-az2 \|$/m);
    expect(readme).toMatch(/\| az1 \|.*\| - \|$/m);
    expect(readme).not.toContain('by-hand');
    expect(readme).toMatch(/\| dc-b \| spiderpool-macvlan \| 172\.111\.0\.0\/16 \| 10\.243\.0\.0\/18 \| - \| - \| - \| - \| - \| cluster-b \|$/m);
    const lines = mermaidOf(readme);
    expect(invalidMermaidLines(lines)).toEqual([]);
    expect(lines).toEqual(expect.arrayContaining([
      '    c0b0[["Submariner broker"]]',
      '    c2g0["gateway (none listed)"]',
      '  c1g0 -.->|"az2 joins broker"| c0b0',
      '  c2g0 -.->|"dc-b joins broker"| c0b0',
      '  c1g0 ---|"Submariner tunnel vxlan"| c2g0',
    ]));
  });

  test('draws tunnels only inside a clusterset, and links each member to its own broker', () => {
    const fleet = new Fleet();
    const clusters = ['dc-a', 'dc-b', 'dc-c', 'dc-d'].map((name, i) => fleet.addCluster(name, {
      podCidr: `172.${110 + i}.0.0/16`, serviceCidr: `10.${233 + i}.0.0/18`, cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: [`${name}-gw`],
    }));
    const brokers = [clusters[0], clusters[2]].map((c) => c.addSubmarinerBroker({ apiServer: `api.${c.name}.example.com:6443` }));
    clusters.forEach((c, i) => c.joinSubmariner({ broker: brokers[i >> 1], ...avpSecrets(c.name) }));
    fleet.deliverWithArgoCd(REPO);
    const lines = mermaidOf(render(fleet).files['README.md']);
    expect(invalidMermaidLines(lines)).toEqual([]);
    expect(lines.filter((l) => l.includes('joins broker') || l.includes('tunnel'))).toEqual([
      '  c0g0 -.->|"dc-a joins broker"| c0b0',
      '  c1g0 -.->|"dc-b joins broker"| c0b0',
      '  c2g0 -.->|"dc-c joins broker"| c2b0',
      '  c3g0 -.->|"dc-d joins broker"| c2b0',
      '  c0g0 ---|"Submariner tunnel libreswan"| c1g0',
      '  c2g0 ---|"Submariner tunnel libreswan"| c3g0',
    ]);
  });

  test('quotes labels whatever the names hold', () => {
    const { fleet } = twoClusterFleet({ ic1: { azName: 'zone-a' } });
    fleet.deliverWithArgoCd(REPO);
    const lines = mermaidOf(render(fleet).files['README.md']);
    expect(lines).toContain('  subgraph c0["az1 (az-name zone-a)"]');
    expect(invalidMermaidLines(lines)).toEqual([]);
  });
});
