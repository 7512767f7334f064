import { Testing } from 'cdk8s';
import { CableDriver, Cni, Fleet, NodeLabels, SecretSource } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { doc, render } from '../gitops/helpers';
import { expectValidManifests, fleetErrors, fleetWarnings } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';

const REPO = 'https://git.example.com/platform/ovn-ic-fleet.git';
const KEEP = {
  'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

describe('NodeLabels in a plain chart', () => {
  test('one partial Node per name: metadata.name, labels and the keep-forever options only, never spec or status; valid as a built-in Node', () => {
    const chart = Testing.chart();
    new NodeLabels(chart, 'Nodes', { nodes: [
      { name: 'm1', labels: { 'kube-ovn/role': 'master' } },
      { name: 'gw', labels: { 'submariner.io/gateway': 'true' } },
      { name: 'm1', labels: { 'submariner.io/gateway': 'true' } },
    ] });
    const docs = Testing.synth(chart);
    expect(docs).toEqual([
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'gw', labels: { 'submariner.io/gateway': 'true' }, annotations: KEEP } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'm1', labels: { 'kube-ovn/role': 'master', 'submariner.io/gateway': 'true' }, annotations: KEEP } },
    ]);
    expectValidManifests(docs);
  });

  test('bad node names, bad labels and one label with two values are errors, all at once', () => {
    const chart = Testing.chart();
    new NodeLabels(chart, 'Nodes', { cluster: { name: 'az1' }, nodes: [
      { name: 'Master_1', labels: { 'kube-ovn/role': 'master' } },
      { name: 'm1', labels: { 'kube-ovn/role': 'master' } },
      { name: 'm1', labels: { 'kube-ovn/role': 'worker', 'bad key!': 'x' } },
    ] });
    expect(() => Testing.synth(chart)).toThrow(/cluster "az1", NodeLabels: nodes\[0\]\.name: node name "Master_1" must consist of lowercase letters[\s\S]*nodes\[2\] \(m1\): label kube-ovn\/role is set to both "master" and "worker"; give the node one value[\s\S]*nodes\[2\] \(m1\): label key "bad key!"/);
  });
});

describe('node labels of a fleet', () => {
  const { dirs, files } = render(buildDefaultFleet());

  test('the default fleet labels the Kube-OVN masters kube-ovn/role=master (what the kube-ovn chart and ovn-ic-server select on) and the Submariner gateways', () => {
    expect(dirs['nodes/az1'].map((d) => [d.metadata.name, d.metadata.labels])).toEqual([
      ['az1-master-1', { 'kube-ovn/role': 'master' }], ['az1-master-2', { 'kube-ovn/role': 'master' }], ['az1-master-3', { 'kube-ovn/role': 'master' }],
    ]);
    // ovn-ic-server in az1's folder is pinned to the label these Nodes carry
    expect(doc(dirs['clusters/az1'], 'Deployment', 'ovn-ic-server').spec.template.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'kube-ovn/role': 'master' });
    for (const c of ['cluster-a', 'cluster-b']) {
      expect(dirs[`nodes/${c}`]).toEqual([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'controller-node-1', labels: { 'submariner.io/gateway': 'true' }, annotations: KEEP } }]);
    }
    // OVN-IC gateways are named in ovn-ic-config (gw-nodes): no label for them
    expect(dirs['nodes/az1'].some((d) => d.metadata.name === 'az1-gw')).toBe(false);
    expect(Object.keys(files).filter((f) => f.startsWith('clusters/') && f.includes('/Node.'))).toEqual([]);
  });

  test('Argo CD: <cluster>-nodes in wave -15, before Kube-OVN (-10); never pruned, no finalizer (deleting it deletes no Node)', () => {
    const app = doc(dirs.argocd, 'Application', 'az1-nodes');
    expect(app.metadata).toEqual({ name: 'az1-nodes', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '-15' } });
    expect(app.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'dist/nodes/az1', directory: { recurse: false, include: '*.k8s.yaml' } });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true, allowEmpty: false });
    expect(Number(app.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(Number(doc(dirs.argocd, 'Application', 'az1-kube-ovn').metadata.annotations['argocd.argoproj.io/sync-wave']));
    expectValidManifests(dirs.argocd);
    expect(files['README.md']).toContain('the nodes of `az1`, `az2`, `cluster-a`, `cluster-b` are labelled by the `<cluster>-nodes` Applications');
  });

  test('Flux: <cluster>-nodes (prune off, Orphan) comes before <cluster>-kube-ovn and the folder', () => {
    const fleet = twoClusterFleet({ az1: { masterNodes: ['m3', 'm2', 'm1'] } }).fleet;
    fleet.deliverWithFlux({ repoUrl: REPO, revision: 'main' });
    const flux = render(fleet).dirs.flux;
    const nodes = doc(flux, 'Kustomization', 'az1-nodes').spec;
    expect([nodes.path, nodes.prune, nodes.wait, nodes.deletionPolicy, nodes.kubeConfig]).toEqual(['./dist/nodes/az1', false, true, 'Orphan', { secretRef: { name: 'az1-kubeconfig', key: 'value' } }]);
    expect(doc(flux, 'Kustomization', 'az1-kube-ovn').spec.dependsOn).toEqual([{ name: 'az1-nodes' }]);
    expect(doc(flux, 'Kustomization', 'az1').spec.dependsOn).toEqual([{ name: 'az1-kube-ovn' }]);
    // az2 gives no masterNodes: nothing to label, no Kustomization
    expect(flux.filter((d) => d.metadata.name === 'az2-nodes')).toEqual([]);
    expect(doc(flux, 'Kustomization', 'az2-kube-ovn').spec.dependsOn).toBeUndefined();
    expectValidManifests(flux);
  });

  test('a Kube-OVN master that is also a Submariner gateway gets one Node with both labels', () => {
    const fleet = new Fleet();
    const a = fleet.addCluster('a', { podCidr: '10.16.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.1.1'], masterNodes: ['n1'], gatewayNodes: ['n1'] });
    const b = fleet.addCluster('b', { podCidr: '10.17.0.0/16', serviceCidr: '10.128.0.0/16', masterNodeIps: ['192.168.2.1'], gatewayNodes: ['b-gw'] });
    const broker = a.addSubmarinerBroker({ apiServer: 'api.a.example.com:6443' });
    const ack = { iUnderstandThisIsWrittenToGit: true } as const;
    for (const c of [a, b]) {
      c.joinSubmariner({ broker, cableDriver: CableDriver.LIBRESWAN, brokerToken: SecretSource.plainText('t', ack), brokerCa: SecretSource.plainText('c', ack), psk: SecretSource.plainText('p', ack) });
    }
    fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'main' });
    const { dirs: d } = render(fleet);
    expect(d['nodes/a'].map((n) => n.metadata.labels)).toEqual([{ 'kube-ovn/role': 'master', 'submariner.io/gateway': 'true' }]);
    expect(d['nodes/b'].map((n) => [n.metadata.name, n.metadata.labels])).toEqual([['b-gw', { 'submariner.io/gateway': 'true' }]]);
  });

  test('labelNodes: false renders nothing for the nodes and the bootstrap notes ask for the labels', () => {
    const fleet = twoClusterFleet({ az1: { masterNodes: ['m3', 'm2', 'm1'], labelNodes: false } }).fleet;
    fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'main' });
    const r = render(fleet);
    expect(Object.keys(r.files).filter((f) => f.startsWith('nodes/') || f.includes('-nodes.'))).toEqual([]);
    expect(r.files['README.md']).toContain('Label the master nodes of `az1`, `az2` `kube-ovn/role=master` by hand or at provisioning');
  });

  test('masterNodes is checked: RFC 1123 names, each once, one per master IP, Kube-OVN only; JavaScript input too', () => {
    const errors = (az1: object) => fleetErrors(twoClusterFleet({ az1 } as any).fleet);
    expect(errors({ masterNodes: ['m1', 'M_2', 'm1'] })).toEqual([
      '[az1] cluster "az1": masterNodes[1]: node name "M_2" must consist of lowercase letters, digits, \'-\' and \'.\', and start and end with a letter or digit',
      '[az1] cluster "az1": masterNodes lists "m1" more than once; list each node once',
    ]);
    expect(errors({ masterNodes: ['m1'] })).toEqual(['[az1] cluster "az1": masterNodes has 1 name(s) for 3 masterNodeIps; give the name of each master node, one per IP']);
    expect(errors({ masterNodes: 'm1,m2,m3' })).toEqual([`[az1] cluster "az1": masterNodes must be a list of node names, got "m1,m2,m3"; e.g. ['master-1', 'master-2', 'master-3']`]);
    const spiderpool = new Fleet();
    spiderpool.addCluster('s', { podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18', cni: Cni.SPIDERPOOL_MACVLAN, masterNodes: ['m1'] });
    expect(fleetErrors(spiderpool)).toEqual(['[s] cluster "s": masterNodes is set but the CNI is spiderpool-macvlan; only Kube-OVN masters are labelled kube-ovn/role=master, remove masterNodes']);
    expect(errors({ labelNodes: 'no' })).toEqual(['[az1] cluster "az1": labelNodes must be true or false, got "no"; set false when the nodes are labelled at provisioning time']);
    expect(fleetWarnings(twoClusterFleet({ az1: { masterNodes: ['m3', 'm2', 'm1'] } }).fleet)).toEqual(fleetWarnings(twoClusterFleet().fleet));
  });

  test('Argo CD older than 2.5 is warned that the partial Nodes are applied client-side', () => {
    const fleet = buildDefaultFleet({ argoCdVersion: '2.4' });
    expect(fleetWarnings(fleet)).toContainEqual(expect.stringContaining('Argo CD 2.4 does not know the sync option ServerSideApply=true (new in Argo CD 2.5): the partial Node manifests of az1-nodes, az2-nodes, cluster-a-nodes, cluster-b-nodes are applied client-side'));
    expect(fleetWarnings(buildDefaultFleet({ argoCdVersion: '2.5' })).filter((w) => w.includes('ServerSideApply'))).toEqual([]);
  });
});
