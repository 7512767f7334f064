import { compareCodeUnits } from '../rules';
import {
  ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, DELIVERY_STAGE, FLUX_PRUNE, mergeSyncOptions, OPERANDS_STAGE, syncOptionValue,
} from './annotations';
import { parseCidrList } from '../net';
import { ARGOCD_FEATURES, argoCdVersionOf, supports } from './argocd-version';
import { DeclaredSubnet } from './kube-ovn-chart';
import { describeRef, isClusterScoped, ObjectRef, refOf, RenderedDocument, sortedUnique } from './objects';
import {
  crdArrivesInSameSync, DEFAULT_OPERATOR_MANAGED_CRD_GROUPS, isNetworkCritical, isOperand, namespacesOfCritical, renderedCrdKinds,
} from './safety';
import { SyncWave } from './sync-waves';

/** The sync options network-critical objects get: no prune and no cascading delete without confirmation. */
export const CONFIRM_REMOVAL = ['Prune=confirm', 'Delete=confirm'] as const;

/**
 * What network-critical objects get instead when the target Argo CD predates the confirm options
 * ({@link ARGOCD_FEATURES}.confirmRemoval, Argo CD 2.14): never pruned, never deleted with their
 * Application; removing one takes a person with kubectl.
 */
export const KEEP_ON_REMOVAL = ['Prune=false', 'Delete=false'] as const;

/** Values an object may already carry for an option this package would set, without a warning. */
const SAFE_VALUES: Record<string, readonly string[]> = {
  Prune: ['confirm', 'false'],
  Delete: ['confirm', 'false'],
  SkipDryRunOnMissingResource: ['true'],
};

/** The delivery tools whose per-object rules apply to the cluster folders. */
export interface FolderDeliveryTools {
  readonly argoCd: boolean;
  readonly flux: boolean;
  /**
   * API groups whose CRDs an operator in the folder installs at runtime.
   * @default DEFAULT_OPERATOR_MANAGED_CRD_GROUPS
   */
  readonly operatorManagedCrdGroups?: readonly string[];
  /**
   * The Argo CD version that syncs the folders (`ArgoCdDeliveryOptions.argoCdVersion`): below 2.14
   * network-critical objects get {@link KEEP_ON_REMOVAL} instead of {@link CONFIRM_REMOVAL}.
   * @default DEFAULT_ARGOCD_VERSION
   */
  readonly argoCdVersion?: string;
}

/** A workload of a folder that Flux waits for (a Kustomization health check). */
export interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** What the deliveries need to know about a rendered cluster folder (small: kept for every cluster). */
export interface FolderSummary {
  readonly cluster: string;
  /** `group/Kind` of the cluster-scoped and of the namespaced objects. */
  readonly clusterKinds: readonly string[];
  readonly namespacedKinds: readonly string[];
  /** Namespaces the objects name, sorted. */
  readonly namespaces: readonly string[];
  /** Deployments, DaemonSets and StatefulSets applied in the first Flux stage, sorted. */
  readonly workloads: readonly WorkloadRef[];
  /** The objects holding argocd-vault-plugin placeholders, as `Kind "ns/name"` ({@link describeRef}), in folder order (none: plain manifests). */
  readonly vaultObjects: readonly string[];
  /** Some object must wait for the operator that installs its CRD (a second Flux stage). */
  readonly operands: boolean;
  /**
   * The Kube-OVN Subnets of the folder as rendered (the fleet's and the user's own constructs'), in
   * folder order: the kube-ovn chart's install checks compare them with what the chart creates.
   */
  readonly subnets: readonly DeclaredSubnet[];
  /** How many objects got the network-critical removal options for Argo CD ({@link CONFIRM_REMOVAL} or {@link KEEP_ON_REMOVAL}). */
  readonly guardedObjects: number;
  /** The objects whose Argo CD sync options hold `Force=true`, as `Kind "ns/name"`, in folder order. */
  readonly forcedObjects: readonly string[];
}

/**
 * The per-object rules of the deliveries, applied to one cluster folder's rendered documents before
 * they are written (the construct tree is never changed):
 *
 * - Argo CD: each object's sync wave ({@link SyncWave.of}, unless it names one), `Prune=confirm,
 *   Delete=confirm` on network-critical objects and the Namespaces holding them (`Prune=false,Delete=false`
 *   for an Argo CD older than 2.14, see {@link KEEP_ON_REMOVAL}) and `SkipDryRunOnMissingResource=true` on custom
 *   resources whose CRD arrives in the same sync, merged into an existing sync-options value, never
 *   replacing it; where an object already decided an option differently, a warning says so.
 * - Flux: `prune: disabled` on network-critical objects (unless decided), the operands stage marker
 *   on custom resources whose operator installs their CRD at runtime ({@link isOperand}).
 *
 * Also summarizes the folder for the deliveries ({@link FolderSummary}).
 */
export function prepareFolder(cluster: string, docs: RenderedDocument[], tools: FolderDeliveryTools, vault: (doc: RenderedDocument) => boolean): { summary: FolderSummary; warnings: string[] } {
  const groups = tools.operatorManagedCrdGroups ?? DEFAULT_OPERATOR_MANAGED_CRD_GROUPS;
  const crdKinds = renderedCrdKinds(docs);
  const criticalNamespaces = namespacesOfCritical(docs.map(refOf));
  const removal = supports(argoCdVersionOf(tools.argoCdVersion), ARGOCD_FEATURES.confirmRemoval) ? CONFIRM_REMOVAL : KEEP_ON_REMOVAL;
  const forcedObjects: string[] = [];
  let guardedObjects = 0;
  const warnings: string[] = [];
  const clusterKinds = new Set<string>();
  const namespacedKinds = new Set<string>();
  const namespaces = new Set<string>();
  const workloads: WorkloadRef[] = [];
  const vaultObjects: string[] = [];
  const subnets: DeclaredSubnet[] = [];
  let operands = false;
  for (const doc of docs) {
    const ref = refOf(doc);
    const critical = isNetworkCritical(ref, criticalNamespaces);
    const set: Record<string, string> = {};
    const annotations = doc.metadata.annotations ?? {};
    if (tools.argoCd) {
      if (annotations[ARGOCD_SYNC_WAVE] === undefined) set[ARGOCD_SYNC_WAVE] = SyncWave.of(ref).toString();
      const wanted: string[] = [];
      if (critical) {
        wanted.push(...removal);
        guardedObjects++;
      }
      if (crdArrivesInSameSync(ref, crdKinds, groups)) wanted.push('SkipDryRunOnMissingResource=true');
      if (wanted.length > 0) {
        const existing = annotations[ARGOCD_SYNC_OPTIONS];
        for (const option of wanted) {
          const key = option.split('=')[0];
          const own = syncOptionValue(existing, key);
          if (own !== undefined && !SAFE_VALUES[key].includes(own)) {
            warnings.push(`cluster "${cluster}", ${describeRef(ref)}: ${ARGOCD_SYNC_OPTIONS} already sets ${key}=${own}, kept instead of ${option}; remove it there if the delivery default is wanted`);
          }
        }
        set[ARGOCD_SYNC_OPTIONS] = mergeSyncOptions(existing, wanted);
      }
      const options = set[ARGOCD_SYNC_OPTIONS] ?? annotations[ARGOCD_SYNC_OPTIONS];
      if (syncOptionValue(options, 'Force') === 'true') forcedObjects.push(describeRef(ref));
    }
    const operand = isOperand(ref, crdKinds, groups);
    if (tools.flux) {
      if (critical && annotations[FLUX_PRUNE] === undefined) set[FLUX_PRUNE] = 'disabled';
      if (operand) set[DELIVERY_STAGE] = OPERANDS_STAGE;
    }
    if (Object.keys(set).length > 0) setAnnotations(doc, set);

    const key = `${ref.apiGroup}/${ref.kind}`;
    if (isClusterScoped(ref)) {
      clusterKinds.add(key);
    } else {
      namespacedKinds.add(key);
      if (ref.namespace) namespaces.add(ref.namespace);
    }
    if (ref.apiGroup === 'apps' && ['Deployment', 'DaemonSet', 'StatefulSet'].includes(ref.kind) && !operand) workloads.push(workloadOf(ref));
    if (vault(doc)) vaultObjects.push(describeRef(ref));
    if (ref.apiGroup === 'kubeovn.io' && ref.kind === 'Subnet') subnets.push(declaredSubnetOf(ref, doc));
    operands ||= operand && tools.flux;
  }
  const order = (w: WorkloadRef) => `${w.kind}/${w.namespace}/${w.name}`;
  return {
    summary: {
      cluster,
      clusterKinds: sortedUnique(clusterKinds),
      namespacedKinds: sortedUnique(namespacedKinds),
      namespaces: sortedUnique(namespaces),
      workloads: workloads.sort((a, b) => compareCodeUnits(order(a), order(b))),
      vaultObjects,
      operands,
      subnets,
      guardedObjects,
      forcedObjects,
    },
    warnings,
  };
}

function declaredSubnetOf(ref: ObjectRef, doc: RenderedDocument): DeclaredSubnet {
  const spec = (doc.spec ?? {}) as { cidrBlock?: unknown; gateway?: unknown };
  const cidrBlock = typeof spec.cidrBlock === 'string' ? spec.cidrBlock : '';
  return {
    name: ref.name,
    cidrBlock,
    cidrs: parseCidrList(cidrBlock) ?? [],
    gateway: typeof spec.gateway === 'string' ? spec.gateway : undefined,
  };
}

function workloadOf(ref: ObjectRef): WorkloadRef {
  return { kind: ref.kind, name: ref.name, namespace: ref.namespace };
}

/** Sets annotations on a rendered document, keys sorted as cdk8s sorts them (`sanitizeValue`). */
function setAnnotations(doc: RenderedDocument, values: Record<string, string>): void {
  const metadata: Record<string, unknown> = { ...doc.metadata, annotations: { ...(doc.metadata.annotations ?? {}), ...values } };
  (doc as { metadata: unknown }).metadata = sortKeys({ ...metadata, annotations: sortKeys(metadata.annotations as Record<string, unknown>) });
}

function sortKeys<T>(map: Record<string, T>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const k of Object.keys(map).sort()) sorted[k] = map[k];
  return sorted;
}
