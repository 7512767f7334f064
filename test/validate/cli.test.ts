import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../src/validate';
import { SCHEMA_DIR, configMap, deployment, vlan, writeTree } from './fixtures';

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

test('exit 0 and a summary when everything is valid, on the bundle shipped with the package (no upstream files needed)', () => {
  expect(run(good)).toEqual({ code: 0, out: ['validated 2 documents in 1 files: 0 problems'], err: [] });
  expect(run(good, '--schemas', SCHEMA_DIR)).toEqual({ code: 0, out: ['validated 2 documents in 1 files: 0 problems'], err: [] });
});

test('exit 1 with one line per problem', () => {
  expect(run(bad, `--schemas=${SCHEMA_DIR}`)).toEqual({
    code: 1,
    out: [
      'clusters/a/base.yaml#0 (Vlan vlan10): spec.id: must be <= 4095',
      'clusters/a/more.yaml#0 (ConfigMap settings): metadata.namespace: required for the namespaced kind ConfigMap (the output must not depend on a default namespace)',
      'validated 2 documents in 2 files: 2 problems',
    ],
    err: [],
  });
});

// issue 15: `ConfigMapp` made the validator exit 2 with "Cannot find module", and the other documents went unreported
test('a typo\'d kind is a problem of its document: every other invalid document is still reported, exit 1', () => {
  const dir = writeTree({
    'clusters/a/00-typo.yaml': [stringify({ ...configMap(), kind: 'ConfigMapp' }), stringify({ ...deployment(), kind: 'Deploymnet' })].join('---\n'),
    'clusters/a/10-vlan.yaml': stringify(vlan({ id: 5000 })),
    'clusters/a/20-list.yaml': stringify({ apiVersion: 'v1', kind: 'List', items: [configMap(null, 'in-list'), vlan({ id: -1 })] }),
  });
  const { code, out, err } = run(dir);
  expect({ code, err }).toEqual({ code: 1, err: [] });
  expect(out).toEqual([
    expect.stringMatching(/^clusters\/a\/00-typo\.yaml#0 \(ConfigMapp demo\/settings\): kind: no schema for v1 ConfigMapp .*; did you mean v1 ConfigMap\?$/),
    expect.stringMatching(/^clusters\/a\/00-typo\.yaml#1 \(Deploymnet demo\/web\): kind: no schema for apps\/v1 Deploymnet .*; did you mean apps\/v1 Deployment\?$/),
    'clusters/a/10-vlan.yaml#0 (Vlan vlan10): spec.id: must be <= 4095',
    'clusters/a/20-list.yaml#0 items[0] (ConfigMap in-list): metadata.namespace: required for the namespaced kind ConfigMap (the output must not depend on a default namespace)',
    'clusters/a/20-list.yaml#0 items[1] (Vlan vlan10): spec.id: must be >= 0',
    'clusters/a/20-list.yaml#0 items[1] (Vlan vlan10): metadata.name: duplicate object: Vlan vlan10 is also defined at clusters/a/10-vlan.yaml#0 (Vlan vlan10)',
    'validated 4 documents in 3 files: 6 problems',
  ]);
});

test('the same through `node lib/src/validate/cli.js` (npm run validate) when the build is there: exit 1, no stack trace', () => {
  const cli = path.resolve(__dirname, '../../lib/src/validate/cli.js');
  if (!fs.existsSync(cli)) return; // the build is checked by CI's npm run validate; the in-process runs above cover the logic
  const dir = writeTree({ 'a.yaml': stringify({ ...configMap(), kind: 'ConfigMapp' }), 'b.yaml': stringify(vlan({ id: 5000 })) });
  const child = spawnSync(process.execPath, [cli, dir], { encoding: 'utf8' });
  expect(child.status).toBe(1);
  expect(child.stderr).toBe('');
  expect(child.stdout).toMatch(/^a\.yaml#0 \(ConfigMapp demo\/settings\): kind: no schema for v1 ConfigMapp .*\nb\.yaml#0 \(Vlan vlan10\): spec\.id: must be <= 4095\nvalidated 2 documents in 2 files: 2 problems\n$/);
});

test('nothing to validate (an empty folder, only non-YAML files, only empty documents) exits 1 with a message', () => {
  const empty = writeTree({});
  expect(run(empty)).toEqual({
    code: 1,
    out: [`${empty}: nothing to validate: no .yaml or .yml file in this folder (0 other files); point at the rendered output folder`, 'validated 0 documents in 0 files: 1 problem'],
    err: [],
  });
  const json = writeTree({ 'all.json': '{"apiVersion":"v1","kind":"ConfigMap"}' });
  expect(run(json)).toMatchObject({ code: 1, out: [expect.stringContaining('nothing to validate: no .yaml or .yml file in this folder (1 other file)'), expect.any(String)] });
  const blank = writeTree({ 'a.yaml': '# nothing\n---\n' });
  expect(run(blank)).toMatchObject({ code: 1, out: [expect.stringContaining('nothing to validate: 1 YAML file but no document in them'), expect.any(String)] });
});

test('exit 2 on usage errors only, without a stack trace', () => {
  const missing = path.join(good, 'nope');
  expect(run(missing)).toMatchObject({ code: 2, out: [], err: [`error: not a directory: ${missing}`, expect.stringMatching(/^usage: /)] });
  expect(run(good, '--bogus')).toMatchObject({ code: 2, err: ['error: unexpected argument: --bogus', expect.any(String)] });
  expect(run(good, good)).toMatchObject({ code: 2, err: [`error: unexpected argument: ${good}`, expect.any(String)] });
  expect(run(good, '--crds', missing)).toMatchObject({ code: 2, err: [`error: CRD folder not found: ${missing} (use --crds DIR)`, expect.any(String)] });
  expect(run(good, '--schemas', good)).toMatchObject({ code: 2, err: [expect.stringMatching(/^error: not a schema bundle: .* has no index\.json/), expect.any(String)] });
  expect(run('--help')).toMatchObject({ code: 0, out: [expect.stringMatching(/^usage: /)] });
});

test('--crds reads a folder of CRD YAML files; files it cannot use are reported as warnings on stderr', () => {
  const crds = writeTree({
    'vlan.yaml': [
      'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata: { name: vlans.kubeovn.io }',
      'spec: { group: kubeovn.io, scope: Cluster, names: { kind: Vlan, plural: vlans },',
      '  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object, x-kubernetes-preserve-unknown-fields: true } } } } }] }',
    ].join('\n'),
    'broken.yaml': "group: x\n'unterminated\n",
  });
  const unknownGroup = writeTree({ 'x.yaml': stringify({ apiVersion: 'other.io/v1', kind: 'Thing', metadata: { name: 't' } }), 'v.yaml': stringify(vlan({ id: 5000 })) });
  const { code, out, err } = run(unknownGroup, '--crds', crds);
  expect(code).toBe(1);
  expect(out).toEqual([
    expect.stringMatching(/^x\.yaml#0 \(Thing t\): kind: no schema for other\.io\/v1 Thing \(neither a built-in kind nor a CRD in the CRDs in .*; skipped CRD files: broken\.yaml\)$/),
    'validated 2 documents in 2 files: 1 problem', // the folder's Vlan schema is open: no finding on spec.id
  ]);
  expect(err).toEqual([expect.stringMatching(/^warning: broken\.yaml: skipped, YAML parse error/)]);
});

test('the directory defaults to dist (relative to the working directory)', () => {
  const cwd = process.cwd();
  const project = writeTree({ 'dist/base.yaml': stringify(vlan()) });
  try {
    process.chdir(project);
    expect(run()).toEqual({ code: 0, out: ['validated 1 documents in 1 files: 0 problems'], err: [] });
    fs.rmSync(path.join(project, 'dist'), { recursive: true });
    expect(run()).toMatchObject({ code: 2, err: ['error: not a directory: dist', expect.any(String)] });
  } finally {
    process.chdir(cwd);
  }
});

describe('the convergence check from the command line', () => {
  const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'c1', namespace: 'argocd' },
    spec: { project: 'p', destination: { name: 'c1', namespace: 'kube-system' }, source: { repoURL: 'https://git.example.com/r.git', path: 'dist/clusters/c1' } } };
  const delivered = writeTree({ 'argocd/app.yaml': stringify(app), 'clusters/c1/vlan.yaml': stringify(vlan()) });

  test('a custom resource without its CRD is one problem; --preinstalled-crd declares it, --no-convergence skips the check', () => {
    const failing = run(delivered);
    expect(failing.code).toBe(1);
    expect(failing.out).toEqual([
      "clusters/c1/vlan.yaml#0 (Vlan vlan10): Argo CD, Application \"c1\": waits for the CRD of kubeovn.io/Vlan, which nothing delivered to cluster \"c1\" produces; render its CRD, deliver the chart that installs it in an earlier wave, or declare it preinstalled (preinstalled.crds: ['kubeovn.io/Vlan'])",
      'validated 2 documents in 2 files: 1 problem',
    ]);
    expect(run(delivered, '--preinstalled-crd', 'kubeovn.io/*').code).toBe(0);
    expect(run(delivered, '--preinstalled-crd=vlans.kubeovn.io').code).toBe(0);
    expect(run(delivered, '--no-convergence').code).toBe(0);
  });

  test('malformed declarations are usage errors', () => {
    expect(run(delivered, '--preinstalled-crd', 'Vlan')).toMatchObject({ code: 2, err: ['error: --preinstalled-crd takes group/Kind, group/* or plural.group, got Vlan', expect.any(String)] });
    expect(run(delivered, '--external-secret', 'creds')).toMatchObject({ code: 2, err: ['error: --external-secret takes namespace/name or */name, got creds', expect.any(String)] });
  });
});
