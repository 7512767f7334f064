import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../src/cli/cli-main';
import { buildDefaultFleet } from '../../src/default-fleet';
import { OUTPUT_MARKER, renderFleetFiles } from '../../src/fleet';
import { loadFleetFileText, readFleetFile } from '../../src/fleet-file';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/default-fleet.yaml');

/** Every output file, by path. */
function files(fleet: Parameters<typeof renderFleetFiles>[0]): Map<string, string> {
  return new Map(renderFleetFiles(fleet).files.map((f) => [f.file, f.content]));
}

/** The files below `dir`, by path relative to it. */
function tree(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of tree(dir, child)) out.set(k, v);
    else out.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
  }
  return out;
}

// The guard for the example: whoever changes src/default-fleet.ts updates examples/default-fleet.yaml with it
describe('examples/default-fleet.yaml is the default fleet of src/default-fleet.ts', () => {
  const expected = files(buildDefaultFleet());

  test('it renders every file of the TypeScript default fleet byte for byte, and no other', () => {
    const loaded = readFleetFile(EXAMPLE);
    expect(loaded.problems).toEqual([]);
    const actual = files(loaded.fleet!);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    const differing = [...expected].filter(([file, content]) => actual.get(file) !== content).map(([file]) => file);
    expect(differing).toEqual([]);
    expect(expected.size).toBeGreaterThan(50);
  });

  test('the same fleet written as JSON renders the same files', () => {
    const data = loadFleetFileText(fs.readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    expect(data.problems).toEqual([]);
    const json = JSON.stringify({ $schema: '../fleet-file.schema.json', ...require('yaml').parse(fs.readFileSync(EXAMPLE, 'utf8')) }, null, 2);
    const loaded = loadFleetFileText(json, 'default-fleet.json');
    expect(loaded.problems).toEqual([]);
    const actual = files(loaded.fleet!);
    expect([...expected].filter(([file, content]) => actual.get(file) !== content).map(([file]) => file)).toEqual([]);
    // and YAML written by another tool (flow style, quoted strings) is the same fleet
    const restyled = loadFleetFileText(stringify(JSON.parse(json), { defaultStringType: 'QUOTE_DOUBLE' }), 'restyled.yaml');
    expect(restyled.problems).toEqual([]);
    expect(files(restyled.fleet!)).toEqual(actual);
  });

  test('cdk8s-ovn-ic render examples/default-fleet.yaml --out DIR writes the committed dist/', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-fleet-file-'));
    try {
      const out = path.join(dir, 'dist');
      const err: string[] = [];
      const code = main(['render', EXAMPLE, '--out', out], { log: () => undefined, error: (l) => err.push(l) }, { env: {} });
      expect({ code, last: err[err.length - 1] }).toEqual({ code: 0, last: `rendered ${expected.size} files into ${out}` });
      // the two warnings the TypeScript default fleet has, now at the lines that declare the interconnections
      expect(err.filter((l) => l.startsWith('warning: '))).toEqual([
        expect.stringMatching(new RegExp(`^warning: ${EXAMPLE}:\\d+:\\d+: clusters\\.az1\\.interconnection: \\[az1/Interconnection\\] .*1 gateway node\\(s\\) for 3 transit switches`)),
        expect.stringMatching(new RegExp(`^warning: ${EXAMPLE}:\\d+:\\d+: clusters\\.az2\\.interconnection: \\[az2/Interconnection\\] .*1 gateway node\\(s\\) for 3 transit switches`)),
      ]);
      const written = tree(out);
      expect(written.has(OUTPUT_MARKER)).toBe(true); // the output folder's marker, as the TypeScript path writes it
      written.delete(OUTPUT_MARKER);
      expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
      expect([...expected].filter(([file, content]) => written.get(file) !== content).map(([file]) => file)).toEqual([]);
      // and that is the committed dist/ (CI renders it from src/default-fleet.ts and diffs it)
      const committed = tree(path.join(ROOT, 'dist'));
      committed.delete(OUTPUT_MARKER);
      expect([...committed.keys()].sort()).toEqual([...written.keys()].sort());
      expect([...committed].filter(([file, content]) => written.get(file) !== content).map(([file]) => file)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
