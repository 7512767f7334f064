import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_MARKER } from '../src/fleet/output-folder';

/** Files below `dir`, as sorted POSIX paths relative to it; the render's marker file is not output. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.name !== OUTPUT_MARKER) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Differences between two output trees (missing, extra or different files); empty when byte-identical. */
export function compareTrees(expected: string, actual: string, limit = 20): { files: number; differences: string[] } {
  const a = listFiles(expected);
  const b = listFiles(actual);
  const differences: string[] = [];
  const inB = new Set(b);
  for (const f of a) {
    if (!inB.has(f)) differences.push(`missing ${f}`);
    else if (!fs.readFileSync(path.join(expected, f)).equals(fs.readFileSync(path.join(actual, f)))) differences.push(`differs ${f}`);
    if (differences.length >= limit) break;
  }
  const inA = new Set(a);
  for (const f of b) {
    if (differences.length >= limit) break;
    if (!inA.has(f)) differences.push(`extra ${f}`);
  }
  return { files: a.length, differences };
}
