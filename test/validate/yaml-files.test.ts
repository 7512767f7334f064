import { parseYamlDocuments } from '../../src/validate';

const docs = (text: string) => parseYamlDocuments(text);
const one = (text: string) => {
  const parsed = docs(text);
  expect(parsed).toHaveLength(1);
  return (parsed[0] as { doc: any }).doc;
};

// The rules of go-yaml v2's resolve.go (sigs.k8s.io/yaml, what kubectl and the API server decode manifests with).
describe('scalars read as Kubernetes reads them (YAML 1.1, go-yaml v2)', () => {
  test('booleans include yes/no/on/off/y/n; quoted they are strings', () => {
    expect(one('a: yes\nb: On\nc: NO\nd: off\ne: "yes"\nf: True\ng: y\n')).toEqual({ a: true, b: true, c: false, d: false, e: 'yes', f: true, g: true });
  });

  test('null spellings', () => {
    expect(one('a: ~\nb: null\nc: NULL\nd:\ne: "null"\n')).toEqual({ a: null, b: null, c: null, d: null, e: 'null' });
  });

  test('integers: decimal, 0x, 0o, 0b, a leading zero is octal, underscores ignored', () => {
    expect(one('a: 0755\nb: 0x1F\nc: 0o17\nd: 0b101\ne: 1_000\nf: -12\ng: +7\n')).toEqual({ a: 493, b: 31, c: 15, d: 5, e: 1000, f: -12, g: 7 });
  });

  test('floats, and what the YAML 1.1 spec reads as numbers but go-yaml does not (base 60, timestamps)', () => {
    expect(one('a: 1.5\nb: 1e3\nc: .5\nd: 09\ne: 22:22\nf: 2001-12-14\ng: 1e\nh: .inf\ni: -.Inf\n')).toEqual({
      a: 1.5, b: 1000, c: 0.5, d: 9, e: '22:22', f: '2001-12-14', g: '1e', h: Infinity, i: -Infinity,
    });
    expect(Number.isNaN(one('a: .nan\n').a)).toBe(true);
  });

  test('merge keys', () => {
    expect(one('base: &b { p: 1 }\nderived:\n  <<: *b\n  q: 2\n')).toEqual({ base: { p: 1 }, derived: { p: 1, q: 2 } });
    // keys are scalars too: go-yaml v2 reads `y` as true, and sigs.k8s.io/yaml writes that key as "true"
    expect(one('y: 1\n')).toEqual({ true: 1 });
  });
});

describe('documents', () => {
  test('split at --- lines like kubectl; empty documents are skipped but counted', () => {
    expect(docs('---\na: 1\n---\n# only a comment\n---\nb: 2\n--- # trailing comment\n')).toEqual([
      { index: 0, doc: { a: 1 } },
      { index: 2, doc: { b: 2 } },
    ]);
    expect(docs('')).toEqual([]);
    expect(docs('~\n')).toEqual([{ index: 0, doc: null }]); // an explicit null is content
  });

  test('a syntax error is a problem of its own document, with the line in the file; the others are read', () => {
    expect(docs('a: 1\n---\nb: [\n---\nc: 3\n')).toEqual([
      { index: 0, doc: { a: 1 } },
      { index: 1, error: 'unexpected end of the stream within a flow collection at line 4, column 1' },
      { index: 2, doc: { c: 3 } },
    ]);
    expect(docs('a: 1\na: 2\n')).toEqual([{ index: 0, error: 'duplicated mapping key at line 2, column 1' }]);
  });

  test('a multi-line quoted string indented like its key is accepted, as go-yaml accepts it (the upstream ServiceImport CRD)', () => {
    expect(one("d: 'first\nsecond'\nt: x\n")).toEqual({ d: 'first second', t: 'x' });
  });
});
