import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Fleet, FLEET_MODEL_FILE, FleetValidationError, FleetSnapshot, IcDatabase, KubeOvnImage, plan, planMain, renderFleet, renderFleetFiles, resolveFleet, SecretSource, snapshotOf } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { diffFields } from '../../src/plan/diff';
import { EXIT_DISRUPTIVE, formatPlan, PlanInput, planExitCode, planInput } from '../../src/plan/plan';
import { twoClusterFleet } from '../support/fleets';
import { expectValidManifests } from '../support/manifests';
import { clusterDocs } from './fleets';
import { az1Fleet, commitAll, git, manualRoutePlanFleet, renderedInput as rendered, submarinerFleet } from './plan-fleets';

const reasons = (p: ReturnType<typeof plan>) => p.disruptive.map((d) => `[${d.folder}] ${d.reason}`);

describe('plan: what a render changes and what it means', () => {
  const base = rendered(twoClusterFleet().fleet);

  test('no change: nothing listed, exit 0', () => {
    const p = plan(base, rendered(twoClusterFleet().fleet));
    expect(p.folders).toEqual([]);
    expect(formatPlan(p)).toEqual(['No changes: the rendered output matches.']);
    expect(planExitCode(p)).toBe(0);
  });

  test('az-name change: a field-level diff, disruptive, with the recompute in every ovs-ovn pod', () => {
    const after = rendered(twoClusterFleet({ ic2: { azName: 'east' } }).fleet);
    expectValidManifests(clusterDocs(after.files, 'az2'));
    const p = plan(base, after);
    expect(p.folders.map((f) => f.folder)).toEqual(['clusters/az2', 'runbooks']);
    expect(p.folders[0].objects).toEqual([expect.objectContaining({
      action: 'changed', ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'kube-system', name: 'ovn-ic-config' },
      fields: [{ path: 'data.az-name', before: 'az2', after: 'east' }],
    })]);
    expect(reasons(p)).toEqual(['[clusters/az2] ConfigMap kube-system/ovn-ic-config changes: az-name "az2" -> "east"']);
    expect(p.disruptive[0].steps).toEqual([
      'Argo CD / Flux delete and recreate the immutable ConfigMap; ovn-ic-controller tears the interconnection of cluster az2 down and rebuilds it: cross-cluster traffic of az2 stops meanwhile',
      '[az2] `for p in $(kubectl -n kube-system get pods -l app=ovs -o name); do kubectl -n kube-system exec "$p" -- ovn-appctl -t ovn-controller inc-engine/recompute; done` (without it cross-cluster traffic can stop for up to 10 minutes)',
      'verify: `[az1] kubectl ko icsbctl show` lists availability-zone east with its gateways',
    ]);
    const text = formatPlan(p);
    expect(text.slice(0, 4)).toEqual([
      'clusters/az2: 0 added, 1 changed, 0 removed',
      '  ~ ConfigMap kube-system/ovn-ic-config',
      '      data.az-name: "az2" -> "east"',
      'runbooks: 0 added, 1 changed, 0 removed',
    ]);
    expect(text).toContain('DISRUPTIVE changes, approval required (1):');
    expect(text[text.length - 1]).toBe('1 disruptive change pending (exit 3).');
    expect(planExitCode(p)).toBe(EXIT_DISRUPTIVE);
  });

  test('TS_NUM 3 -> 2: ts2 disappears, every cluster on the database rebuilds', () => {
    const p = plan(base, rendered(twoClusterFleet({ tsNum: 2 }).fleet));
    expect(p.folders[0].objects[0].fields).toEqual([{ path: 'spec.template.spec.containers[name=ovn-ic-server].env[name=TS_NUM].value', before: '3', after: '2' }]);
    expect(reasons(p)).toEqual(['[clusters/az1] TS_NUM 3 -> 2 on IC database 192.168.65.3,192.168.65.2,192.168.65.1: transit switch ts2 disappears']);
    expect(p.disruptive[0].steps).toEqual(expect.arrayContaining([
      'the IC-NB leader\'s checker deletes ts2 within seconds of the rollout of ovn-ic-server',
      'every cluster on this database sees the transit-switch list change and rebuilds its interconnection (short cross-cluster interruption): az1, az2',
      'if ts2 still listed in `[az2] kubectl ko nbctl ls-list`: `kubectl ko nbctl --if-exists ls-del ts2`',
    ]));
    const up = plan(rendered(twoClusterFleet({ tsNum: 1 }).fleet), base);
    expect(reasons(up)).toEqual(['[clusters/az1] TS_NUM 1 -> 3 on IC database 192.168.65.3,192.168.65.2,192.168.65.1: transit switches ts1, ts2 appear']);
  });

  test('a removed cluster: disruptive, with the disconnect-first and the IC-SB cleanup steps', () => {
    // the same az1 without az2
    const p = plan(base, rendered(az1Fleet({ az2: 'absent' })));
    expect(p.folders.find((f) => f.folder === 'clusters/az2')).toMatchObject({ status: 'removed', objects: [{ action: 'removed' }, { action: 'removed' }] });
    expect(reasons(p)).toEqual(['[clusters/az2] cluster az2 is removed from the fleet (2 objects)']);
    expect(p.disruptive[0].steps).toEqual(expect.arrayContaining([
      'before this is synced: if cluster az2 was not disconnected first, do that in a separate change:',
      expect.stringMatching(/^set `enabled: false` on cluster az2's InterconnectedCluster/),
      expect.stringContaining('`kubectl ko nbctl --if-exists ls-del ts`, `kubectl ko nbctl --if-exists ls-del ts1`, `kubectl ko nbctl --if-exists ls-del ts2`'),
      expect.stringContaining('`[az1] kubectl ko icsbctl --columns=_uuid find availability_zone name=az2`'),
    ]));
    expect(formatPlan(p)[0]).toBe('clusters/az2 (folder removed): 0 added, 0 changed, 2 removed');
    expect(planExitCode(p)).toBe(3);
  });

  test('an added subnet is listed and is not disruptive; changing its CIDR is', () => {
    const withSubnet = (cidrBlock: string) => {
      const f = twoClusterFleet();
      f.ic1.addSubnet('apps', { cidrBlock });
      return rendered(f.fleet);
    };
    const p = plan(base, withSubnet('10.30.0.0/24'));
    expect(p.folders[0].objects).toEqual([expect.objectContaining({ action: 'added', ref: { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', name: 'apps', namespace: undefined } })]);
    expect(formatPlan(p)).toContain('  + Subnet apps');
    expect(p.disruptive).toEqual([]);
    expect(planExitCode(p)).toBe(0);
    const q = plan(withSubnet('10.30.0.0/24'), withSubnet('10.31.0.0/24'));
    expect(reasons(q)).toEqual(['[clusters/az1] Subnet apps: CIDR change (spec.cidrBlock "10.30.0.0/24" -> "10.31.0.0/24")']);
    expect(reasons(plan(withSubnet('10.30.0.0/24'), base))).toEqual(['[clusters/az1] Subnet apps is removed from cluster az1']);
  });

  test('disconnecting a cluster (enable-ic false) and removing its ovn-ic-config are disruptive and delete the transit switches', () => {
    const off = plan(base, rendered(twoClusterFleet({ ic2: { enabled: false } }).fleet));
    expect(reasons(off)).toEqual(['[clusters/az2] ConfigMap kube-system/ovn-ic-config changes: enable-ic "true" -> "false"']);
    expect(off.disruptive[0].steps).toEqual(expect.arrayContaining([expect.stringMatching(/^\[az2\] delete the transit switches .*ls-del ts2`$/)]));
    // az2 stays in the fleet, without its InterconnectedCluster: its folder empties, but it is not a removed cluster
    const p = plan(base, rendered(az1Fleet({ az2: 'not-interconnected' })));
    expect(p.folders.find((f) => f.folder === 'clusters/az2')).toMatchObject({ status: 'removed' });
    expect(reasons(p)).toEqual(['[clusters/az2] ConfigMap kube-system/ovn-ic-config is removed: ovn-ic-controller tears the interconnection of cluster az2 (availability zone az2) down']);
    expect(p.disruptive[0].steps[0]).toMatch(/^prefer `enabled: false` over removing the InterconnectedCluster/);
  });

  describe('manual routes', () => {
    const before = rendered(manualRoutePlanFleet().fleet);

    test('a peer rebuilding its interconnection invalidates the next hops that lead to it', () => {
      // only az2's gateway nodes change: its ovn-ic-config is recreated, az1's route to it keeps its next hop (the Geneve flows move)
      const p = plan(before, rendered(manualRoutePlanFleet({ az2: { gatewayNodes: ['az2-gw9'] } }).fleet));
      expect(p.folders.map((f) => [f.folder, f.objects.map((o) => o.ref.name)])).toEqual([['clusters/az2', ['ovn-ic-config']], ['connectivity', []], ['runbooks', []]]);
      expect(reasons(p)).toEqual(['[clusters/az2] ConfigMap kube-system/ovn-ic-config changes: gw-nodes "az2-gw1,az2-gw2,az2-gw3" -> "az2-gw9"']);
      expect(p.disruptive[0].steps).toEqual(expect.arrayContaining([
        expect.stringMatching(/^\[az2\] the new gateway nodes \(az2-gw9\) must exist/),
        '[az1] the next hops to availability zone az2: `kubectl ko nbctl lsp-get-addresses ts-az2`, `kubectl ko nbctl lsp-get-addresses ts1-az2`, `kubectl ko nbctl lsp-get-addresses ts2-az2` (the address after the MAC, without /24; or `kubectl ko nbctl show`, port ts-az2, type remote); the addresses of availability zone az2 are drawn anew when it rebuilds: update routeToPeer in cluster az1, re-render and sync',
      ]));
    });

    test('a removed route and a moved next hop are disruptive; an added route is not', () => {
      const moved = plan(before, rendered(manualRoutePlanFleet({ route1: { nextHop: '169.254.101.4' } }).fleet));
      expect(reasons(moved)).toEqual(['[clusters/az1] cluster az1 changes next hops: 10.200.0.0/24 169.254.100.31 -> 169.254.101.4']);
      const more = rendered(manualRoutePlanFleet({ extraRoutes: true }).fleet);
      const added = plan(before, more);
      expect(added.folders.map((f) => f.folder)).toEqual(['clusters/az1', 'clusters/az2', 'runbooks']);
      expect(added.disruptive).toEqual([]);
      const removed = plan(more, before);
      expect(reasons(removed)).toEqual([
        '[clusters/az1] cluster az1 stops routing 10.202.0.0/24 (via 169.254.100.31): traffic to it stops',
        '[clusters/az2] Subnet shared-c is removed from cluster az2',
      ]);
    });

    test('back to auto-route: the Vpc is no longer rendered but keeps its routes until patched', () => {
      const f = twoClusterFleet();
      const after = rendered(f.fleet);
      const p = plan(before, after);
      expect(reasons(p)).toEqual(expect.arrayContaining([
        '[clusters/az1] Vpc ovn-cluster is no longer rendered in cluster az1, but keeps its manual routes (10.200.0.0/24) in the cluster',
      ]));
      const vpc = p.disruptive.find((d) => d.reason.startsWith('Vpc ovn-cluster is no longer rendered in cluster az1'))!;
      expect(vpc.steps).toEqual(['[az1] the Vpc ovn-cluster is kept (never pruned): clear the routes it carried with `kubectl patch vpc ovn-cluster --type=merge -p \'{"spec":{"staticRoutes":null,"policyRoutes":null}}\'`']);
    });
  });

  test('Submariner cluster ID and cluster CIDR changes are disruptive', () => {
    const before = rendered(submarinerFleet());
    // the Submariner CR comes from the operator chart: its values are in the member's wrapper chart (vault placeholders)
    const file = 'argocd-submariner/cluster-b/values.yaml';
    expect(before.files.get(file)).toContain('clusterId: cluster-b');
    const p = plan(before, rendered(submarinerFleet({ clusterId: 'cluster-b2', clusterCidr: '172.112.0.0/16' })));
    expect(reasons(p)).toEqual([
      '[clusters/cluster-b] Submariner submariner-operator/submariner: Submariner cluster ID changes (spec.clusterID "cluster-b" -> "cluster-b2")',
      '[clusters/cluster-b] Submariner submariner-operator/submariner: CIDR change (spec.clusterCIDR "172.111.0.0/16" -> "172.112.0.0/16")',
    ]);
    expect(p.disruptive[0].steps).toEqual(expect.arrayContaining([expect.stringContaining('delete those of "cluster-b"')]));
  });

  test('IC database hosts: a NODE_IPS change is disruptive, an image change a manual action', () => {
    const hosts = (ips: string[], tag = 'v1.13.15') => {
      const fleet = new Fleet();
      fleet.addExternalIcDatabase('db', { hosts: ips.map((ip, i) => ({ ip, name: `h${i + 1}` })), image: KubeOvnImage.of({ tag }) });
      return rendered(fleet);
    };
    const before = hosts(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(reasons(plan(before, hosts(['10.0.0.1', '10.0.0.2', '10.0.0.4'])))).toEqual(expect.arrayContaining([
      '[hosts/h1] IC database host h1: NODE_IPS "10.0.0.1,10.0.0.2,10.0.0.3" -> "10.0.0.1,10.0.0.2,10.0.0.4"',
    ]));
    const image = plan(before, hosts(['10.0.0.1', '10.0.0.2', '10.0.0.3'], 'v1.13.16'));
    expect(image.disruptive).toEqual([]);
    expect(image.manual.map((m) => m.reason)).toEqual([
      'IC database host h1: hosts/h1/compose.yaml changes (nothing applies it automatically)',
      'IC database host h2: hosts/h2/compose.yaml changes (nothing applies it automatically)',
      'IC database host h3: hosts/h3/compose.yaml changes (nothing applies it automatically)',
    ]);
    expect(reasons(plan(before, hosts(['10.0.0.1', '10.0.0.2'])))).toEqual(expect.arrayContaining(['[hosts/h3] IC database host h3 is removed: the Raft membership changes']));
  });

  test('model facts: a cluster range change (nothing rendered shows it), a joining cluster, an IC server that goes away', () => {
    const range = plan(base, rendered(twoClusterFleet({ az2: { podCidr: '10.18.0.0/16' } }).fleet));
    expect(range.folders).toEqual([]); // no delivery installs Kube-OVN: podCidr is rendered nowhere, yet the model changes
    expect(reasons(range)).toEqual(['[clusters/az2] cluster az2: CIDR change (podCidr "10.17.0.0/16" -> "10.18.0.0/16")']);
    expect(formatPlan(range).slice(0, 2)).toEqual(['The rendered files match; the model (fleet-model.json) changes:', '']);
    const joins = plan(rendered(az1Fleet({ az2: 'not-interconnected' })), base);
    expect(joins.disruptive).toEqual([]);
    expect(joins.manual).toEqual([{
      folder: 'clusters/az2',
      reason: 'cluster az2 joins the interconnection on IC database 192.168.65.3,192.168.65.2,192.168.65.1 as availability zone az2',
      steps: ['verify after the sync: `[az1] kubectl ko icsbctl show` lists availability-zone az2 with its gateways'],
    }]);
    // both clusters keep the database of az1's masters, but nobody runs ovn-ic-server any more
    const f = twoClusterFleet();
    const fleet = new Fleet();
    const db = IcDatabase.inCluster('az1', f.az1.props.masterNodeIps!, 3);
    fleet.addCluster('az1', f.az1.props).interconnect({ icDatabase: db });
    fleet.addCluster('az2', f.az2.props).interconnect({ icDatabase: db });
    const gone = plan(base, rendered(fleet));
    expect(reasons(gone)).toEqual(['[clusters/az1] Deployment kube-system/ovn-ic-server is removed from cluster az1: the IC database 192.168.65.3,192.168.65.2,192.168.65.1 goes away while clusters az1, az2 still point at it']);
    expect(gone.disruptive[0].steps).toEqual([
      'disconnect az1, az2 first (runbooks/ovn-ic.md), or they lose their interconnection',
      'on each database node (192.168.65.3, 192.168.65.2, 192.168.65.1): `rm -f /etc/origin/ovn/ovn_ic_nb_db.db /etc/origin/ovn/ovn_ic_sb_db.db`',
    ]);
  });

  test('Submariner: a member that leaves its broker, and a pool whose subnet changes', () => {
    const leaving = submarinerFleet();
    const b = leaving.cluster('cluster-b')!;
    (b as { _membership?: unknown })._membership = undefined; // cluster-b stays in the fleet, without its join
    const p = plan(rendered(submarinerFleet()), rendered(leaving));
    expect(reasons(p)).toEqual([
      '[clusters/cluster-b] cluster cluster-b leaves the Submariner broker in cluster cluster-a: its tunnels to the other members go down',
      '[clusters/cluster-b] Namespace submariner-operator is removed from cluster cluster-b: pruning deletes everything in it',
    ]);
    expect(p.disruptive[0].steps[0]).toBe('Submariner: in the broker cluster delete cluster cluster-b\'s Cluster and Endpoint objects (`kubectl -n submariner-k8s-broker get clusters.submariner.io,endpoints.submariner.io`)');
    const pool = (subnet: string) => {
      const fleet = submarinerFleet();
      fleet.cluster('cluster-a')!.addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', namespace: 'kube-system', master: ['ens224'] })
        .addIpPool('Pool', { name: 'pool-a', subnet, ips: ['172.110.1.1-172.110.1.200'], gateway: '172.110.0.1' });
      return rendered(fleet);
    };
    expect(reasons(plan(pool('172.110.0.0/16'), pool('172.110.0.0/17')))).toEqual(['[clusters/cluster-a] SpiderIPPool pool-a: CIDR change (spec.subnet "172.110.0.0/16" -> "172.110.0.0/17")']);
  });

  test('field diffs match list items by name and fall back to whole values', () => {
    expect(diffFields(
      { spec: { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [1, 2], tags: [1] }, status: { x: 1 } },
      { spec: { env: [{ name: 'B', value: '3' }, { name: 'A', value: '1' }], ports: [1, 3], tags: [1, 2] }, status: { x: 2 } },
    )).toEqual([
      { path: 'spec.env[name=B].value', before: '2', after: '3' },
      { path: 'spec.ports[1]', before: 2, after: 3 },
      { path: 'spec.tags', before: [1], after: [1, 2] },
    ]);
    expect(diffFields({ metadata: { annotations: { 'a.b/c': 'x' } } }, { metadata: { annotations: {} } })).toEqual([{ path: 'metadata.annotations["a.b/c"]', before: 'x', after: undefined }]);
  });
});

describe('fleet model snapshot (fleet-model.json)', () => {
  const files = new Map(renderFleetFiles(buildDefaultFleet()).files.map((f) => [f.file, f.content]));
  const snapshot: FleetSnapshot = JSON.parse(files.get(FLEET_MODEL_FILE)!);

  test('the render writes the resolved model at the top of the output, as sorted JSON', () => {
    expect(files.get(FLEET_MODEL_FILE)).toBe(`${JSON.stringify(snapshotOf(resolveFleet(buildDefaultFleet())), null, 2)}\n`);
    expect(snapshot.version).toBe(1);
    expect(snapshot.clusters.map((c) => c.name)).toEqual(['az1', 'az2', 'cluster-a', 'cluster-b']);
    const az2 = snapshot.clusters[1];
    expect(az2.interconnection).toEqual({
      azName: 'az2', enabled: true, autoRoute: true, gatewayNodes: ['az2-gw'],
      icDatabase: {
        hosts: ['192.168.65.3', '192.168.65.2', '192.168.65.1'], nbPort: 6645, sbPort: 6646, tsNum: 3, serverCluster: 'az1',
        domain: '192.168.65.3,192.168.65.2,192.168.65.1|6645|6646',
      },
      routes: [],
      subnets: [{ name: 'no-advertise', cidrBlock: '10.199.0.0/16' }],
    });
    expect(snapshot.clusters[0].icServer).toEqual({ nodeIps: ['192.168.65.3', '192.168.65.2', '192.168.65.1'], tsNum: 3, domain: '192.168.65.3,192.168.65.2,192.168.65.1|6645|6646' });
    expect(snapshot.clusters[0].underlaySubnets.map((s) => [s.name, s.cidrBlock, s.providerNetwork, s.vlan])).toEqual([
      ['subnet1', '172.17.0.0/16', 'net1', 'vlan1'], ['subnet2', '172.18.0.0/16', 'net1', 'vlan2'],
    ]);
    expect(snapshot.clusters[3].submariner).toEqual({
      brokerCluster: 'cluster-a', clusterId: 'cluster-b', cableDriver: 'libreswan', clusterCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18',
      // the default fleet's members read everything from the broker's credential store
      secrets: { brokerToken: 'credentialStore', brokerCa: 'credentialStore', psk: 'credentialStore' },
    });
    expect(snapshot.clusters[2].submarinerBroker?.members).toEqual([{ cluster: 'cluster-a', clusterId: 'cluster-a' }, { cluster: 'cluster-b', clusterId: 'cluster-b' }]);
    expect(snapshot.clusters[2].ipPools).toEqual([{ name: 'cluster-a', subnet: '172.110.0.0/16' }]);
  });

  test('names a secret input by its kind only: no value, no Vault path', () => {
    const sentinel = 'SENTINEL-psk-5f1c';
    const fleet = submarinerFleet({ psk: SecretSource.plainText(sentinel, { iUnderstandThisIsWrittenToGit: true }) });
    const text = renderFleetFiles(fleet).files.find((f) => f.file === FLEET_MODEL_FILE)!.content;
    expect(text).not.toContain(sentinel);
    expect(text).not.toContain('secret/data');
    expect(JSON.parse(text).clusters[1].submariner.secrets).toEqual({ brokerToken: 'argocdVaultPlugin', brokerCa: 'argocdVaultPlugin', psk: 'plainText' });
  });

  test('does not depend on declaration order; external IC databases with their host folders', () => {
    const make = (reverse: boolean) => {
      const fleet = new Fleet();
      const ids = reverse ? ['b', 'a'] : ['a', 'b'];
      for (const id of ids) fleet.addExternalIcDatabase(id, { hosts: [{ ip: id === 'a' ? '10.0.0.1' : '10.0.1.1', name: `${id}1` }] });
      return renderFleetFiles(fleet).files.find((f) => f.file === FLEET_MODEL_FILE)!.content;
    };
    expect(make(true)).toBe(make(false));
    expect(JSON.parse(make(false)).externalIcDatabases).toEqual([
      { id: 'a', hosts: [{ name: 'a1', ip: '10.0.0.1' }], runtime: 'docker-compose', runFile: 'compose.yaml', domain: '10.0.0.1|6645|6646' },
      { id: 'b', hosts: [{ name: 'b1', ip: '10.0.1.1' }], runtime: 'docker-compose', runFile: 'compose.yaml', domain: '10.0.1.1|6645|6646' },
    ]);
  });

  test('input from JavaScript that does not resolve: the problems are reported, the model never crashes', () => {
    const f = twoClusterFleet();
    f.ic1.routeToPeer({ peer: 'az2' as any, cidrs: undefined as any, nextHop: 7 as any });
    expect(() => renderFleetFiles(f.fleet)).toThrow(FleetValidationError);
    // what the render does not get to (its constructs crash on these today), snapshotOf still takes
    f.fleet.addCluster('az3', { podCidr: '10.18.0.0/16', joinCidr: '100.66.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.67.1'] })
      .interconnect({ icDatabase: 'db' as any });
    const broker = f.az2.addSubmarinerBroker({ apiServer: '192.168.66.1:6443' });
    f.az1.joinSubmariner({ broker, brokerToken: 'token-value' as any, brokerCa: undefined as any });
    const resolved = resolveFleet(f.fleet);
    expect(resolved.errors.length).toBeGreaterThan(0);
    const snapshot = snapshotOf(resolved);
    expect(JSON.stringify(snapshot)).not.toContain('token-value');
    expect(snapshot.clusters.find((c) => c.name === 'az1')!.submariner!.secrets).toEqual({ brokerToken: 'invalid' });
    expect(snapshot.clusters.find((c) => c.name === 'az3')!.interconnection!.icDatabase).toEqual({ hosts: [] });
  });
});

describe('plan without a model in the base (outputs rendered before fleet-model.json)', () => {
  const withoutModel = (input: PlanInput): Map<string, string> => new Map([...input.files].filter(([f]) => f !== FLEET_MODEL_FILE));
  const base = rendered(twoClusterFleet().fleet);

  test('only the file diff is shown, with a clear line; a change needs a review (exit 3)', () => {
    const p = plan(withoutModel(base), rendered(twoClusterFleet({ ic2: { azName: 'east' } }).fleet));
    expect(p.assessed).toBe(false);
    expect(p.disruptive).toEqual([]);
    const text = formatPlan(p);
    expect(text[0]).toBe('No model in the base output (no fleet-model.json): only the file diff is shown, impacts are not assessed.');
    expect(text).toContain('      data.az-name: "az2" -> "east"');
    expect(text[text.length - 1]).toBe('Impacts not assessed (no model): review the changes above (exit 3).');
    expect(planExitCode(p)).toBe(EXIT_DISRUPTIVE);
  });

  test('no change: exit 0; a damaged model is a note, never a crash', () => {
    const same = plan(withoutModel(base), base);
    expect(formatPlan(same)).toEqual([
      'No model in the base output (no fleet-model.json): only the file diff is shown, impacts are not assessed.',
      'No changes: the rendered output matches.',
    ]);
    expect(planExitCode(same)).toBe(0);
    const damaged = (text: string) => plan(new Map([...withoutModel(base), [FLEET_MODEL_FILE, text]]), base).notes;
    expect(damaged('{"version": 1, "clusters": [')).toEqual([expect.stringMatching(/^No model in the base output \(fleet-model\.json is not valid JSON \(/)]);
    expect(damaged('{"version": 2, "clusters": [], "externalIcDatabases": []}')).toEqual([
      'No model in the base output (fleet-model.json: format version 2, this plan reads version 1): only the file diff is shown, impacts are not assessed.',
    ]);
    expect(damaged('{"version": 1, "clusters": [{"name": "az1"}], "externalIcDatabases": []}')).toEqual([
      'No model in the base output (fleet-model.json: cluster "az1" is not in the expected form): only the file diff is shown, impacts are not assessed.',
    ]);
  });

  test('the model itself is not listed as a changed file', () => {
    expect(planInput(new Map([[FLEET_MODEL_FILE, '{}'], ['runbooks/ovn-ic.md', 'x']])).files).toEqual(new Map([['runbooks/ovn-ic.md', 'x']]));
    expect(plan(base, rendered(twoClusterFleet({ ic2: { azName: 'east' } }).fleet)).folders.map((f) => f.folder)).not.toContain('.');
  });
});

describe('plan command', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-plan-'));
  const ceiling = process.env.GIT_CEILING_DIRECTORIES;
  // a Git repository above the temporary folder must not be found
  beforeAll(() => { process.env.GIT_CEILING_DIRECTORIES = tmp; });
  afterAll(() => {
    if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
    else process.env.GIT_CEILING_DIRECTORIES = ceiling;
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const run = (argv: string[], build: () => Fleet) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = planMain(argv, build, { log: (l) => out.push(l), error: (l) => err.push(l) });
    return { code, out, err };
  };
  const fleetA = () => twoClusterFleet().fleet;
  const fleetB = () => twoClusterFleet({ ic2: { azName: 'east' } }).fleet;
  const azNameReason = '  [clusters/az2] ConfigMap kube-system/ovn-ic-config changes: az-name "az2" -> "east"';

  // a repository whose main branch has fleet A's output; branch `change` has fleet B's, rendered and committed
  const repo = path.join(tmp, 'repo');
  const dist = path.join(repo, 'dist');
  fs.mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'README.md'), 'fleet\n');
  renderFleet(fleetA(), dist);
  const first = commitAll(repo, 'fleet A');
  git(repo, 'checkout', '-q', '-b', 'change');
  renderFleet(fleetB(), dist);
  const second = commitAll(repo, 'fleet B: az2 becomes availability zone east');

  test('--base: compares with the output committed at the base, though the working tree dist/ is fresh (exit 3)', () => {
    expect(git(repo, 'status', '--porcelain')).toBe(''); // dist/ is rendered from fleet B and committed
    const r = run(['--base', first, '--dist', dist], fleetB);
    expect(r.out[0]).toBe(`Base: dist/ as committed at ${first} (${first.slice(0, 12)}).`);
    expect(r.out.slice(1, 4)).toEqual(['clusters/az2: 0 added, 1 changed, 0 removed', '  ~ ConfigMap kube-system/ovn-ic-config', '      data.az-name: "az2" -> "east"']);
    expect(r.out).toContain(azNameReason);
    expect(r.out[r.out.length - 1]).toBe('1 disruptive change pending (exit 3).');
    expect(r).toMatchObject({ code: 3, err: [] });
    expect(git(repo, 'status', '--porcelain')).toBe(''); // nothing written into the checkout
    expect(run([`--base=main`, `--dist=${dist}`], fleetB).code).toBe(3);
  });

  test('default base: the merge base with the upstream branch, else HEAD', () => {
    // no upstream: HEAD, which holds fleet B's output
    expect(run(['--dist', dist], fleetB)).toEqual({ code: 0, out: [`Base: dist/ as committed at HEAD (${second.slice(0, 12)}).`, 'No changes: the rendered output matches.'], err: [] });
    git(repo, 'branch', '-q', '--set-upstream-to=main');
    try {
      const r = run(['--dist', dist], fleetB);
      expect(r.out[0]).toBe(`Base: dist/ as committed at merge base with main (${first.slice(0, 12)}).`);
      expect(r.out).toContain(azNameReason);
      expect(r.code).toBe(3);
    } finally {
      git(repo, 'branch', '-q', '--unset-upstream');
    }
  });

  test('a base whose output has no fleet-model.json: the file diff only, never a crash', () => {
    git(repo, 'checkout', '-q', '-b', 'old', first);
    try {
      fs.rmSync(path.join(dist, FLEET_MODEL_FILE));
      const old = commitAll(repo, 'an output rendered before fleet-model.json');
      const r = run(['--base', old, '--dist', dist], fleetB);
      expect(r.out.slice(0, 2)).toEqual([
        `Base: dist/ as committed at ${old} (${old.slice(0, 12)}).`,
        'No model in the base output (no fleet-model.json): only the file diff is shown, impacts are not assessed.',
      ]);
      expect(r.out).toContain('      data.az-name: "az2" -> "east"');
      expect(r.code).toBe(3);
      expect(run(['--base', old, '--dist', dist], fleetA).code).toBe(0);
    } finally {
      git(repo, 'checkout', '-q', '-f', 'change');
    }
  });

  test('a base without the output folder: every file is new', () => {
    const r = run(['--base', first, '--dist', path.join(repo, 'elsewhere')], fleetA);
    expect(r.out[0]).toBe(`Base: elsewhere/ as committed at ${first} (${first.slice(0, 12)}), where it does not exist: every file is new.`);
    expect(r.code).toBe(3);
  });

  test('--after compares with a rendered folder without rendering', () => {
    const other = path.join(tmp, 'other');
    renderFleet(fleetB(), other);
    const r = run(['--base', first, '--dist', dist, '--after', other], () => { throw new Error('must not render'); });
    expect(r.code).toBe(3);
    expect(r.out).toContain(azNameReason);
    expect(run(['--base', second, '--dist', dist, '--after', other], () => { throw new Error('must not render'); }).code).toBe(0);
    fs.rmSync(other, { recursive: true, force: true });
  });

  test('exit 1 when the fleet does not render; 2, in one line, on usage and Git errors', () => {
    const bad = run(['--dist', dist], () => twoClusterFleet({ tsNum: 0 }).fleet);
    expect(bad.code).toBe(1);
    expect(bad.err[bad.err.length - 1]).toBe('1 problem found; the fleet does not render, nothing to plan');
    expect(run(['--bogus'], fleetA)).toMatchObject({ code: 2, err: ['error: unexpected argument: --bogus', expect.stringMatching(/^usage: plan \[--base REF\]/)] });
    expect(run(['--after', path.join(tmp, 'nope')], fleetA)).toMatchObject({ code: 2 });
    expect(run(['--help'], fleetA)).toMatchObject({ code: 0, out: [expect.stringMatching(/^usage: plan/)] });
    expect(run(['--base', 'no-such-branch', '--dist', dist], fleetA)).toEqual({
      code: 2, out: [], err: [expect.stringMatching(/^error: unknown Git ref "no-such-branch" in .*; give a branch, tag or commit that exists/)],
    });
    const outside = path.join(tmp, 'not-a-repo', 'dist');
    fs.mkdirSync(outside, { recursive: true });
    expect(run(['--dist', outside], fleetA)).toEqual({
      code: 2, out: [], err: [`error: ${outside} is not in a Git repository; plan compares with the output committed at --base (or compare two folders with --after)`],
    });
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    git(empty, 'init', '-q');
    expect(run(['--dist', path.join(empty, 'dist')], fleetA)).toMatchObject({ code: 2, err: [expect.stringMatching(/has no commit yet; commit the rendered output first, or give --base$/)] });
  });
});
