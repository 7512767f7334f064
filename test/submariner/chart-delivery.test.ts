import { Cni, Fleet, SecretSource, SubmarinerCrds, type SubmarinerMembershipProps } from '../../src';
import { doc, render } from '../gitops/helpers';
import { fleetErrors, fleetWarnings } from '../support/manifests';

const REPO = { repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' };
const STORE = { store: { name: 'submariner-credentials', kind: 'ClusterSecretStore' as const } };

/** cluster-a (broker + member) and cluster-b (member), Spiderpool macvlan; `deliver` picks the deliveries. */
function fleetOf(opts: { deliver?: Array<'argocd' | 'flux'>; store?: unknown; join?: Partial<SubmarinerMembershipProps> } = {}): Fleet {
  const fleet = new Fleet();
  const [a, b] = ['cluster-a', 'cluster-b'].map((name, i) => fleet.addCluster(name, {
    podCidr: `172.${110 + i}.0.0/16`, serviceCidr: `10.${233 + i}.0.0/18`, cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw'],
  }));
  const broker = a.addSubmarinerBroker({ apiServer: '10.6.168.73:6443', credentialStore: (opts.store ?? STORE) as any });
  for (const m of [a, b]) m.joinSubmariner({ broker, healthCheck: false, ...opts.join });
  for (const d of opts.deliver ?? ['argocd', 'flux']) (d === 'argocd' ? fleet.deliverWithArgoCd(REPO) : fleet.deliverWithFlux(REPO));
  return fleet;
}

test('the chart cannot express preferredServer or other health-check timing: an error naming the field and the fix', () => {
  const errors = fleetErrors(fleetOf({ join: { preferredServer: true, healthCheckIntervalSeconds: 2 } }));
  expect(errors).toEqual(expect.arrayContaining([
    '[cluster-a/SubmarinerJoin] cluster "cluster-a", SubmarinerJoin: preferredServer is true, but the submariner-operator chart 0.18.1 renders the Submariner CR with false and has no values key for it; leave preferredServer unset',
    '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: healthCheckIntervalSeconds is 2, but the submariner-operator chart 0.18.1 renders the Submariner CR with 1 and has no values key for it; leave healthCheckIntervalSeconds unset',
  ]));
  expect(errors).toHaveLength(4);
});

test('Argo CD cannot feed a Secret into the chart values: an existingSecret token is refused, Flux takes it through valuesFrom', () => {
  const join = { brokerToken: SecretSource.existingSecret('member-token') };
  expect(fleetErrors(fleetOf({ deliver: ['argocd'], join }))).toEqual(['cluster-a', 'cluster-b'].map((c) => `[argocd/ArgoCd] ArgoCdDelivery: cluster "${c}", submariner-operator chart (Argo CD): brokerToken (values broker.token) is SecretSource.existingSecret(...), but Argo CD cannot feed a Kubernetes Secret into chart values; give the broker a credentialStore (its PushSecrets write what argocd-vault-plugin reads) or use SecretSource.argocdVaultPlugin(...)`));
  const flux = fleetOf({ deliver: ['flux'], join });
  expect(fleetErrors(flux)).toEqual([]);
  const spec = doc(render(flux).dirs['flux-submariner/cluster-b'], 'HelmRelease', 'cluster-b-submariner-operator').spec;
  expect(spec.valuesFrom[0]).toEqual({ kind: 'Secret', name: 'member-token', valuesKey: 'token', targetPath: 'broker.token' });
  expect(spec.valuesFrom.slice(1).map((v: any) => v.name)).toEqual(['cluster-b-submariner-credentials', 'cluster-b-submariner-credentials']);
});

test('without a delivery the credential store cannot reach the hand-rendered operator: the join says so', () => {
  const errors = fleetErrors(fleetOf({ deliver: [] }));
  expect(errors).toContain('[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: brokerToken is not given and comes from the broker\'s credential store, which only the chart delivery reads (Argo CD or Flux); deliver the fleet, or give brokerToken as SecretSource.argocdVaultPlugin(...)');
});

test('a bad credential store is reported with its field and the fix', () => {
  const errors = fleetErrors(fleetOf({ store: { store: { name: 'Bad Name', kind: 'Vault' }, remoteKeyPrefix: '/abs/', refreshInterval: 'soon' } }));
  expect(errors).toEqual(expect.arrayContaining([
    '[cluster-a/SubmarinerBroker] cluster "cluster-a", SubmarinerBroker: credentialStore.store.name must name the SecretStore or ClusterSecretStore (lowercase letters, digits, \'-\' and \'.\'), got "Bad Name"',
    '[cluster-a/SubmarinerBroker] cluster "cluster-a", SubmarinerBroker: credentialStore.store.kind must be SecretStore or ClusterSecretStore, got "Vault"',
    '[cluster-a/SubmarinerBroker] cluster "cluster-a", SubmarinerBroker: credentialStore.remoteKeyPrefix must be a provider key without spaces, \'<\', \'>\', \'#\', \'|\' or a leading/trailing \'/\', e.g. submariner/cluster-a, got "/abs/"',
    '[cluster-a/SubmarinerBroker] cluster "cluster-a", SubmarinerBroker: credentialStore.refreshInterval "soon" is not a Go duration; give e.g. 1h',
  ]));
});

test('installed from the chart, operator.crds has no effect: a warning on the join and the broker, not silence', () => {
  const crds = SubmarinerCrds.fromFiles(['crds/submariner.yaml']);
  const warnings = fleetWarnings(fleetOf({ join: { operator: { crds } } }));
  expect(warnings.filter((w) => w.includes('operator.crds'))).toEqual(['cluster-a', 'cluster-b'].map((c) => `[${c}/SubmarinerJoin] cluster "${c}", SubmarinerJoin: `
    + 'operator.crds has no effect: the submariner-operator chart installs its own CRDs (its crds/ folder); remove it'));
  expect(fleetWarnings(fleetOf()).filter((w) => w.includes('operator.crds'))).toEqual([]);
});
