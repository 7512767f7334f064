import { Testing } from 'cdk8s';
import { IcDatabase, OverlaySubnet, PeerRoute } from '../../src';
import { checkInterconnections, IcMember } from '../../src/ovn-ic/fleet-checks';
import { twoClusterFleet } from '../support/fleets';
import { fleetErrors, fleetWarnings } from '../support/manifests';
import { AZ1_DB, AZ2, plainInterconnection, problemsOf } from './clusters';

/** az2's route to az1's 10.201.0.0/24, as the fleet resolves routeToPeer({ peer: az1 }). */
const TO_AZ1: PeerRoute = { peerCluster: 'az1', peerAzName: 'az1', cidrs: ['10.201.0.0/24'], nextHop: '169.254.100.31' };

describe('InterconnectedCluster manual routes in a plain chart (the construct\'s own rules)', () => {
  const errorsOf = (props: Parameters<typeof plainInterconnection>[0]) => problemsOf(plainInterconnection({ autoRoute: false, ...props }).chart).errors;
  const label = '[az2/Interconnection] cluster "az2", InterconnectedCluster';

  test('peerRoutes and addPeerRoute render the default VPC\'s static routes and allow policies', () => {
    const { chart, ic } = plainInterconnection({ autoRoute: false, peerRoutes: [TO_AZ1] });
    ic.addPeerRoute({ peerCluster: 'az3', peerAzName: 'east', cidrs: ['10.18.0.0/24'], nextHop: '169.254.101.7' });
    expect(ic.declaredPeerRoutes).toEqual([TO_AZ1, { peerCluster: 'az3', peerAzName: 'east', cidrs: ['10.18.0.0/24'], nextHop: '169.254.101.7' }]);
    const vpc = Testing.synth(chart).find((d) => d.kind === 'Vpc');
    expect(vpc.metadata.annotations['cdk8s-ovn-ic/route-peers']).toBe('10.18.0.0/24@east,10.201.0.0/24@az1');
    expect(vpc.spec.staticRoutes.map((r: any) => `${r.cidr} ${r.nextHopIP}`)).toEqual(['10.18.0.0/24 169.254.101.7', '10.201.0.0/24 169.254.100.31']);
    expect(vpc.spec.policyRoutes.map((p: any) => `${p.priority} ${p.action} ${p.match}`)).toEqual(['29500 allow ip4.dst == 10.18.0.0/24', '29500 allow ip4.dst == 10.201.0.0/24']);
    expect(problemsOf(chart)).toEqual({ errors: [], warnings: [] });
  });

  test('a disconnected cluster renders its Vpc with empty lists (the routes are withdrawn)', () => {
    const { chart } = plainInterconnection({ autoRoute: false, enabled: false });
    expect(Testing.synth(chart).find((d) => d.kind === 'Vpc').spec).toStrictEqual({ staticRoutes: [], policyRoutes: [] });
  });

  test('routes with auto-route on or while disconnected', () => {
    expect(errorsOf({ autoRoute: true, peerRoutes: [TO_AZ1] })).toEqual([
      `${label}: routeToPeer is used but autoRoute is true; manual routes need autoRoute: false (with auto-route Kube-OVN advertises and learns the subnets itself), set autoRoute: false or remove the routes`,
    ]);
    expect(errorsOf({ enabled: false, peerRoutes: [TO_AZ1] })).toEqual([
      `${label}: routeToPeer is used but enabled is false; a disconnected cluster has no transit-switch ports, remove the routes`,
    ]);
  });

  test('the route itself: peer missing or this cluster, no CIDRs, next hop off the transit switches or of the other family', () => {
    expect(errorsOf({ peerRoutes: [{ ...TO_AZ1, peerCluster: 'az2' }] })).toEqual([
      `${label}: routeToPeer(az2): the peer is this cluster itself; name another interconnected cluster`,
    ]);
    expect(errorsOf({ peerRoutes: [{ ...TO_AZ1, peerCluster: undefined, peerAzName: '' } as any] })).toEqual([
      `${label}: routeToPeer(undefined): peerCluster is missing; give the name of the peer cluster`,
      `${label}: routeToPeer(undefined): peerAzName is missing; give the peer's az-name (its cluster name unless it sets azName)`,
    ]);
    expect(errorsOf({ peerRoutes: [{ ...TO_AZ1, cidrs: [] }] })).toEqual([`${label}: routeToPeer(az1): cidrs is empty; list the CIDRs of cluster "az1" to reach`]);
    expect(errorsOf({ peerRoutes: [{ ...TO_AZ1, nextHop: '169.254.103.5' }] })).toEqual([
      `${label}: routeToPeer(az1): nextHop 169.254.103.5 is not on a transit switch of this IC database (TS_NUM 3: 169.254.100.0/24 (ts), 169.254.101.0/24 (ts1), 169.254.102.0/24 (ts2)); use the address of port ts-<peer az-name> in kubectl ko nbctl show`,
    ]);
    expect(errorsOf({ peerRoutes: [{ ...TO_AZ1, nextHop: '169.254.101.255' }] })).toEqual([
      `${label}: routeToPeer(az1): nextHop 169.254.101.255 is the network or broadcast address of 169.254.101.0/24 (ts1); no port has it, use the address of port ts-<peer az-name> in kubectl ko nbctl show`,
    ]);
    expect(errorsOf({ peerRoutes: [{ ...TO_AZ1, nextHop: 'fe80:a9fe:64::31' }] })).toEqual([
      `${label}: routeToPeer(az1): cidrs[0] 10.201.0.0/24 is IPv4 but nextHop fe80:a9fe:64::31 is IPv6; give the peer's IPv4 transit-switch address or an IPv6 CIDR`,
    ]);
    // an external database created with ENABLE_OVN_LEADER_CHECK=false holds only `ts`
    expect(errorsOf({ icDatabase: IcDatabase.fromHosts(['10.0.0.5']), peerRoutes: [{ ...TO_AZ1, nextHop: '169.254.101.5' }] })).toEqual([
      `${label}: routeToPeer(az1): nextHop 169.254.101.5 is not on a transit switch of this IC database (TS_NUM 1: 169.254.100.0/24 (ts)); use the address of port ts-<peer az-name> in kubectl ko nbctl show`,
    ]);
  });

  test('CIDRs overlapping each other, one next hop for two peers', () => {
    expect(errorsOf({ peerRoutes: [TO_AZ1, { peerCluster: 'az3', peerAzName: 'az3', cidrs: ['10.201.0.128/25'], nextHop: '169.254.100.31' }] })).toEqual([
      `${label}: routeToPeer(az3): nextHop 169.254.100.31 is also the next hop to cluster "az1"; each peer has its own port on a transit switch, look the address up again (kubectl ko nbctl show, port ts-az3)`,
      `${label}: routeToPeer(az3): cidr 10.201.0.128/25 overlaps cidr 10.201.0.0/24 routed to cluster "az1"; shared CIDRs must not overlap each other (Kube-OVN keeps one next hop per prefix and replaces the others), share disjoint ranges`,
    ]);
  });

  test('CIDRs overlapping this cluster\'s own ranges: ovn-default, join, the service CIDR and any default-VPC subnet of its chart', () => {
    const route = (cidr: string) => [{ ...TO_AZ1, cidrs: [cidr] }];
    expect(errorsOf({ peerRoutes: route('10.17.3.0/24') })).toEqual([expect.stringContaining('cidr 10.17.3.0/24 overlaps this cluster\'s subnet "ovn-default" 10.17.0.0/16')]);
    expect(errorsOf({ peerRoutes: route('100.65.0.0/24') })).toEqual([expect.stringContaining('cidr 100.65.0.0/24 overlaps this cluster\'s subnet "join" 100.65.0.0/16')]);
    expect(errorsOf({ peerRoutes: route('10.96.0.0/16') })).toEqual([expect.stringContaining('cidr 10.96.0.0/16 overlaps this cluster\'s service CIDR 10.96.0.0/12')]);
    // a subnet declared anywhere in the cluster's chart, not only through addSubnet
    const { chart } = plainInterconnection({ autoRoute: false, peerRoutes: route('10.210.0.0/24') });
    new OverlaySubnet(chart, 'apps', { cluster: AZ2, cidrBlock: '10.210.0.0/16' });
    expect(problemsOf(chart).errors).toEqual([
      `${label}: routeToPeer(az1): cidr 10.210.0.0/24 overlaps this cluster's subnet "apps" 10.210.0.0/16; traffic to it would stay in this cluster, share only ranges this cluster does not use`,
    ]);
  });

  test('bad CIDRs and next hops are reported, not rendered', () => {
    const { chart } = plainInterconnection({ autoRoute: false, peerRoutes: [{ ...TO_AZ1, cidrs: ['10.201.0.0/33'], nextHop: '169.254.100.31/24' }] });
    expect(problemsOf(chart).errors).toEqual([
      `${label}: routeToPeer(az1): nextHop: "169.254.100.31/24" is not an IP address`,
      expect.stringContaining(`${label}: routeToPeer(az1): cidrs[0]: "10.201.0.0/33" is not a CIDR: prefix length must be 0-32`),
    ]);
    expect(() => Testing.synth(chart)).toThrow('routeToPeer(az1): nextHop: "169.254.100.31/24" is not an IP address');
  });

  test('the construct knows nothing of its peers: no cross-cluster rule runs in a plain chart', () => {
    // az1 is not in this chart, does not route back, and 10.250.0.0/24 is no range of it: only the fleet can tell
    const { chart } = plainInterconnection({ autoRoute: false, peerRoutes: [{ ...TO_AZ1, cidrs: ['10.250.0.0/24'] }] });
    expect(problemsOf(chart)).toEqual({ errors: [], warnings: [] });
  });
});

describe('manual-route rules across clusters (resolve)', () => {
  /** az1 and az2 with auto-route off, each with one shared subnet; az1 routes to az2 only when told to. */
  function pair(opts: Parameters<typeof twoClusterFleet>[0] = {}) {
    const f = twoClusterFleet({ ...opts, ic1: { autoRoute: false, ...opts.ic1 }, ic2: { autoRoute: false, ...opts.ic2 } });
    f.ic1.addSubnet('shared-a', { cidrBlock: '10.201.0.0/24' });
    f.ic2.addSubnet('shared-b', { cidrBlock: '10.200.0.0/24' });
    return f;
  }
  const where = '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2)';
  const routeBack = (f: ReturnType<typeof pair>) => f.ic2.routeToPeer({ peer: f.az1, cidrs: ['10.201.0.0/24'], nextHop: '169.254.100.79' });

  test('a pair that routes both ways has no problems', () => {
    const f = pair();
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    routeBack(f);
    expect(fleetErrors(f.fleet)).toEqual([]);
    expect(fleetWarnings(f.fleet)).toEqual([]);
  });

  test('the peer is not interconnected', () => {
    const f = pair();
    const az3 = f.fleet.addCluster('az3', { podCidr: '10.18.0.0/16', joinCidr: '100.66.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.67.1'] });
    f.ic1.routeToPeer({ peer: az3, cidrs: ['10.18.0.0/24'], nextHop: '169.254.100.31' });
    expect(fleetErrors(f.fleet)).toEqual([
      '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az3): cluster "az3" is not interconnected in this fleet; name a cluster with an InterconnectedCluster',
    ]);
  });

  test('the peer is not a cluster of this fleet (e.g. an Interconnection or another fleet\'s cluster)', () => {
    const f = pair();
    f.ic1.routeToPeer({ peer: f.ic2 as any, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    f.ic1.routeToPeer({ peer: twoClusterFleet().az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    expect(fleetErrors(f.fleet)).toEqual([
      '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer peer is not a cluster of this fleet (got Interconnection); pass what addCluster returned',
      '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer peer is not a cluster of this fleet (got FleetCluster); pass what addCluster returned',
    ]);
  });

  test('the peer uses another IC database: other hosts, or the same hosts on other ports', () => {
    const f = pair({ ic2: { icDatabase: IcDatabase.fromHosts(['10.9.9.9']) } });
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    routeBack(f);
    expect(fleetErrors(f.fleet)).toEqual([
      `${where}: cluster "az2" uses the IC database 10.9.9.9, this cluster 192.168.65.3,192.168.65.2,192.168.65.1; manual routes only work between clusters on the same IC database (the transit switches belong to it)`,
      '[az2/Interconnection] cluster "az2", InterconnectedCluster: routeToPeer(az1): cluster "az1" uses the IC database 192.168.65.3,192.168.65.2,192.168.65.1, this cluster 10.9.9.9; manual routes only work between clusters on the same IC database (the transit switches belong to it)',
    ]);
    const hosts = ['10.9.9.9'];
    const g = pair({ ic1: { icDatabase: IcDatabase.fromHosts(hosts) }, ic2: { icDatabase: IcDatabase.fromHosts(hosts, { nbPort: 7645, sbPort: 7646 }) } });
    g.ic1.routeToPeer({ peer: g.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    expect(fleetErrors(g.fleet)).toEqual([
      `${where}: cluster "az2" uses the IC database 10.9.9.9 (ports 7645/7646), this cluster 10.9.9.9 (ports 6645/6646); manual routes only work between clusters on the same IC database (the transit switches belong to it)`,
    ]);
  });

  test('the peer has auto-route on', () => {
    const f = pair({ ic2: { autoRoute: true } });
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    expect(fleetErrors(f.fleet)).toEqual([
      `${where}: cluster "az2" has auto-route on, so it can neither route back with manual routes nor learn this cluster's subnets (with auto-route off nothing is advertised); set autoRoute: false on cluster "az2" and declare the reverse route there`,
    ]);
  });

  test('the peer is disconnected', () => {
    const f = pair({ ic2: { enabled: false } });
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    expect(fleetErrors(f.fleet)).toEqual([`${where}: cluster "az2" is disconnected (enabled: false); remove the route`]);
  });

  test('the two directions overlap (reported once, by the cluster that sorts first)', () => {
    const f = pair();
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    f.ic2.routeToPeer({ peer: f.az1, cidrs: ['10.201.0.0/24', '10.200.0.128/25'], nextHop: '169.254.100.79' });
    expect(fleetErrors(f.fleet)).toEqual([
      `${where}: cidr 10.200.0.0/24 overlaps cidr 10.200.0.128/25 that cluster "az2" routes back to this cluster; the two directions must share disjoint ranges`,
      // az2's own rule: it routes a range of its own subnet away
      '[az2/Interconnection] cluster "az2", InterconnectedCluster: routeToPeer(az1): cidr 10.200.0.128/25 overlaps this cluster\'s subnet "shared-b" 10.200.0.0/24; traffic to it would stay in this cluster, share only ranges this cluster does not use',
    ]);
  });

  test('no way back: a warning that names the route to add', () => {
    const f = pair();
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' });
    expect(fleetErrors(f.fleet)).toEqual([]);
    expect(fleetWarnings(f.fleet)).toEqual([
      `${where} has no way back: cluster "az2" declares no route to this cluster, so replies are dropped; declare the reverse route on cluster "az2" too (routeToPeer towards cluster "az1")`,
    ]);
  });

  test('a CIDR outside every range the fleet declares for the peer: a warning listing them', () => {
    const f = pair();
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.200.0.0/24', '10.17.8.0/24', '10.250.0.0/24'], nextHop: '169.254.100.31' });
    routeBack(f);
    expect(fleetErrors(f.fleet)).toEqual([]);
    expect(fleetWarnings(f.fleet)).toEqual([
      `${where}: cidr 10.250.0.0/24 is not inside any subnet this fleet declares for cluster "az2" (subnet "ovn-default" 10.17.0.0/16, subnet "join" 100.65.0.0/16, subnet "shared-b" 10.200.0.0/24); check the CIDR, traffic to addresses the peer does not use is dropped there`,
    ]);
  });

  test('the rules are a pure function of plain data (checkInterconnections)', () => {
    const member = (cluster: string, peerRoutes: PeerRoute[]): IcMember => ({
      cluster, path: `${cluster}/Interconnection`, icDatabase: AZ1_DB, azName: cluster, gatewayNodes: ['gw'], autoRoute: false, enabled: true,
      ranges: [{ name: 'ovn-default', path: `${cluster}/Interconnection`, cidrs: [], advertised: true, underlay: false }], peerRoutes,
    });
    const { errors, warnings } = checkInterconnections([member('az1', [{ peerCluster: 'az2', peerAzName: 'az2', cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' }]), member('az2', [])]);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('routeToPeer(az2): cidr 10.200.0.0/24 is not inside any subnet this fleet declares for cluster "az2"'),
      expect.stringContaining('routeToPeer(az2) has no way back'),
    ]);
    expect(warnings.map((w) => w.path)).toEqual(['az1/Interconnection', 'az1/Interconnection']);
  });
});

describe('a user\'s own constructs in a fleet cluster (addConstructs)', () => {
  test('a default-VPC subnet they add counts as the cluster\'s own range for its manual routes', () => {
    const f = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic1: { autoRoute: false }, ic2: { autoRoute: false } });
    f.az1.addConstructs((chart, cluster) => new OverlaySubnet(chart, 'apps', { cluster: cluster.network, cidrBlock: '10.210.0.0/16' }));
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.210.0.0/24'], nextHop: '169.254.100.31' });
    f.ic2.routeToPeer({ peer: f.az1, cidrs: ['10.211.0.0/24'], nextHop: '169.254.100.79' });
    expect(fleetErrors(f.fleet)).toEqual([
      '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2): cidr 10.210.0.0/24 overlaps this cluster\'s subnet "apps" 10.210.0.0/16; traffic to it would stay in this cluster, share only ranges this cluster does not use',
    ]);
  });
});
