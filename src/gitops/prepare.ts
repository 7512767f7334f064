import type { Fleet } from '../fleet/fleet';
import { Problem } from '../rules';
import {
  ARGOCD_SYNC_OPTIONS, ARGOCD_SYNC_WAVE, DELIVERY_STAGE, FLUX_PRUNE, mergeSyncOptions, OPERANDS_STAGE, syncOptionValue,
} from './annotations';
import { annotationsOf, describeRef, renderedObjects } from './objects';
import { crdArrivesInSameSync, isNetworkCritical, isOperand, renderedCrdKinds } from './safety';
import { SyncWave } from './sync-waves';

/** The sync options network-critical objects get: no prune and no cascading delete without confirmation. */
export const CONFIRM_REMOVAL = ['Prune=confirm', 'Delete=confirm'] as const;

/** Values an object may already carry for an option this package would set, without a warning. */
const SAFE_VALUES: Record<string, readonly string[]> = {
  Prune: ['confirm', 'false'],
  Delete: ['confirm', 'false'],
  SkipDryRunOnMissingResource: ['true'],
};

/**
 * Annotates every object of every cluster folder for Argo CD: its sync wave ({@link SyncWave.of},
 * unless the object already names one), `Prune=confirm,Delete=confirm` on network-critical objects
 * and `SkipDryRunOnMissingResource=true` on custom resources whose CRD arrives in the same sync.
 * Options are merged into an existing `argocd.argoproj.io/sync-options` value, never replacing it;
 * where an object already decided an option differently, a warning says so.
 */
export function annotateForArgoCd(fleet: Fleet, operatorGroups: readonly string[]): Problem[] {
  const warnings: Problem[] = [];
  for (const cluster of fleet.clusters) {
    const objects = renderedObjects(cluster.chart);
    const crdKinds = renderedCrdKinds(objects);
    for (const { object, ref } of objects) {
      const annotations = annotationsOf(object);
      if (annotations[ARGOCD_SYNC_WAVE] === undefined) object.metadata.addAnnotation(ARGOCD_SYNC_WAVE, SyncWave.of(ref).toString());
      const wanted: string[] = [];
      if (isNetworkCritical(ref)) wanted.push(...CONFIRM_REMOVAL);
      if (crdArrivesInSameSync(ref, crdKinds, operatorGroups)) wanted.push('SkipDryRunOnMissingResource=true');
      if (wanted.length === 0) continue;
      const existing = annotations[ARGOCD_SYNC_OPTIONS];
      for (const option of wanted) {
        const key = option.split('=')[0];
        const own = syncOptionValue(existing, key);
        if (own !== undefined && !SAFE_VALUES[key].includes(own)) {
          warnings.push({ scope: object, message: `cluster "${cluster.name}", ${describeRef(ref)}: ${ARGOCD_SYNC_OPTIONS} already sets ${key}=${own}, kept instead of ${option}; remove it there if the delivery default is wanted` });
        }
      }
      object.metadata.addAnnotation(ARGOCD_SYNC_OPTIONS, mergeSyncOptions(existing, wanted));
    }
  }
  return warnings;
}

/**
 * Annotates every object of every cluster folder for Flux: `prune: disabled` on network-critical
 * objects (unless the object already decided) and the operands stage marker on custom resources
 * that must wait for the operator installing their CRD ({@link isOperand}).
 */
export function annotateForFlux(fleet: Fleet, operatorGroups: readonly string[]): void {
  for (const cluster of fleet.clusters) {
    const objects = renderedObjects(cluster.chart);
    const crdKinds = renderedCrdKinds(objects);
    for (const { object, ref } of objects) {
      const annotations = annotationsOf(object);
      if (isNetworkCritical(ref) && annotations[FLUX_PRUNE] === undefined) object.metadata.addAnnotation(FLUX_PRUNE, 'disabled');
      if (isOperand(ref, crdKinds, operatorGroups)) object.metadata.addAnnotation(DELIVERY_STAGE, OPERANDS_STAGE);
    }
  }
}

/** True when a cluster folder holds objects of the operands stage (after {@link annotateForFlux}). */
export function hasOperands(fleet: Fleet, cluster: string): boolean {
  const c = fleet.cluster(cluster);
  return !!c && renderedObjects(c.chart).some(({ object }) => annotationsOf(object)[DELIVERY_STAGE] === OPERANDS_STAGE);
}
