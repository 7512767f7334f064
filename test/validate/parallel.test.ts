import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { validateDirectory } from '../../src/validate';
import { configMap, deployment, subnet, vlan, writeTree } from './fixtures';

/** A folder of several destination sets, with problems and duplicates in some of them. */
const dir = writeTree(Object.fromEntries(Array.from({ length: 12 }, (_, c) => [
  `clusters/c${c}/all.yaml`,
  [configMap(), deployment(), subnet({ cidrBlock: `10.${c}.0.0/24`, gateway: `10.${c}.0.1`, excludeIps: [] }), vlan({ id: c % 3 === 0 ? 5000 : c })]
    .concat(c % 4 === 0 ? [configMap()] : [])
    .map((d) => stringify(d)).join('---\n'),
]).concat([['argocd/x.yaml', stringify({ ...configMap(), kind: 'ConfigMapp' })]])));

const duplicate = (c: number) => `clusters/c${c}/all.yaml#4 (ConfigMap demo/settings): metadata.name: duplicate object: ConfigMap demo/settings is also defined at clusters/c${c}/all.yaml#0 (ConfigMap demo/settings)`;
const tooBig = (c: number) => `clusters/c${c}/all.yaml#3 (Vlan vlan10): spec.id: must be <= 4095`;
// files in code-unit order: c0, c1, c10, c11, c2, ...
const expected = [tooBig(0), duplicate(0), tooBig(3), duplicate(4), tooBig(6), duplicate(8), tooBig(9)];

test('validateDirectory returns the problems in file order and the counts', () => {
  const result = validateDirectory(dir, { threads: 1 });
  expect(result.problems.map((p) => `${p.location}: ${p.message}`)).toEqual([
    expect.stringMatching(/^argocd\/x\.yaml#0 \(ConfigMapp demo\/settings\): kind: no schema for v1 ConfigMapp /),
    ...expected,
  ]);
  expect({ documents: result.documents, files: result.files, threads: result.threads }).toEqual({ documents: 4 * 12 + 3 + 1, files: 13, threads: 1 });
});

// Worker threads run the built JavaScript (lib/): npm ci builds it (prepare), so CI always runs this.
const built = path.resolve(__dirname, '../../lib/src/validate/parallel.js');
(fs.existsSync(built) ? test : test.skip)('two threads find exactly what one thread finds, in the same order (needs the build in lib/)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(built) as typeof import('../../src/validate/parallel');
  const one = lib.validateDirectory(dir, { threads: 1 });
  const two = lib.validateDirectory(dir, { threads: 2 });
  expect(two.threads).toBe(2);
  expect(two.problems).toEqual(one.problems);
  expect({ ...two, threads: 1 }).toEqual(one);
  expect(two.problems.map((p) => p.message)).toEqual(validateDirectory(dir, { threads: 1 }).problems.map((p) => p.message));
  expect(() => lib.validateDirectory(dir, { threads: 0 })).toThrow('threads must be a positive integer, got 0');
});
