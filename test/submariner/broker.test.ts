import { Chart, Testing } from 'cdk8s';
import { BrokerComponent, Fleet, SubmarinerBroker } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { chartProblems, CLUSTER_SCOPED, seedFleet } from './fixtures';

describe('SubmarinerBroker', () => {
  const { fleet } = seedFleet();
  const docs = synthFleet(fleet);
  const a = docs['cluster-a'];

  test('the seed fleet is valid and every document passes its schema', () => {
    expect(fleetErrors(fleet)).toEqual([]);
    expectValidManifests(a);
    expectValidManifests(docs['cluster-b']);
  });

  test('renders the broker namespace and the Broker CR with subctl deploy-broker defaults', () => {
    expect(findDoc(a, 'Namespace', 'submariner-k8s-broker').metadata).toEqual({ name: 'submariner-k8s-broker', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } });
    const broker = findDoc(a, 'Broker', 'submariner-broker');
    expect(broker.apiVersion).toBe('submariner.io/v1alpha1');
    expect(broker.metadata.namespace).toBe('submariner-k8s-broker');
    expect(broker.spec).toEqual({
      components: ['service-discovery', 'connectivity'],
      globalnetEnabled: false,
      globalnetCIDRRange: '242.0.0.0/8',
      defaultGlobalnetClusterSize: 65536,
    });
    expect(findDoc(a, 'ConfigMap', 'submariner-globalnet-info').data).toEqual({ globalnetEnabled: 'false', clusterinfo: '[]' });
  });

  test('the member Role lets clusters read secrets with explicit verbs and resources', () => {
    const role = findDoc(a, 'Role', 'submariner-k8s-broker-cluster');
    expect(role.metadata.namespace).toBe('submariner-k8s-broker');
    expect(role.rules).toContainEqual({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] });
    expect(role.rules).toContainEqual({ apiGroups: ['submariner.io'], resources: ['brokers'], verbs: ['get', 'list'] });
    expect(role.rules).toContainEqual(expect.objectContaining({ apiGroups: ['submariner.io'], resources: ['clusters', 'endpoints'] }));
  });

  test('no Role or ClusterRole anywhere uses a wildcard', () => {
    for (const doc of Object.values(docs).flat().filter((d) => d.kind === 'Role' || d.kind === 'ClusterRole')) {
      for (const rule of doc.rules) {
        expect([...rule.verbs, ...rule.resources, ...rule.apiGroups]).not.toContain('*');
        expect(rule.verbs.length).toBeGreaterThan(0);
        expect(rule.resources.length).toBeGreaterThan(0);
      }
    }
  });

  test.each(['cluster-a', 'cluster-b'])('per member %s: ServiceAccount, RoleBinding and a fixed-name token Secret', (id) => {
    const sa = findDoc(a, 'ServiceAccount', `cluster-${id}`);
    expect(sa.metadata.namespace).toBe('submariner-k8s-broker');
    const rb = findDoc(a, 'RoleBinding', `cluster-${id}-submariner-k8s-broker-cluster`);
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'submariner-k8s-broker-cluster' });
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: `cluster-${id}`, namespace: 'submariner-k8s-broker' }]);
    const secret = findDoc(a, 'Secret', `cluster-${id}-token`);
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `cluster-${id}-token`, namespace: 'submariner-k8s-broker', annotations: { 'kubernetes.io/service-account.name': `cluster-${id}` } },
      type: 'kubernetes.io/service-account-token',
    });
  });

  test('nothing uses generateName; namespaced objects carry a namespace, cluster-scoped ones never', () => {
    for (const doc of Object.values(docs).flat()) {
      expect(doc.metadata.generateName).toBeUndefined();
      if (CLUSTER_SCOPED.has(doc.kind)) expect(doc.metadata.namespace).toBeUndefined();
      else expect(typeof doc.metadata.namespace).toBe('string');
    }
  });

  test('the broker cluster runs the operator once although it is also a member', () => {
    expect(a.filter((d) => d.kind === 'Deployment' && d.metadata.name === 'submariner-operator')).toHaveLength(1);
    expect(docs['cluster-b'].filter((d) => d.kind === 'Broker')).toEqual([]);
  });

  test('globalnet on: the ConfigMap records range and size', () => {
    const { fleet: g } = seedFleet({ broker: { globalnetEnabled: true }, joinA: { globalCidr: '242.0.0.0/16' }, joinB: { globalCidr: '242.1.0.0/16' } });
    expect(fleetErrors(g)).toEqual([]);
    const cm = findDoc(synthFleet(g)['cluster-a'], 'ConfigMap', 'submariner-globalnet-info');
    expect(cm.data).toEqual({ globalnetEnabled: 'true', clusterinfo: '[]', globalnetCidrRange: '"242.0.0.0/8"', globalnetClusterSize: '65536' });
  });

  test.each([
    ['https://10.6.168.73:6443', 'apiServer "https://10.6.168.73:6443" has a scheme; Submariner prepends https:// itself, so give host:port only ("10.6.168.73:6443")'],
    ['10.6.168.73', 'apiServer "10.6.168.73" is not host:port; add the API server port (usually 6443)'],
    ['10.6.168.73:99999', 'has port "99999"; the port must be 1-65535'],
    ['10.6.168:6443', 'is not an IP address'],
  ])('fails: apiServer %s', (apiServer, message) => {
    const { fleet: f } = seedFleet({ broker: { apiServer } });
    const errors = fleetErrors(f);
    expect(errors).toEqual([expect.stringContaining('[cluster-a/SubmarinerBroker] cluster "cluster-a", SubmarinerBroker: apiServer')]);
    expect(errors[0]).toContain(message);
  });

  test('accepts a DNS name and a bracketed IPv6 address', () => {
    expect(fleetErrors(seedFleet({ broker: { apiServer: 'broker.dc1.example.com:6443' } }).fleet)).toEqual([]);
    expect(fleetErrors(seedFleet({ broker: { apiServer: '[fd00::10]:6443' } }).fleet)).toEqual([]);
  });

  test('fails: bad globalnet cluster size, empty components', () => {
    const { fleet: f } = seedFleet({ broker: { defaultGlobalnetClusterSize: 1000, components: [] } });
    const errors = fleetErrors(f).join('\n');
    expect(errors).toContain('SubmarinerBroker: defaultGlobalnetClusterSize (--globalnet-cluster-size) must be a power of two (subctl rounds it up to 1024), got 1000; use 1024');
    expect(errors).toContain('SubmarinerBroker: components is empty');
  });

  test('warns when fewer than two clusters join', () => {
    const fleet1 = new Fleet();
    const c = fleet1.addCluster('solo', { podCidr: '10.1.0.0/16', serviceCidr: '10.2.0.0/16', gatewayNodes: ['gw'], masterNodeIps: ['192.168.0.1'] });
    c.addSubmarinerBroker({ apiServer: '192.168.0.1:6443', components: [BrokerComponent.CONNECTIVITY] });
    expect(fleetWarnings(fleet1)).toContainEqual('[solo/SubmarinerBroker] cluster "solo", SubmarinerBroker: only 0 cluster(s) joined; Submariner connects two or more, add a SubmarinerJoin per cluster');
    // the same rule in a plain chart, where the members are given as props
    const chart = new Chart(Testing.app(), 'solo');
    new SubmarinerBroker(chart, 'SubmarinerBroker', { apiServer: '192.168.0.1:6443', members: ['solo'] });
    expect(chartProblems(chart).warnings).toEqual(['[solo/SubmarinerBroker] cluster "solo", SubmarinerBroker: only 1 cluster(s) joined; Submariner connects two or more, add a SubmarinerJoin per cluster']);
  });

  test('in a plain chart: one ServiceAccount, RoleBinding and token Secret per member given', () => {
    const chart = Testing.chart();
    const broker = new SubmarinerBroker(chart, 'Broker', { apiServer: '10.0.0.1:6443', namespace: 'brokers', members: ['east'], cluster: { name: 'hub' } });
    broker.addMember('west');
    expect(broker.members).toEqual(['east', 'west']);
    expect(broker.memberFor('west')?.tokenSecretName).toBe('cluster-west-token');
    const docs = chart.toJson();
    expect(docs.filter((d) => d.kind === 'ServiceAccount' && d.metadata.namespace === 'brokers').map((d) => d.metadata.name)).toEqual(['cluster-east', 'cluster-west']);
    expect(docs.filter((d) => d.kind === 'Secret').map((d) => d.metadata.name)).toEqual(['cluster-east-token', 'cluster-west-token']);
    expect(findDoc(docs, 'RoleBinding', 'cluster-west-submariner-k8s-broker-cluster').subjects).toEqual([{ kind: 'ServiceAccount', name: 'cluster-west', namespace: 'brokers' }]);
  });

  test('fails in a plain chart: a member ID that is not a DNS label, a member ID listed twice', () => {
    const chart = Testing.chart();
    const broker = new SubmarinerBroker(chart, 'Broker', { apiServer: '10.0.0.1:6443', members: ['east', 'Bad_ID'], cluster: { name: 'hub' } });
    broker.addMember('east');
    expect(chartProblems(chart).errors).toEqual([
      '[test/Broker] cluster "hub", SubmarinerBroker: members[1]: cluster ID "Bad_ID" must consist of lowercase letters, digits and \'-\', and start and end with a letter or digit',
      '[test/Broker] cluster "hub", SubmarinerBroker: members lists cluster ID "east" more than once; each member cluster needs its own cluster ID (it names the ServiceAccount cluster-<clusterID>), give each joined cluster its own clusterId',
    ]);
    // one set of objects per ID
    expect(broker.memberFor('east')).toBeDefined();
  });
});
