import { IcDatabase, MANUAL_ROUTE_POLICY_PRIORITY } from '../../src';
import { twoClusterFleet } from '../support/fleets';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { manualRouteFleet } from './fleets';

describe('manual routes (auto-route off)', () => {
  test('render the default VPC with one static route and one allow policy per shared CIDR', () => {
    const { fleet } = manualRouteFleet();
    expect(fleetErrors(fleet)).toEqual([]);
    expect(fleetWarnings(fleet).filter((w) => w.includes('routeToPeer'))).toEqual([]);
    const docs = synthFleet(fleet);
    for (const cluster of Object.keys(docs)) expectValidManifests(docs[cluster]);
    const vpc = findDoc(docs.az1, 'Vpc', 'ovn-cluster');
    expect(vpc.apiVersion).toBe('kubeovn.io/v1');
    expect(vpc.metadata.namespace).toBeUndefined();
    expect(vpc.metadata.annotations).toStrictEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      'cdk8s-ovn-ic/route-peers': '10.200.0.0/24@az2',
    });
    expect(vpc.spec).toStrictEqual({
      staticRoutes: [{ policy: 'policyDst', cidr: '10.200.0.0/24', nextHopIP: '169.254.100.31', ecmpMode: '', bfdId: '', routeTable: '' }],
      policyRoutes: [{ priority: MANUAL_ROUTE_POLICY_PRIORITY, action: 'allow', match: 'ip4.dst == 10.200.0.0/24' }],
    });
    expect(MANUAL_ROUTE_POLICY_PRIORITY).toBe(29500);
    expect(findDoc(docs.az2, 'Vpc', 'ovn-cluster').spec.staticRoutes).toEqual([expect.objectContaining({ cidr: '10.201.0.0/24', nextHopIP: '169.254.100.79' })]);
    expect(findDoc(docs.az1, 'ConfigMap', 'ovn-ic-config').data['auto-route']).toBe('false');
  });

  test('routes are sorted by family and address, IPv6 gets an ip6 match, and several peers share one Vpc', () => {
    const { fleet, az1, az2, ic1, ic2, icDatabase } = manualRouteFleet({ route1: { cidrs: ['10.200.0.0/25', '10.200.0.128/25'] } });
    ic2.addSubnet('v6', { cidrBlock: 'fd00:10:200::/64' });
    ic1.routeToPeer({ peer: az2, cidrs: ['fd00:10:200::/64'], nextHop: 'fe80:a9fe:64::31' });
    const az3 = fleet.addCluster('az3', { podCidr: '10.18.0.0/16', joinCidr: '100.66.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.67.1'], gatewayNodes: ['g1', 'g2', 'g3'] });
    const ic3 = az3.interconnect({ icDatabase, autoRoute: false });
    ic1.routeToPeer({ peer: az3, cidrs: ['10.18.0.0/24'], nextHop: '169.254.101.7' });
    ic3.routeToPeer({ peer: az1, cidrs: ['10.201.0.0/24'], nextHop: '169.254.101.8' });
    expect(fleetErrors(fleet)).toEqual([]);
    const vpc = findDoc(synthFleet(fleet).az1, 'Vpc', 'ovn-cluster');
    expect(vpc.spec.staticRoutes.map((r: any) => `${r.cidr} ${r.nextHopIP}`)).toEqual([
      '10.18.0.0/24 169.254.101.7', '10.200.0.0/25 169.254.100.31', '10.200.0.128/25 169.254.100.31', 'fd00:10:200::/64 fe80:a9fe:64::31',
    ]);
    expect(vpc.spec.policyRoutes.map((p: any) => p.match)).toEqual(['ip4.dst == 10.18.0.0/24', 'ip4.dst == 10.200.0.0/25', 'ip4.dst == 10.200.0.128/25', 'ip6.dst == fd00:10:200::/64']);
    expect(vpc.metadata.annotations['cdk8s-ovn-ic/route-peers']).toBe('10.18.0.0/24@az3,10.200.0.0/25@az2,10.200.0.128/25@az2,fd00:10:200::/64@az2');
    expectValidManifests(synthFleet(fleet).az1);
  });

  test('auto-route off without routes renders empty lists (removing the last route withdraws it); auto-route on renders no Vpc', () => {
    const { fleet } = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic2: { autoRoute: false } });
    const docs = synthFleet(fleet);
    expect(findDoc(docs.az2, 'Vpc', 'ovn-cluster').spec).toStrictEqual({ staticRoutes: [], policyRoutes: [] });
    expect(docs.az1.filter((d) => d.kind === 'Vpc')).toEqual([]);
    expectValidManifests(docs.az2);
  });

  test('enabled: false renders enable-ic "false", keeps the controller and leaves the overlap checks', () => {
    const { fleet } = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic2: { enabled: false } });
    expect(fleetErrors(fleet)).toEqual([]);
    const docs = synthFleet(fleet);
    expect(findDoc(docs.az2, 'ConfigMap', 'ovn-ic-config').data['enable-ic']).toBe('false');
    findDoc(docs.az2, 'Deployment', 'ovn-ic-controller');
    // the same fleet connected would overlap
    expect(fleetErrors(twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' } }).fleet)).toHaveLength(1);
  });

  describe('mistakes are reported with the cluster, the field, the value and the fix', () => {
    const errorsOf = (f: { fleet: any }) => fleetErrors(f.fleet);

    test('manual routes with auto-route on, towards an auto-route peer, or while disconnected', () => {
      const f = twoClusterFleet();
      f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.17.0.0/24'], nextHop: '169.254.100.31' });
      expect(errorsOf(f)).toEqual([
        // the fleet's cross-cluster rules (resolve) come first, then the construct's own
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2): cluster "az2" has auto-route on, so it can neither route back with manual routes nor learn this cluster\'s subnets (with auto-route off nothing is advertised); set autoRoute: false on cluster "az2" and declare the reverse route there',
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer is used but autoRoute is true; manual routes need autoRoute: false (with auto-route Kube-OVN advertises and learns the subnets itself), set autoRoute: false or remove the routes',
      ]);
      const g = manualRouteFleet();
      const h = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic1: { autoRoute: false, enabled: false }, ic2: { autoRoute: false } });
      h.ic1.routeToPeer({ peer: h.az2, cidrs: ['10.17.0.0/24'], nextHop: '169.254.100.31' });
      expect(errorsOf(g)).toEqual([]);
      expect(errorsOf(h)).toEqual([expect.stringContaining('cluster "az1", InterconnectedCluster: routeToPeer is used but enabled is false')]);
    });

    test('next hops off the transit switches, on a switch TS_NUM removes, a network address, or of the wrong family', () => {
      expect(errorsOf(manualRouteFleet({ route1: { nextHop: '10.0.0.1' } }))).toEqual([
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2): nextHop 10.0.0.1 is not on a transit switch of this IC database (TS_NUM 3: 169.254.100.0/24 (ts), 169.254.101.0/24 (ts1), 169.254.102.0/24 (ts2)); use the address of port ts-<peer az-name> in kubectl ko nbctl show',
      ]);
      expect(errorsOf(manualRouteFleet({ route1: { nextHop: '169.254.102.5' } }))).toEqual([]);
      expect(errorsOf(manualRouteFleet({ tsNum: 2, route1: { nextHop: '169.254.102.5' } }))).toEqual([
        expect.stringContaining('nextHop 169.254.102.5 is not on a transit switch of this IC database (TS_NUM 2: 169.254.100.0/24 (ts), 169.254.101.0/24 (ts1))'),
      ]);
      expect(errorsOf(manualRouteFleet({ route1: { nextHop: '169.254.100.0' } }))).toEqual([
        expect.stringContaining('routeToPeer(az2): nextHop 169.254.100.0 is the network or broadcast address of 169.254.100.0/24 (ts)'),
      ]);
      expect(errorsOf(manualRouteFleet({ route1: { nextHop: 'fe80:a9fe:64::31' } }))).toEqual([
        expect.stringContaining('routeToPeer(az2): cidrs[0] 10.200.0.0/24 is IPv4 but nextHop fe80:a9fe:64::31 is IPv6; give the peer\'s IPv4 transit-switch address or an IPv6 CIDR'),
      ]);
      expect(errorsOf(manualRouteFleet({ route1: { nextHop: '169.254.100.31/24' } }))).toEqual([
        expect.stringContaining('routeToPeer(az2): nextHop: "169.254.100.31/24" is not an IP address'),
      ]);
    });

    test('shared CIDRs that overlap each other, this cluster\'s ranges, or the reverse direction', () => {
      const f = manualRouteFleet({ route1: { cidrs: ['10.200.0.0/24', '10.200.0.0/25'] } });
      expect(errorsOf(f)).toEqual([
        expect.stringContaining('routeToPeer(az2): cidr 10.200.0.0/25 overlaps cidr 10.200.0.0/24 routed to cluster "az2"; shared CIDRs must not overlap each other (Kube-OVN keeps one next hop per prefix and replaces the others), share disjoint ranges'),
      ]);
      expect(errorsOf(manualRouteFleet({ route1: { cidrs: ['10.16.5.0/24'] } }))).toEqual([
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2): cidr 10.16.5.0/24 overlaps this cluster\'s subnet "ovn-default" 10.16.0.0/16; traffic to it would stay in this cluster, share only ranges this cluster does not use',
      ]);
      expect(errorsOf(manualRouteFleet({ route1: { cidrs: ['10.201.0.0/24'] } }))).toEqual(expect.arrayContaining([
        expect.stringContaining('routeToPeer(az2): cidr 10.201.0.0/24 overlaps this cluster\'s subnet "shared-a" 10.201.0.0/24'),
        expect.stringContaining('routeToPeer(az2): cidr 10.201.0.0/24 overlaps cidr 10.201.0.0/24 that cluster "az2" routes back to this cluster; the two directions must share disjoint ranges'),
      ]));
      expect(errorsOf(manualRouteFleet({ route1: { cidrs: ['10.200.0.0/33'] } }))).toEqual([
        expect.stringContaining('routeToPeer(az2): cidrs[0]: "10.200.0.0/33" is not a CIDR: prefix length must be 0-32'),
      ]);
      expect(errorsOf(manualRouteFleet({ route1: { cidrs: [] } }))).toEqual([expect.stringContaining('routeToPeer(az2): cidrs is empty; list the CIDRs of cluster "az2" to reach')]);
    });

    test('a peer on another IC database, the cluster itself, and one next hop for two peers', () => {
      const f = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic1: { autoRoute: false }, ic2: { autoRoute: false, icDatabase: IcDatabase.fromHosts(['10.9.9.9']) } });
      f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
      f.ic1.routeToPeer({ peer: f.az1, cidrs: ['10.202.0.0/24'], nextHop: '169.254.100.32' });
      expect(errorsOf(f)).toEqual([
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2): cluster "az2" uses the IC database 10.9.9.9, this cluster 192.168.65.3,192.168.65.2,192.168.65.1; manual routes only work between clusters on the same IC database (the transit switches belong to it)',
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az1): the peer is this cluster itself; name another interconnected cluster',
      ]);
      const g = manualRouteFleet();
      const az3 = g.fleet.addCluster('az3', { podCidr: '10.18.0.0/16', joinCidr: '100.66.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.67.1'], gatewayNodes: ['g'] });
      const ic3 = az3.interconnect({ icDatabase: g.icDatabase, autoRoute: false });
      g.ic1.routeToPeer({ peer: az3, cidrs: ['10.18.0.0/24'], nextHop: '169.254.100.31' });
      ic3.routeToPeer({ peer: g.az1, cidrs: ['10.201.0.0/24'], nextHop: '169.254.100.9' });
      expect(errorsOf(g)).toEqual([
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az3): nextHop 169.254.100.31 is also the next hop to cluster "az2"; each peer has its own port on a transit switch, look the address up again (kubectl ko nbctl show, port ts-az3)',
      ]);
    });

    test('warnings: a CIDR outside the peer\'s subnets, and no route back', () => {
      const f = manualRouteFleet({ route1: { cidrs: ['10.250.0.0/24'] }, noReverse: true });
      expect(fleetErrors(f.fleet)).toEqual([]);
      expect(fleetWarnings(f.fleet).filter((w) => w.includes('routeToPeer'))).toEqual([
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2): cidr 10.250.0.0/24 is not inside any subnet this fleet declares for cluster "az2" (subnet "ovn-default" 10.16.0.0/16, subnet "join" 100.65.0.0/16, subnet "shared-b" 10.200.0.0/24); check the CIDR, traffic to addresses the peer does not use is dropped there',
        '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2) has no way back: cluster "az2" declares no route to this cluster, so replies are dropped; declare the reverse route on cluster "az2" too (routeToPeer towards cluster "az1")',
      ]);
    });
  });
});
