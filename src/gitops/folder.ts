import { compareCodeUnits } from '../rules';
import {
  ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, DELIVERY_STAGE, FLUX_PRUNE, mergeSyncOptions, OPERANDS_STAGE, syncOptionValue,
} from './annotations';
import { Cidr, parseCidrList } from '../net';
import { ARGOCD_FEATURES, argoCdVersionOf, supports } from './argocd-version';
import { DeclaredSubnet } from './kube-ovn-chart';
import { describeRef, isClusterScoped, ObjectRef, refOf, RenderedDocument, sortedUnique } from './objects';
import {
  crdArrivesInSameSync, DEFAULT_OPERATOR_MANAGED_CRD_GROUPS, isNetworkCritical, isOperand, namespacesOfCritical, renderedCrdKinds,
} from './safety';
import { SyncWave } from './sync-waves';
import { sortKeys } from '../synthesis/sort-keys';

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
  const refs = docs.map(refOf);
  const criticalNamespaces = namespacesOfCritical(refs);
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
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i];
    const ref = refs[i];
    const critical = isNetworkCritical(ref, criticalNamespaces);
    let set: Record<string, string> | undefined;
    const annotations = doc.metadata.annotations ?? {};
    if (tools.argoCd) {
      if (annotations[ARGOCD_SYNC_WAVE] === undefined) (set ??= {})[ARGOCD_SYNC_WAVE] = SyncWave.of(ref).toString();
      let wanted: string[] | undefined;
      if (critical) {
        wanted = [...removal];
        guardedObjects++;
      }
      if (crdArrivesInSameSync(ref, crdKinds, groups)) (wanted ??= []).push('SkipDryRunOnMissingResource=true');
      if (wanted) {
        const existing = annotations[ARGOCD_SYNC_OPTIONS];
        if (existing !== undefined) {
          for (const option of wanted) {
            const key = option.split('=')[0];
            const own = syncOptionValue(existing, key);
            if (own !== undefined && !SAFE_VALUES[key].includes(own)) {
              warnings.push(`cluster "${cluster}", ${describeRef(ref)}: ${ARGOCD_SYNC_OPTIONS} already sets ${key}=${own}, kept instead of ${option}; remove it there if the delivery default is wanted`);
            }
          }
        }
        // with nothing to merge into, mergeSyncOptions joins the wanted options: distinct keys, no blanks
        (set ??= {})[ARGOCD_SYNC_OPTIONS] = existing === undefined ? wanted.join(',') : mergeSyncOptions(existing, wanted);
      }
      const options = set?.[ARGOCD_SYNC_OPTIONS] ?? annotations[ARGOCD_SYNC_OPTIONS];
      // an option is found only in a value that holds its key
      const mayForce = options !== undefined && (typeof options !== 'string' || options.includes('Force'));
      if (mayForce && syncOptionValue(options, 'Force') === 'true') forcedObjects.push(describeRef(ref));
    }
    const operand = isOperand(ref, crdKinds, groups);
    if (tools.flux) {
      if (critical && annotations[FLUX_PRUNE] === undefined) (set ??= {})[FLUX_PRUNE] = 'disabled';
      if (operand) (set ??= {})[DELIVERY_STAGE] = OPERANDS_STAGE;
    }
    if (set) setAnnotations(doc, set);

    const key = `${ref.apiGroup}/${ref.kind}`;
    if (isClusterScoped(ref)) {
      clusterKinds.add(key);
    } else {
      namespacedKinds.add(key);
      if (ref.namespace) namespaces.add(ref.namespace);
    }
    if (ref.apiGroup === 'apps' && WORKLOAD_KINDS.has(ref.kind) && !operand) workloads.push(workloadOf(ref));
    if (vault(doc)) vaultObjects.push(describeRef(ref));
    if (ref.apiGroup === 'kubeovn.io' && ref.kind === 'Subnet') subnets.push(declaredSubnetOf(ref, doc));
    operands ||= operand && tools.flux;
  }
  const order = (w: WorkloadRef) => `${w.kind}/${w.namespace}/${w.name}`;
  return {
    summary: {
      cluster,
      clusterKinds: shared(sortedUnique(clusterKinds)),
      namespacedKinds: shared(sortedUnique(namespacedKinds)),
      namespaces: shared(sortedUnique(namespaces)),
      workloads: sharedWorkloads(workloads.sort((a, b) => compareCodeUnits(order(a), order(b)))),
      vaultObjects: shared(vaultObjects),
      operands,
      subnets,
      guardedObjects,
      forcedObjects: shared(forcedObjects),
    },
    warnings,
  };
}

/**
 * A {@link prepareFolder} summary again with the arrays it shares with other clusters' and its
 * Subnets' CIDRs parsed on demand (from `cidrBlock`, as prepareFolder gives them), e.g. for a copy
 * that crossed threads: a structured clone keeps the values but neither the sharing nor the
 * `cidrs` getter, so the subnets may come without `cidrs`.
 */
export function sharedSummary(summary: Omit<FolderSummary, 'subnets'> & { readonly subnets: ReadonlyArray<Omit<DeclaredSubnet, 'cidrs'>> }): FolderSummary {
  return {
    cluster: summary.cluster,
    clusterKinds: shared(summary.clusterKinds),
    namespacedKinds: shared(summary.namespacedKinds),
    namespaces: shared(summary.namespaces),
    workloads: sharedWorkloads(summary.workloads),
    vaultObjects: shared(summary.vaultObjects),
    operands: summary.operands,
    subnets: summary.subnets.map((s) => new RenderedSubnet(s.name, s.cidrBlock, s.gateway)),
    guardedObjects: summary.guardedObjects,
    forcedObjects: shared(summary.forcedObjects),
  };
}

/** The workload kinds Flux health-checks. */
const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'DaemonSet', 'StatefulSet']);

/**
 * A Subnet as the summary keeps it: the text of its cidrBlock, parsed when the install checks ask
 * (only for the subnets named like the chart's default and join subnets; the parsed CIDRs are
 * larger than the text, and the summary is kept for every cluster until the deliveries run).
 */
class RenderedSubnet implements DeclaredSubnet {
  constructor(public readonly name: string, public readonly cidrBlock: string, public readonly gateway: string | undefined) {}

  public get cidrs(): readonly Cidr[] {
    return parseCidrList(this.cidrBlock) ?? [];
  }
}

function declaredSubnetOf(ref: ObjectRef, doc: RenderedDocument): DeclaredSubnet {
  const spec = (doc.spec ?? {}) as { cidrBlock?: unknown; gateway?: unknown };
  return new RenderedSubnet(ref.name, typeof spec.cidrBlock === 'string' ? spec.cidrBlock : '', typeof spec.gateway === 'string' ? spec.gateway : undefined);
}

function workloadOf(ref: ObjectRef): WorkloadRef {
  return { kind: ref.kind, name: ref.name, namespace: ref.namespace };
}

/**
 * Frozen arrays shared by the summaries that hold the same values (most clusters of a fleet render
 * the same kinds, namespaces and workloads): an identity memo, so the values are always those
 * given; bounded, cleared when full.
 */
const SHARED = new Map<string, readonly unknown[]>();
const MAX_SHARED = 512;
const NONE: readonly never[] = Object.freeze([]);

function sharedArray<T>(key: string, values: readonly T[], freeze: (values: readonly T[]) => readonly T[]): readonly T[] {
  const known = SHARED.get(key) as readonly T[] | undefined;
  if (known) return known;
  if (SHARED.size >= MAX_SHARED) SHARED.clear();
  const frozen = freeze(values);
  SHARED.set(key, frozen);
  return frozen;
}

function shared(values: readonly string[]): readonly string[] {
  if (values.length === 0) return NONE;
  // only strings: JSON tells them apart (a number from JavaScript input would look like its string)
  if (!values.every((v) => typeof v === 'string')) return values;
  return sharedArray(`s${JSON.stringify(values)}`, values, (v) => Object.freeze(v.slice()));
}

function sharedWorkloads(values: readonly WorkloadRef[]): readonly WorkloadRef[] {
  if (values.length === 0) return NONE;
  if (!values.every((w) => typeof w.kind === 'string' && typeof w.name === 'string' && (w.namespace === undefined || typeof w.namespace === 'string'))) return values;
  const key = `w${JSON.stringify(values.map((w) => [w.kind, w.name, w.namespace ?? null, 'namespace' in w]))}`;
  return sharedArray(key, values, (v) => Object.freeze(v.map((w) => Object.freeze({ ...w }))));
}

/**
 * Sets annotations on a rendered document, keys sorted as cdk8s sorts them (`sanitizeValue`): the
 * document gets a new metadata object (all keys sorted) with a new annotations object (the old
 * ones and `values`, `values` winning, keys sorted); the old objects are left as they are.
 */
function setAnnotations(doc: RenderedDocument, values: Record<string, string>): void {
  // the keys `{ ...old, ...values }` and `{ ...metadata, annotations }` have (own enumerable ones)
  const old = doc.metadata.annotations ?? {};
  const keys = Object.keys(old);
  const added = Object.keys(values);
  for (const k of added) if (!keys.includes(k)) keys.push(k);
  const annotations: Record<string, string> = {};
  for (const k of sortKeys(keys)) annotations[k] = added.includes(k) ? values[k] : old[k];
  const metadataKeys = Object.keys(doc.metadata);
  if (!metadataKeys.includes('annotations')) metadataKeys.push('annotations');
  const metadata: Record<string, unknown> = {};
  for (const k of sortKeys(metadataKeys)) metadata[k] = k === 'annotations' ? annotations : doc.metadata[k];
  (doc as { metadata: unknown }).metadata = metadata;
}
