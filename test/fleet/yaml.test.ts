import * as fc from 'fast-check';
import { ApiObject, Yaml } from 'cdk8s';
import { buildCluster, renderFleetFiles, resolveFleet } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { NON_STRING_SCALARS, toYaml } from '../../src/synthesis/yaml';

/** The `yaml` package cdk8s bundles (the one behind `Yaml.stringify`). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdk8sYaml = require(require.resolve('yaml', { paths: [require.resolve('cdk8s')] }));

const same = (doc: unknown) => expect(toYaml(doc)).toEqual(Yaml.stringify(doc));

describe('toYaml writes what cdk8s Yaml.stringify writes', () => {
  test('the non-string scalar patterns are those of yaml\'s YAML 1.1 schema', () => {
    const tags = new cdk8sYaml.Document(null, { version: '1.1' }).schema.tags as Array<{ default?: boolean; tag: string; test?: RegExp }>;
    // the merge tag (default 'key') claims the string '<<' itself and writes it plain
    const patterns = tags.filter((t) => t.default === true && t.tag !== 'tag:yaml.org,2002:str' && t.test).map((t) => t.test!.source);
    expect(NON_STRING_SCALARS.map((re) => re.source)).toEqual(patterns);
  });

  test('every object of the default fleet', () => {
    const charts = resolveFleet(buildDefaultFleet()).clusters.map(buildCluster);
    const objects = charts.flatMap((c) => c.node.findAll().filter((x): x is ApiObject => x instanceof ApiObject));
    expect(objects.length).toBeGreaterThan(20);
    for (const obj of objects) expect([obj.node.path, toYaml(obj.toJson())]).toEqual([obj.node.path, Yaml.stringify(obj.toJson())]);
  });

  test('every file the default fleet writes, with the deliveries\' annotations and the delivery objects', () => {
    const files = renderFleetFiles(buildDefaultFleet()).files.filter((f) => f.file.endsWith('.k8s.yaml'));
    expect(files.filter((f) => f.file.startsWith('argocd/')).length).toBeGreaterThan(5);
    for (const f of files) {
      const doc = cdk8sYaml.parse(f.content, { version: '1.1' });
      expect([f.file, toYaml(doc)]).toEqual([f.file, f.content]);
      expect([f.file, Yaml.stringify(doc)]).toEqual([f.file, f.content]);
    }
  });

  test.each([
    ['scalars that read as something else', {
      a: ['', '~', 'null', 'Null', 'y', 'Y', 'yes', 'No', 'on', 'OFF', 'true', 'False', '0b101', '0777', '42', '-7', '+3', '1_000', '0x1F', '.inf', '-.Inf', '.nan',
        'e0', 'E5', '1e3', '.5e-3', '.5', '3.', '<<', '1:30', '-1:30:00.5', '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'e', 'ex', 'ne', 'yess', '0.0.0.0'],
    }],
    ['indicators and quotes', {
      a: ['-', '- x', '-x', '?', '? x', '?x', ':', 'a:', 'a: b', 'a:b', '#x', 'a #x', 'a#x', ' lead', 'trail ', ',x', '[x]', '{x}', '&a', '*a', '!t', '|x', '>x', '%x', '@x', '`x',
        'it\'s', 'say "hi"', 'both \' and "', '"', '\'', 'back\\slash', '---', '--- x', '...', '...x', 'a---'],
    }],
    ['multi-line and special characters', {
      a: ['OVN IC Server\n', 'two\nlines\n', 'gap\n\nline\n', 'no newline\nat end', 'trailing \n', 'ends\n\n', ' indented\n', '\nleading\n', 'tab\there', 'ümlaut', 'ctl\u0001', 'del\u007f', 'nbsp\u00a0x', 'a\u2028b'],
      'key\nwith newline': 1,
      ['x'.repeat(1100)]: 'long key',
    }],
    ['collections', {
      empty: {}, list: [], nested: [[], [{}], [[1, 2]], [{ a: 1, b: [] }]], deep: { a: { b: { c: ['x', { d: 'e\n' }] } } }, 0: 'int-like key', 10: 'ten', 'k8s.io/x': true, n: -0, f: 1.5, big: 2 ** 60,
    }],
    ['values yaml writes its own way', { nul: null, undef: undefined, date: new Date(0), map: new Map([['a', 1]]), arr: [undefined, null], sparse: [1, , 3] }],
  ])('%s', (_name, doc) => same(doc));

  test('a string met before (as key or value, in another document) is written the same way again', () => {
    // toYaml keeps the text of recent short strings: a second meeting must not change anything
    const strings = ['name', 'true', '--- x', '...', 'a: b', 'say "hi"', 'it\'s', '', '42', 'x'.repeat(300), 'y'.repeat(256)];
    for (let round = 0; round < 2; round++) {
      same({ values: strings });
      same(Object.fromEntries(strings.map((s) => [s, s])));
      for (const s of strings) same({ [s]: [s] });
    }
  });

  test('an object twice in one document becomes an alias, as yaml writes it', () => {
    const shared = { a: 1 };
    same({ x: shared, y: shared });
    same({ x: [1], y: { z: [1] } });
  });

  test('random documents', () => {
    const chars = [...'abcyYnNtTeEoO0123456789.-+_:# \'"!&*?|>%@`[]{},~<\\/\n\tü'];
    const text = fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 });
    const doc = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text, fc.boolean(), fc.integer({ min: -1000, max: 100000 }),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(text, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(fc.property(fc.dictionary(text, doc, { maxKeys: 5 }), (d) => {
      expect(toYaml(d)).toEqual(Yaml.stringify(d));
    }), { numRuns: 3000, seed: 20261121 });
  });
});
