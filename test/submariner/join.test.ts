import { Testing } from 'cdk8s';
import {
  BrokerComponent, CableDriver, Cni, Fleet, SubmarinerBroker, SubmarinerCrds, SubmarinerJoin,
} from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { bundleCrd, bundleCrdFile } from '../support/bundle';
import { avpSecrets, seedFleet } from './fixtures';

function requiredSpecFields(): string[] {
  const crd = bundleCrd('submariner.io', 'Submariner');
  return crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.required;
}

describe('SubmarinerJoin', () => {
  const { fleet } = seedFleet();
  const docs = synthFleet(fleet);

  test('the Submariner CR sets every field the CRD requires, and the join choices explicitly', () => {
    const cr = findDoc(docs['cluster-a'], 'Submariner', 'submariner');
    expect(cr.metadata.namespace).toBe('submariner-operator');
    for (const field of requiredSpecFields()) expect(cr.spec).toHaveProperty([field]);
    expect(cr.spec).toMatchObject({
      broker: 'k8s',
      brokerK8sApiServer: '10.6.168.73:6443',
      brokerK8sRemoteNamespace: 'submariner-k8s-broker',
      brokerK8sSecret: 'submariner-broker-secret',
      brokerK8sInsecure: false,
      clusterID: 'cluster-a',
      clusterCIDR: '172.110.0.0/16',
      serviceCIDR: '10.233.0.0/18',
      cableDriver: 'libreswan',
      natEnabled: true,
      ceIPSecNATTPort: 4500,
      ceIPSecDebug: false,
      debug: false,
      namespace: 'submariner-operator',
      serviceDiscoveryEnabled: true,
      repository: 'quay.io/submariner',
      version: '0.18.1',
      connectionHealthCheck: { enabled: false, intervalSeconds: 1, maxPacketLossCount: 5 },
    });
    expect(cr.spec.brokerK8sApiServer).not.toMatch(/^https?:/);
    expect(findDoc(docs['cluster-b'], 'Submariner', 'submariner').spec).toMatchObject({ clusterID: 'cluster-b', clusterCIDR: '172.111.0.0/16', serviceCIDR: '10.243.0.0/18' });
  });

  test('renders the operator natively: privileged namespace, RBAC, non-privileged Deployment', () => {
    const b = docs['cluster-b'];
    expect(findDoc(b, 'Namespace', 'submariner-operator').metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'privileged' });
    expect(findDoc(b, 'ServiceAccount', 'submariner-operator').metadata.annotations).toEqual({ 'kubernetes.io/enforce-mountable-secrets': 'true' });
    const deploy = findDoc(b, 'Deployment', 'submariner-operator');
    const container = deploy.spec.template.spec.containers[0];
    expect(container.image).toBe('quay.io/submariner/submariner-operator:0.18.1');
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    expect(container.securityContext.privileged).toBeUndefined();
    expect(container.env).toContainEqual({ name: 'WATCH_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
    expect(deploy.spec.template.spec.serviceAccountName).toBe('submariner-operator');
    for (const sa of ['submariner-gateway', 'submariner-routeagent', 'submariner-globalnet', 'submariner-lighthouse-agent', 'submariner-lighthouse-coredns', 'submariner-diagnose']) {
      expect(findDoc(b, 'ServiceAccount', sa).metadata.namespace).toBe('submariner-operator');
      expect(findDoc(b, 'ClusterRoleBinding', sa).subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: 'submariner-operator' }]);
      expect(findDoc(b, 'RoleBinding', sa).roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sa });
    }
    // the operator installs the other CRDs at start-up: it may manage CRDs cluster-wide
    expect(findDoc(b, 'ClusterRole', 'submariner-operator').rules).toContainEqual(expect.objectContaining({ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'] }));
    expect(b.filter((d) => d.kind === 'CustomResourceDefinition')).toEqual([]);
    expect(b.filter((d) => d.kind === 'ServiceDiscovery')).toEqual([]);
  });

  test('nothing rendered runs privileged (only the gateway the operator creates does)', () => {
    for (const doc of Object.values(docs).flat().filter((d) => d.spec?.template?.spec)) {
      for (const c of doc.spec.template.spec.containers) expect(c.securityContext?.privileged).not.toBe(true);
    }
  });

  test('health check defaults from the CNI: off on Spiderpool macvlan, on elsewhere', () => {
    const f = new Fleet();
    const hub = f.addCluster('hub', { podCidr: '10.1.0.0/16', serviceCidr: '10.2.0.0/16', cni: Cni.OVN_KUBERNETES, gatewayNodes: ['gw'] });
    const broker = hub.addSubmarinerBroker({ apiServer: '10.0.0.1:6443' });
    hub.joinSubmariner({ broker, ...avpSecrets('hub') });
    const ovn = f.addCluster('kube-ovn', { podCidr: '10.3.0.0/16', serviceCidr: '10.4.0.0/16', masterNodeIps: ['192.168.0.1'], gatewayNodes: ['gw'] });
    ovn.joinSubmariner({ broker, ...avpSecrets('kube-ovn') });
    const mac = f.addCluster('macvlan', { podCidr: '10.5.0.0/16', serviceCidr: '10.6.0.0/16', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw'] });
    mac.joinSubmariner({ broker, ...avpSecrets('macvlan') });
    expect(fleetErrors(f)).toEqual([]);
    const out = synthFleet(f);
    const hc = (c: string) => findDoc(out[c], 'Submariner', 'submariner').spec.connectionHealthCheck;
    expect(hc('hub')).toEqual({ enabled: true, intervalSeconds: 1, maxPacketLossCount: 5 });
    expect(hc('kube-ovn').enabled).toBe(true);
    expect(hc('macvlan').enabled).toBe(false);
  });

  test('fails: health check on for a Spiderpool macvlan cluster, with the reason', () => {
    const { fleet: f } = seedFleet({ joinB: { healthCheck: true } });
    expect(fleetErrors(f)).toEqual([
      expect.stringMatching(/^\[cluster-b\/SubmarinerJoin\] cluster "cluster-b", SubmarinerJoin: connectionHealthCheck.enabled is true, but this is a Spiderpool macvlan cluster: its nodes hold no address of the cluster CIDR, so the gateway fails at start .* crash-loops/),
    ]);
  });

  test('an ovn-kubernetes member (seed 002) joins with its cluster-ip-subnet as cluster CIDR', () => {
    const s = seedFleet();
    const ovnk = s.fleet.addCluster('ovnk', { podCidr: '192.168.0.0/16', serviceCidr: '10.100.0.0/16', cni: Cni.OVN_KUBERNETES, gatewayNodes: ['kube-minion2'] });
    ovnk.joinSubmariner({ broker: s.broker, ...avpSecrets('ovnk') });
    expect(fleetErrors(s.fleet)).toEqual([]);
    const out = synthFleet(s.fleet);
    expect(findDoc(out.ovnk, 'Submariner', 'submariner').spec).toMatchObject({ clusterID: 'ovnk', clusterCIDR: '192.168.0.0/16', serviceCIDR: '10.100.0.0/16', connectionHealthCheck: { enabled: true } });
    expect(findDoc(out['cluster-a'], 'ServiceAccount', 'cluster-ovnk').metadata.namespace).toBe('submariner-k8s-broker');
    // the new peer shows up in the macvlan clusters' hijack routes
    expect(findDoc(out['cluster-a'], 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR).toEqual(['10.100.0.0/16', '10.243.0.0/18', '172.111.0.0/16', '192.168.0.0/16']);
    expectValidManifests(out.ovnk);
  });

  test('fails: a cluster ID that is not a DNS-1123 label', () => {
    const { fleet: f } = seedFleet({ joinB: { clusterId: 'Cluster_B' } });
    expect(fleetErrors(f)).toEqual([
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: clusterId "Cluster_B" must consist of lowercase letters, digits and \'-\', and start and end with a letter or digit (subctl requires a DNS-1123 label; it names the broker ServiceAccount cluster-<clusterID>)',
    ]);
    const long = seedFleet({ joinB: { clusterId: 'c'.repeat(64) } });
    expect(fleetErrors(long.fleet)[0]).toContain('is 64 characters; at most 63 are allowed');
  });

  test('fails: two clusters with one cluster ID (broker objects are rendered once)', () => {
    const { fleet: f } = seedFleet({ joinB: { clusterId: 'cluster-a' } });
    expect(fleetErrors(f)).toEqual([
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: clusterId "cluster-a" is already used by cluster "cluster-a" on the same broker; cluster IDs must be unique (they name the broker\'s Cluster objects and ServiceAccounts), set clusterId',
    ]);
  });

  test('fails: more than one cluster CIDR (dual stack) and an invalid service CIDR', () => {
    const { fleet: f } = seedFleet({ b: { podCidr: '172.111.0.0/16,fd00:111::/64' }, joinB: { serviceCidr: '10.243.0.1/18' } });
    const errors = fleetErrors(f);
    expect(errors).toContain('[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: clusterCidr "172.111.0.0/16,fd00:111::/64" lists 2 CIDRs; Submariner 0.18.1 routes exactly one cluster CIDR, pass clusterCidr with the one to connect');
    expect(errors).toContain('[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: serviceCidr: "10.243.0.1/18" has host bits set; use the network address 10.243.0.0/18');
  });

  test('fails: overlapping pod CIDRs and overlapping service CIDRs without globalnet, all at once', () => {
    const { fleet: f } = seedFleet({ b: { podCidr: '172.110.128.0/17', serviceCidr: '10.233.0.0/18' } });
    const errors = fleetErrors(f).filter((e) => e.includes('overlaps'));
    expect(errors).toEqual([
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: serviceCidr 10.233.0.0/18 overlaps serviceCidr 10.233.0.0/18 of cluster "cluster-a" (both joined to broker cluster-a/SubmarinerBroker); Submariner routes them without translation, so renumber one cluster or enable globalnet on the broker',
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: clusterCidr 172.110.128.0/17 overlaps clusterCidr 172.110.0.0/16 of cluster "cluster-a" (both joined to broker cluster-a/SubmarinerBroker); Submariner routes them without translation, so renumber one cluster or enable globalnet on the broker',
    ]);
  });

  test('fails: a pod CIDR of one cluster overlapping the service CIDR of another', () => {
    const { fleet: f } = seedFleet({ b: { podCidr: '10.233.0.0/16' } });
    expect(fleetErrors(f)).toContainEqual(expect.stringContaining('clusterCidr 10.233.0.0/16 overlaps serviceCidr 10.233.0.0/18 of cluster "cluster-a"'));
  });

  test('globalnet: overlapping CIDRs are allowed, but each member needs its own global CIDR inside the range', () => {
    const overlap = { a: { podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18' }, poolA: { subnet: '172.111.0.0/16', ips: ['172.111.2.1-172.111.2.200'], gateway: '172.111.0.1' } };
    expect(fleetErrors(seedFleet({ ...overlap, broker: { globalnetEnabled: true }, joinA: { globalCidr: '242.0.0.0/16' }, joinB: { globalCidr: '242.1.0.0/16' } }).fleet)).toEqual([]);
    const errors = fleetErrors(seedFleet({ ...overlap, broker: { globalnetEnabled: true }, joinA: { globalCidr: '242.0.0.0/16' }, joinB: { globalCidr: '242.0.128.0/17' } }).fleet);
    expect(errors).toEqual([expect.stringContaining('SubmarinerJoin: globalCidr 242.0.128.0/17 overlaps globalCidr 242.0.0.0/16 of cluster "cluster-a"')]);
    const missing = fleetErrors(seedFleet({ broker: { globalnetEnabled: true }, joinA: { globalCidr: '10.0.0.0/16' } }).fleet);
    expect(missing).toContain('[cluster-a/SubmarinerJoin] cluster "cluster-a", SubmarinerJoin: globalCidr 10.0.0.0/16 is outside the broker\'s globalnet range 242.0.0.0/8; choose a block inside it');
    expect(missing).toContainEqual(expect.stringContaining('cluster "cluster-b", SubmarinerJoin: the broker has globalnet on, but globalCidr is not set'));
    expect(fleetErrors(seedFleet({ joinA: { globalCidr: '242.0.0.0/16' } }).fleet)).toEqual([expect.stringContaining('globalCidr 242.0.0.0/16 is set but the broker has globalnet off')]);
  });

  test('globalnet: hijackCIDR routes the peers\' global CIDRs', () => {
    const s = seedFleet({ broker: { globalnetEnabled: true }, joinA: { globalCidr: '242.0.0.0/16' }, joinB: { globalCidr: '242.1.0.0/16' } });
    expect(findDoc(synthFleet(s.fleet)['cluster-a'], 'SpiderMultusConfig', 'macvlan-conf').spec.coordinator.hijackCIDR).toEqual(['242.1.0.0/16']);
    expect(findDoc(synthFleet(s.fleet)['cluster-a'], 'Submariner', 'submariner').spec.globalCIDR).toBe('242.0.0.0/16');
  });

  test('fails: broker without the connectivity component; bad NAT-T port; bad health-check numbers', () => {
    const { fleet: f } = seedFleet({ broker: { components: [BrokerComponent.SERVICE_DISCOVERY] }, joinA: { nattPort: 70000, healthCheckIntervalSeconds: 0 } });
    const errors = fleetErrors(f);
    expect(errors).toContain('[cluster-a/SubmarinerJoin] cluster "cluster-a", SubmarinerJoin: the broker has no connectivity component (components: service-discovery); the Submariner CR and gateways need it, add BrokerComponent.CONNECTIVITY to the broker');
    expect(errors).toContain('[cluster-a/SubmarinerJoin] cluster "cluster-a", SubmarinerJoin: nattPort must be a UDP port 1-65535, got 70000; the default is 4500');
    expect(errors).toContain('[cluster-a/SubmarinerJoin] cluster "cluster-a", SubmarinerJoin: healthCheckIntervalSeconds must be a positive integer, got 0');
  });

  test('cable drivers render their name', () => {
    for (const driver of [CableDriver.LIBRESWAN, CableDriver.WIREGUARD, CableDriver.VXLAN]) {
      const s = seedFleet({ joinA: { cableDriver: driver }, joinB: { cableDriver: driver } });
      expect(fleetErrors(s.fleet)).toEqual([]);
      expect(findDoc(synthFleet(s.fleet)['cluster-b'], 'Submariner', 'submariner').spec.cableDriver).toBe(driver.name);
    }
  });

  test('fails: the broker and the join of one cluster ask for different operator versions', () => {
    const { fleet: f } = seedFleet({ joinA: { operator: { version: '0.17.2' } } });
    expect(fleetErrors(f)).toEqual([
      '[cluster-a/SubmarinerOperator] cluster "cluster-a", SubmarinerOperator: the broker and the join of this cluster ask for different operator settings (version, repository or crds); one operator serves both, give the same operator options to both',
    ]);
  });

  test('warns when the cluster names no gateway node', () => {
    const { fleet: f } = seedFleet({ b: { gatewayNodes: [] } });
    expect(fleetWarnings(f)).toContain('[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: the cluster lists no gateway nodes; list them in the cluster\'s gatewayNodes '
      + '(labelled submariner.io/gateway=true by the fleet\'s node manifests) or label at least one node at provisioning time, or no gateway starts');
  });

  test('SubmarinerCrds.fromFiles renders the operator CRDs from pinned files; a file without them fails', () => {
    const files = ['Submariner', 'ServiceDiscovery', 'Broker'].map((k) => bundleCrdFile('submariner.io', k));
    const s = seedFleet({ broker: { operator: { crds: SubmarinerCrds.fromFiles(files) } }, joinA: { operator: { crds: SubmarinerCrds.fromFiles(files) } } });
    expect(fleetErrors(s.fleet)).toEqual([]);
    const crds = synthFleet(s.fleet)['cluster-a'].filter((d) => d.kind === 'CustomResourceDefinition');
    expect(crds.map((c) => c.metadata.name).sort()).toEqual(['brokers.submariner.io', 'servicediscoveries.submariner.io', 'submariners.submariner.io']);
    for (const c of crds) expect(c.status).toBeUndefined();
    expectValidManifests(crds);

    const bad = seedFleet({ joinB: { operator: { crds: SubmarinerCrds.fromFiles([files[2]]) } } });
    expect(fleetErrors(bad.fleet)).toEqual([
      expect.stringMatching(/^\[cluster-b\/SubmarinerOperator\] cluster "cluster-b", SubmarinerOperator: crds: servicediscoveries.submariner.io, submariners.submariner.io not found in .*submariner.io_brokers.yaml; give the operator repository's config\/crd\/bases files/),
    ]);
  });

  test('works outside a fleet with an explicit cluster', () => {
    const chart = Testing.chart();
    const broker = new SubmarinerBroker(chart, 'Broker', { apiServer: '10.0.0.1:6443' });
    new SubmarinerJoin(chart, 'Join', {
      broker, ...avpSecrets('x'),
      cluster: { name: 'x', podCidr: '10.8.0.0/16', serviceCidr: '10.9.0.0/16', masterNodeIps: [], gatewayNodes: ['gw'] },
    });
    const out = Testing.synth(chart);
    expect(findDoc(out, 'Submariner', 'submariner').spec).toMatchObject({ clusterID: 'x', clusterCIDR: '10.8.0.0/16', connectionHealthCheck: { enabled: true } });
  });

  test('throws when the cluster or the broker is missing (JavaScript callers), naming what to pass', () => {
    const chart = Testing.chart();
    const broker = new SubmarinerBroker(chart, 'Broker', { apiServer: '10.0.0.1:6443' });
    expect(() => new SubmarinerJoin(chart, 'Join', { broker, ...avpSecrets('x') } as any)).toThrow(
      'SubmarinerJoin at test/Join needs a cluster: pass props.cluster (its name, podCidr, serviceCidr, masterNodeIps, gatewayNodes, cni), got none',
    );
    const cluster = { name: 'x', podCidr: '10.8.0.0/16', serviceCidr: '10.9.0.0/16', masterNodeIps: [], gatewayNodes: ['gw'] };
    expect(() => new SubmarinerJoin(chart, 'Join2', { cluster, ...avpSecrets('x') } as any)).toThrow(
      'SubmarinerJoin at test/Join2 needs a broker: pass props.broker (a SubmarinerBroker, its connection, or brokerConnection(props) for a broker rendered elsewhere)',
    );
  });
});

test('fails: members of one broker with different cable drivers', () => {
  const { fleet: f } = seedFleet({ joinB: { cableDriver: CableDriver.WIREGUARD } });
  expect(fleetErrors(f)).toEqual([
    '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: cableDriver wireguard differs from libreswan of cluster "cluster-a" on the same broker; gateways only connect with the same cable driver, use one driver for every member',
  ]);
});
