import { prepareFolder, SyncWave } from '../../src';
import { sharedSummary } from '../../src/gitops/folder';
import { hasVaultPlaceholders, RenderedDocument } from '../../src/gitops/objects';
import { parseCidrList } from '../../src/net';

const ARGO = { argoCd: true, flux: false };
const FLUX = { argoCd: false, flux: true };

/** A cluster folder's documents, fresh each call. */
function folder(): RenderedDocument[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ovn-ic-config', namespace: 'kube-system', labels: { b: '1', a: '2' } }, data: { x: 'y' } },
    {
      apiVersion: 'kubeovn.io/v1', kind: 'Subnet',
      metadata: { name: 'ovn-default', annotations: { 'z.example.com/last': 'z', 'argocd.argoproj.io/sync-options': 'Force=true,Prune=true' } },
      spec: { cidrBlock: '10.16.0.0/16,fd00:10:16::/64', gateway: '10.16.0.1' },
    },
    { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 'bad' }, spec: { cidrBlock: 'not-a-cidr' } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ovn-ic-server', namespace: 'kube-system' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'other' }, stringData: { v: '<path:secret/data/x#key>' } },
  ];
}

describe('prepareFolder', () => {
  test('annotations: merged, keys of metadata and annotations sorted, the old metadata objects left as they were', () => {
    const docs = folder();
    const oldMetadata = docs[2].metadata;
    const oldAnnotations = { ...oldMetadata.annotations };
    const { summary, warnings } = prepareFolder('az1', docs, ARGO, hasVaultPlaceholders);
    const subnet = docs[2].metadata;
    expect(subnet).not.toBe(oldMetadata);
    expect(oldMetadata.annotations).toEqual(oldAnnotations);
    expect(Object.keys(subnet)).toEqual(['annotations', 'name']);
    expect(Object.entries(subnet.annotations!)).toEqual([
      ['argocd.argoproj.io/sync-options', 'Force=true,Prune=true,Delete=confirm'],
      ['argocd.argoproj.io/sync-wave', String(SyncWave.SUBNETS.wave)],
      ['z.example.com/last', 'z'],
    ]);
    expect(warnings).toEqual([
      'cluster "az1", Subnet "ovn-default": argocd.argoproj.io/sync-options already sets Prune=true, kept instead of Prune=confirm; remove it there if the delivery default is wanted',
    ]);
    expect(summary.forcedObjects).toEqual(['Subnet "ovn-default"']);
    expect(summary.guardedObjects).toBe(5); // ovn-ic-config, ovn-ic-server, both Subnets and the Namespace holding the first two
    const configMap = docs[1].metadata;
    expect(Object.keys(configMap)).toEqual(['annotations', 'labels', 'name', 'namespace']);
    expect(Object.keys(configMap.labels as object)).toEqual(['b', 'a']); // only metadata and annotations are re-sorted
    expect(configMap.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=confirm,Delete=confirm', 'argocd.argoproj.io/sync-wave': String(SyncWave.IC_CONFIG.wave) });
    expect(docs[5].metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': String(SyncWave.CONFIG.wave) });
  });

  test('Flux: prune disabled on network-critical objects only', () => {
    const docs = folder();
    prepareFolder('az1', docs, FLUX, hasVaultPlaceholders);
    expect(docs.map((d) => d.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune'])).toEqual(['disabled', 'disabled', 'disabled', 'disabled', 'disabled', undefined]);
  });

  test('the summary: sorted kinds and namespaces, workloads, vault objects, subnets with their CIDRs parsed when asked', () => {
    const { summary } = prepareFolder('az1', folder(), ARGO, hasVaultPlaceholders);
    expect(summary.clusterKinds).toEqual(['/Namespace', 'kubeovn.io/Subnet']);
    expect(summary.namespacedKinds).toEqual(['/ConfigMap', '/Secret', 'apps/Deployment']);
    expect(summary.namespaces).toEqual(['kube-system', 'other']);
    expect(summary.workloads).toEqual([{ kind: 'Deployment', name: 'ovn-ic-server', namespace: 'kube-system' }]);
    expect(summary.vaultObjects).toEqual(['Secret "other/s"']);
    expect(summary.subnets.map((s) => [s.name, s.cidrBlock, s.gateway, s.cidrs.map(String)])).toEqual([
      ['ovn-default', '10.16.0.0/16,fd00:10:16::/64', '10.16.0.1', parseCidrList('10.16.0.0/16,fd00:10:16::/64')!.map(String)],
      ['bad', 'not-a-cidr', undefined, []],
    ]);
  });

  test('clusters with the same kinds, namespaces and workloads share one frozen array of each', () => {
    const a = prepareFolder('az1', folder(), ARGO, hasVaultPlaceholders).summary;
    const b = prepareFolder('az2', folder(), ARGO, hasVaultPlaceholders).summary;
    for (const key of ['clusterKinds', 'namespacedKinds', 'namespaces', 'workloads', 'vaultObjects', 'forcedObjects'] as const) {
      expect([key, a[key] === b[key], Object.isFrozen(a[key])]).toEqual([key, true, true]);
    }
    expect(Object.isFrozen(a.workloads[0])).toBe(true);
    const other = folder().slice(0, 2);
    const c = prepareFolder('az3', other, ARGO, hasVaultPlaceholders).summary;
    expect(c.namespacedKinds).toEqual(['/ConfigMap']);
    expect(c.namespacedKinds).not.toBe(a.namespacedKinds);
    expect(c.workloads).toEqual([]);
  });

  test('a namespace that is not a string (JavaScript input) is kept as it is, not merged with its string', () => {
    const docs = (ns: unknown) => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: ns } }] as unknown as RenderedDocument[];
    const text = prepareFolder('az1', docs('5'), ARGO, hasVaultPlaceholders).summary;
    const number = prepareFolder('az1', docs(5), ARGO, hasVaultPlaceholders).summary;
    expect(text.namespaces).toEqual(['5']);
    expect(number.namespaces).toEqual([5]);
  });

  test('sharedSummary: a copy that crossed threads shares the arrays again and parses its CIDRs when asked', () => {
    const original = prepareFolder('az1', folder(), ARGO, hasVaultPlaceholders).summary;
    const copy = structuredClone(original);
    expect(copy.clusterKinds).not.toBe(original.clusterKinds);
    expect((copy.subnets[0] as { cidrs?: unknown }).cidrs).toBeUndefined(); // a getter does not cross
    const again = sharedSummary(copy);
    for (const key of ['clusterKinds', 'namespacedKinds', 'namespaces', 'workloads', 'vaultObjects', 'forcedObjects'] as const) {
      expect([key, again[key] === original[key]]).toEqual([key, true]);
    }
    expect({ ...again, subnets: [] }).toEqual({ ...original, subnets: [] });
    expect(again.subnets.map((s) => [s.name, s.cidrBlock, s.gateway, s.cidrs.map(String)]))
      .toEqual(original.subnets.map((s) => [s.name, s.cidrBlock, s.gateway, s.cidrs.map(String)]));
  });
});
