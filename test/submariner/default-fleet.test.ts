import { renderFleetFiles, resolveFleet } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { expectValidManifests, findDoc, fleetErrors, synthFleet } from '../support/manifests';

describe('default fleet: seed 004 clusters', () => {
  const fleet = buildDefaultFleet();
  const docs = synthFleet(fleet);

  test('renders without errors; every document of cluster-a and cluster-b is schema-valid', () => {
    expect(fleetErrors(fleet)).toEqual([]);
    expectValidManifests(docs['cluster-a']);
    expectValidManifests(docs['cluster-b']);
  });

  test('cluster models: Spiderpool macvlan, the seed\'s CIDRs, az1/az2 untouched', () => {
    expect(resolveFleet(fleet).clusters.map(({ network: c }) => [c.name, c.cni?.name, c.podCidr, c.serviceCidr])).toEqual([
      ['az1', 'kube-ovn', '10.16.0.0/16', '10.96.0.0/12'],
      ['az2', 'kube-ovn', '10.17.0.0/16', '10.96.0.0/12'],
      ['cluster-a', 'spiderpool-macvlan', '172.110.0.0/16', '10.233.0.0/18'],
      ['cluster-b', 'spiderpool-macvlan', '172.111.0.0/16', '10.243.0.0/18'],
    ]);
    expect(Object.values(docs.az1).some((d) => d.kind === 'Submariner')).toBe(false);
  });

  test('cluster-a hosts the broker; both join with libreswan, health check off, API server 10.6.168.73:6443', () => {
    expect(findDoc(docs['cluster-a'], 'Broker', 'submariner-broker').metadata.namespace).toBe('submariner-k8s-broker');
    expect(docs['cluster-b'].filter((d) => d.kind === 'Broker')).toEqual([]);
    for (const c of ['cluster-a', 'cluster-b']) {
      expect(findDoc(docs[c], 'Submariner', 'submariner').spec).toMatchObject({
        clusterID: c, cableDriver: 'libreswan', brokerK8sApiServer: '10.6.168.73:6443', connectionHealthCheck: { enabled: false },
      });
    }
  });

  test('pools are the corrected seed pools; hijackCIDR comes from the peer', () => {
    expect(findDoc(docs['cluster-a'], 'SpiderIPPool', 'cluster-a').spec).toEqual({
      subnet: '172.110.0.0/16', ipVersion: 4, ips: ['172.110.1.1-172.110.1.200'], gateway: '172.110.0.1', default: true,
    });
    expect(findDoc(docs['cluster-b'], 'SpiderIPPool', 'cluster-b').spec).toMatchObject({ subnet: '172.111.0.0/16', ips: ['172.111.1.1-172.111.1.200'], gateway: '172.111.0.1' });
    expect(findDoc(docs['cluster-a'], 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR).toEqual(['10.243.0.0/18', '172.111.0.0/16']);
    expect(findDoc(docs['cluster-b'], 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR).toEqual(['10.233.0.0/18', '172.110.0.0/16']);
    expect(findDoc(docs['cluster-a'], 'SpiderMultusConfig', 'macvlan-conf').spec.macvlan.master).toEqual(['ens224']);
  });

  test('secrets come from Vault placeholders only: no Secret data, no ExternalSecret, no plain value', () => {
    const all = [...docs['cluster-a'], ...docs['cluster-b']];
    for (const secret of all.filter((d) => d.kind === 'Secret')) {
      expect(secret.type).toBe('kubernetes.io/service-account-token');
      expect(secret.data ?? secret.stringData).toBeUndefined();
    }
    expect(all.filter((d) => d.kind === 'ExternalSecret')).toEqual([]);
    const { files } = renderFleetFiles(fleet);
    expect(files.filter((f) => f.file.startsWith('clusters/cluster-a/Submariner.')).map((f) => f.content).join()).toContain('<path:secret/data/submariner/cluster-a#token>');
    for (const c of ['cluster-a', 'cluster-b']) {
      const spec = findDoc(docs[c], 'Submariner', 'submariner').spec;
      for (const field of ['brokerK8sApiServerToken', 'brokerK8sCA', 'ceIPSecPSK']) expect(spec[field]).toMatch(/^<path:secret\/data\/submariner\/[a-z-]+#[a-z]+>$/);
    }
  });
});
