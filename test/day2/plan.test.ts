import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  buildDefaultFleet, diffFields, EXIT_DISRUPTIVE, ExternalIcDatabase, Fleet, formatPlan, IcDatabase, IcServer, InterconnectedCluster, KubeOvnImage, plan,
  planExitCode, planMain, renderFleet,
} from '../../src';
import { twoClusterFleet } from '../support/fleets';
import { expectValidManifests } from '../support/manifests';
import { clusterDocs, manualRouteFleet, rendered } from './fleets';

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
    expectValidManifests(clusterDocs(after, 'az2'));
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
    const fleet = new Fleet();
    const az1 = fleet.addCluster('az1', { podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.65.3', '192.168.65.2', '192.168.65.1'], gatewayNodes: ['az1-gw1', 'az1-gw2', 'az1-gw3'] });
    const server = new IcServer(az1.chart, 'IcServer', { nodeIps: [...az1.masterNodeIps], tsNum: 3 });
    new InterconnectedCluster(az1.chart, 'Interconnection', { icDatabase: IcDatabase.fromServer(server) });
    const p = plan(base, rendered(fleet));
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
    const withoutIc = new Map([...base].filter(([f]) => !f.startsWith('clusters/az2/ConfigMap')));
    const p = plan(base, withoutIc);
    expect(reasons(p)).toEqual(['[clusters/az2] ConfigMap kube-system/ovn-ic-config is removed: ovn-ic-controller tears the interconnection of cluster az2 (availability zone az2) down']);
  });

  describe('manual routes', () => {
    const before = rendered(manualRouteFleet().fleet);

    test('a peer rebuilding its interconnection invalidates the next hops that lead to it', () => {
      const after = rendered(twoClusterFleet({ az2: { podCidr: '10.16.0.0/16', gatewayNodes: ['az2-gw9'] }, ic1: { autoRoute: false }, ic2: { autoRoute: false } }).fleet);
      // only az2's ovn-ic-config changes: copy the rest from before
      const mixed = new Map(before);
      mixed.set('clusters/az2/ConfigMap.kube-system.ovn-ic-config.k8s.yaml', after.get('clusters/az2/ConfigMap.kube-system.ovn-ic-config.k8s.yaml')!);
      const p = plan(before, mixed);
      expect(reasons(p)).toEqual(['[clusters/az2] ConfigMap kube-system/ovn-ic-config changes: gw-nodes "az2-gw1,az2-gw2,az2-gw3" -> "az2-gw9"']);
      expect(p.disruptive[0].steps).toEqual(expect.arrayContaining([
        expect.stringMatching(/^\[az2\] the new gateway nodes \(az2-gw9\) must exist/),
        '[az1] the next hops to availability zone az2: `kubectl ko nbctl lsp-get-addresses ts-az2`, `kubectl ko nbctl lsp-get-addresses ts1-az2`, `kubectl ko nbctl lsp-get-addresses ts2-az2` (the address after the MAC, without /24; or `kubectl ko nbctl show`, port ts-az2, type remote); the addresses of availability zone az2 are drawn anew when it rebuilds: update routeToPeer in cluster az1, re-render and sync',
      ]));
    });

    test('a removed route and a moved next hop are disruptive; an added route is not', () => {
      const moved = plan(before, rendered(manualRouteFleet({ route1: { nextHop: '169.254.101.4' } }).fleet));
      expect(reasons(moved)).toEqual(['[clusters/az1] cluster az1 changes next hops: 10.200.0.0/24 169.254.100.31 -> 169.254.101.4']);
      const more = manualRouteFleet();
      more.ic2.addSubnet('shared-c', { cidrBlock: '10.202.0.0/24' });
      more.ic1.routeToPeer({ peer: more.ic2, cidrs: ['10.202.0.0/24'], nextHop: '169.254.100.31' });
      const added = plan(before, rendered(more.fleet));
      expect(added.disruptive).toEqual([]);
      const removed = plan(rendered(more.fleet), before);
      expect(reasons(removed)).toEqual(expect.arrayContaining(['[clusters/az1] cluster az1 stops routing 10.202.0.0/24 (via 169.254.100.31): traffic to it stops']));
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

  test('Submariner cluster ID and cluster CIDR changes in the default fleet are disruptive', () => {
    const before = rendered(buildDefaultFleet());
    const file = 'clusters/cluster-b/Submariner.submariner-operator.submariner.k8s.yaml';
    expect(before.get(file)).toContain('clusterID: cluster-b');
    const after = new Map(before);
    after.set(file, before.get(file)!.replace('clusterID: cluster-b', 'clusterID: cluster-b2').replace('clusterCIDR: 172.111.0.0/16', 'clusterCIDR: 172.112.0.0/16'));
    const p = plan(before, after);
    expect(reasons(p)).toEqual([
      '[clusters/cluster-b] Submariner submariner-operator/submariner: Submariner cluster ID changes (spec.clusterID "cluster-b" -> "cluster-b2")',
      '[clusters/cluster-b] Submariner submariner-operator/submariner: CIDR change (spec.clusterCIDR "172.111.0.0/16" -> "172.112.0.0/16")',
    ]);
    expect(p.disruptive[0].steps).toEqual(expect.arrayContaining([expect.stringContaining('delete those of "cluster-b"')]));
  });

  test('IC database hosts: a NODE_IPS change is disruptive, an image change a manual action', () => {
    const hosts = (ips: string[], tag = 'v1.13.15') => {
      const fleet = new Fleet();
      new ExternalIcDatabase(fleet, 'db', { hosts: ips.map((ip, i) => ({ ip, name: `h${i + 1}` })), image: KubeOvnImage.of({ tag }) });
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

describe('plan command', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-plan-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const run = (argv: string[], build: () => Fleet) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = planMain(argv, build, { log: (l) => out.push(l), error: (l) => err.push(l) });
    return { code, out, err };
  };
  const dist = path.join(tmp, 'dist');
  renderFleet(twoClusterFleet().fleet, dist);

  test('exit 0 when the render matches dist/, 3 when something disruptive is pending', () => {
    expect(run(['--dist', dist], () => twoClusterFleet().fleet)).toEqual({ code: 0, out: ['No changes: the rendered output matches.'], err: [] });
    const r = run([`--dist=${dist}`], () => twoClusterFleet({ tsNum: 2 }).fleet);
    expect(r.code).toBe(3);
    expect(r.out[r.out.length - 1]).toBe('1 disruptive change pending (exit 3).');
    expect(fs.readdirSync(tmp)).toEqual(['dist']); // the temporary render is gone, dist/ untouched
  });

  test('--after compares two rendered folders without rendering', () => {
    const other = path.join(tmp, 'other');
    renderFleet(twoClusterFleet({ ic2: { azName: 'east' } }).fleet, other);
    const r = run(['--dist', dist, '--after', other], () => { throw new Error('must not render'); });
    expect(r.code).toBe(3);
    expect(r.out).toContain('  [clusters/az2] ConfigMap kube-system/ovn-ic-config changes: az-name "az2" -> "east"');
    fs.rmSync(other, { recursive: true, force: true });
  });

  test('exit 1 when the fleet does not render, 2 on usage errors', () => {
    const bad = run(['--dist', dist], () => twoClusterFleet({ tsNum: 0 }).fleet);
    expect(bad.code).toBe(1);
    expect(bad.err[bad.err.length - 1]).toBe('1 problem found; the fleet does not render, nothing to plan');
    expect(run(['--bogus'], () => twoClusterFleet().fleet)).toMatchObject({ code: 2, err: ['error: unexpected argument: --bogus', expect.stringMatching(/^usage: plan/)] });
    expect(run(['--after', path.join(tmp, 'nope')], () => twoClusterFleet().fleet)).toMatchObject({ code: 2 });
    expect(run(['--help'], () => twoClusterFleet().fleet)).toMatchObject({ code: 0, out: [expect.stringMatching(/^usage: plan/)] });
  });
});
