import * as fs from 'fs';
import * as path from 'path';
import { FLEET_MODEL_FILE, FLEET_SNAPSHOT_VERSION, FleetSnapshot } from '../fleet/snapshot';
import { diffOutputs, FileMap, FolderDiff, indexOutput, refText } from './diff';
import { assessImpacts, Impact, shortValue } from './impact';
import { MASKED } from './secrets';

/** What a render would change, and what that means for the running clusters. */
export interface Plan {
  /** Changed folders, sorted; unchanged folders are left out. */
  readonly folders: readonly FolderDiff[];
  /** Changes that interrupt traffic or need steps outside GitOps: they need an approval. */
  readonly disruptive: readonly Impact[];
  /** Changes nothing applies automatically (e.g. host files), without interruption. */
  readonly manual: readonly Impact[];
  /**
   * False when an output has no model (rendered before outputs carried {@link FLEET_MODEL_FILE}):
   * only the file diff is shown, and any change needs a review.
   */
  readonly assessed: boolean;
  /** Lines about the comparison itself (a missing model), shown first. */
  readonly notes: readonly string[];
}

/** One side of a plan: an output folder's files and the resolved model it was rendered from. */
export interface PlanInput {
  /** The rendered files, relative POSIX path -> content, without {@link FLEET_MODEL_FILE} (it is the model). */
  readonly files: FileMap;
  /** The resolved model; undefined when the output has none or it cannot be read (see `missing`). */
  readonly snapshot?: FleetSnapshot;
  /** Why there is no snapshot, e.g. `no fleet-model.json`. */
  readonly missing?: string;
}

/** A {@link PlanInput}, or an output folder's files (its model read from {@link FLEET_MODEL_FILE}). */
export type PlanSource = PlanInput | FileMap;

/** Exit code of `npm run plan` when disruptive changes are pending. */
export const EXIT_DISRUPTIVE = 3;

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrays = (v: Record<string, any>, ...keys: string[]) => keys.every((k) => Array.isArray(v[k]));

/** The shape the impact rules read, checked so that a damaged or hand-edited model cannot crash them. */
function snapshotProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  if (v.version !== FLEET_SNAPSHOT_VERSION) return `format version ${JSON.stringify(v.version)}, this plan reads version ${FLEET_SNAPSHOT_VERSION}`;
  if (!arrays(v, 'clusters', 'externalIcDatabases')) return 'clusters or externalIcDatabases is not a list';
  for (const c of v.clusters) {
    const ic = isObject(c) ? c.interconnection : undefined;
    const ok = isObject(c) && typeof c.name === 'string' && isObject(c.network) && arrays(c, 'underlaySubnets', 'ipPools')
      && (c.icServer === undefined || (isObject(c.icServer) && arrays(c.icServer, 'nodeIps')))
      && (ic === undefined || (isObject(ic) && arrays(ic, 'gatewayNodes', 'routes', 'subnets') && isObject(ic.icDatabase) && arrays(ic.icDatabase, 'hosts')
        && ic.routes.every((r: unknown) => isObject(r) && arrays(r, 'cidrs'))))
      && (c.submariner === undefined || isObject(c.submariner));
    if (!ok) return `cluster ${JSON.stringify(isObject(c) ? c.name : c)} is not in the expected form`;
  }
  if (!v.externalIcDatabases.every((d: unknown) => isObject(d) && arrays(d, 'hosts') && d.hosts.every(isObject))) return 'externalIcDatabases is not in the expected form';
  return undefined;
}

/** One side of a plan from an output folder's files: its model is {@link FLEET_MODEL_FILE}. Never throws. */
export function planInput(files: FileMap): PlanInput {
  const rest = new Map([...files].filter(([f]) => f !== FLEET_MODEL_FILE));
  const text = files.get(FLEET_MODEL_FILE);
  if (text === undefined) return { files: rest, missing: `no ${FLEET_MODEL_FILE}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { files: rest, missing: `${FLEET_MODEL_FILE} is not valid JSON (${(e as Error).message})` };
  }
  const problem = snapshotProblem(parsed);
  return problem === undefined ? { files: rest, snapshot: parsed as FleetSnapshot } : { files: rest, missing: `${FLEET_MODEL_FILE}: ${problem}` };
}

function inputOf(source: PlanSource): PlanInput {
  return typeof (source as FileMap).get === 'function' ? planInput(source as FileMap) : (source as PlanInput);
}

/**
 * Compares the committed output (`before`) with a fresh render (`after`): the files field by field
 * (for display), the two resolved models for the impacts. Pure: no file access.
 */
export function plan(beforeSource: PlanSource, afterSource: PlanSource): Plan {
  const before = inputOf(beforeSource);
  const after = inputOf(afterSource);
  const b = indexOutput(before.files);
  const a = indexOutput(after.files);
  const folders = diffOutputs(b, a);
  const notes = [
    ...(before.snapshot ? [] : [`No model in the base output (${before.missing ?? 'none given'}): only the file diff is shown, impacts are not assessed.`]),
    ...(after.snapshot ? [] : [`No model in the new output (${after.missing ?? 'none given'}): only the file diff is shown, impacts are not assessed.`]),
  ];
  if (!before.snapshot || !after.snapshot) return { folders, disruptive: [], manual: [], assessed: false, notes };
  const impacts = assessImpacts({ before: before.snapshot, after: after.snapshot, diffs: folders });
  return { folders, disruptive: impacts.disruptive, manual: impacts.manual, assessed: true, notes };
}

/** Every file below `dir` as relative POSIX path -> content; empty when `dir` does not exist. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return out;
}

/** {@link plan} on two folders. */
export function planDirectories(beforeDir: string, afterDir: string): Plan {
  return plan(readTree(beforeDir), readTree(afterDir));
}

/** True when the plan lists neither a change nor an impact. */
function unchanged(p: Plan): boolean {
  return p.folders.length === 0 && p.disruptive.length === 0 && p.manual.length === 0;
}

/**
 * 0 when nothing disruptive is pending; {@link EXIT_DISRUPTIVE} when something is, or when files
 * change and the impacts could not be assessed (no model): a change nobody judged needs a review.
 */
export function planExitCode(p: Plan): number {
  return p.disruptive.length > 0 || (!p.assessed && !unchanged(p)) ? EXIT_DISRUPTIVE : 0;
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

/** A field value for the plan; a masked secret shows as `<secret>`, unquoted. */
function fieldValue(v: unknown, masked?: boolean): string {
  return masked && v === MASKED ? MASKED : shortValue(v);
}
const MAX_FIELDS = 12;

/** The plan as text lines: per folder the objects and files, then the impacts with their steps. */
export function formatPlan(p: Plan): string[] {
  const out: string[] = [...p.notes];
  if (unchanged(p)) {
    out.push('No changes: the rendered output matches.');
    return out;
  }
  if (p.folders.length === 0) out.push(`The rendered files match; the model (${FLEET_MODEL_FILE}) changes:`);
  for (const f of p.folders) {
    const count = (a: string) => f.objects.filter((o) => o.action === a).length + f.files.filter((x) => x.action === a).length;
    const status = f.status === 'changed' ? '' : ` (folder ${f.status})`;
    out.push(`${f.folder}${status}: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed`);
    for (const o of f.objects) {
      out.push(`  ${SIGN[o.action]} ${refText(o.ref)}`);
      for (const field of o.fields.slice(0, MAX_FIELDS)) out.push(`      ${field.path}: ${fieldValue(field.before, field.masked)} -> ${fieldValue(field.after, field.masked)}`);
      if (o.fields.length > MAX_FIELDS) out.push(`      ... ${o.fields.length - MAX_FIELDS} more fields`);
    }
    for (const x of f.files) out.push(`  ${SIGN[x.action]} ${x.file}`);
  }
  const section = (title: string, items: readonly Impact[]) => {
    if (items.length === 0) return;
    out.push('', `${title} (${items.length}):`);
    for (const i of items) {
      out.push(`  [${i.folder}] ${i.reason}`);
      i.steps.forEach((s, n) => out.push(`    ${n + 1}. ${s}`));
    }
  };
  section('DISRUPTIVE changes, approval required', p.disruptive);
  section('Manual actions', p.manual);
  out.push('', p.disruptive.length > 0
    ? `${p.disruptive.length} disruptive change${p.disruptive.length === 1 ? '' : 's'} pending (exit ${EXIT_DISRUPTIVE}).`
    : !p.assessed ? `Impacts not assessed (no model): review the changes above (exit ${EXIT_DISRUPTIVE}).` : 'Nothing disruptive (exit 0).');
  return out;
}
