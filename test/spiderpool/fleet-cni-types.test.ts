import { Testing } from 'cdk8s';
import { CniConfig, CniType, CoordinatorMode, SpiderMultusConfig } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { seedFleet } from '../submariner/fixtures';

/**
 * The fleet model takes every cniType through addSpiderMultusConfig, and resolve's hijackCIDR (the Submariner
 * peers' pod and service CIDRs) lands in the coordinator of each one that runs a coordinator.
 */
const CONFIGS: Array<[string, CniConfig]> = [
  ['macvlan', CniConfig.macvlan({ master: ['ens256'] })],
  ['ipvlan', CniConfig.ipvlan({ master: ['ens256'] })],
  ['vlan', CniConfig.vlan({ master: ['ens256'], vlanId: 20 })],
  ['sriov', CniConfig.sriov({ resourceName: 'spidernet.io/sriov_netdevice' })],
  ['ovs', CniConfig.ovs({ bridge: 'br1' })],
  ['ib-sriov', CniConfig.ibSriov({ resourceName: 'spidernet.io/mellanox_ib' })],
  ['ipoib', CniConfig.ipoib({ master: 'ibs5f1' })],
];

describe('fleet: SpiderMultusConfig of every cniType', () => {
  test.each(CONFIGS)('%s: hijackCIDR is the peer cluster\'s service and pod CIDR, its pool, documents valid', (type, cni) => {
    const s = seedFleet();
    s.a.addSpiderMultusConfig('Extra', { name: 'extra', cni, coordinator: { hijackCidrs: ['192.168.10.0/24'] } })
      .addIpPool('Pool4', { name: 'extra-v4', subnet: '172.110.0.0/16', ips: ['172.110.2.1-172.110.2.9'] });
    expect(fleetErrors(s.fleet)).toEqual([]);
    const docs = synthFleet(s.fleet)['cluster-a'];
    const spec = findDoc(docs, 'SpiderMultusConfig', 'extra').spec;
    expect(spec.cniType).toBe(type);
    expect(spec.coordinator.hijackCIDR).toEqual(['10.243.0.0/18', '172.111.0.0/16', '192.168.10.0/24']);
    expect(spec[cni.block!].ippools).toEqual({ ipv4: ['extra-v4'] });
    expectValidManifests(docs);
  });

  test('custom: no coordinator, so the peers are not hijacked; a warning says so', () => {
    const s = seedFleet();
    s.a.addSpiderMultusConfig('Custom', { name: 'custom', cni: CniConfig.custom({ cniVersion: '0.3.1', type: 'bridge' }) });
    expect(fleetErrors(s.fleet)).toEqual([]);
    expect(fleetWarnings(s.fleet).filter((w) => w.includes('custom'))).toEqual([
      '[cluster-a/Custom] cluster "cluster-a", SpiderMultusConfig "kube-system/custom": the coordinator is not run for a custom CNI, so the Submariner peers\' CIDRs (10.243.0.0/18, 172.111.0.0/16) are not routed through the host: pods of this network cannot reach the other clusters through Submariner',
    ]);
    const spec = findDoc(synthFleet(s.fleet)['cluster-a'], 'SpiderMultusConfig', 'custom').spec;
    expect(spec).toEqual({ cniType: CniType.CUSTOM, enableCoordinator: false, customCNI: '{"cniVersion":"0.3.1","type":"bridge"}' });
  });

  test('enableCoordinator false: no coordinator block, a warning about the peers', () => {
    const s = seedFleet();
    s.a.addSpiderMultusConfig('NoCoord', { name: 'no-coord', cni: CniConfig.sriov({ resourceName: 'r' }), enableCoordinator: false });
    const spec = findDoc(synthFleet(s.fleet)['cluster-a'], 'SpiderMultusConfig', 'no-coord').spec;
    expect(spec).toEqual({ cniType: 'sriov', enableCoordinator: false, sriov: { resourceName: 'r' } });
    expect(fleetWarnings(s.fleet).some((w) => w.includes('disabled (enableCoordinator false)'))).toBe(true);
  });

  test('a model error in a config of another cniType is reported with cluster, path and field', () => {
    const s = seedFleet();
    s.a.addSpiderMultusConfig('Sriov', { name: 'sriov', cni: CniConfig.sriov({ resourceName: '', vlanId: 5000 }) });
    expect(fleetErrors(s.fleet)).toEqual([
      '[cluster-a/Sriov] cluster "cluster-a", SpiderMultusConfig "kube-system/sriov": spec.sriov.resourceName is empty; set it, e.g. spidernet.io/sriov_netdevice',
      '[cluster-a/Sriov] cluster "cluster-a", SpiderMultusConfig "kube-system/sriov": spec.sriov.vlanID must be an integer 0-4094 (0 = untagged), got 5000',
    ]);
  });
});

describe('docs/submariner-spiderpool.md example', () => {
  test('the SR-IOV config with RDMA injection and a pool renders valid and without problems', () => {
    const chart = Testing.chart();
    new SpiderMultusConfig(chart, 'Sriov', {
      name: 'sriov-conf',
      cni: CniConfig.sriov({ resourceName: 'spidernet.io/sriov_netdevice', vlanId: 100 }),
      coordinator: { mode: CoordinatorMode.UNDERLAY, podMacPrefix: '0a:1b' },
      rdmaResourceInject: 'rdma-group',
    }).addIpPool('Pool', { name: 'sriov-pool', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.200'] });
    const docs = Testing.synth(chart);
    expectValidManifests(docs);
    expect(findDoc(docs, 'SpiderMultusConfig', 'sriov-conf').spec.sriov).toEqual({ resourceName: 'spidernet.io/sriov_netdevice', vlanID: 100, ippools: { ipv4: ['sriov-pool'] } });
  });
});
