import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../src/validate';
import { CRD_DIR, configMap, vlan, writeTree } from './fixtures';

/** Runs the CLI in-process and captures what it prints. */
function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out, err };
}

const good = writeTree({ 'clusters/a/base.yaml': `${stringify(vlan())}---\n${stringify(configMap())}` });
const bad = writeTree({
  'clusters/a/base.yaml': stringify(vlan({ id: 5000 })),
  'clusters/a/more.yaml': stringify(configMap(null)),
});

test('exit 0 and a summary when everything is valid', () => {
  expect(run(good, '--crds', CRD_DIR)).toEqual({ code: 0, out: ['validated 2 documents in 1 files: 0 problems'], err: [] });
});

test('exit 1 with one line per problem', () => {
  expect(run(bad, `--crds=${CRD_DIR}`)).toEqual({
    code: 1,
    out: [
      'clusters/a/base.yaml#0 (Vlan vlan10): spec.id: must be <= 4095',
      'clusters/a/more.yaml#0 (ConfigMap settings): metadata.namespace: required for the namespaced kind ConfigMap (the output must not depend on a default namespace)',
      'validated 2 documents in 2 files: 2 problems',
    ],
    err: [],
  });
});

test('exit 2 on usage errors, without a stack trace', () => {
  const missing = path.join(good, 'nope');
  expect(run(missing, '--crds', CRD_DIR)).toMatchObject({ code: 2, out: [], err: [`error: not a directory: ${missing}`, expect.stringMatching(/^usage: /)] });
  expect(run(good, '--bogus')).toMatchObject({ code: 2, err: ['error: unexpected argument: --bogus', expect.any(String)] });
  expect(run(good, good)).toMatchObject({ code: 2, err: [`error: unexpected argument: ${good}`, expect.any(String)] });
  expect(run(good, '--crds', missing)).toMatchObject({ code: 2, err: [`error: CRD folder not found: ${missing} (use --crds DIR)`, expect.any(String)] });
  expect(run('--help')).toMatchObject({ code: 0, out: [expect.stringMatching(/^usage: /)] });
});

test('CRD files that were skipped are reported as warnings on stderr', () => {
  const unknownGroup = writeTree({ 'x.yaml': stringify({ apiVersion: 'other.io/v1', kind: 'Thing', metadata: { name: 't' } }) });
  const { code, err } = run(unknownGroup, '--crds', CRD_DIR);
  expect(code).toBe(1);
  expect(err).toEqual([
    expect.stringMatching(/^warning: submariner\/multicluster\.x-k8s\.io_serviceexports\.yaml: skipped, YAML parse error/),
    expect.stringMatching(/^warning: submariner\/multicluster\.x-k8s\.io_serviceimports\.yaml: skipped, YAML parse error/),
  ]);
});

test('the directory defaults to dist (relative to the working directory)', () => {
  const cwd = process.cwd();
  const project = writeTree({ 'dist/base.yaml': stringify(vlan()) });
  try {
    process.chdir(project);
    expect(run('--crds', CRD_DIR)).toEqual({ code: 0, out: ['validated 1 documents in 1 files: 0 problems'], err: [] });
    fs.rmSync(path.join(project, 'dist'), { recursive: true });
    expect(run('--crds', CRD_DIR)).toMatchObject({ code: 2, err: ['error: not a directory: dist', expect.any(String)] });
  } finally {
    process.chdir(cwd);
  }
});
