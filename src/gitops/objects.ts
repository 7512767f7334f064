import { ApiObject, Chart } from 'cdk8s';

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

/** A rendered object and its ref. */
export interface RenderedObject {
  readonly object: ApiObject;
  readonly ref: ObjectRef;
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `''` (cdk8s's `apiGroup` says `core`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The ref of an ApiObject, read without synthesizing the whole object. */
export function refOf(obj: ApiObject): ObjectRef {
  return { apiGroup: apiGroupOf(obj.apiVersion), kind: obj.kind, name: obj.name, namespace: obj.metadata.namespace };
}

/** Every ApiObject of a chart with its ref, in construct-tree order. */
export function renderedObjects(chart: Chart): RenderedObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((object) => ({ object, ref: refOf(object) }));
}

/** `Kind "ns/name"` (or `Kind "name"`) for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} "${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}"`;
}

/** The annotations an ApiObject carries so far (before JSON patches). */
export function annotationsOf(obj: ApiObject): Record<string, string> {
  return { ...(obj.metadata.toJson().annotations ?? {}) };
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

/**
 * Kinds known to be cluster-scoped. Every Kube-OVN CRD is cluster-scoped; of Spiderpool's only
 * SpiderMultusConfig is namespaced.
 */
const CLUSTER_SCOPED: Record<string, ReadonlySet<string> | 'all'> = {
  '': new Set(['Namespace', 'Node', 'PersistentVolume']),
  'apiextensions.k8s.io': new Set(['CustomResourceDefinition']),
  'rbac.authorization.k8s.io': new Set(['ClusterRole', 'ClusterRoleBinding']),
  'scheduling.k8s.io': new Set(['PriorityClass']),
  'storage.k8s.io': new Set(['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment']),
  'admissionregistration.k8s.io': new Set([
    'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  ]),
  'apiregistration.k8s.io': new Set(['APIService']),
  'networking.k8s.io': new Set(['IngressClass']),
  'node.k8s.io': new Set(['RuntimeClass']),
  'certificates.k8s.io': new Set(['CertificateSigningRequest']),
  'flowcontrol.apiserver.k8s.io': new Set(['FlowSchema', 'PriorityLevelConfiguration']),
  'kubeovn.io': 'all',
  'spiderpool.spidernet.io': new Set(['SpiderIPPool', 'SpiderSubnet', 'SpiderCoordinator', 'SpiderReservedIP']),
};

/**
 * Whether the API server treats the kind as cluster-scoped: from the table of known kinds, else
 * from the object itself (a custom resource rendered without a namespace is taken as
 * cluster-scoped).
 */
export function isClusterScoped(ref: ObjectRef): boolean {
  const known = CLUSTER_SCOPED[ref.apiGroup];
  if (known === 'all') return true;
  if (known?.has(ref.kind)) return true;
  if (!isCustomResource(ref)) return false;
  return ref.namespace === undefined;
}

/** Sorted, duplicate-free copy. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
