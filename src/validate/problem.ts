export interface ValidationProblem {
  /** `<file>#<index> (<Kind> <namespace>/<name>)`, or the location the caller gave validateDocument() */
  readonly location: string;
  /** the whole line, starting with the path when there is one: `spec.id: must be <= 4095` */
  readonly message: string;
  /** the field the problem is about (`spec.id`, `metadata.namespace`, `kind`), '' for the document as a whole */
  readonly path: string;
  /** the file, relative to the validated folder (validateDirectory only) */
  readonly file?: string;
  /** 0-based index of the document in its file, counting empty ones (validateDirectory only) */
  readonly index?: number;
}

/** A finding within one document: the field and the message (which starts with the field when there is one). */
export interface Finding {
  readonly path: string;
  readonly message: string;
}

export const finding = (path: string, text: string): Finding => ({ path, message: withPath(path, text) });

/** The part of an ajv error we format; kubernetes-models' ValidationError carries the same shape. */
export interface AjvLikeError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, any>;
  readonly message?: string;
}

/** Appends a key to a dotted path; array indexes and keys such as `app.kubernetes.io/name` get brackets. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** `/spec/containers/0/name` (JSON pointer, as ajv reports it) -> `spec.containers[0].name`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, s) => joinPath(path, /^\d+$/.test(s) ? Number(s) : s), '');
}

export function withPath(path: string, message: string): string {
  return path ? `${path}: ${message}` : message;
}

/** Wording follows kubectl's strict field validation (`unknown field "spec.foo"`). */
export function unknownField(path: string, key: string): Finding {
  const field = joinPath(path, key);
  return { path: field, message: `unknown field "${field}"` };
}

export function formatAjvError(e: AjvLikeError): Finding {
  const path = pointerToPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownField(path, e.params.additionalProperty);
    case 'required': // kubernetes-models' messages (ajv-i18n) omit the quotes ajv itself puts around the name
      return finding(path, `must have required property '${e.params.missingProperty}'`);
    case 'enum':
      return finding(path, `${e.message}: ${JSON.stringify(e.params.allowedValues)}`);
    default:
      return finding(path, e.message ?? `fails "${e.keyword}"`);
  }
}

/**
 * One message per ajv error, except that a failed anyOf/oneOf absorbs the errors of its branches (the
 * Kube-OVN IPPool `ips` alone would print six lines per bad address): they become a short list in its message.
 */
export function formatAjvErrors(errors: readonly AjvLikeError[]): Finding[] {
  const branchOf = new Map<AjvLikeError, AjvLikeError>();
  errors.forEach((alt, i) => {
    if (alt.keyword !== 'anyOf' && alt.keyword !== 'oneOf') return;
    for (const e of errors) {
      if (e.schemaPath.startsWith(`${alt.schemaPath}/`) && e.instancePath.startsWith(alt.instancePath)) branchOf.set(e, alt);
    }
    // Standalone-compiled validators (kubernetes-models) give branch errors schema paths relative to their own
    // function (`#/type`): there, take the run of errors on the same value just before the alternative.
    for (let j = i - 1; j >= 0 && errors[j].instancePath === alt.instancePath && !branchOf.has(errors[j]); j--) {
      branchOf.set(errors[j], alt);
    }
  });
  return errors
    .filter((e) => !branchOf.has(e))
    .map((e) => {
      const branches = errors
        .filter((b) => branchOf.get(b) === e)
        .map((b) => shorten(formatAjvError({ ...b, instancePath: b.instancePath.slice(e.instancePath.length) }).message));
      const f = formatAjvError(e);
      return branches.length ? { path: f.path, message: `${f.message} (${[...new Set(branches)].join('; ')})` } : f;
    });
}

const shorten = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** `<file>#<index> (<Kind> <namespace>/<name>)`: enough to find the document in the output and in the code. */
export function documentLocation(file: string, index: number, doc: unknown): string {
  const d = (doc ?? {}) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const kind = typeof d.kind === 'string' ? d.kind : undefined;
  const name = typeof d.metadata?.name === 'string' ? d.metadata.name : undefined;
  const ns = typeof d.metadata?.namespace === 'string' ? `${d.metadata.namespace}/` : '';
  const what = [kind, name && ns + name].filter(Boolean).join(' ');
  return `${file}#${index}${what ? ` (${what})` : ''}`;
}
