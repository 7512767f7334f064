import * as YAML from 'yaml';
import { Fleet, FleetValidationError, renderFleetFiles } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { expectValidManifests, fleetErrors, fleetWarnings } from '../support/manifests';
import { doc, render } from './helpers';

/*
 * Minimum Argo CD versions, checked against Argo CD's docs at the release tags
 * (github.com/argoproj/argo-cd docs/user-guide/sync-options.md, docs/user-guide/helm.md):
 * Prune=confirm/Delete=confirm first at v2.14.0, per-resource Force=true first at v2.12.0,
 * helm.valuesObject first at v2.8.0. See src/gitops/argocd-version.ts.
 */

const OPTIONS = 'argocd.argoproj.io/sync-options';

/** The default fleet delivered to an Argo CD of `version` (undefined: the prop left out). */
function defaultFleetAt(version: unknown): Fleet {
  // from JavaScript any value can arrive here
  return buildDefaultFleet({ argoCdVersion: version as string });
}

/** `cluster: Kind ns/name => sync-options` of every cluster-folder object that has sync options. */
function syncOptions(dirs: Record<string, any[]>): string[] {
  return Object.entries(dirs).filter(([d]) => d.startsWith('clusters/')).flatMap(([d, docs]) => docs
    .filter((x) => x.metadata.annotations?.[OPTIONS] !== undefined)
    .map((x) => `${d.slice('clusters/'.length)}: ${x.kind} ${x.metadata.namespace ?? ''}/${x.metadata.name} => ${x.metadata.annotations[OPTIONS]}`))
    .sort();
}

const versionWarnings = (fleet: Fleet) => fleetWarnings(fleet).filter((w) => w.includes('[argocd/ArgoCd]'));

describe('Argo CD version of the default fleet', () => {
  const atDefault = render(buildDefaultFleet());

  test('the default is 3.5 (the pinned CRDs are v3.5.1): naming it renders the same files, without a version warning', () => {
    expect(render(defaultFleetAt('3.5')).files).toEqual(atDefault.files);
    expect(versionWarnings(buildDefaultFleet())).toEqual([]);
  });

  test('every network-critical object, and the Namespaces holding them, wait for confirmation', () => {
    const confirm = 'Prune=confirm,Delete=confirm';
    expect(syncOptions(atDefault.dirs)).toEqual([
      'az1: ConfigMap kube-system/ovn-ic-config => Force=true,ServerSideApply=false,Prune=confirm,Delete=confirm',
      // the IC database: deleting it drops every cluster's interconnection
      `az1: Deployment kube-system/ovn-ic-server => ${confirm}`,
      `az1: ProviderNetwork /net1 => ${confirm}`,
      `az1: Subnet /subnet1 => ${confirm}`,
      `az1: Subnet /subnet2 => ${confirm}`,
      `az1: Vlan /vlan1 => ${confirm}`,
      `az1: Vlan /vlan2 => ${confirm}`,
      'az2: ConfigMap kube-system/ovn-ic-config => Force=true,ServerSideApply=false,Prune=confirm,Delete=confirm',
      `az2: Subnet /no-advertise => ${confirm}`,
      // the broker namespace holds the member credentials; the operator namespace holds the Submariner CR
      `cluster-a: Namespace /submariner-k8s-broker => ${confirm}`,
      `cluster-a: Namespace /submariner-operator => ${confirm}`,
      // not network-critical (the store's copy of a credential): their CRD comes with ESO
      'cluster-a: PushSecret submariner-k8s-broker/cluster-cluster-a-credentials => SkipDryRunOnMissingResource=true',
      'cluster-a: PushSecret submariner-k8s-broker/cluster-cluster-b-credentials => SkipDryRunOnMissingResource=true',
      // the broker credentials of the members
      `cluster-a: Secret submariner-k8s-broker/cluster-cluster-a-token => ${confirm}`,
      `cluster-a: Secret submariner-k8s-broker/cluster-cluster-b-token => ${confirm}`,
      `cluster-a: ServiceAccount submariner-k8s-broker/cluster-cluster-a => ${confirm}`,
      `cluster-a: ServiceAccount submariner-k8s-broker/cluster-cluster-b => ${confirm}`,
      `cluster-a: SpiderIPPool /cluster-a => ${confirm}`,
      `cluster-a: SpiderMultusConfig kube-system/macvlan-conf => ${confirm}`,
      `cluster-b: Namespace /submariner-operator => ${confirm}`,
      `cluster-b: SpiderIPPool /cluster-b => ${confirm}`,
      `cluster-b: SpiderMultusConfig kube-system/macvlan-conf => ${confirm}`,
    ]);
  });

  test('the README\'s root app retries with backoff (flags of `argocd app create`, Argo CD CLI reference v3.5.1)', () => {
    expect(atDefault.files['README.md']).toContain('--sync-policy automated --sync-retry-limit 10 --sync-retry-backoff-duration 30s '
      + '--sync-retry-backoff-factor 2 --sync-retry-backoff-max-duration 10m`');
  });
});

describe('fallbacks below a feature\'s minimum Argo CD version', () => {
  test('below 2.14: Prune=false,Delete=false instead of the confirm options, one warning', () => {
    const fleet = defaultFleetAt('2.13.4');
    const { dirs, files } = render(fleet);
    const expected = syncOptions(render(buildDefaultFleet()).dirs).map((o) => o.replace('Prune=confirm,Delete=confirm', 'Prune=false,Delete=false'));
    expect(syncOptions(dirs)).toEqual(expected);
    expect(Object.entries(files).filter(([f, text]) => f.startsWith('clusters/') && text.includes('=confirm'))).toEqual([]);
    for (const docs of Object.values(dirs)) expectValidManifests(docs);
    expect(versionWarnings(fleet)).toEqual([
      '[argocd/ArgoCd] Argo CD 2.13.4 does not know the per-resource sync options Prune=confirm and Delete=confirm (new in Argo CD 2.14): '
      + 'the 20 network-critical objects of az1, az2, cluster-a, cluster-b get Prune=false,Delete=false instead, so Argo CD never prunes them '
      + 'nor deletes them with their Application: removing one from the fleet (or deleting the Application) leaves it running until a person '
      + 'deletes it by hand (kubectl delete); upgrade Argo CD to 2.14 or later to confirm removals in Argo CD instead',
    ]);
    expect(files['README.md']).toContain('carry `Prune=false,Delete=false` (Argo CD 2.13.4 has no confirm options): Argo CD never prunes or deletes them');
    expect(files['README.md']).not.toContain('Confirm Pruning');
  });

  test('at 2.14 the confirm options stay, without a warning', () => {
    const fleet = defaultFleetAt('2.14');
    expect(syncOptions(render(fleet).dirs)).toEqual(syncOptions(render(buildDefaultFleet()).dirs));
    expect(versionWarnings(fleet)).toEqual([]);
  });

  test('below 2.12: Force=true stays on ovn-ic-config, one warning names the manual delete', () => {
    const fleet = defaultFleetAt('2.11');
    const { dirs } = render(fleet);
    expect(doc(dirs['clusters/az1'], 'ConfigMap', 'ovn-ic-config').metadata.annotations[OPTIONS]).toBe('Force=true,ServerSideApply=false,Prune=false,Delete=false');
    const warnings = versionWarnings(fleet);
    // one per fallback: the confirm options and Force=true
    expect(warnings.map((w) => w.slice(0, w.indexOf('(new in'))).sort()).toEqual([
      '[argocd/ArgoCd] Argo CD 2.11 does not know the per-resource sync option Force=true ',
      '[argocd/ArgoCd] Argo CD 2.11 does not know the per-resource sync options Prune=confirm and Delete=confirm ',
    ]);
    expect(warnings.find((w) => w.includes('Force=true'))).toBe(
      '[argocd/ArgoCd] Argo CD 2.11 does not know the per-resource sync option Force=true (new in Argo CD 2.12): it stays on '
      + 'ConfigMap "kube-system/ovn-ic-config" in az1, ConfigMap "kube-system/ovn-ic-config" in az2 (older versions ignore it), but a sync '
      + 'cannot recreate these immutable objects: after a change to one, delete it by hand in its cluster '
      + '(e.g. `kubectl -n kube-system delete configmap ovn-ic-config`) and sync again, else the sync fails and is retried; '
      + 'upgrade Argo CD to 2.12 or later to have the sync recreate them');
  });

  test('at 2.12 no Force=true warning', () => {
    expect(versionWarnings(defaultFleetAt('2.12')).filter((w) => w.includes('Force=true'))).toEqual([]);
  });

  test('below 2.8: helm.values holds the same values as YAML instead of valuesObject, one warning', () => {
    const fleet = defaultFleetAt('2.7');
    const { dirs } = render(fleet);
    const current = render(buildDefaultFleet()).dirs.argocd;
    for (const name of ['az1-kube-ovn', 'az2-kube-ovn']) {
      const helm = doc(dirs.argocd, 'Application', name).spec.source.helm;
      const valuesObject = doc(current, 'Application', name).spec.source.helm.valuesObject;
      expect(Object.keys(helm).sort()).toEqual(['releaseName', 'values']);
      expect(typeof helm.values).toBe('string');
      expect(YAML.parse(helm.values)).toEqual(valuesObject);
      expect(valuesObject.MASTER_NODES).toBeDefined();
    }
    expectValidManifests(dirs.argocd);
    // deterministic: the same string every render
    expect(render(defaultFleetAt('2.7')).files).toEqual(render(fleet).files);
    const warnings = versionWarnings(fleet).filter((w) => w.includes('valuesObject'));
    expect(warnings).toEqual([
      '[argocd/ArgoCd] Argo CD 2.7 does not know spec.source.helm.valuesObject (new in Argo CD 2.8): the Applications az1-kube-ovn, az2-kube-ovn '
      + 'carry the same chart values as the YAML string spec.source.helm.values instead; the chart renders the same, only the values are one '
      + 'string in the Application (upgrade Argo CD to 2.8 or later for valuesObject)',
    ]);
    expect(versionWarnings(fleet)).toHaveLength(3);
  });

  test('at 2.8 valuesObject stays, without a warning', () => {
    const fleet = defaultFleetAt('v2.8.0');
    expect(doc(render(fleet).dirs.argocd, 'Application', 'az1-kube-ovn').spec.source.helm.values).toBeUndefined();
    expect(versionWarnings(fleet).filter((w) => w.includes('valuesObject'))).toEqual([]);
  });
});

describe('a bad argoCdVersion', () => {
  const fix = "give the major.minor (or major.minor.patch) of the Argo CD that syncs the fleet, e.g. '3.5' or '2.13.4' (`argocd version` prints it)";
  test.each([
    ['3', 'argoCdVersion "3" is not an Argo CD version'],
    ['latest', 'argoCdVersion "latest" is not an Argo CD version'],
    ['3.x', 'argoCdVersion "3.x" is not an Argo CD version'],
    ['2.14.0-rc1', 'argoCdVersion "2.14.0-rc1" is not an Argo CD version'],
    ['', 'argoCdVersion "" is not an Argo CD version'],
    ['0.9', 'argoCdVersion "0.9" is not an Argo CD release (the first is 1.0)'],
    [3.5, 'argoCdVersion must be a string, got number 3.5'],
  ])('%p is an error with the fix, and nothing is rendered', (value, message) => {
    const fleet = defaultFleetAt(value);
    expect(fleetErrors(fleet)).toEqual([`[argocd/ArgoCd] ArgoCdDelivery: ${message}; ${fix}`]);
    expect(() => renderFleetFiles(fleet)).toThrow(FleetValidationError);
  });
});
