import * as fs from 'fs';
import * as path from 'path';
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
}

/** Exit code of `npm run plan` when disruptive changes are pending. */
export const EXIT_DISRUPTIVE = 3;

/** Compares the committed output (`before`) with a fresh render (`after`). Pure: no file access. */
export function plan(before: FileMap, after: FileMap): Plan {
  const b = indexOutput(before);
  const a = indexOutput(after);
  const folders = diffOutputs(b, a);
  const impacts = assessImpacts({ before: b, after: a, diffs: folders });
  return { folders, disruptive: impacts.disruptive, manual: impacts.manual };
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

/** 0 when nothing disruptive is pending, {@link EXIT_DISRUPTIVE} otherwise. */
export function planExitCode(p: Plan): number {
  return p.disruptive.length > 0 ? EXIT_DISRUPTIVE : 0;
}

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

/** A field value for the plan; a masked secret shows as `<secret>`, unquoted. */
function fieldValue(v: unknown, masked?: boolean): string {
  return masked && v === MASKED ? MASKED : shortValue(v);
}
const MAX_FIELDS = 12;

/** The plan as text lines: per folder the objects and files, then the impacts with their steps. */
export function formatPlan(p: Plan): string[] {
  const out: string[] = [];
  if (p.folders.length === 0) {
    out.push('No changes: the rendered output matches.');
    return out;
  }
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
    : 'Nothing disruptive (exit 0).');
  return out;
}
