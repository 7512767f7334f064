import { ArgoCdApplicationMode, ArgoCdDeliveryOptions, ExternalIcDatabase, Fleet, renderFleetFiles } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { avpSecrets } from '../submariner/fixtures';
import { expectValidManifests, fleetErrors } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { doc, foreignObject, render } from './helpers';

const REPO = 'https://git.example.com/platform/ovn-ic-fleet.git';
const FINALIZER = 'resources-finalizer.argocd.argoproj.io';

describe('Argo CD delivery of the default fleet', () => {
  const { dirs } = render(buildDefaultFleet());
  const argocd = dirs.argocd;

  test('renders exactly the projects and applications, all valid against the Argo CD CRDs', () => {
    expect(argocd.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual([
      'AppProject/argocd/ovn-ic-fleet', 'AppProject/argocd/ovn-ic-fleet-kube-ovn', 'AppProject/argocd/ovn-ic-fleet-submariner',
      'Application/argocd/az1', 'Application/argocd/az1-kube-ovn', 'Application/argocd/az1-nodes',
      'Application/argocd/az2', 'Application/argocd/az2-kube-ovn', 'Application/argocd/az2-nodes',
      'Application/argocd/cluster-a', 'Application/argocd/cluster-a-nodes', 'Application/argocd/cluster-a-submariner',
      'Application/argocd/cluster-a-submariner-broker',
      'Application/argocd/cluster-b', 'Application/argocd/cluster-b-nodes', 'Application/argocd/cluster-b-submariner',
    ]);
    expectValidManifests(argocd);
  });

  test('every document of every cluster folder stays valid with the delivery annotations', () => {
    for (const [dir, docs] of Object.entries(dirs).filter(([d]) => d.startsWith('clusters/'))) {
      expect([dir, docs.length > 0]).toEqual([dir, true]);
      expectValidManifests(docs);
    }
  });

  test('the fleet project allows exactly the kinds the cluster folders hold, no wildcard', () => {
    const spec = doc(argocd, 'AppProject', 'ovn-ic-fleet').spec;
    const kinds = (list: Array<{ group: string; kind: string }>) => list.map((r) => `${r.group}/${r.kind}`);
    expect(kinds(spec.clusterResourceWhitelist)).toEqual([
      '/Namespace', '/Node', 'kubeovn.io/ProviderNetwork', 'kubeovn.io/Subnet', 'kubeovn.io/Vlan', 'spiderpool.spidernet.io/SpiderIPPool',
    ]);
    // the operator, its RBAC and the Submariner CR come from the submariner-operator chart (project ovn-ic-fleet-submariner)
    expect(kinds(spec.namespaceResourceWhitelist)).toEqual([
      '/ConfigMap', '/Secret', '/ServiceAccount', 'apps/Deployment', 'external-secrets.io/PushSecret', 'rbac.authorization.k8s.io/RoleBinding',
      'spiderpool.spidernet.io/SpiderMultusConfig',
    ]);
    // the same set, computed independently from the rendered documents
    const rendered = Object.entries(dirs).filter(([d]) => d.startsWith('clusters/') || d.startsWith('nodes/')).flatMap(([, docs]) => docs);
    const groupKind = (d: any) => `${d.apiVersion.includes('/') ? d.apiVersion.split('/')[0] : ''}/${d.kind}`;
    expect(new Set([...kinds(spec.clusterResourceWhitelist), ...kinds(spec.namespaceResourceWhitelist)])).toEqual(new Set(rendered.map(groupKind)));
    expect(spec.namespaceResourceBlacklist).toBeUndefined();
    expect(spec.sourceRepos).toEqual([REPO]);
    expect(spec.destinations).toEqual([
      { name: 'az1', namespace: 'kube-system' }, { name: 'az2', namespace: 'kube-system' },
      // submariner-operator holds nothing namespaced of the folders: the chart's objects go through ovn-ic-fleet-submariner
      { name: 'cluster-a', namespace: 'kube-system' }, { name: 'cluster-a', namespace: 'submariner-k8s-broker' },
      { name: 'cluster-b', namespace: 'kube-system' },
    ]);
    expect(JSON.stringify(spec)).not.toContain('*');
  });

  test('the Submariner folders need no placeholder; only the operator charts go through the vault Helm plugin, after the broker', () => {
    for (const [cluster, wave] of [['cluster-a', '0'], ['cluster-b', '10']]) {
      const app = doc(argocd, 'Application', cluster);
      expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': wave });
      expect(app.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: `dist/clusters/${cluster}`, directory: { recurse: false, include: '*.k8s.yaml' } });
      expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, allowEmpty: false });
      const chart = doc(argocd, 'Application', `${cluster}-submariner`);
      expect(chart.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': String(Number(wave) + 5) });
      expect(chart.spec.source).toEqual({
        repoURL: REPO, targetRevision: 'main', path: `dist/argocd-submariner/${cluster}`,
        plugin: { name: 'argocd-vault-plugin-helm', env: [{ name: 'RELEASE_NAME', value: 'submariner-operator' }] },
      });
      expect(chart.spec.destination).toEqual({ name: cluster, namespace: 'submariner-operator' });
    }
    // the broker side: the upstream chart from its Helm repository, no placeholder, before every member
    const broker = doc(argocd, 'Application', 'cluster-a-submariner-broker');
    expect(broker.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '3' });
    expect(broker.spec.source).toEqual({
      repoURL: 'https://submariner-io.github.io/submariner-charts/charts', chart: 'submariner-k8s-broker', targetRevision: '0.18.1',
      helm: { releaseName: 'submariner-k8s-broker', valuesObject: { rbac: { create: true }, crd: { create: true }, serviceAccounts: { client: { create: false } } } },
    });
    expect(JSON.stringify(broker)).not.toContain('<path:');
    expect(argocd.filter((d) => d.metadata.name.startsWith('cluster-') && d.metadata.name.endsWith('-kube-ovn'))).toEqual([]);
  });

  test('the Kube-OVN project allows the chart repository and the chart\'s kinds only', () => {
    const spec = doc(argocd, 'AppProject', 'ovn-ic-fleet-kube-ovn').spec;
    expect(spec.sourceRepos).toEqual(['https://kubeovn.github.io/kube-ovn/']);
    expect(spec.clusterResourceWhitelist.map((r: any) => r.kind)).toEqual(['CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);
    expect(spec.namespaceResourceWhitelist.map((r: any) => r.kind)).toEqual(['ConfigMap', 'Service', 'ServiceAccount', 'DaemonSet', 'Deployment', 'Job', 'RoleBinding']);
    expect(JSON.stringify(spec)).not.toContain('*');
  });

  test.each([['az1', '0'], ['az2', '10']])('Application %s syncs its folder to the cluster of the same name (wave %s)', (cluster, wave) => {
    const app = doc(argocd, 'Application', cluster);
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': wave });
    expect(app.metadata.finalizers).toEqual([FINALIZER]);
    expect(app.spec).toEqual({
      project: 'ovn-ic-fleet',
      source: { repoURL: REPO, targetRevision: 'main', path: `dist/clusters/${cluster}`, directory: { recurse: false, include: '*.k8s.yaml' } },
      destination: { name: cluster, namespace: 'kube-system' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true, allowEmpty: false },
        syncOptions: ['FailOnSharedResource=true', 'PruneLast=true'],
        retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
      },
    });
  });

  test('app-level options never override ovn-ic-config\'s change semantics', () => {
    for (const app of argocd.filter((d) => d.kind === 'Application')) {
      const options: string[] = app.spec.syncPolicy.syncOptions;
      expect(options.filter((o) => /^(Replace|ServerSideApply|Force)=/.test(o))).toEqual([]);
    }
  });

  test.each([
    ['az1', '192.168.65.3,192.168.65.2,192.168.65.1', '10.16.0.0/16', '10.16.0.1', '100.64.0.0/16'],
    ['az2', '192.168.66.3,192.168.66.2,192.168.66.1', '10.17.0.0/16', '10.17.0.1', '100.65.0.0/16'],
  ])('installs Kube-OVN v1.13.15 on %s with values from the fleet model', (cluster, masters, pod, gateway, join) => {
    const app = doc(argocd, 'Application', `${cluster}-kube-ovn`);
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-10' });
    expect(app.metadata.finalizers).toBeUndefined(); // deleting the Application leaves the CNI running
    expect(app.spec.project).toBe('ovn-ic-fleet-kube-ovn');
    expect(app.spec.destination).toEqual({ name: cluster, namespace: 'kube-system' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true, allowEmpty: false });
    const { helm, ...source } = app.spec.source;
    expect(source).toEqual({ repoURL: 'https://kubeovn.github.io/kube-ovn/', chart: 'kube-ovn', targetRevision: 'v1.13.15' });
    expect(helm).toEqual({
      releaseName: 'kube-ovn',
      valuesObject: {
        MASTER_NODES: masters,
        global: { registry: { address: 'docker.io/kubeovn' }, images: { kubeovn: { repository: 'kube-ovn', tag: 'v1.13.15' } } },
        func: { ENABLE_IC: true },
        networking: { ENABLE_ECMP: false, TUNNEL_TYPE: 'geneve', NET_STACK: 'ipv4' },
        ipv4: { POD_CIDR: pod, POD_GATEWAY: gateway, SVC_CIDR: '10.96.0.0/12', JOIN_CIDR: join },
      },
    });
  });

  test('the chart runs ovn-ic-controller, so the cluster folders do not', () => {
    for (const cluster of ['az1', 'az2']) {
      expect(dirs[`clusters/${cluster}`].filter((d) => d.metadata.name === 'ovn-ic-controller')).toEqual([]);
    }
  });
});

describe('Argo CD delivery options', () => {
  function fleetWith(props: Partial<ArgoCdDeliveryOptions> = {}): Fleet {
    const { fleet } = twoClusterFleet();
    fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'v2', namespace: 'gitops', ...props });
    return fleet;
  }

  test('list ApplicationSet: one Application per fleet cluster, resources kept when a cluster disappears', () => {
    const argocd = render(fleetWith({ applicationMode: ArgoCdApplicationMode.APPLICATION_SET_LIST })).dirs.argocd;
    expect(argocd.filter((d) => d.kind === 'Application').map((d) => d.metadata.name).sort()).toEqual(['az1-kube-ovn', 'az2-kube-ovn']);
    const set = doc(argocd, 'ApplicationSet', 'ovn-ic-fleet');
    expect(set.metadata.namespace).toBe('gitops');
    expect(set.spec.generators).toEqual([{ list: { elements: [{ cluster: 'az1' }, { cluster: 'az2' }] } }]);
    expect(set.spec.goTemplate).toBe(true);
    expect(set.spec.goTemplateOptions).toEqual(['missingkey=error']);
    expect(set.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true, applicationsSync: 'create-update' });
    expect(set.spec.template.metadata).toEqual({ name: '{{.cluster}}', finalizers: [FINALIZER] });
    expect(set.spec.template.spec.source).toEqual({ repoURL: REPO, targetRevision: 'v2', path: 'dist/clusters/{{.cluster}}', directory: { recurse: false, include: '*.k8s.yaml' } });
    expect(set.spec.template.spec.destination).toEqual({ name: '{{.cluster}}', namespace: 'kube-system' });
    expect(set.spec.template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, allowEmpty: false });
    expectValidManifests(argocd);
  });

  test('git-directory ApplicationSet finds the cluster folders itself', () => {
    const set = doc(render(fleetWith({ applicationMode: ArgoCdApplicationMode.APPLICATION_SET_GIT, distPath: 'out/fleet' })).dirs.argocd, 'ApplicationSet', 'ovn-ic-fleet');
    expect(set.spec.generators).toEqual([{ git: { repoURL: REPO, revision: 'v2', directories: [{ path: 'out/fleet/clusters/*' }] } }]);
    expect(set.spec.template.metadata.name).toBe('{{.path.basename}}');
    expect(set.spec.template.spec.source.path).toBe('{{.path.path}}');
    expect(set.spec.template.spec.destination.name).toBe('{{.path.basename}}');
    expectValidManifests([set]);
  });

  test('project destinations list every namespace a cluster folder uses; cluster-scoped kinds are found by kind', () => {
    const { fleet, az2 } = twoClusterFleet();
    foreignObject(az2, 'Namespace', 'v1', 'submariner-operator');
    foreignObject(az2, 'Submariner', 'submariner.io/v1alpha1', 'submariner', { namespace: 'submariner-operator', spec: { clusterID: 'az2' } });
    foreignObject(az2, 'ProviderNetwork', 'kubeovn.io/v1', 'net1', { spec: { defaultInterface: 'eth1' } });
    fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'main', project: 'net' });
    const spec = doc(render(fleet).dirs.argocd, 'AppProject', 'net').spec;
    expect(spec.destinations).toEqual([
      { name: 'az1', namespace: 'kube-system' },
      { name: 'az2', namespace: 'kube-system' },
      { name: 'az2', namespace: 'submariner-operator' },
    ]);
    expect(spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }, { group: 'kubeovn.io', kind: 'ProviderNetwork' }]);
    expect(spec.namespaceResourceWhitelist).toEqual([
      { group: '', kind: 'ConfigMap' }, { group: 'apps', kind: 'Deployment' }, { group: 'submariner.io', kind: 'Submariner' },
    ]);
  });

  test('a fleet without namespaced objects denies every namespaced kind instead of allowing all', () => {
    const fleet = new Fleet();
    const c = fleet.addCluster('edge', { podCidr: '10.30.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.7.1'] });
    foreignObject(c, 'Vlan', 'kubeovn.io/v1', 'vlan7', { spec: { id: 7, provider: 'net1' } });
    fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'main', kubeOvn: { enabled: false } });
    const spec = doc(render(fleet).dirs.argocd, 'AppProject', 'ovn-ic-fleet').spec;
    expect(spec.namespaceResourceWhitelist).toBeUndefined();
    expect(spec.namespaceResourceBlacklist).toEqual([{ group: '*', kind: '*' }]);
    expect(render(fleet).dirs.argocd.map((d) => d.metadata.name).sort()).toEqual(['edge', 'ovn-ic-fleet']);
  });

  test('folders with vault placeholders (inline or by annotation) go through the vault plugin; the ApplicationSet uses it for all', () => {
    const build = (mode: ArgoCdApplicationMode) => {
      const { fleet, az1 } = twoClusterFleet();
      foreignObject(az1, 'Secret', 'v1', 'psk', { namespace: 'kube-system', annotations: { 'avp.kubernetes.io/path': 'secret/data/psk' } });
      fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'main', vaultPlugin: 'avp-helm', applicationMode: mode });
      return render(fleet).dirs.argocd;
    };
    const apps = build(ArgoCdApplicationMode.APPLICATIONS);
    expect(doc(apps, 'Application', 'az1').spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'dist/clusters/az1', plugin: { name: 'avp-helm' } });
    expect(doc(apps, 'Application', 'az2').spec.source.directory).toEqual({ recurse: false, include: '*.k8s.yaml' });
    const set = doc(build(ArgoCdApplicationMode.APPLICATION_SET_LIST), 'ApplicationSet', 'ovn-ic-fleet');
    expect(set.spec.template.spec.source.plugin).toEqual({ name: 'avp-helm' });
    expectValidManifests([set]);
  });

  test('fails on inputs that cannot address a repository or a namespace, naming each', () => {
    const errors = fleetErrors(fleetWith({ repoUrl: 'git.example.com/fleet', revision: 'my branch', namespace: 'Argo_CD', distPath: '../dist' }));
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringContaining('[argocd/ArgoCd] ArgoCdDelivery: repoUrl "git.example.com/fleet" is not a Git URL'),
      expect.stringContaining('ArgoCdDelivery: revision "my branch" is not a branch, tag or commit'),
      expect.stringContaining('ArgoCdDelivery: distPath "../dist" must be a relative folder'),
      expect.stringContaining('ArgoCdDelivery: namespace "Argo_CD" must consist of lowercase letters'),
    ]));
  });

  test('only Kubernetes manifests land in the synced folders; every other file lies outside them', () => {
    // Argo CD and Flux read every YAML file under a synced folder as a manifest. The fleet writes its
    // own non-manifest files (README, runbook, firewall flows, host files) at the top of the output, and a user's
    // constructs (addConstructs) can only add objects, which become manifests.
    const { fleet, az1 } = twoClusterFleet();
    fleet.addExternalIcDatabase('edge-ic', { hosts: [{ ip: '192.168.80.1' }] });
    fleet.addCluster('edge', { podCidr: '10.30.0.0/16', joinCidr: '100.90.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.7.1'], gatewayNodes: ['edge-gw'] });
    foreignObject(az1, 'ConfigMap', 'v1', 'notes', { namespace: 'kube-system' });
    fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'main' });
    fleet.deliverWithFlux({ repoUrl: REPO, revision: 'main' });
    const files = renderFleetFiles(fleet).files.map((f) => f.file);
    const synced = ['clusters/', 'nodes/', 'argocd/', 'flux/', 'flux-kube-ovn/'];
    const inSynced = files.filter((f) => synced.some((dir) => f.startsWith(dir)));
    expect(inSynced.filter((f) => !f.endsWith('.k8s.yaml'))).toEqual([]);
    expect(inSynced).toContain('clusters/az1/ConfigMap.kube-system.notes.k8s.yaml');
    expect(files.filter((f) => !inSynced.includes(f)).sort()).toEqual([
      'README.md', 'connectivity/flows.csv', 'connectivity/flows.json', 'convergence.json', 'connectivity/flows.md', 'fleet-model.json', ...files.filter((f) => f.startsWith(`${ExternalIcDatabase.OUTPUT_DIR}/`)).sort(), 'runbooks/ovn-ic.md',
    ].sort());
    expect(files.some((f) => f.startsWith(`${ExternalIcDatabase.OUTPUT_DIR}/`))).toBe(true);
  });

  test('fails when clusters depend on each other in a cycle', () => {
    // a runs the Submariner broker b joins (b waits for a); b runs the IC database a connects to (a waits for b)
    const fleet = new Fleet();
    const mk = (name: string, n: number) => fleet.addCluster(name, { podCidr: `10.${40 + n}.0.0/16`, joinCidr: `100.${80 + n}.0.0/16`, serviceCidr: `10.${100 + n}.0.0/16`, masterNodeIps: [`192.168.${n}.1`], gatewayNodes: [`${name}-gw`] });
    const a = mk('a', 1);
    const b = mk('b', 2);
    const broker = a.addSubmarinerBroker({ apiServer: 'api.a.example.com:6443' });
    a.joinSubmariner({ broker, ...avpSecrets('a') });
    b.joinSubmariner({ broker, ...avpSecrets('b') });
    const icDatabase = b.addIcServer({ nodeIps: ['192.168.2.1'] });
    a.interconnect({ icDatabase });
    b.interconnect({ icDatabase });
    fleet.deliverWithArgoCd({ repoUrl: REPO, revision: 'main' });
    const errors = fleetErrors(fleet);
    // one report per cycle, at the first cluster found on it
    expect(errors.filter((e) => e.includes('depends on itself'))).toEqual([
      '[a] cluster "a" depends on itself through "b" (IC database or Submariner broker hosts); the delivery cannot order the clusters, run the IC database and the broker in clusters that do not depend on the others',
    ]);
  });
});
