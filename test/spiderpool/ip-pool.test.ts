import { Chart, Testing } from 'cdk8s';
import { ClusterNetwork, Cni, Fleet, SpiderIpPool } from '../../src';
import { expectValidManifests, findDoc, fleetErrors } from '../support/manifests';
import { chartProblems, seedFleet } from '../submariner/fixtures';

const CLUSTER_A: ClusterNetwork = {
  name: 'cluster-a', podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, masterNodeIps: [], gatewayNodes: [],
};

/** Pools in a plain chart named after their cluster (the paths are the fleet's). */
function poolChart(pools: Array<{ id: string; subnet: string; ips: string[]; gateway?: string; excludeIps?: string[] }>, podCidr = '172.110.0.0/16'): Chart {
  const chart = new Chart(Testing.app(), 'cluster-a');
  for (const p of pools) new SpiderIpPool(chart, p.id, { ...p, name: p.id, cluster: { ...CLUSTER_A, podCidr } });
  return chart;
}

const errorsOf = (chart: Chart) => chartProblems(chart).errors;

describe('SpiderIpPool', () => {
  test('renders subnet, ipVersion, merged ips, gateway and default; never a vlan field', () => {
    const chart = poolChart([{ id: 'pool-a', subnet: '172.110.0.0/16', ips: ['172.110.1.101-172.110.1.200', '172.110.1.1-172.110.1.100', '172.110.2.7'], gateway: '172.110.0.1' }]);
    expect(errorsOf(chart)).toEqual([]);
    const docs = chart.toJson();
    const pool = findDoc(docs, 'SpiderIPPool', 'pool-a');
    expect(pool).toEqual({
      apiVersion: 'spiderpool.spidernet.io/v2beta1',
      kind: 'SpiderIPPool',
      metadata: { name: 'pool-a' },
      spec: { subnet: '172.110.0.0/16', ipVersion: 4, ips: ['172.110.1.1-172.110.1.200', '172.110.2.7'], gateway: '172.110.0.1', default: false },
    });
    expect(pool.spec.vlan).toBeUndefined();
    expectValidManifests(docs);
  });

  test('IPv6 pools get ipVersion 6 and canonical addresses', () => {
    const chart = poolChart([{ id: 'v6', subnet: 'fd00:110::/64', ips: ['fd00:110::10-fd00:110::ff'], gateway: 'fd00:110::1' }], 'fd00:110::/48');
    expect(errorsOf(chart)).toEqual([]);
    expect(findDoc(chart.toJson(), 'SpiderIPPool', 'v6').spec).toMatchObject({ ipVersion: 6, ips: ['fd00:110::10-fd00:110::ff'] });
  });

  test('fails: the seed\'s pool (gateway outside the /24 subnet), with the webhook\'s reason and the fix', () => {
    const chart = poolChart([{ id: 'cluster-a', subnet: '172.110.1.0/24', ips: ['172.110.1.1-172.110.1.200'], gateway: '172.110.0.1' }]);
    expect(errorsOf(chart)).toEqual([
      '[cluster-a/cluster-a] cluster "cluster-a", SpiderIPPool "cluster-a": spec.gateway 172.110.0.1 is outside spec.subnet 172.110.1.0/24; the Spiderpool webhook rejects a gateway outside the subnet ("does not pertain to spec.subnet"). The subnet is the whole underlay network, not the slice pods use: use subnet 172.110.0.0/16 with ips 172.110.1.1-172.110.1.200 and gateway 172.110.0.1',
    ]);
  });

  test('outside a fleet the suggestion is the smallest block holding subnet and gateway', () => {
    const chart = Testing.chart();
    new SpiderIpPool(chart, 'p', { subnet: '172.110.1.0/24', ips: ['172.110.1.1-172.110.1.200'], gateway: '172.110.0.1' });
    expect(() => Testing.synth(chart)).toThrow(/use subnet 172\.110\.0\.0\/23 with ips 172\.110\.1\.1-172\.110\.1\.200 and gateway 172\.110\.0\.1/);
  });

  test('fails: gateway inside ips unless excluded; ips outside the subnet; reversed and malformed ranges', () => {
    const chart = poolChart([
      { id: 'gw-in-ips', subnet: '172.110.0.0/16', ips: ['172.110.0.1-172.110.0.50'], gateway: '172.110.0.1' },
      { id: 'gw-excluded', subnet: '172.110.0.0/16', ips: ['172.110.3.1-172.110.3.50'], gateway: '172.110.3.1', excludeIps: ['172.110.3.1'] },
      { id: 'outside', subnet: '172.110.0.0/16', ips: ['172.111.1.1-172.111.1.9'] },
      { id: 'reversed', subnet: '172.110.0.0/16', ips: ['172.110.5.9-172.110.5.1', '172.110.5.1-x', '1-2-3'] },
    ]);
    expect(errorsOf(chart)).toEqual([
      '[cluster-a/gw-in-ips] cluster "cluster-a", SpiderIPPool "gw-in-ips": spec.gateway 172.110.0.1 lies inside spec.ips; the webhook rejects it because a pod could get the gateway\'s address. Take it out of ips or add it to excludeIps',
      '[cluster-a/outside] cluster "cluster-a", SpiderIPPool "outside": spec.ips 172.111.1.1-172.111.1.9 is not inside spec.subnet 172.110.0.0/16; the Spiderpool webhook rejects it, use addresses of the subnet',
      '[cluster-a/reversed] cluster "cluster-a", SpiderIPPool "reversed": spec.ips[0] "172.110.5.9-172.110.5.1" starts after it ends; write the lower address first ("172.110.5.1-172.110.5.9")',
      '[cluster-a/reversed] cluster "cluster-a", SpiderIPPool "reversed": spec.ips[1]: "x" is not an IP address',
      '[cluster-a/reversed] cluster "cluster-a", SpiderIPPool "reversed": spec.ips[2] "1-2-3" is not an address or a range "first-last" (e.g. 172.110.1.1-172.110.1.200)',
    ]);
  });

  test('fails: pools with different but overlapping subnets (the webhook rejects them)', () => {
    const chart = poolChart([
      { id: 'wide', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.200'] },
      { id: 'narrow', subnet: '172.110.2.0/24', ips: ['172.110.2.10-172.110.2.20'] },
    ]);
    expect(errorsOf(chart)).toEqual([
      '[cluster-a/narrow] cluster "cluster-a", SpiderIPPool "narrow": spec.subnet 172.110.2.0/24 overlaps spec.subnet 172.110.0.0/16 of SpiderIPPool "wide"; Spiderpool\'s webhook rejects pools whose subnets differ but overlap. Give both pools the same subnet (the underlay network) with disjoint ips, or separate subnets',
    ]);
  });

  test('pools of one subnet: disjoint ips are fine, shared addresses fail', () => {
    expect(errorsOf(poolChart([
      { id: 'a', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.100'] },
      { id: 'b', subnet: '172.110.0.0/16', ips: ['172.110.1.101-172.110.1.200'] },
    ]))).toEqual([]);
    expect(errorsOf(poolChart([
      { id: 'a', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.100'] },
      { id: 'b', subnet: '172.110.0.0/16', ips: ['172.110.1.50-172.110.1.200'] },
    ]))).toEqual([
      '[cluster-a/b] cluster "cluster-a", SpiderIPPool "b": spec.ips 172.110.1.50-172.110.1.200 overlaps spec.ips 172.110.1.1-172.110.1.100 of SpiderIPPool "a" in the same subnet 172.110.0.0/16; pools of one subnet must not share addresses, split the ranges',
    ]);
  });

  test('pools in different clusters never clash; the same pools in one cluster do', () => {
    const pool = { name: 'pool', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.200'] };
    const fleet = new Fleet();
    for (const name of ['cluster-a', 'cluster-b']) {
      fleet.addCluster(name, { podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN })
        .addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', master: ['ens224'] }).addIpPool('Pool', pool);
    }
    expect(fleetErrors(fleet)).toEqual([]);
    const one = new Fleet();
    one.addCluster('cluster-a', { podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN })
      .addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', master: ['ens224'] }).addIpPool('Pool', pool).addIpPool('Other', { ...pool, name: 'other' });
    expect(fleetErrors(one)).toEqual([
      '[cluster-a/Macvlan/Other] cluster "cluster-a", SpiderIPPool "other": spec.ips 172.110.1.1-172.110.1.200 overlaps spec.ips 172.110.1.1-172.110.1.200 of SpiderIPPool "pool" in the same subnet 172.110.0.0/16; pools of one subnet must not share addresses, split the ranges',
    ]);
  });

  test('fails: a pool outside the Submariner cluster CIDR of a joined cluster', () => {
    const s = seedFleet({ poolA: { subnet: '172.120.0.0/16', ips: ['172.120.1.1-172.120.1.200'], gateway: '172.120.0.1' } });
    expect(fleetErrors(s.fleet)).toEqual([
      '[cluster-a/Macvlan/Pool] cluster "cluster-a", SpiderIPPool "cluster-a": spec.subnet 172.120.0.0/16 is outside the Submariner cluster CIDR 172.110.0.0/16 of cluster "cluster-a"; Submariner routes only its one cluster CIDR, so pods of this pool are unreachable from other clusters. Put the pool inside 172.110.0.0/16',
    ]);
  });

  test('fails: bad routes and multusName', () => {
    const chart = new Chart(Testing.app(), 'cluster-a');
    new SpiderIpPool(chart, 'p', { subnet: '172.110.0.0/16', ips: ['172.110.1.1'], routes: [{ dst: '10.0.0.0/8', gw: '10.1.1.1' }], multusNames: ['macvlan-conf', 'kube-system/Macvlan'], cluster: CLUSTER_A });
    // a bare name is one in the Spiderpool agent's namespace (Spiderpool v1.2.2 pkg/ipam/allocate.go): accepted
    expect(errorsOf(chart)).toEqual([
      '[cluster-a/p] cluster "cluster-a", SpiderIPPool "p": spec.routes[0].gw 10.1.1.1 is outside spec.subnet 172.110.0.0/16; a route\'s next hop must be in the subnet',
      '[cluster-a/p] cluster "cluster-a", SpiderIPPool "p": spec.multusName[1] "kube-system/Macvlan" must be <namespace>/<name> (or <name> in Spiderpool\'s namespace) of a NetworkAttachmentDefinition, e.g. kube-system/macvlan-conf',
    ]);
  });
});
