import { Cni, Fleet, resolveFleet } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { avpSecrets } from './fixtures';

/**
 * Two brokers (two clustersets) in one fleet: hub-1 runs the broker east joins, hub-2 the one west
 * joins; each hub is also a member of its own broker. west reuses hub-1's service CIDR, which only
 * matters inside one clusterset.
 */
function twoClustersets(): Fleet {
  const fleet = new Fleet();
  // net: the first two octets of the pod CIDR (pool, gateway and test pod address); svc: the test Service's ClusterIP
  const clusters = [
    { name: 'hub-1', podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', net: '172.110', svc: '10.233.63.200', broker: 'hub-1' },
    { name: 'east', podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18', net: '172.111', svc: '10.243.63.200', broker: 'hub-1' },
    { name: 'hub-2', podCidr: '172.112.0.0/16', serviceCidr: '10.253.0.0/18', net: '172.112', svc: '10.253.63.200', broker: 'hub-2' },
    { name: 'west', podCidr: '172.113.0.0/16', serviceCidr: '10.233.0.0/18', net: '172.113', svc: '10.233.63.200', broker: 'hub-2' },
  ].map((c) => ({ ...c, model: fleet.addCluster(c.name, { podCidr: c.podCidr, serviceCidr: c.serviceCidr, cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw'] }) }));
  const brokers = {
    'hub-1': clusters[0].model.addSubmarinerBroker({ apiServer: '10.0.1.1:6443' }),
    'hub-2': clusters[2].model.addSubmarinerBroker({ apiServer: '10.0.2.1:6443' }),
  };
  for (const c of clusters) {
    const macvlan = c.model.addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', master: ['ens224'] })
      .addIpPool('Pool', { name: c.name, subnet: c.podCidr, ips: [`${c.net}.1.1-${c.net}.1.200`], gateway: `${c.net}.0.1`, default: true });
    c.model.joinSubmariner({ broker: brokers[c.broker as keyof typeof brokers], ...avpSecrets(c.name) })
      .addConnectivityCheck({ serviceIp: c.svc, podIp: `${c.net}.1.250`, multusConfig: macvlan });
  }
  return fleet;
}

/** The `check "<peer> <what>" "<url>"` lines of a cluster's connectivity Job. */
function checkedTargets(docs: any[]): string[] {
  const script: string = findDoc(docs, 'Job', 'submariner-connectivity-check').spec.template.spec.containers[0].args[0];
  return script.split('\n').filter((l) => l.startsWith('check "'));
}

describe('two Submariner brokers in one fleet', () => {
  const fleet = twoClustersets();
  const docs = synthFleet(fleet);

  test('the fleet is valid: the shared service CIDR is in two clustersets, not one', () => {
    expect(fleetErrors(fleet)).toEqual([]);
    expect(fleetWarnings(fleet)).toEqual([]);
    for (const c of Object.values(docs)) expectValidManifests(c);
  });

  test('each member\'s hijackCIDR holds only its own broker\'s other members', () => {
    const hijack = (c: string) => findDoc(docs[c], 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR;
    expect(hijack('hub-1')).toEqual(['10.243.0.0/18', '172.111.0.0/16']);
    expect(hijack('east')).toEqual(['10.233.0.0/18', '172.110.0.0/16']);
    expect(hijack('hub-2')).toEqual(['10.233.0.0/18', '172.113.0.0/16']);
    expect(hijack('west')).toEqual(['10.253.0.0/18', '172.112.0.0/16']);
  });

  test('each connectivity check reaches only its own broker\'s other members', () => {
    expect(checkedTargets(docs['hub-1'])).toEqual(['check "east service" "http://10.243.63.200:80/"', 'check "east pod" "http://172.111.1.250:8080/"']);
    expect(checkedTargets(docs.east)).toEqual(['check "hub-1 service" "http://10.233.63.200:80/"', 'check "hub-1 pod" "http://172.110.1.250:8080/"']);
    expect(checkedTargets(docs['hub-2'])).toEqual(['check "west service" "http://10.233.63.200:80/"', 'check "west pod" "http://172.113.1.250:8080/"']);
    expect(checkedTargets(docs.west)).toEqual(['check "hub-2 service" "http://10.253.63.200:80/"', 'check "hub-2 pod" "http://172.112.1.250:8080/"']);
  });

  // members in cluster-name order, whatever the declaration order
  test('each broker keeps ServiceAccounts, RoleBindings and token Secrets for its own members only', () => {
    const brokerObjects = (c: string, kind: string) => docs[c]
      .filter((d) => d.kind === kind && d.metadata.namespace === 'submariner-k8s-broker')
      .map((d) => d.metadata.name);
    expect(brokerObjects('hub-1', 'ServiceAccount')).toEqual(['cluster-east', 'cluster-hub-1']);
    expect(brokerObjects('hub-1', 'Secret')).toEqual(['cluster-east-token', 'cluster-hub-1-token']);
    expect(brokerObjects('hub-1', 'RoleBinding')).toEqual(['cluster-east-submariner-k8s-broker-cluster', 'cluster-hub-1-submariner-k8s-broker-cluster']);
    expect(brokerObjects('hub-2', 'ServiceAccount')).toEqual(['cluster-hub-2', 'cluster-west']);
    expect(brokerObjects('hub-2', 'Secret')).toEqual(['cluster-hub-2-token', 'cluster-west-token']);
    expect(brokerObjects('hub-2', 'RoleBinding')).toEqual(['cluster-hub-2-submariner-k8s-broker-cluster', 'cluster-west-submariner-k8s-broker-cluster']);
    for (const c of ['east', 'west']) expect(docs[c].filter((d) => d.kind === 'Broker' || d.metadata.namespace === 'submariner-k8s-broker')).toEqual([]);
  });

  test('each member joins its own broker and is delivered after the cluster running it', () => {
    const api = (c: string) => findDoc(docs[c], 'Submariner', 'submariner').spec.brokerK8sApiServer;
    expect(['hub-1', 'east', 'hub-2', 'west'].map(api)).toEqual(['10.0.1.1:6443', '10.0.1.1:6443', '10.0.2.1:6443', '10.0.2.1:6443']);
    const resolved = resolveFleet(fleet);
    expect(resolved.clustersets.map((s) => [s.brokerCluster, s.members.map((m) => m.cluster)])).toEqual([['hub-1', ['east', 'hub-1']], ['hub-2', ['hub-2', 'west']]]);
    expect(Object.fromEntries(resolved.clusters.map((c) => [c.name, c.dependsOn]))).toEqual({ 'east': ['hub-1'], 'hub-1': [], 'hub-2': [], 'west': ['hub-2'] });
  });
});
