/** Argo CD: the wave an object is applied in (a string holding an integer). */
export const ARGOCD_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** Argo CD: per-object sync options, comma-joined `Key=value` pairs. */
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/** Argo CD: the finalizer that makes deleting an Application (or AppProject) cascade. */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
/** Flux: `disabled` keeps an object when it disappears from Git or its Kustomization is deleted. */
export const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
/**
 * This package: on objects that Flux must apply in a second Kustomization, after the operator
 * that installs their CRD is running (see {@link FluxDelivery}).
 */
export const DELIVERY_STAGE = 'ovn-ic.fleet/delivery-stage';
/** The value of {@link DELIVERY_STAGE} on such objects. */
export const OPERANDS_STAGE = 'operands';

/** One `Key=value` entry of a sync-options annotation. */
interface SyncOption {
  readonly key: string;
  readonly text: string;
}

function parseSyncOptions(value: string | undefined): SyncOption[] {
  if (!value) return [];
  return value.split(',').map((t) => t.trim()).filter((t) => t !== '').map((text) => ({ key: text.split('=')[0], text }));
}

/** The value an existing annotation gives a key, e.g. `Prune` in `Force=true,Prune=false`. */
export function syncOptionValue(annotation: string | undefined, key: string): string | undefined {
  const found = parseSyncOptions(annotation).find((o) => o.key === key);
  return found ? found.text.slice(key.length + 1) : undefined;
}

/**
 * Adds `additions` to an existing `argocd.argoproj.io/sync-options` value. Options already present
 * keep their value and position (another construct chose them, e.g. ovn-ic-config's
 * `Force=true,ServerSideApply=false`); new ones are appended in the given order.
 */
export function mergeSyncOptions(existing: string | undefined, additions: readonly string[]): string {
  const merged = parseSyncOptions(existing);
  for (const option of parseSyncOptions(additions.join(','))) {
    if (!merged.some((m) => m.key === option.key)) merged.push(option);
  }
  return merged.map((o) => o.text).join(',');
}
