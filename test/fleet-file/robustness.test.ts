import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { checkFleetFile, formatFileProblem, loadFleetFileText } from '../../src/fleet-file';

const EXAMPLE = fs.readFileSync(path.resolve(__dirname, '../../examples/every-construct.yaml'), 'utf8');

/** Every problem of a text, as the CLI prints them; throws only on a defect. */
function problemsOf(text: string): string[] {
  const loaded = loadFleetFileText(text, 'fleet.yaml');
  return checkFleetFile(loaded).errors.map(formatFileProblem);
}

test.each([
  ['an empty file', '', 'fleet.yaml:1:1: the file is empty; a fleet file is a mapping with `clusters:` (see examples/default-fleet.yaml)'],
  ['only a comment', '# nothing\n', 'fleet.yaml:1:1: the file is empty; a fleet file is a mapping with `clusters:` (see examples/default-fleet.yaml)'],
  ['a list', '- a\n- b\n', 'fleet.yaml:1:1: the file holds a list; a fleet file is a mapping with `clusters:` (see examples/default-fleet.yaml)'],
  ['a scalar', 'hello\n', 'fleet.yaml:1:1: the file holds a string; a fleet file is a mapping with `clusters:` (see examples/default-fleet.yaml)'],
  ['no clusters', 'delivery: {}\n', 'fleet.yaml:1:1: clusters: clusters is required (The clusters, by name: each is rendered to `dist/clusters/<name>/`); add it'],
  ['empty clusters', 'clusters: {}\n', 'fleet.yaml:1:11: clusters: is empty; add at least one cluster'],
  ['a cluster that is no mapping', 'clusters:\n  az1: 5\n', 'fleet.yaml:2:8: clusters.az1: must be a mapping, got 5 (One cluster: its props (`fleet.addCluster(name, props)`) and what runs in it)'],
  ['a YAML syntax error', 'clusters:\n  az1: [a, b\n', expect.stringMatching(/^fleet\.yaml:3:1: YAML: Flow sequence in block collection .* \(indent the lines of one mapping or list alike \(spaces, no tabs\)\)$/)],
  ['a duplicate key', 'clusters:\n  az1:\n    podCidr: 10.16.0.0/16\n    podCidr: 10.17.0.0/16\n',
    'fleet.yaml:4:5: YAML: Map keys must be unique (a key may appear once per mapping: keep one of them)'],
  ['two documents', 'clusters: {}\n---\nclusters: {}\n', 'fleet.yaml:2:1: the file holds 2 YAML documents; a fleet file is one YAML document: remove the `---` and what follows, or merge it'],
  ['an unknown CNI', 'clusters:\n  az1: { podCidr: 10.16.0.0/16, serviceCidr: 10.96.0.0/12, cni: spiderpool-macvlna }\n',
    'fleet.yaml:2:65: clusters.az1.cni: must be "kube-ovn", "ovn-kubernetes", "spiderpool-macvlan" or a mapping { of }, got "spiderpool-macvlna"; did you mean "spiderpool-macvlan"?'],
  ['a secret source with two keys', 'clusters:\n  a:\n    podCidr: 10.16.0.0/16\n    serviceCidr: 10.96.0.0/12\n    cni: { of: calico }\n    submarinerBroker: { apiServer: "1.2.3.4:6443" }\n'
    + '    submariner:\n      broker: a\n      brokerToken: { existingSecret: { name: t }, plainText: { value: s3cr3t, iUnderstandThisIsWrittenToGit: true } }\n'
    + '      brokerCa: { argocdVaultPlugin: { path: p } }\n',
  'fleet.yaml:9:20: clusters.a.submariner.brokerToken: give exactly one of argocdVaultPlugin, existingSecret, externalSecret, plainText, got existingSecret, plainText'],
])('%s is reported at its place, never a crash', (_name, text, expected) => {
  const problems = problemsOf(text as string);
  expect(problems).toContainEqual(expected);
  expect(problems.join('\n')).not.toContain('s3cr3t');
});

// Any value anywhere: the loader and the render report it (or accept it), they never throw
test('random values at random places of a valid fleet file never crash the loader or the render', () => {
  const base = parse(EXAMPLE);
  const paths: Array<Array<string | number>> = [];
  const walk = (value: unknown, at: Array<string | number>) => {
    paths.push(at);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
  };
  walk(base, []);
  fc.assert(fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.anything({ maxDepth: 2 }), (at, value) => {
    const data = structuredClone(base);
    let parent = data;
    for (const s of at.slice(0, -1)) parent = parent[s];
    parent[at[at.length - 1]] = value;
    let text: string;
    try {
      text = stringify(data);
    } catch {
      return; // a value YAML cannot write (e.g. a symbol-keyed object) is no fleet file
    }
    expect(Array.isArray(problemsOf(text))).toBe(true);
  }), { numRuns: 40, seed: 16 });
});

test('random text never crashes the loader', () => {
  fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
    expect(Array.isArray(loadFleetFileText(text, 'fleet.yaml').problems)).toBe(true);
  }), { numRuns: 200, seed: 16 });
});
