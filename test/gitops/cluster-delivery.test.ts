import { App, Chart } from 'cdk8s';
import { ArgoCdClusterDelivery, ArgoCdDelivery, Cni, Fleet, FluxDelivery, renderFleetFiles, resolveFleet, SecretSource, validateFleet } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import type { DeliveredCluster } from '../../src/gitops/delivery';
import { collectProblems } from '../../src/rules';
import { renderChart } from '../../src/synthesis/files';

// The fleet renderer builds each cluster's delivery objects (ArgoCdClusterDelivery / FluxClusterDelivery) in charts of
// their own, right after the cluster's folder; a delivery built in one chart (`clusterObjects`, the default) builds
// the same constructs under itself. Both must write the same files and report the same problems.

/**
 * The clusters the fleet renderer handed to each cluster's own delivery objects, in render order (taken from
 * `ArgoCdClusterDelivery.isNeeded`, which the renderer asks with the full cluster, its Submariner release included,
 * whenever the fleet is delivered with Argo CD; the fleet-wide objects get Submariner's plain facts only).
 */
function deliveredOf(render: () => void): DeliveredCluster[] {
  const spy = jest.spyOn(ArgoCdClusterDelivery, 'isNeeded');
  try {
    render();
    expect(spy).toHaveBeenCalled();
    return spy.mock.calls.map((call) => call[1]);
  } finally {
    spy.mockRestore();
  }
}

const underAny = (dirs: readonly string[]) => (file: string) => dirs.some((d) => file.startsWith(`${d}/`));

describe('one chart per cluster or one chart for the fleet: the same delivery files', () => {
  const fleet = buildDefaultFleet();
  const { argoCd, flux } = resolveFleet(fleet).delivery;
  let files: Array<{ file: string; content: string }> = [];
  const render = () => {
    files = renderFleetFiles(fleet).files;
  };

  test('Argo CD: Applications (folders, nodes, kube-ovn, Submariner charts), AppProjects and wrapper charts', () => {
    const clusters = deliveredOf(render);
    expect(clusters.some((c) => c.submariner?.operator) && clusters.some((c) => (c.nodes ?? []).length > 0)).toBe(true);
    const chart = new Chart(new App(), ArgoCdDelivery.OUTPUT_DIR);
    const delivery = new ArgoCdDelivery(chart, 'ArgoCd', { ...argoCd!, clusters });
    expect(collectProblems(chart).errors).toEqual([]);
    const alone = [...renderChart(chart, ArgoCdDelivery.OUTPUT_DIR), ...delivery.files()];
    const inFleet = files.filter((f) => underAny([ArgoCdDelivery.OUTPUT_DIR, ArgoCdDelivery.SUBMARINER_DIR])(f.file));
    expect(alone.map((f) => f.file)).toEqual(expect.arrayContaining([
      'argocd/Application.argocd.cluster-a-submariner-broker.k8s.yaml', 'argocd/Application.argocd.cluster-b-submariner.k8s.yaml',
      'argocd-submariner/cluster-b/values.yaml',
    ]));
    expect(sorted(alone)).toEqual(sorted(inFleet));
  });

  test('Flux: Kustomizations (nodes, kube-ovn, folders, Submariner), HelmReleases and ExternalSecrets', () => {
    const clusters = deliveredOf(render);
    const app = new App();
    const chart = new Chart(app, FluxDelivery.OUTPUT_DIR);
    const releases = new Map<string, Chart>();
    new FluxDelivery(chart, 'Flux', { ...flux!, clusters }, (cluster, dir) => {
      const id = `${dir}/${cluster}`;
      return releases.get(id) ?? releases.set(id, new Chart(new App(), id)).get(id)!;
    });
    expect(collectProblems(chart).errors).toEqual([]);
    const alone = [...renderChart(chart, FluxDelivery.OUTPUT_DIR), ...[...releases].flatMap(([dir, c]) => renderChart(c, dir))];
    const inFleet = files.filter((f) => underAny([FluxDelivery.OUTPUT_DIR, FluxDelivery.RELEASES_DIR, FluxDelivery.SUBMARINER_DIR])(f.file));
    expect(alone.map((f) => f.file)).toEqual(expect.arrayContaining([
      'flux/Kustomization.flux-system.cluster-a-submariner.k8s.yaml', 'flux-submariner/cluster-b/HelmRelease.flux-system.cluster-b-submariner-operator.k8s.yaml',
    ]));
    expect(sorted(alone)).toEqual(sorted(inFleet));
  });
});

test('a chart-values problem of one cluster is reported on the delivery (`[argocd/ArgoCd] ArgoCdDelivery: ...`) in both', () => {
  // cluster-a (broker + member) and cluster-b (member): Argo CD cannot feed an existingSecret token into chart values
  const fleet = new Fleet();
  const [a, b] = ['cluster-a', 'cluster-b'].map((name, i) => fleet.addCluster(name, {
    podCidr: `172.${110 + i}.0.0/16`, serviceCidr: `10.${233 + i}.0.0/18`, cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw'],
  }));
  const broker = a.addSubmarinerBroker({ apiServer: '10.6.168.73:6443', credentialStore: { store: { name: 'store', kind: 'ClusterSecretStore' } } });
  for (const m of [a, b]) m.joinSubmariner({ broker, healthCheck: false, brokerToken: SecretSource.existingSecret('member-token') });
  const options = { repoUrl: 'https://git.example.com/fleet.git', revision: 'main' };
  fleet.deliverWithArgoCd(options);
  let errors: string[] = [];
  const clusters = deliveredOf(() => {
    errors = validateFleet(fleet).errors;
  });
  const expected = ['cluster-a', 'cluster-b'].map((c) => `[argocd/ArgoCd] ArgoCdDelivery: cluster "${c}", submariner-operator chart (Argo CD): brokerToken `
    + '(values broker.token) is SecretSource.existingSecret(...), but Argo CD cannot feed a Kubernetes Secret into chart values; give the broker a '
    + 'credentialStore (its PushSecrets write what argocd-vault-plugin reads) or use SecretSource.argocdVaultPlugin(...)');
  expect(errors).toEqual(expected);
  const chart = new Chart(new App(), ArgoCdDelivery.OUTPUT_DIR);
  new ArgoCdDelivery(chart, 'ArgoCd', { ...options, clusters });
  expect(collectProblems(chart).errors).toEqual(expected);
});

function sorted(files: ReadonlyArray<{ file: string; content: string }>): Array<{ file: string; content: string }> {
  return [...files].map((f) => ({ file: f.file, content: f.content })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
