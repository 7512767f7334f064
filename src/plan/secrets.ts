import type { FieldChange, ManifestRef } from './diff';

/** What `plan` shows instead of a secret value. */
export const MASKED = '<secret>';

/**
 * Kinds whose every value is secret or derived from one: a Secret, and the kinds that hold or produce
 * one (SealedSecret, ExternalSecret, ...). Their field diffs show only which fields changed.
 */
export function isSecretLikeKind(kind: string): boolean {
  return /Secret$/.test(kind);
}

/**
 * Fields that take the value of a `SecretSource` inline (see `SubmarinerJoin`, src/submariner/join.ts:
 * `brokerToken`, `brokerCa`, `psk`), by `group/Kind`. A test renders every inline SecretSource with a
 * sentinel value and checks that `plan` shows none of them, so a new inline field cannot be missed here.
 */
const SECRET_SOURCE_FIELDS: Record<string, readonly string[]> = {
  'submariner.io/Submariner': ['spec.brokerK8sApiServerToken', 'spec.brokerK8sCA', 'spec.ceIPSecPSK'],
  // the submariner-operator chart's values of a member (src/submariner/credential-store.ts CHART_SECRET_PATHS), as the
  // Flux HelmRelease and the Argo CD Application carry them; `helm.values` is the whole values as one YAML string
  'helm.toolkit.fluxcd.io/HelmRelease': ['spec.values.broker.token', 'spec.values.broker.ca', 'spec.values.ipsec.psk'],
  'argoproj.io/Application': [
    'spec.source.helm.valuesObject.broker.token', 'spec.source.helm.valuesObject.broker.ca', 'spec.source.helm.valuesObject.ipsec.psk',
    'spec.source.helm.values',
  ],
};

/** Field names that hold a credential in any kind. */
const SECRET_FIELD_NAME = /(psk|token|password|passwd|credentials?|private[-_]?key|api[-_]?key)$/i;

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** True when the field at `path` (as in {@link FieldChange.path}) of an object of `ref` holds a secret. */
export function isSecretField(ref: ManifestRef, path: string): boolean {
  if (isSecretLikeKind(ref.kind)) return true;
  const plain = path.replace(/\[[^\]]*\]/g, '');
  if ((SECRET_SOURCE_FIELDS[`${groupOf(ref.apiVersion)}/${ref.kind}`] ?? []).some((f) => plain === f || plain.startsWith(`${f}.`))) return true;
  const last = plain.split('.').pop() ?? '';
  return SECRET_FIELD_NAME.test(last);
}

/** `value` at `path` with every secret field inside it replaced by {@link MASKED}. */
function maskWithin(ref: ManifestRef, path: string, value: unknown): { value: unknown; masked: boolean } {
  if (value === undefined) return { value, masked: false };
  if (isSecretField(ref, path)) return { value: MASKED, masked: true };
  let masked = false;
  const at = (p: string, v: unknown) => {
    const r = maskWithin(ref, p, v);
    masked ||= r.masked;
    return r.value;
  };
  if (Array.isArray(value)) return { value: value.map((v, i) => at(`${path}[${i}]`, v)), masked };
  if (typeof value === 'object' && value !== null) {
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, at(path === '' ? k : `${path}.${k}`, v)]));
    return { value: out, masked };
  }
  return { value, masked: false };
}

/** The change with every secret value (of a Secret-like kind, or from a SecretSource) replaced by {@link MASKED}. */
export function maskFieldChange(ref: ManifestRef, change: FieldChange): FieldChange {
  const before = maskWithin(ref, change.path, change.before);
  const after = maskWithin(ref, change.path, change.after);
  if (!before.masked && !after.masked) return change;
  return { path: change.path, before: before.value, after: after.value, masked: true };
}
