import { CLUSTER_SCOPED_BUILTIN_KINDS } from '../validate/scope';

/**
 * What the delivery rules look at: an object's API group, kind, name and namespace. Every rule in
 * this folder is a function of these, never of a construct class, so objects from any construct
 * (underlay, Submariner, Spiderpool, ...) are handled the same way.
 */
export interface ObjectRef {
  /** API group, `''` for the core group. */
  readonly apiGroup: string;
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace`, undefined when the object sets none. */
  readonly namespace?: string;
}

/** A rendered document: what `ApiObject.toJson()` returns. */
export interface RenderedDocument {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; annotations?: Record<string, string>; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `''` (cdk8s's `apiGroup` says `core`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The ref of a rendered document. */
export function refOf(doc: RenderedDocument): ObjectRef {
  return { apiGroup: apiGroupOf(doc.apiVersion), kind: doc.kind, name: doc.metadata?.name ?? '', namespace: doc.metadata?.namespace };
}

/** `Kind "ns/name"` (or `Kind "name"`) for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} "${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}"`;
}

/** API groups served by Kubernetes itself; anything else is a custom resource. */
const BUILT_IN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io',
  'networking.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'admissionregistration.k8s.io',
  'apiregistration.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'node.k8s.io',
  'certificates.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io',
]);

/** True for objects whose kind comes from a CustomResourceDefinition. */
export function isCustomResource(ref: Pick<ObjectRef, 'apiGroup'>): boolean {
  return !BUILT_IN_GROUPS.has(ref.apiGroup);
}

/** Custom kinds known to be cluster-scoped: every Kube-OVN kind, Spiderpool's pools and coordinator. */
const CLUSTER_SCOPED_CUSTOM: Record<string, ReadonlySet<string> | 'all'> = {
  'kubeovn.io': 'all',
  'spiderpool.spidernet.io': new Set(['SpiderIPPool', 'SpiderSubnet', 'SpiderCoordinator', 'SpiderReservedIP']),
};

/**
 * Whether the API server treats the kind as cluster-scoped: built-in kinds from the validator's
 * table, known custom kinds from the CRDs, else from the object itself (a custom resource rendered
 * without a namespace is taken as cluster-scoped; the validator requires namespaced objects to
 * name their namespace).
 */
export function isClusterScoped(ref: ObjectRef): boolean {
  if (!isCustomResource(ref)) return CLUSTER_SCOPED_BUILTIN_KINDS.has(ref.kind);
  const known = CLUSTER_SCOPED_CUSTOM[ref.apiGroup];
  if (known === 'all' || known?.has(ref.kind)) return true;
  return ref.namespace === undefined;
}

/** An argocd-vault-plugin placeholder, `<path:secret/data/x#key>`. */
const VAULT_PLACEHOLDER = /<path:[^<>\s]+>/;
/** The annotation that turns `<key>` placeholders of an object into argocd-vault-plugin ones. */
const VAULT_PATH_ANNOTATION = 'avp.kubernetes.io/path';

/**
 * True when a rendered document holds argocd-vault-plugin placeholders (`<path:...>` anywhere, or the
 * `avp.kubernetes.io/path` annotation): only Argo CD with that plugin can apply it.
 */
export function hasVaultPlaceholders(doc: RenderedDocument): boolean {
  if (doc.metadata?.annotations?.[VAULT_PATH_ANNOTATION] !== undefined) return true;
  return holdsPlaceholder(doc);
}

/** A string (key or value) anywhere in `value` holds a placeholder, as it reads in the document's JSON. */
function holdsPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('<path:') && VAULT_PLACEHOLDER.test(JSON.stringify(value));
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    // holes read as undefined: no placeholder, as `some` skipping them
    for (let i = 0; i < value.length; i++) if (holdsPlaceholder(value[i])) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    if ((key.includes('<path:') && holdsPlaceholder(key)) || holdsPlaceholder((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Sorted, duplicate-free copy. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
