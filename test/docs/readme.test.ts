import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { Fleet } from '../../src/fleet/model';
import { renderFleetFiles } from '../../src/fleet/render';
import { validateDirectory } from '../../src/validate';

// Issue 13, "Docs that run": the README's TypeScript blocks, pasted together in order, are one valid module
// against the public API, and the fleet they build renders without a problem.
const ROOT = path.resolve(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const INDEX = path.join(ROOT, 'src', 'index.ts');

/** The ```ts blocks of the README, in order. */
function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/**
 * The blocks as one module: each block keeps its own imports, so the named imports of one module are merged
 * into one declaration at the top (a name imported by two blocks would otherwise be a duplicate identifier).
 */
function concatenate(blocks: readonly string[]): string {
  const imports = new Map<string, Set<string>>();
  const bodies = blocks.map((block) => block.replace(/^import \{([^}]*)\} from '([^']+)';\n/gm, (_, names: string, from: string) => {
    const set = imports.get(from) ?? new Set<string>();
    for (const n of names.split(',').map((x) => x.trim()).filter((x) => x !== '')) set.add(n);
    imports.set(from, set);
    return '';
  }));
  const head = [...imports].map(([from, names]) => `import { ${[...names].join(', ')} } from '${from}';`);
  return `${head.join('\n')}\n\n${bodies.join('\n')}\nexport { fleet };\n`;
}

const blocks = tsBlocks(README);
const source = concatenate(blocks);

test('the README has the blocks this test runs: the fleet, the IC server, the interconnection, your own app', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(7);
  expect(source).toMatch(/^const fleet = new Fleet\(\);$/m);
  expect(source).toMatch(/^const icDatabase = az1\.addIcServer\(/m);
  expect(source).toMatch(/^az2\.interconnect\(\{$/m);
  expect(source).toMatch(/^export default function buildFleet\(\): Fleet \{$/m);
});

test('every ts block of the README type-checks, in order, as one module against the package\'s public API', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-readme-')));
  try {
    const file = path.join(dir, 'readme.ts');
    fs.writeFileSync(file, source);
    const program = ts.createProgram([file], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      baseUrl: ROOT,
      // the package's name resolves to its public entry point only (src/index.ts), as `exports` does for users
      paths: { 'cdk8s-ovn-ic': [INDEX], cdk8s: [path.join(ROOT, 'node_modules', 'cdk8s')] },
    });
    // each message quotes its line of the README block (line numbers are the concatenation's)
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : undefined;
      const where = line === undefined ? '' : `${path.basename(d.file!.fileName)}:${line + 1} \`${d.file!.text.split('\n')[line].trim()}\`: `;
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the fleet the README\'s blocks build renders with no error, and its plain cdk8s chart synthesizes', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-readme-run-')));
  const saved = process.env.CDK8S_OUTDIR;
  try {
    const file = path.join(dir, 'readme.ts');
    // the package's name is its source here (jest transforms it); app.synth() of the plain-chart block writes into dir
    fs.writeFileSync(file, source.replace(/from 'cdk8s-ovn-ic'/g, `from ${JSON.stringify(INDEX.replace(/\.ts$/, ''))}`)
      .replace(/from 'cdk8s'/g, `from ${JSON.stringify(require.resolve('cdk8s'))}`));
    process.env.CDK8S_OUTDIR = path.join(dir, 'plain-chart');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { fleet: Fleet; default: () => Fleet };
    expect(fs.readdirSync(path.join(dir, 'plain-chart')).sort()).toEqual(['az1.k8s.yaml']);

    expect(mod.fleet).toBeInstanceOf(Fleet);
    const quickStart = renderFleetFiles(mod.fleet);
    const names = quickStart.files.map((f) => f.file);
    for (const cluster of ['az1', 'az2', 'cluster-a']) expect(names.some((n) => n.startsWith(`clusters/${cluster}/`))).toBe(true);
    expect(names).toEqual(expect.arrayContaining([
      'clusters/az1/ConfigMap.kube-system.ovn-ic-config.k8s.yaml',
      'clusters/az2/ConfigMap.kube-system.ovn-ic-config.k8s.yaml',
      'clusters/az2/Subnet.no-advertise.k8s.yaml',
      'clusters/az1/Vlan.vlan2.k8s.yaml',
      'argocd/Application.argocd.cluster-a.k8s.yaml',
    ]));
    // warnings (fewer gateway nodes than transit switches, a broker with one member) are the snippets' brevity, not errors

    // the "own cdk8s app" module renders too, and what it renders validates
    const own = renderFleetFiles(mod.default());
    expect(own.warnings).toEqual([]);
    const out = path.join(dir, 'own');
    for (const f of own.files) {
      fs.mkdirSync(path.dirname(path.join(out, f.file)), { recursive: true });
      fs.writeFileSync(path.join(out, f.file), f.content);
    }
    expect(own.files.map((f) => f.file)).toEqual(expect.arrayContaining(['clusters/east/ConfigMap.kube-system.ovn-ic-config.k8s.yaml']));
    expect(validateDirectory(out).problems).toEqual([]);
  } finally {
    if (saved === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
