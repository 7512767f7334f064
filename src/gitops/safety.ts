import { IcServer } from '../ovn-ic/ic-server';
import { InterconnectedCluster } from '../ovn-ic/interconnected-cluster';
import { BROKER_NAMESPACE } from '../submariner/broker';
import { OPERATOR_NAMESPACE } from '../submariner/operator';
import { isCustomResource, ObjectRef, RenderedDocument } from './objects';

/**
 * Objects whose loss cuts a cluster's network: deleting them tears down the interconnection
 * (ovn-ic-config, the IC database `ovn-ic-server`), an underlay (ProviderNetwork, Vlan, Subnet),
 * the Submariner tunnels (the Submariner CR, the operator's Namespace, the broker's member
 * ServiceAccounts and their token Secrets: without them no member reaches the broker) or
 * Spiderpool's pod addressing. A bad commit must not remove them without a human confirming.
 */
const NETWORK_CRITICAL: ReadonlyArray<(ref: ObjectRef) => boolean> = [
  (r) => r.apiGroup === '' && r.kind === 'ConfigMap' && r.name === InterconnectedCluster.CONFIG_MAP_NAME,
  (r) => r.apiGroup === 'apps' && r.kind === 'Deployment' && r.name === IcServer.NAME && r.namespace === IcServer.NAMESPACE,
  (r) => r.apiGroup === 'kubeovn.io' && ['ProviderNetwork', 'Vlan', 'Subnet'].includes(r.kind),
  (r) => r.apiGroup === 'submariner.io' && r.kind === 'Submariner',
  (r) => r.apiGroup === '' && r.kind === 'Namespace' && r.name === OPERATOR_NAMESPACE,
  (r) => r.apiGroup === '' && ['ServiceAccount', 'Secret'].includes(r.kind) && r.namespace === BROKER_NAMESPACE,
  (r) => r.apiGroup === 'spiderpool.spidernet.io' && ['SpiderIPPool', 'SpiderMultusConfig'].includes(r.kind),
];

/**
 * True for objects that may only be pruned or deleted after confirmation: the network-critical
 * objects above, and the Namespaces that hold any of them (`criticalNamespaces`, see
 * {@link namespacesOfCritical}): deleting a Namespace deletes everything in it.
 */
export function isNetworkCritical(ref: ObjectRef, criticalNamespaces: ReadonlySet<string> = new Set()): boolean {
  if (ref.apiGroup === '' && ref.kind === 'Namespace' && criticalNamespaces.has(ref.name)) return true;
  return NETWORK_CRITICAL.some((test) => test(ref));
}

/** The namespaces of the network-critical objects among `refs`. */
export function namespacesOfCritical(refs: readonly ObjectRef[]): Set<string> {
  return new Set(refs.filter((r) => r.namespace !== undefined && isNetworkCritical(r)).map((r) => r.namespace!));
}

/**
 * API groups whose CRDs an operator installs at runtime, so the CRD arrives during the sync that
 * also applies the operator: the Submariner operator creates the submariner.io and
 * multicluster.x-k8s.io CRDs when it starts.
 */
export const DEFAULT_OPERATOR_MANAGED_CRD_GROUPS: readonly string[] = ['submariner.io', 'multicluster.x-k8s.io'];

/** `group/Kind` of every CRD among `docs` (from the CRD's `spec.group` and `spec.names.kind`). */
export function renderedCrdKinds(docs: readonly RenderedDocument[]): Set<string> {
  const kinds = new Set<string>();
  for (const doc of docs) {
    if (doc.kind !== 'CustomResourceDefinition' || !String(doc.apiVersion).startsWith('apiextensions.k8s.io/')) continue;
    const spec = (doc.spec ?? {}) as { group?: string; names?: { kind?: string } };
    if (spec.group && spec.names?.kind) kinds.add(`${spec.group}/${spec.names.kind}`);
  }
  return kinds;
}

/**
 * Custom resources whose CRD is not installed before the sync starts: the CRD is rendered in the
 * same folder, or an operator of the same folder installs it at runtime. Argo CD must skip their
 * dry run (`SkipDryRunOnMissingResource=true`), which would otherwise fail the whole sync.
 */
export function crdArrivesInSameSync(ref: ObjectRef, crdKinds: ReadonlySet<string>, operatorGroups: readonly string[]): boolean {
  if (!isCustomResource(ref)) return false;
  return crdKinds.has(`${ref.apiGroup}/${ref.kind}`) || operatorGroups.includes(ref.apiGroup);
}

/**
 * Custom resources that Flux must apply only after their operator runs: their CRD is installed
 * by the operator at runtime and not rendered in the folder. Flux applies a folder in one
 * server-side apply after the CRDs, Namespaces and ClusterRoles it contains, and an object of an unknown kind
 * fails that apply; so these go to a second Kustomization that depends on the first.
 */
export function isOperand(ref: ObjectRef, crdKinds: ReadonlySet<string>, operatorGroups: readonly string[]): boolean {
  return isCustomResource(ref) && operatorGroups.includes(ref.apiGroup) && !crdKinds.has(`${ref.apiGroup}/${ref.kind}`);
}
