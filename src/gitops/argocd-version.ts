/**
 * The Argo CD version a delivery targets, and the features of the rendered objects that need a
 * minimum version.
 *
 * The minimum versions were checked against Argo CD's own documentation at the release tags
 * (github.com/argoproj/argo-cd, `docs/user-guide/sync-options.md` and `docs/user-guide/helm.md`):
 * - `Prune=confirm` / `Delete=confirm` ("Resource Pruning/Deletion With Confirmation", with the
 *   `argocd app confirm-deletion` command): first documented at v2.14.0, absent at v2.13.0;
 * - per-resource `Force=true` ("Force Sync"): first documented at v2.12.0, absent at v2.11.0;
 * - `spec.source.helm.valuesObject`: first documented at v2.8.0, absent at v2.7.0 (the Application
 *   CRD gained the field between v2.6 and v2.8 as well).
 * - per-resource and Application `ServerSideApply=true` ("Server-Side Apply", which also documents
 *   patching an existing object with a partial manifest): first documented at v2.5.0, absent at v2.4.0.
 * These agree with the versions issue 12 names.
 */

/** A parsed Argo CD version. */
export interface ArgoCdVersion {
  readonly major: number;
  readonly minor: number;
  /** The text as given, e.g. `2.13.4`. */
  readonly text: string;
}

/**
 * The Argo CD version the package was checked against: the pinned Argo CD CRDs are v3.5.1
 * (cdk8s.yaml, schemas/index.json).
 */
export const DEFAULT_ARGOCD_VERSION = '3.5';

/** A feature of the rendered objects that older Argo CD versions silently ignore. */
export interface ArgoCdFeature {
  /** What the feature is, for messages. */
  readonly name: string;
  /** The first Argo CD release (major, minor) that understands it. */
  readonly since: readonly [number, number];
}

/** The features with a minimum Argo CD version (sources: see the file comment). */
export const ARGOCD_FEATURES = {
  confirmRemoval: { name: 'the per-resource sync options Prune=confirm and Delete=confirm', since: [2, 14] },
  resourceForce: { name: 'the per-resource sync option Force=true', since: [2, 12] },
  helmValuesObject: { name: 'spec.source.helm.valuesObject', since: [2, 8] },
  serverSideApply: { name: 'the sync option ServerSideApply=true', since: [2, 5] },
} as const satisfies Record<string, ArgoCdFeature>;

const VERSION = /^v?(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})(?:\.(0|[1-9][0-9]{0,5}))?$/;

/**
 * Parses `argoCdVersion` (`major.minor` or `major.minor.patch`, an optional leading `v`); a string
 * is the problem with a bad value (no prefix).
 */
export function parseArgoCdVersion(value: unknown): ArgoCdVersion | string {
  const fix = "give the major.minor (or major.minor.patch) of the Argo CD that syncs the fleet, e.g. '3.5' or '2.13.4' (`argocd version` prints it)";
  if (typeof value !== 'string') return `argoCdVersion must be a string, got ${typeof value} ${JSON.stringify(value)}; ${fix}`;
  const m = VERSION.exec(value);
  if (!m) return `argoCdVersion "${value}" is not an Argo CD version; ${fix}`;
  const major = Number(m[1]);
  if (major < 1) return `argoCdVersion "${value}" is not an Argo CD release (the first is 1.0); ${fix}`;
  return { major, minor: Number(m[2]), text: value.replace(/^v/, '') };
}

/** The version to render for: `value` parsed, the default when absent or bad (a bad one is reported by the delivery). */
export function argoCdVersionOf(value: unknown): ArgoCdVersion {
  const parsed = parseArgoCdVersion(value ?? DEFAULT_ARGOCD_VERSION);
  return typeof parsed === 'string' ? (parseArgoCdVersion(DEFAULT_ARGOCD_VERSION) as ArgoCdVersion) : parsed;
}

/** True when `version` understands `feature`. */
export function supports(version: ArgoCdVersion, feature: ArgoCdFeature): boolean {
  const [major, minor] = feature.since;
  return version.major > major || (version.major === major && version.minor >= minor);
}

/** `2.14` of a feature's minimum version. */
export function sinceText(feature: ArgoCdFeature): string {
  return feature.since.join('.');
}
