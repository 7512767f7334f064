import * as fs from 'fs';
import * as path from 'path';
import { type Document, isScalar, parseAllDocuments } from 'yaml';

export type ParsedDocument = { readonly index: number; readonly doc: unknown } | { readonly index: number; readonly error: string };

/** .yaml/.yml files below `dir`, as sorted POSIX paths relative to `dir` (stable output on every OS). */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/**
 * Parses a multi-document YAML text as YAML 1.1, which is what Kubernetes' decoder (go-yaml v2) speaks:
 * `yes`/`on` are booleans there, so a chart value written that way must be caught as a boolean here too.
 * Empty documents (a trailing `---`) are skipped like kubectl does; the index still counts them so it
 * matches the position in the file.
 */
export function parseYamlDocuments(text: string): ParsedDocument[] {
  // always the general parser: the validator must read files as Kubernetes would, independently of
  // the emitter that wrote them
  const out: ParsedDocument[] = [];
  parseAllDocuments(text, { version: '1.1' }).forEach((d, index) => {
    if (d.errors.length > 0) out.push({ index, error: d.errors[0].message.split('\n')[0] });
    else if (!isEmpty(d)) out.push({ index, doc: d.toJS() });
  });
  return out;
}

/** No content at all (`---` then nothing or only comments); an explicit `null` or `~` is content. */
function isEmpty(d: Document): boolean {
  const c = d.contents;
  return c === null || (isScalar(c) && c.value === null && c.range?.[0] === c.range?.[1]);
}
