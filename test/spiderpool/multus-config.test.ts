import { Testing } from 'cdk8s';
import { Cni, SpiderIpPool, SpiderMultusConfig, SubmarinerJoin } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, synthFleet } from '../support/manifests';
import { avpSecrets, seedFleet } from '../submariner/fixtures';

describe('SpiderMultusConfig', () => {
  test('renders the seed\'s macvlan-conf with hijackCIDR computed from the peers, tunePodRoutes explicit', () => {
    const { fleet } = seedFleet();
    const docs = synthFleet(fleet);
    const a = findDoc(docs['cluster-a'], 'SpiderMultusConfig', 'macvlan-conf');
    expect(a).toEqual({
      apiVersion: 'spiderpool.spidernet.io/v2beta1',
      kind: 'SpiderMultusConfig',
      metadata: { name: 'macvlan-conf', namespace: 'kube-system' },
      spec: {
        cniType: 'macvlan',
        enableCoordinator: true,
        macvlan: { master: ['ens224'], vlanID: 0, ippools: { ipv4: ['cluster-a'] } },
        coordinator: { mode: 'auto', tunePodRoutes: true, hijackCIDR: ['10.243.0.0/18', '172.111.0.0/16'] },
      },
    });
    expect(findDoc(docs['cluster-b'], 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR).toEqual(['10.233.0.0/18', '172.110.0.0/16']);
    expect(Object.values(docs).flat().filter((d) => d.kind === 'NetworkAttachmentDefinition')).toEqual([]);
    expectValidManifests(docs['cluster-a']);
  });

  test('hijackCIDR does not depend on declaration order and lists every peer, deduplicated and sorted', () => {
    const s = seedFleet();
    const c = s.fleet.addCluster('cluster-c', { podCidr: '172.100.0.0/16', serviceCidr: '10.96.0.0/18', cni: Cni.OVN_KUBERNETES, gatewayNodes: ['gw'] });
    new SubmarinerJoin(c.chart, 'SubmarinerJoin', { broker: s.broker, ...avpSecrets('cluster-c') });
    const extra = new SpiderMultusConfig(s.a.chart, 'Extra', { name: 'extra', master: ['ens256'], additionalHijackCidrs: ['172.111.0.0/16', '192.168.10.0/24'] });
    expect(fleetErrors(s.fleet)).toEqual([]);
    const docs = synthFleet(s.fleet)['cluster-a'];
    expect(findDoc(docs, 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR).toEqual(['10.96.0.0/18', '10.243.0.0/18', '172.100.0.0/16', '172.111.0.0/16']);
    expect(findDoc(docs, 'SpiderMultusConfig', 'extra').spec.coordinator.hijackCIDR).toEqual(['10.96.0.0/18', '10.243.0.0/18', '172.100.0.0/16', '172.111.0.0/16', '192.168.10.0/24']);
    expect(extra.hijackCidrs()).toHaveLength(4);
  });

  test('pod annotation helper names <namespace>/<name>; the seed\'s "macvlan-confg" typo never appears', () => {
    const s = seedFleet();
    expect(s.macvlanA.podAnnotations()).toEqual({ 'v1.multus-cni.io/default-network': 'kube-system/macvlan-conf' });
    expect(s.macvlanA.networkName).toBe('kube-system/macvlan-conf');
    expect(JSON.stringify(synthFleet(s.fleet))).not.toContain('macvlan-confg');
  });

  test('vlanID, bond over two masters, mtu and IPv6 pools render', () => {
    const chart = Testing.chart();
    const v6 = new SpiderIpPool(chart, 'v6', { subnet: 'fd00:1::/64', ips: ['fd00:1::10-fd00:1::20'] });
    const smc = new SpiderMultusConfig(chart, 'bonded', { master: ['ens224', 'ens256'], bond: { name: 'bond0', mode: 1 }, vlanId: 100, mtu: 1450, ippools: [v6], tunePodRoutes: false });
    smc.addIpPool('v4', { subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.9'] });
    const doc = findDoc(Testing.synth(chart), 'SpiderMultusConfig', 'bonded');
    expect(doc.spec.macvlan).toEqual({ master: ['ens224', 'ens256'], vlanID: 100, mtu: 1450, bond: { name: 'bond0', mode: 1 }, ippools: { ipv4: ['v4'], ipv6: ['v6'] } });
    expect(doc.spec.coordinator).toEqual({ mode: 'auto', tunePodRoutes: false, hijackCIDR: [] });
    expectValidManifests(Testing.synth(chart));
  });

  test('fails: vlanID out of range, two masters without a bond, bad bond mode, bad interface names, bad extra CIDR', () => {
    const s = seedFleet();
    new SpiderMultusConfig(s.b.chart, 'Bad', {
      name: 'bad', master: ['ens224', 'this-name-is-too-long0'], vlanId: 4095, additionalHijackCidrs: ['10.0.0.1/8'],
    });
    new SpiderMultusConfig(s.b.chart, 'BadBond', { name: 'bad-bond', master: ['ens224', 'ens256'], bond: { name: 'bond0', mode: 7 } });
    expect(fleetErrors(s.fleet)).toEqual([
      '[cluster-b/Bad] cluster "cluster-b", SpiderMultusConfig "kube-system/bad": spec.macvlan.master[1] "this-name-is-too-long0" is not a network interface name (1-15 characters, no \'/\', \':\' or spaces)',
      '[cluster-b/Bad] cluster "cluster-b", SpiderMultusConfig "kube-system/bad": spec.macvlan.vlanID must be an integer 0-4094 (0 = untagged), got 4095',
      '[cluster-b/Bad] cluster "cluster-b", SpiderMultusConfig "kube-system/bad": spec.macvlan.master lists 2 interfaces (ens224, this-name-is-too-long0) but no bond; Spiderpool needs a bond to use several masters, set bond { name: \'bond0\', mode: 1 } or keep one master',
      '[cluster-b/Bad] cluster "cluster-b", SpiderMultusConfig "kube-system/bad": additionalHijackCidrs[0]: "10.0.0.1/8" has host bits set; use the network address 10.0.0.0/8',
      '[cluster-b/BadBond] cluster "cluster-b", SpiderMultusConfig "kube-system/bad-bond": spec.macvlan.bond.mode must be a Linux bonding mode 0-6, got 7',
    ]);
  });

  test('fails: an empty master list and a pool of another cluster', () => {
    const s = seedFleet();
    const poolOfA = s.macvlanA.ippools[0];
    new SpiderMultusConfig(s.b.chart, 'Empty', { name: 'empty', master: [], ippools: [poolOfA as SpiderIpPool] });
    expect(fleetErrors(s.fleet)).toEqual([
      '[cluster-b/Empty] cluster "cluster-b", SpiderMultusConfig "kube-system/empty": spec.macvlan.master is empty; name the host interface macvlan attaches to, e.g. ens224',
      '[cluster-b/Empty] cluster "cluster-b", SpiderMultusConfig "kube-system/empty": spec.macvlan.ippools names SpiderIPPool "cluster-a" of another cluster; pools are per cluster, use one of this cluster',
    ]);
  });

  test('addIpPool passes the config\'s labels down', () => {
    const chart = Testing.chart();
    const smc = new SpiderMultusConfig(chart, 'net', { master: ['ens224'], labels: { team: 'net' } });
    smc.addIpPool('p', { name: 'p', subnet: '10.0.0.0/24', ips: ['10.0.0.10'], labels: { tier: 'a' } });
    expect(findDoc(Testing.synth(chart), 'SpiderIPPool', 'p').metadata.labels).toEqual({ team: 'net', tier: 'a' });
  });
});
