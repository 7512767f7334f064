import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../src');

/** Value imports between top-level folders of src/ (`import type` and `export type` are left out: they vanish at run time). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0].replace(/\.ts$/, '');
  for (const file of walk(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\s+from\s+)?'([^']+)';/gms)) {
      if (m[1] || !m[2].startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), m[2]);
      if (!target.startsWith(SRC)) continue;
      const to = folderOf(fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts'));
      if (to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** The folders of src/, bottom layer first: a folder may import only folders of lower layers. */
const LAYERS: readonly (readonly string[])[] = [
  ['threads'],
  ['net', 'validate'],
  ['rules', 'synthesis'],
  ['kube-ovn', 'spiderpool'],
  ['underlay', 'ovn-ic', 'submariner'],
  ['gitops'],
  ['fleet'],
  ['plan', 'default-fleet', 'fleet-file'],
  ['cli', 'index'],
];

describe('architecture', () => {
  test('no value import cycle between the folders of src/', () => {
    const graph = folderGraph();
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of [...(graph.get(node) ?? [])].sort()) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of [...graph.keys()].sort()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  test('each folder imports only folders of lower layers', () => {
    const graph = folderGraph();
    const layerOf = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
    expect([...graph.keys()].filter((f) => !layerOf.has(f)).sort()).toEqual([]);
    const upward: string[] = [];
    for (const [from, tos] of graph) {
      for (const to of tos) if (layerOf.get(to)! >= layerOf.get(from)!) upward.push(`${from} -> ${to}`);
    }
    expect(upward.sort()).toEqual([]);
  });
});
