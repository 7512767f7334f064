import { App, Chart, Testing } from 'cdk8s';
import { ClusterNetwork, Cni, FleetCluster, resolveFleet, SpiderIpPool, SpiderMultusConfig } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, synthFleet } from '../support/manifests';
import { avpSecrets, chartProblems, seedFleet } from '../submariner/fixtures';

const CLUSTER_B: ClusterNetwork = {
  name: 'cluster-b', podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, masterNodeIps: [], gatewayNodes: ['controller-node-1'],
};

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
    // cluster-c declared after or before the seed's clusters, its join and the extra config added last
    const build = (cFirst: boolean) => {
      const cluster = { podCidr: '172.100.0.0/16', serviceCidr: '10.96.0.0/18', cni: Cni.OVN_KUBERNETES, gatewayNodes: ['gw'] };
      let c: FleetCluster | undefined;
      const s = seedFleet({ before: cFirst ? (f) => (c = f.addCluster('cluster-c', cluster)) : undefined });
      c ??= s.fleet.addCluster('cluster-c', cluster);
      c.joinSubmariner({ broker: s.broker, ...avpSecrets('cluster-c') });
      s.a.addSpiderMultusConfig('Extra', { name: 'extra', master: ['ens256'], additionalHijackCidrs: ['172.111.0.0/16', '192.168.10.0/24'] });
      return s.fleet;
    };
    const fleet = build(false);
    expect(fleetErrors(fleet)).toEqual([]);
    const docs = synthFleet(fleet)['cluster-a'];
    expect(findDoc(docs, 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR).toEqual(['10.96.0.0/18', '10.243.0.0/18', '172.100.0.0/16', '172.111.0.0/16']);
    expect(findDoc(docs, 'SpiderMultusConfig', 'extra').spec.coordinator.hijackCIDR).toEqual(['10.96.0.0/18', '10.243.0.0/18', '172.100.0.0/16', '172.111.0.0/16', '192.168.10.0/24']);
    // the fleet resolves the peers' CIDRs once: the other two members' service and pod CIDRs
    const extra = resolveFleet(fleet).clusters.find((c) => c.name === 'cluster-a')!.multusConfigs.find((m) => m.id === 'Extra')!;
    expect([...extra.props.peerCidrs!].sort()).toEqual(['10.243.0.0/18', '10.96.0.0/18', '172.100.0.0/16', '172.111.0.0/16']);
    expect(synthFleet(build(true))).toEqual(synthFleet(fleet));
  });

  test('in a plain chart hijackCIDR is the peer CIDRs given plus the additional ones, sorted; invalid ones fail', () => {
    const chart = new Chart(Testing.app(), 'cluster-b');
    new SpiderMultusConfig(chart, 'Macvlan', {
      name: 'macvlan-conf', master: ['ens224'], cluster: CLUSTER_B,
      peerCidrs: ['172.110.0.0/16', '10.233.0.0/18', '172.110.0.0/16'], additionalHijackCidrs: ['192.168.10.0/24'],
    });
    expect(findDoc(chart.toJson(), 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR).toEqual(['10.233.0.0/18', '172.110.0.0/16', '192.168.10.0/24']);
    expect(SpiderMultusConfig.hijackCidrs(['fd00::/64', '10.0.0.0/8', 'nonsense', '10.0.0.0/8'])).toEqual(['10.0.0.0/8', 'fd00::/64']);
    const bad = new Chart(Testing.app(), 'cluster-b');
    new SpiderMultusConfig(bad, 'Macvlan', { name: 'macvlan-conf', master: ['ens224'], cluster: CLUSTER_B, peerCidrs: ['172.110.0.0/33'] });
    expect(chartProblems(bad).errors).toEqual([
      '[cluster-b/Macvlan] cluster "cluster-b", SpiderMultusConfig "kube-system/macvlan-conf": peerCidrs[0]: "172.110.0.0/33" is not a CIDR: prefix length must be 0-32',
    ]);
  });

  test('pod annotation helper names <namespace>/<name>; the seed\'s "macvlan-confg" typo never appears', () => {
    const chart = new Chart(Testing.app(), 'cluster-b');
    const macvlan = new SpiderMultusConfig(chart, 'Macvlan', { name: 'macvlan-conf', master: ['ens224'], cluster: CLUSTER_B });
    expect(macvlan.podAnnotations()).toEqual({ 'v1.multus-cni.io/default-network': 'kube-system/macvlan-conf' });
    expect(macvlan.networkName).toBe('kube-system/macvlan-conf');
    // the connectivity check's pods use the annotation
    const s = seedFleet();
    s.joinA.addConnectivityCheck({ serviceIp: '10.233.63.200', multusConfig: s.macvlanA });
    s.joinB.addConnectivityCheck({ serviceIp: '10.243.63.200', multusConfig: s.macvlanB });
    const docs = synthFleet(s.fleet);
    expect(findDoc(docs['cluster-b'], 'Deployment', 'test-app').spec.template.metadata.annotations).toEqual({ 'v1.multus-cni.io/default-network': 'kube-system/macvlan-conf' });
    expect(JSON.stringify(docs)).not.toContain('macvlan-confg');
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
    const chart = new Chart(Testing.app(), 'cluster-b');
    new SpiderMultusConfig(chart, 'Bad', {
      name: 'bad', master: ['ens224', 'this-name-is-too-long0'], vlanId: 4095, additionalHijackCidrs: ['10.0.0.1'], cluster: CLUSTER_B,
    });
    new SpiderMultusConfig(chart, 'BadBond', { name: 'bad-bond', master: ['ens224', 'ens256'], bond: { name: 'bond0', mode: 7 }, cluster: CLUSTER_B });
    expect(chartProblems(chart).errors).toEqual([
      '[cluster-b/Bad] cluster "cluster-b", SpiderMultusConfig "kube-system/bad": spec.macvlan.master[1] "this-name-is-too-long0" is not a network interface name (1-15 characters, no \'/\', \':\' or spaces)',
      '[cluster-b/Bad] cluster "cluster-b", SpiderMultusConfig "kube-system/bad": spec.macvlan.vlanID must be an integer 0-4094 (0 = untagged), got 4095',
      '[cluster-b/Bad] cluster "cluster-b", SpiderMultusConfig "kube-system/bad": spec.macvlan.master lists 2 interfaces (ens224, this-name-is-too-long0) but no bond; Spiderpool needs a bond to use several masters, set bond { name: \'bond0\', mode: 1 } or keep one master',
      '[cluster-b/Bad] cluster "cluster-b", SpiderMultusConfig "kube-system/bad": additionalHijackCidrs[0]: "10.0.0.1" is not a CIDR (address/prefix, e.g. 10.233.0.0/18); the coordinator plugin fails pods on a bare address, write it as /32 or /128',
      '[cluster-b/BadBond] cluster "cluster-b", SpiderMultusConfig "kube-system/bad-bond": spec.macvlan.bond.mode must be a Linux bonding mode 0-6, got 7',
    ]);
  });

  test('fails: an empty master list and a pool of another cluster', () => {
    const app = new App();
    const a = new Chart(app, 'cluster-a');
    const poolOfA = new SpiderMultusConfig(a, 'Macvlan', { name: 'macvlan-conf', master: ['ens224'] })
      .addIpPool('Pool', { name: 'cluster-a', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.200'] });
    const b = new Chart(app, 'cluster-b');
    new SpiderMultusConfig(b, 'Empty', { name: 'empty', master: [], ippools: [poolOfA], cluster: CLUSTER_B });
    expect(chartProblems(b).errors).toEqual([
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
