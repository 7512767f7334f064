import { renderFleetFiles, resolveFleet } from '../../src';
import * as YAML from 'yaml';
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

  test('cluster-a hosts the broker; both join with libreswan, health check off, API server 10.6.168.73:6443 (operator chart values)', () => {
    const { files } = renderFleetFiles(fleet);
    const file = (name: string) => YAML.parse(files.find((f) => f.file === name)!.content);
    expect(findDoc(docs['cluster-a'], 'ServiceAccount', 'cluster-cluster-b').metadata.namespace).toBe('submariner-k8s-broker');
    expect(docs['cluster-b'].filter((d) => d.metadata.namespace === 'submariner-k8s-broker')).toEqual([]);
    // installed from the charts: no hand-rendered operator, Submariner or Broker CR in the folders
    expect([...docs['cluster-a'], ...docs['cluster-b']].filter((d) => ['Submariner', 'Broker', 'Deployment'].includes(d.kind))).toEqual([]);
    for (const c of ['cluster-a', 'cluster-b']) {
      const values = file(`flux-submariner/${c}/HelmRelease.flux-system.${c}-submariner-operator.k8s.yaml`).spec.values;
      expect(values).toMatchObject({
        submariner: { clusterId: c, cableDriver: 'libreswan', healthcheckEnabled: false }, broker: { server: '10.6.168.73:6443' },
      });
      expect(file(`argocd-submariner/${c}/values.yaml`)['submariner-operator']).toMatchObject(values);
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

  test('secrets by reference only: no Secret data, the broker pushes each member\'s token and CA, the members read them back', () => {
    const all = [...docs['cluster-a'], ...docs['cluster-b']];
    for (const secret of all.filter((d) => d.kind === 'Secret')) {
      expect(secret.type).toBe('kubernetes.io/service-account-token');
      expect(secret.data ?? secret.stringData).toBeUndefined();
    }
    expect(all.filter((d) => d.kind === 'ExternalSecret')).toEqual([]);
    for (const c of ['cluster-a', 'cluster-b']) {
      expect(findDoc(docs['cluster-a'], 'PushSecret', `cluster-${c}-credentials`).spec).toEqual({
        secretStoreRefs: [{ name: 'submariner-credentials', kind: 'ClusterSecretStore' }],
        selector: { secret: { name: `cluster-${c}-token` } },
        refreshInterval: '1h', updatePolicy: 'Replace', deletionPolicy: 'Delete',
        data: [
          { match: { secretKey: 'token', remoteRef: { remoteKey: `submariner/cluster-a/${c}`, property: 'token' } } },
          { match: { secretKey: 'ca.crt', remoteRef: { remoteKey: `submariner/cluster-a/${c}`, property: 'ca' } } },
        ],
      });
    }
    const { files } = renderFleetFiles(fleet);
    const text = (name: string) => files.find((f) => f.file === name)!.content;
    // Argo CD: placeholders on the Vault path the PushSecret wrote (KV v2 mount secret), the CA base64-encoded by the plugin
    const argo = YAML.parse(text('argocd-submariner/cluster-b/values.yaml'))['submariner-operator'];
    expect([argo.broker.token, argo.broker.ca, argo.ipsec.psk]).toEqual([
      '<path:secret/data/submariner/cluster-a/cluster-b#token>', '<path:secret/data/submariner/cluster-a/cluster-b#ca | base64encode>',
      '<path:secret/data/submariner/cluster-a/ipsec#psk>',
    ]);
    // Flux: nothing secret in the HelmRelease; valuesFrom the ExternalSecret's Secret
    const release = YAML.parse(text('flux-submariner/cluster-b/HelmRelease.flux-system.cluster-b-submariner-operator.k8s.yaml')).spec;
    expect(release.values.broker.token ?? release.values.broker.ca ?? release.values.ipsec.psk).toBeUndefined();
    expect(release.valuesFrom.map((v: any) => `${v.name}#${v.valuesKey}->${v.targetPath}`)).toEqual([
      'cluster-b-submariner-credentials#token->broker.token', 'cluster-b-submariner-credentials#ca->broker.ca', 'cluster-b-submariner-credentials#psk->ipsec.psk',
    ]);
    const external = YAML.parse(text('flux-submariner/cluster-b/ExternalSecret.flux-system.cluster-b-submariner-credentials.k8s.yaml'));
    expect(external.spec.target.template.data).toEqual({ token: '{{ .token }}', ca: '{{ .ca | b64enc }}', psk: '{{ .psk }}' });
    expectValidManifests([external, YAML.parse(text('flux-submariner/cluster-b/HelmRelease.flux-system.cluster-b-submariner-operator.k8s.yaml'))]);
  });
});
