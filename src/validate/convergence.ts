import * as fs from 'fs';
import * as path from 'path';
import { builtinKind } from './builtin-kinds';
import { documentLocation, type ValidationProblem } from './problem';
import type { ChartCrd, ChartFacts } from './schema-bundle';
import { listFiles, parseYamlDocuments } from './yaml-files';

/**
 * The convergence check: proves from the rendered folder alone, per delivery (Argo CD: the Applications of
 * `argocd/` with their sync waves, an app of apps; Flux: the Kustomizations of `flux/` with `dependsOn`, and the
 * HelmReleases they apply), that the bootstrap can finish:
 *
 * - every custom resource's CRD is installed by an earlier unit (a rendered CRD, or a pinned chart whose CRDs are in
 *   the committed chart facts `schemas/charts/`), by the same unit where the tool orders CRDs first, or is declared
 *   preinstalled ({@link DEFAULT_PREINSTALLED_CRDS}, {@link ConvergenceAssumptions.crds});
 * - every namespaced object's Namespace exists first: built in ({@link BUILT_IN_NAMESPACES}), created by an earlier
 *   unit, or by the same unit in an order the tool applies;
 * - every Secret referenced by name (pod volumes/env, `*SecretRef`/`*Secret` fields of custom resources, HelmRelease
 *   `valuesFrom`, Kustomization `postBuild.substituteFrom`, PushSecret's source) is produced by something delivered
 *   earlier (a Secret, SealedSecret, or an ExternalSecret's target) or declared external; every argocd-vault-plugin
 *   placeholder is filled by a PushSecret of an EARLIER Application (never its own: the plugin fails the whole
 *   generation on a missing value, so nothing of that Application would ever be applied) or declared external;
 * - no dependency cycle (Flux `dependsOn`, and units that wait for each other's products).
 *
 * What each tool really does, from its source:
 * - Argo CD (gitops-engine `pkg/sync/sync_tasks.go`: tasks sort by phase, then sync wave, then kind order, where
 *   Namespaces come first and CustomResourceDefinitions before custom resources; `pkg/sync/sync_context.go` skips the
 *   dry run of a custom resource whose CRD is in the same sync). A wave starts when the previous one is healthy, so
 *   inside an Application a producer in the same or an earlier wave is in time. Across Applications the app of apps
 *   applies them wave by wave and waits for their health only when the Application health check is restored in
 *   `argocd-cm` (`resource.customizations.health.argoproj.io_Application`, removed from Argo CD 1.8): the check
 *   assumes it is, as the bootstrap notes require. `CreateNamespace=true` creates the destination namespace first.
 *   Helm sources are rendered with their CRDs (`helm template --include-crds`) unless `helm.skipCrds`.
 * - Flux (kustomize-controller `internal/controller/kustomization_controller.go`, `apply`: a first stage of
 *   CustomResourceDefinitions and Namespaces, applied and waited for, then class kinds, then everything else), so in
 *   one Kustomization CRDs and Namespaces are always in time. A Kustomization starts after every `dependsOn` is
 *   Ready; a HelmRelease it applies counts as installed for the dependents only when the Kustomization waits for it
 *   (`wait: true` or a health check on it). helm-controller installs a chart's `crds/` unless `install.crds: Skip`.
 *
 * Cannot be proven without a cluster: that an operator installs CRDs at runtime (declare them), that Secrets outside
 * the folder exist, that the app of apps really waits (the health check), that pods become healthy.
 */
export interface ConvergenceAssumptions {
  /**
   * CRDs that exist before the bootstrap, on every cluster: `group/Kind`, `group/*`, or a CRD name (`plural.group`).
   * Added to {@link DEFAULT_PREINSTALLED_CRDS}.
   * @default none
   */
  readonly crds?: readonly string[];
  /**
   * Secrets created outside the rendered folder (by a person, a provisioning tool, another repository):
   * `namespace/name`; the namespace `*` matches a name in any namespace.
   * Added to the Flux kubeconfig Secrets, which are bootstrap prerequisites.
   * @default none
   */
  readonly secrets?: readonly string[];
  /**
   * Secret-store paths that argocd-vault-plugin placeholders read and that something outside the folder fills:
   * `path`, `path#key`, or a prefix `path/*`.
   * @default none
   */
  readonly vaultPaths?: readonly string[];
  /**
   * CRDs that exist before the bootstrap on one cluster only, keyed by the cluster as the check names it: the Argo CD
   * destination name (`az1`), or `kubeconfig:<Secret name>` for a Flux Kustomization's kubeconfig. Same forms as `crds`.
   * @default none
   */
  readonly clusterCrds?: Readonly<Record<string, readonly string[]>>;
}

/** What the renderer declares in the folder it writes (`convergence.json`), read by the check. */
export const ASSUMPTIONS_FILE = 'convergence.json';

/**
 * CRDs every fleet cluster (or the management cluster) has before the bootstrap: the delivery tools' own. Argo CD's
 * CRDs (argoproj.io) come with its install, Flux's (`*.toolkit.fluxcd.io`) with `flux bootstrap`. Anything else, e.g.
 * External Secrets Operator's `external-secrets.io` when ESO is installed first, is declared
 * ({@link ConvergenceAssumptions.crds}, `npm run validate -- --preinstalled-crd external-secrets.io/*`).
 */
export const DEFAULT_PREINSTALLED_CRDS: readonly string[] = [
  'argoproj.io/*',
  'source.toolkit.fluxcd.io/*', 'kustomize.toolkit.fluxcd.io/*', 'helm.toolkit.fluxcd.io/*', 'notification.toolkit.fluxcd.io/*',
];

/** Namespaces every Kubernetes cluster has (created by the API server). */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export interface ConvergenceOptions extends ConvergenceAssumptions {
  /** The charts' facts (`schemas/charts/*.json`), to know which CRDs a chart installs. */
  readonly charts: readonly ChartFacts[];
  /** The plural of a custom resource kind (from the schema bundle), to match preinstalled CRDs given by name. */
  readonly plural?: (group: string, kind: string) => string | undefined;
}

/** One object a unit applies. */
interface Item {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly doc: Record<string, any>;
  readonly location: string;
  /** Argo CD sync wave inside its Application (0 for Flux) */
  readonly wave: number;
}

/** Something a unit makes available on a cluster. */
interface Product {
  readonly unit: Unit;
  readonly wave: number;
  readonly what: string;
}

/** An Argo CD Application or a Flux Kustomization (or the root that applies them). */
interface Unit {
  readonly id: string;
  readonly location: string;
  readonly delivery: 'Argo CD' | 'Flux';
  readonly cluster: string;
  readonly items: Item[];
  /** Argo CD: the app of apps' wave; Flux: -1 for the root, 0 otherwise */
  readonly order: number;
  readonly dependsOn: string[];
  readonly vault: boolean;
  readonly root: boolean;
  readonly charts: Array<{ chart: string; cluster: string; namespace: string; crds: ChartCrd[]; waited: boolean; known: boolean }>;
  readonly createdNamespaces: string[];
  readonly namespace?: string;
  /** The values files of a Helm chart folder the unit renders (a plugin such as argocd-vault-plugin-helm): placeholders only */
  readonly values?: Item[];
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Reads `convergence.json` of a rendered folder, if there is one. */
export function readAssumptions(dir: string): ConvergenceAssumptions {
  const file = path.join(dir, ASSUMPTIONS_FILE);
  if (!fs.existsSync(file)) return {};
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { preinstalled?: ConvergenceAssumptions };
  return parsed.preinstalled ?? {};
}

/**
 * Checks the deliveries found in a rendered folder: `argocd/` (an app of apps over its Applications) and `flux/` (a
 * bootstrap Kustomization over its objects). A folder with neither yields nothing. Each violation is one problem at the
 * waiting object, saying what it waits for and what to change.
 */
export function checkConvergence(dir: string, options: ConvergenceOptions): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const [folder, delivery] of [['argocd', 'Argo CD'], ['flux', 'Flux']] as const) {
    if (!fs.existsSync(path.join(dir, folder))) continue;
    const units = delivery === 'Argo CD' ? argoCdUnits(dir, folder, options, problems) : fluxUnits(dir, folder, options, problems);
    problems.push(...checkUnits(units, options));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// reading the deliveries

function readItems(dir: string, files: string[], waves: boolean): Item[] {
  const items: Item[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const parsed of parseYamlDocuments(text)) {
      if (!('doc' in parsed) || !isObject(parsed.doc)) continue; // parse errors are the schema check's problems
      const docs = parsed.doc.kind === 'List' && Array.isArray(parsed.doc.items) ? parsed.doc.items.filter(isObject) : [parsed.doc];
      for (const doc of docs) {
        if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') continue;
        const meta = isObject(doc.metadata) ? doc.metadata : {};
        const wave = waves ? Number(meta.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0) : 0;
        items.push({
          group: groupOf(doc.apiVersion),
          kind: doc.kind,
          name: String(meta.name ?? ''),
          namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
          doc,
          location: documentLocation(file, parsed.index, doc),
          wave: Number.isFinite(wave) ? wave : 0,
        });
      }
    }
  }
  return items;
}

const yamlFile = (f: string): boolean => /\.ya?ml$/.test(f);

/** The files of a repository path inside the rendered folder: `dist/clusters/az1` -> `clusters/az1`. */
function localFolder(dir: string, repoPath: string): string | undefined {
  const segments = repoPath.replace(/^\.\//, '').split('/').filter((s) => s !== '' && s !== '.');
  for (let i = 0; i < segments.length; i++) {
    const rel = segments.slice(i).join('/');
    const abs = path.join(dir, rel);
    if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) return rel;
  }
  return undefined;
}

function globRegex(glob: string): RegExp {
  const alternatives = /^\{(.*)\}$/.exec(glob)?.[1].split(',') ?? [glob];
  const one = (g: string) => g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^(${alternatives.map(one).join('|')})$`);
}

/**
 * The facts of a pinned chart: by name and version, or by the tag it was taken from (the Submariner charts'
 * Chart.yaml says 0.0.0; their releases are published under the repository's tag, e.g. 0.18.1).
 */
function chartFactsOf(charts: readonly ChartFacts[], name: string, version: unknown): ChartFacts | undefined {
  const v = String(version ?? '').replace(/^v/, '');
  return charts.find((c) => c.name === name && (c.version.replace(/^v/, '') === v || c.source.ref.replace(/^v/, '') === v));
}

function argoCdUnits(dir: string, folder: string, options: ConvergenceOptions, problems: ValidationProblem[]): Unit[] {
  const rootItems = readItems(dir, listFiles(path.join(dir, folder)).filter(yamlFile).map((f) => `${folder}/${f}`), true);
  const root: Unit = {
    id: `the app of apps over ${folder}/`, location: `${folder}/`, delivery: 'Argo CD', cluster: 'in-cluster', items: rootItems,
    order: Number.NEGATIVE_INFINITY, dependsOn: [], vault: false, root: true, charts: [], createdNamespaces: [],
  };
  const units: Unit[] = [root];
  for (const app of rootItems) {
    if (app.group === 'argoproj.io' && app.kind === 'ApplicationSet') {
      problems.push({ location: app.location, path: 'spec', message: 'an ApplicationSet creates its Applications all at once, without order: the convergence check covers Applications only; '
        + 'deliver with one Application per folder (applicationMode) to have the order checked' });
      continue;
    }
    if (app.group !== 'argoproj.io' || app.kind !== 'Application') continue;
    const spec = isObject(app.doc.spec) ? app.doc.spec : {};
    const dest = isObject(spec.destination) ? spec.destination : {};
    const cluster = String(dest.name ?? dest.server ?? 'in-cluster').replace(/^https:\/\/kubernetes\.default\.svc$/, 'in-cluster');
    const syncOptions: string[] = Array.isArray(spec.syncPolicy?.syncOptions) ? spec.syncPolicy.syncOptions : [];
    const namespace = typeof dest.namespace === 'string' ? dest.namespace : undefined;
    const unit: Unit = {
      id: `Application "${app.name}"`, location: app.location, delivery: 'Argo CD', cluster, items: [], order: app.wave, dependsOn: [],
      vault: false, root: false, charts: [], namespace, values: [],
      createdNamespaces: syncOptions.includes('CreateNamespace=true') && namespace ? [namespace] : [],
    };
    const sources: Array<Record<string, any>> = [...(isObject(spec.source) ? [spec.source] : []), ...(Array.isArray(spec.sources) ? spec.sources.filter(isObject) : [])];
    let vault = false;
    for (const source of sources) {
      if (typeof source.chart === 'string') {
        const facts = chartFactsOf(options.charts, source.chart, source.targetRevision);
        const skip = source.helm?.skipCrds === true;
        unit.charts.push({
          chart: `${source.chart} ${source.targetRevision}`, cluster, namespace: namespace ?? 'default', waited: true, known: facts !== undefined,
          crds: (facts?.crds ?? []).filter((c) => !(skip && c.from === 'crds')),
        });
        continue;
      }
      if (typeof source.path !== 'string') continue;
      const local = localFolder(dir, source.path);
      if (local === undefined) {
        problems.push({ location: app.location, path: 'spec.source.path', message: `path "${source.path}" is not in the rendered folder, so what it applies is not checked; render it here` });
        continue;
      }
      const chartFolder = helmChartFolder(dir, local);
      if (chartFolder) {
        // a Helm chart folder (e.g. a wrapper chart whose dependency is the upstream chart, rendered by a plugin):
        // what it installs are its dependencies' CRDs; its values files hold the placeholders
        for (const dep of chartFolder.dependencies) {
          const facts = chartFactsOf(options.charts, dep.name, dep.version);
          unit.charts.push({
            chart: `${dep.name} ${dep.version}`, cluster, namespace: namespace ?? 'default', waited: true, known: facts !== undefined, crds: [...(facts?.crds ?? [])],
          });
        }
        (unit.values as Item[]).push(...chartFolder.values);
        vault ||= isObject(source.plugin) && /vault/.test(String(source.plugin.name ?? ''));
        continue;
      }
      const directory = isObject(source.directory) ? source.directory : {};
      const include = typeof directory.include === 'string' ? globRegex(directory.include) : undefined;
      const exclude = typeof directory.exclude === 'string' ? globRegex(directory.exclude) : undefined;
      const files = listFiles(path.join(dir, local))
        .filter((f) => directory.recurse === true || !f.includes('/'))
        .filter((f) => yamlFile(f) && (include === undefined || include.test(path.basename(f))) && !(exclude?.test(path.basename(f))))
        .map((f) => `${local}/${f}`);
      unit.items.push(...readItems(dir, files, true));
      vault ||= isObject(source.plugin) && /vault/.test(String(source.plugin.name ?? ''));
    }
    units.push({ ...unit, vault });
  }
  return units;
}

function fluxUnits(dir: string, folder: string, options: ConvergenceOptions, problems: ValidationProblem[]): Unit[] {
  const rootItems = readItems(dir, listFiles(path.join(dir, folder)).filter(yamlFile).map((f) => `${folder}/${f}`), false);
  const root: Unit = {
    id: `the bootstrap Kustomization over ${folder}/`, location: `${folder}/`, delivery: 'Flux', cluster: 'management', items: rootItems,
    order: -1, dependsOn: [], vault: false, root: true, charts: [], createdNamespaces: [],
  };
  const units: Unit[] = [root];
  const kustomizations = rootItems.filter((i) => i.group === 'kustomize.toolkit.fluxcd.io' && i.kind === 'Kustomization');
  for (const k of kustomizations) {
    const spec = isObject(k.doc.spec) ? k.doc.spec : {};
    const cluster = kubeConfigCluster(spec.kubeConfig);
    const unit: Unit = {
      id: `Kustomization "${k.namespace ?? 'default'}/${k.name}"`, location: k.location, delivery: 'Flux', cluster, items: [], order: 0,
      dependsOn: (Array.isArray(spec.dependsOn) ? spec.dependsOn : []).filter(isObject).map((d: any) => `${d.namespace ?? k.namespace ?? 'default'}/${d.name}`),
      vault: false, root: false, charts: [], createdNamespaces: [], namespace: typeof spec.targetNamespace === 'string' ? spec.targetNamespace : undefined,
    };
    const local = typeof spec.path === 'string' ? localFolder(dir, spec.path) : undefined;
    if (local === undefined) {
      problems.push({ location: k.location, path: 'spec.path', message: `path "${spec.path}" is not in the rendered folder, so what it applies is not checked; render it here` });
    } else {
      // without a kustomization.yaml, kustomize-controller generates one over every manifest below the path
      const files = listFiles(path.join(dir, local)).filter(yamlFile).map((f) => `${local}/${f}`);
      const deletes = (Array.isArray(spec.patches) ? spec.patches : []).filter((p: any) => isObject(p) && /\$patch:\s*delete/.test(String(p.patch ?? '')));
      // spec.targetNamespace moves every namespaced object into that namespace
      const target = typeof spec.targetNamespace === 'string' ? spec.targetNamespace : undefined;
      unit.items.push(...readItems(dir, files, false).filter((i) => !deletes.some((p: any) => patchTargets(p.target, i)))
        .map((i) => (target !== undefined && i.namespace !== undefined ? { ...i, namespace: target } : i)));
    }
    const waited = (hr: Item) => spec.wait === true || (Array.isArray(spec.healthChecks) && spec.healthChecks.some((h: any) => h?.kind === 'HelmRelease' && h?.name === hr.name));
    for (const hr of unit.items.filter((i) => i.group === 'helm.toolkit.fluxcd.io' && i.kind === 'HelmRelease')) {
      const hs = isObject(hr.doc.spec) ? hr.doc.spec : {};
      const chart = hs.chart?.spec ?? {};
      const facts = chartFactsOf(options.charts, String(chart.chart ?? ''), chart.version);
      const skip = hs.install?.crds === 'Skip';
      const targetNamespace = String(hs.targetNamespace ?? hr.namespace ?? 'default');
      unit.charts.push({
        chart: `${chart.chart} ${chart.version} (HelmRelease "${hr.namespace}/${hr.name}")`, cluster: hs.kubeConfig ? kubeConfigCluster(hs.kubeConfig) : cluster,
        namespace: targetNamespace, waited: waited(hr), known: facts !== undefined, crds: (facts?.crds ?? []).filter((c) => !(skip && c.from === 'crds')),
      });
      if (hs.install?.createNamespace === true) unit.createdNamespaces.push(targetNamespace);
    }
    units.push(unit);
  }
  return units;
}

/** A cluster key in a message: `cluster "az1"`, `the management cluster`, `the cluster of kubeconfig Secret "az1-kubeconfig"`. */
function describeCluster(key: string): string {
  if (key === 'management' || key === 'in-cluster') return 'the management cluster';
  if (key.startsWith('kubeconfig:')) return `the cluster of kubeconfig Secret "${key.slice('kubeconfig:'.length)}"`;
  return `cluster "${key}"`;
}

/** The cluster a Flux object targets: its kubeconfig Secret, or the management cluster. */
function kubeConfigCluster(kubeConfig: unknown): string {
  const name = isObject(kubeConfig) && isObject(kubeConfig.secretRef) ? kubeConfig.secretRef.name : undefined;
  return typeof name === 'string' ? `kubeconfig:${name}` : 'management';
}

/** kustomize patch target selection: group, version, kind, name, namespace (regexes), label and annotation selectors. */
function patchTargets(target: unknown, item: Item): boolean {
  if (!isObject(target)) return false;
  const full = (re: unknown, value: string | undefined) => re === undefined || new RegExp(`^(${String(re)})$`).test(value ?? '');
  return full(target.group, item.group) && full(target.kind, item.kind) && full(target.name, item.name) && full(target.namespace, item.namespace)
    && selects(target.labelSelector, item.doc.metadata?.labels) && selects(target.annotationSelector, item.doc.metadata?.annotations);
}

/** Equality-based selectors (`k=v`, `k==v`, `k!=v`, `k`, `!k`, comma-separated). */
function selects(selector: unknown, map: unknown): boolean {
  if (typeof selector !== 'string' || selector === '') return true;
  const values: Record<string, unknown> = isObject(map) ? map : {};
  return selector.split(',').map((s) => s.trim()).every((term) => {
    const m = /^([^!=]+?)\s*(!=|==|=)\s*(.*)$/.exec(term);
    if (m) return m[2] === '!=' ? values[m[1]] !== m[3] : values[m[1]] === m[3];
    if (term.startsWith('!')) return !(term.slice(1) in values);
    return term in values;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// what the objects need and what they produce

/** Secrets an object references by name, with the field. */
function secretReferences(item: Item): Array<{ namespace: string; name: string; field: string }> {
  const out: Array<{ namespace: string; name: string; field: string }> = [];
  const ns = item.namespace ?? 'default';
  const { group, kind, doc } = item;
  const add = (name: unknown, field: string, optional?: unknown) => {
    if (typeof name === 'string' && name !== '' && optional !== true) out.push({ namespace: ns, name, field });
  };
  const podSpec = kind === 'Pod' ? doc.spec : kind === 'CronJob' ? doc.spec?.jobTemplate?.spec?.template?.spec : doc.spec?.template?.spec;
  const podField = kind === 'Pod' ? 'spec' : kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
  if ((group === '' && kind === 'Pod') || (group === 'apps' && ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet'].includes(kind)) || (group === 'batch' && ['Job', 'CronJob'].includes(kind))) {
    if (isObject(podSpec)) {
      (Array.isArray(podSpec.volumes) ? podSpec.volumes : []).forEach((v: any, i: number) => add(v?.secret?.secretName, `${podField}.volumes[${i}].secret.secretName`, v?.secret?.optional));
      for (const list of ['initContainers', 'containers']) {
        (Array.isArray(podSpec[list]) ? podSpec[list] : []).forEach((c: any, i: number) => {
          (Array.isArray(c?.env) ? c.env : []).forEach((e: any, j: number) => add(e?.valueFrom?.secretKeyRef?.name, `${podField}.${list}[${i}].env[${j}].valueFrom.secretKeyRef.name`, e?.valueFrom?.secretKeyRef?.optional));
          (Array.isArray(c?.envFrom) ? c.envFrom : []).forEach((e: any, j: number) => add(e?.secretRef?.name, `${podField}.${list}[${i}].envFrom[${j}].secretRef.name`, e?.secretRef?.optional));
        });
      }
    }
    return out;
  }
  if (group === 'helm.toolkit.fluxcd.io' && kind === 'HelmRelease') {
    (Array.isArray(doc.spec?.valuesFrom) ? doc.spec.valuesFrom : []).forEach((v: any, i: number) => {
      if (v?.kind === 'Secret') add(v.name, `spec.valuesFrom[${i}].name`, v.optional);
    });
    return out;
  }
  if (group === 'kustomize.toolkit.fluxcd.io' && kind === 'Kustomization') {
    (Array.isArray(doc.spec?.postBuild?.substituteFrom) ? doc.spec.postBuild.substituteFrom : []).forEach((v: any, i: number) => {
      if (v?.kind === 'Secret') add(v.name, `spec.postBuild.substituteFrom[${i}].name`, v.optional);
    });
    return out;
  }
  if (group === 'external-secrets.io' && kind === 'PushSecret') {
    add(doc.spec?.selector?.secret?.name, 'spec.selector.secret.name');
    return out;
  }
  if (builtinKind(String(doc.apiVersion), kind) !== undefined || group.endsWith('.toolkit.fluxcd.io') || group === 'argoproj.io' || group === 'external-secrets.io') return out;
  // custom resources: fields that name a Secret of the object's namespace (`brokerK8sSecret`, `fooSecretRef: {name}`)
  const walk = (value: unknown, field: string) => {
    if (!isObject(value)) return;
    for (const [key, v] of Object.entries(value)) {
      const f = field ? `${field}.${key}` : key;
      if (/secretref$/i.test(key) && isObject(v) && typeof v.name === 'string' && v.namespace === undefined) add(v.name, `${f}.name`, v.optional);
      else if (/(secret|secretname)$/i.test(key) && typeof v === 'string') add(v, f);
      else walk(v, f);
    }
  };
  walk(doc.spec, 'spec');
  return out;
}

/**
 * A Helm chart folder (`Chart.yaml` beside the values): its dependencies and its `values.yaml` as one item whose
 * document is the values (read for placeholders only). Undefined when the folder holds manifests.
 */
function helmChartFolder(dir: string, local: string): { dependencies: Array<{ name: string; version: string }>; values: Item[] } | undefined {
  const chartFile = path.join(dir, local, 'Chart.yaml');
  if (!fs.existsSync(chartFile)) return undefined;
  const chart = parseYamlDocuments(fs.readFileSync(chartFile, 'utf8')).map((d) => ('doc' in d ? d.doc : undefined)).find(isObject) ?? {};
  const dependencies = (Array.isArray(chart.dependencies) ? chart.dependencies : []).filter(isObject)
    .map((d: any) => ({ name: String(d.name ?? ''), version: String(d.version ?? '') }));
  const values: Item[] = [];
  const valuesFile = `${local}/values.yaml`;
  if (fs.existsSync(path.join(dir, valuesFile))) {
    for (const parsed of parseYamlDocuments(fs.readFileSync(path.join(dir, valuesFile), 'utf8'))) {
      if ('doc' in parsed && isObject(parsed.doc)) {
        values.push({ group: '', kind: 'values', name: 'values.yaml', doc: { spec: parsed.doc }, location: `${valuesFile}#${parsed.index}`, wave: 0 });
      }
    }
  }
  return { dependencies, values };
}

/** argocd-vault-plugin placeholders in an object: `<path:P#K>` anywhere, or `<K>` under the `avp.kubernetes.io/path` annotation. */
function vaultPlaceholders(item: Item): Array<{ path: string; key?: string }> {
  const text = JSON.stringify(item.doc);
  const out = new Map<string, { path: string; key?: string }>();
  // `<path:P#K>`, `<path:P#K#version>`, and modifiers after the key (`<path:P#K | base64encode>`)
  for (const m of text.matchAll(/<path:([^#<>"|\s]+)(?:#([^#<>"|\s]+))?[^<>"]*>/g)) out.set(`${m[1]}#${m[2] ?? ''}`, { path: m[1], key: m[2] });
  const annotated = item.doc.metadata?.annotations?.['avp.kubernetes.io/path'];
  if (typeof annotated === 'string') {
    for (const m of JSON.stringify(item.doc.data ?? item.doc.stringData ?? item.doc.spec ?? {}).matchAll(/<([A-Za-z0-9_.-]+)>/g)) out.set(`${annotated}#${m[1]}`, { path: annotated, key: m[1] });
  }
  return [...out.values()];
}

/** The remote keys a PushSecret writes: `remoteKey` (+ `property`). */
function pushedKeys(item: Item): Array<{ remoteKey: string; property?: string }> {
  if (item.group !== 'external-secrets.io' || item.kind !== 'PushSecret') return [];
  return (Array.isArray(item.doc.spec?.data) ? item.doc.spec.data : [])
    .map((d: any) => ({ remoteKey: d?.match?.remoteRef?.remoteKey, property: d?.match?.remoteRef?.property }))
    .filter((d: any) => typeof d.remoteKey === 'string');
}

/** Whether a pushed key fills a placeholder: same path, or the path without its mount and KV v2 `data/` segment. */
function fills(pushed: { remoteKey: string; property?: string }, placeholder: { path: string; key?: string }): boolean {
  const p = placeholder.path.replace(/^\/+/, '');
  const segments = p.split('/');
  const candidates = [p, segments.slice(1).join('/'), segments[1] === 'data' ? segments.slice(2).join('/') : ''];
  const key = pushed.remoteKey.replace(/^\/+/, '');
  if (!candidates.includes(key)) return false;
  return pushed.property === undefined || placeholder.key === undefined || pushed.property === placeholder.key;
}

/** `path/*` matches below `path`; anything else matches exactly. */
function matchesPattern(pattern: string, value: string): boolean {
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return pattern === value;
}

// ---------------------------------------------------------------------------------------------------------------
// the rules

function checkUnits(units: Unit[], options: ConvergenceOptions): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const byId = new Map(units.filter((u) => u.delivery === 'Flux').map((u) => [u.id.replace(/^Kustomization "(.*)"$/, '$1'), u]));
  const preinstalledCrds = [...DEFAULT_PREINSTALLED_CRDS, ...(options.crds ?? [])];
  const externalSecrets = options.secrets ?? [];
  const externalVault = options.vaultPaths ?? [];

  // Flux: dependsOn must name existing Kustomizations; transitive closure for "earlier"
  const ancestors = new Map<Unit, Set<Unit>>();
  const ancestorsOf = (u: Unit, seen = new Set<Unit>()): Set<Unit> => {
    if (ancestors.has(u)) return ancestors.get(u)!;
    const out = new Set<Unit>();
    seen.add(u);
    for (const d of u.dependsOn) {
      const dep = byId.get(d);
      if (!dep || seen.has(dep)) continue;
      out.add(dep);
      ancestorsOf(dep, seen).forEach((a) => out.add(a));
    }
    seen.delete(u);
    ancestors.set(u, out);
    return out;
  };
  for (const u of units) {
    for (const d of u.dependsOn) {
      if (!byId.has(d)) problems.push({ location: u.location, path: 'spec.dependsOn', message: `${u.id} depends on Kustomization "${d}", which the folder does not define: Flux waits for it forever; remove the dependency or render that Kustomization` });
    }
  }
  /** Whether the products of `a` are ready before `b` starts. */
  const before = (a: Unit, b: Unit): boolean => {
    if (a === b) return false;
    if (a.root) return !b.root;
    if (b.root) return false;
    return a.delivery === 'Argo CD' ? a.order < b.order : ancestorsOf(b).has(a);
  };

  // what is produced where
  const crds = new Map<string, Product[]>(); // `${cluster} ${group}/${kind}`
  const namespaces = new Map<string, Product[]>(); // `${cluster} ${ns}`
  const secrets = new Map<string, Product[]>(); // `${cluster} ${ns}/${name}`
  const pushes: Array<{ unit: Unit; item: Item; key: { remoteKey: string; property?: string } }> = [];
  const put = (map: Map<string, Product[]>, key: string, p: Product) => map.set(key, [...(map.get(key) ?? []), p]);
  for (const u of units) {
    for (const ns of u.createdNamespaces) put(namespaces, `${u.cluster} ${ns}`, { unit: u, wave: Number.NEGATIVE_INFINITY, what: `${u.id} (CreateNamespace)` });
    for (const c of u.charts) {
      for (const crd of c.crds) put(crds, `${c.cluster} ${crd.group}/${crd.kind}`, { unit: u, wave: c.waited ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY, what: `the chart ${c.chart} of ${u.id}` });
    }
    for (const i of u.items) {
      if (i.group === 'apiextensions.k8s.io' && i.kind === 'CustomResourceDefinition') {
        put(crds, `${u.cluster} ${i.doc.spec?.group}/${i.doc.spec?.names?.kind}`, { unit: u, wave: i.wave, what: `${i.location} in ${u.id}` });
      } else if (i.group === '' && i.kind === 'Namespace') {
        put(namespaces, `${u.cluster} ${i.name}`, { unit: u, wave: i.wave, what: `${i.location} in ${u.id}` });
      } else if ((i.group === '' && i.kind === 'Secret') || (i.group === 'bitnami.com' && i.kind === 'SealedSecret')) {
        put(secrets, `${u.cluster} ${i.namespace ?? 'default'}/${i.name}`, { unit: u, wave: i.wave, what: `${i.location} in ${u.id}` });
      } else if (i.group === 'external-secrets.io' && i.kind === 'ExternalSecret') {
        const target = typeof i.doc.spec?.target?.name === 'string' ? i.doc.spec.target.name : i.name;
        put(secrets, `${u.cluster} ${i.namespace ?? 'default'}/${target}`, { unit: u, wave: i.wave, what: `the ExternalSecret ${i.location} in ${u.id}` });
      }
      for (const key of pushedKeys(i)) pushes.push({ unit: u, item: i, key });
    }
  }
  // the namespaces of the root's objects are the delivery tool's own (argocd, flux-system): they exist
  for (const u of units.filter((x) => x.root)) for (const i of u.items) if (i.namespace) put(namespaces, `${u.cluster} ${i.namespace}`, { unit: u, wave: Number.NEGATIVE_INFINITY, what: `the namespace of ${u.delivery} itself` });

  const waits: Array<{ from: Unit; to: Unit; why: string }> = [];
  const report = (u: Unit, i: Item, field: string, message: string) => problems.push({ location: i.location, path: field, message: `${u.delivery}, ${u.id}: ${message}` });
  /** Resolves one need: preinstalled, an earlier producer, or the same unit in time; else a problem. */
  const need = (u: Unit, i: Item, field: string, what: string, found: Product[] | undefined, sameUnitOk: (p: Product) => boolean, absent: string, late: string) => {
    // a product whose unit does not wait for it (a HelmRelease without wait or health check: wave +Infinity) is never in time
    const ok = (found ?? []).find((p) => (before(p.unit, u) && p.wave !== Number.POSITIVE_INFINITY) || (p.unit === u && sameUnitOk(p)));
    if (ok) {
      if (ok.unit !== u) waits.push({ from: u, to: ok.unit, why: what });
      return;
    }
    if (!found || found.length === 0) {
      const unknown = units.flatMap((x) => x.charts.filter((c) => !c.known && c.cluster === u.cluster).map((c) => c.chart));
      const hint = unknown.length > 0 && field === 'kind' ? ` (the CRDs of ${unknown.join(', ')} are unknown: no chart facts for that version in schemas/charts/)` : '';
      report(u, i, field, `waits for ${what}, which nothing delivered to ${describeCluster(u.cluster)} produces${hint}; ${absent}`);
      return;
    }
    for (const p of found) if (p.unit !== u) waits.push({ from: u, to: p.unit, why: what });
    const unwaited = found.filter((p) => p.wave === Number.POSITIVE_INFINITY && p.unit !== u);
    if (unwaited.length > 0 && unwaited.length === found.length) {
      report(u, i, field, `waits for ${what}, produced by ${found.map((p) => p.what).join(', ')}, which does not wait for its HelmRelease; set wait: true or a health check on it there`);
      return;
    }
    report(u, i, field, `waits for ${what}, produced by ${found.map((p) => p.what).join(', ')}, which ${u.delivery === 'Argo CD' ? 'does not come in an earlier wave' : `${u.id} does not depend on`}; ${late}`);
  };

  /** 4. argocd-vault-plugin placeholders: filled before the Application renders, never by itself. */
  const placeholders = (u: Unit, i: Item) => {
    for (const ph of vaultPlaceholders(i)) {
      const label = `${ph.path}${ph.key ? `#${ph.key}` : ''}`;
      if (externalVault.some((p) => matchesPattern(p, label) || matchesPattern(p, ph.path))) continue;
      const producers = pushes.filter((x) => fills(x.key, ph));
      const earlier = producers.find((x) => before(x.unit, u));
      if (earlier) {
        waits.push({ from: u, to: earlier.unit, why: `the vault value ${label}` });
        continue;
      }
      const own = producers.find((x) => x.unit === u);
      if (own) {
        report(u, i, '', `the argocd-vault-plugin placeholder <path:${label}> is filled by ${own.item.location}, which this same Application delivers: `
          + 'the plugin fails the whole generation while the value is missing, so neither is ever applied; deliver the producer (and the Secret it pushes) '
          + 'from an Application without placeholders in an earlier wave');
      } else if (producers.length > 0) {
        producers.forEach((x) => waits.push({ from: u, to: x.unit, why: `the vault value ${label}` }));
        report(u, i, '', `the argocd-vault-plugin placeholder <path:${label}> is filled by ${producers.map((x) => `${x.item.location} in ${x.unit.id}`).join(', ')}, which does not come in an earlier wave; move that Application to an earlier wave`);
      } else {
        report(u, i, '', `the argocd-vault-plugin placeholder <path:${label}> reads a value that nothing delivered writes (no PushSecret with that remote key); `
          + `push it from an earlier Application, or declare it filled outside the fleet (preinstalled.vaultPaths: ['${ph.path}'])`);
      }
    }
  };

  for (const u of units) {
    for (const c of u.charts) {
      if (!BUILT_IN_NAMESPACES.includes(c.namespace) && !(namespaces.get(`${c.cluster} ${c.namespace}`) ?? []).some((p) => before(p.unit, u) || p.unit === u)) {
        problems.push({ location: u.location, path: 'spec', message: `${u.delivery}, ${u.id}: the chart ${c.chart} installs into namespace "${c.namespace}", which nothing creates before it; add CreateNamespace=true (Argo CD) or install.createNamespace (Flux), or render the Namespace in an earlier unit` });
      }
    }
    for (const i of u.items) {
      // 1. the CRD of a custom resource
      // built-in API groups (core, apps, *.k8s.io): an unknown kind there is a typo the schema check reports
      const builtinGroup = i.group === '' || !i.group.includes('.') || (i.group.endsWith('.k8s.io') && !i.group.endsWith('x-k8s.io'));
      if (!builtinGroup && builtinKind(String(i.doc.apiVersion), i.kind) === undefined) {
        const gk = `${i.group}/${i.kind}`;
        const crdName = `${options.plural?.(i.group, i.kind) ?? pluralGuess(i.kind)}.${i.group}`;
        const declared = [...preinstalledCrds, ...(options.clusterCrds?.[u.cluster] ?? [])];
        if (!declared.some((p) => p === gk || p === `${i.group}/*` || p === crdName)) {
          need(u, i, 'kind', `the CRD of ${gk}`, crds.get(`${u.cluster} ${gk}`), (p) => p.wave <= i.wave,
            `render its CRD, deliver the chart that installs it in an earlier ${u.delivery === 'Argo CD' ? 'wave' : 'dependency'}, or declare it preinstalled (preinstalled.crds: ['${gk}'])`,
            u.delivery === 'Argo CD' ? 'move that Application to an earlier sync wave than this one' : `add it to ${u.id}'s spec.dependsOn`);
        }
      }
      // 2. the Namespace of a namespaced object
      if (i.namespace !== undefined && !BUILT_IN_NAMESPACES.includes(i.namespace)) {
        need(u, i, 'metadata.namespace', `Namespace "${i.namespace}"`, namespaces.get(`${u.cluster} ${i.namespace}`), (p) => p.wave <= i.wave,
          `render the Namespace in this folder or an earlier one${u.delivery === 'Argo CD' ? ', or set CreateNamespace=true with it as the destination namespace' : ''}`,
          u.delivery === 'Argo CD' ? `give the Namespace a sync wave <= ${i.wave}, or move its Application earlier` : `add its Kustomization to ${u.id}'s spec.dependsOn`);
      }
      // 3. Secrets referenced by name
      for (const ref of secretReferences(i)) {
        const key = `${ref.namespace}/${ref.name}`;
        if (externalSecrets.some((p) => p === key || p === `*/${ref.name}`)) continue;
        need(u, i, ref.field, `Secret "${key}"`, secrets.get(`${u.cluster} ${key}`), (p) => p.wave <= i.wave,
          `deliver it (a Secret, SealedSecret or ExternalSecret) before this object, or declare it external (preinstalled.secrets: ['${key}'])`,
          u.delivery === 'Argo CD' ? 'move its producer to an earlier wave than this object' : `add its Kustomization to ${u.id}'s spec.dependsOn`);
      }
      // 4. argocd-vault-plugin placeholders
      if (u.vault) placeholders(u, i);
    }
    // the values files of a chart folder: their placeholders
    if (u.vault) for (const i of u.values ?? []) placeholders(u, i);
  }
  problems.push(...cycles(units, byId, waits));
  return problems;
}

/** A CRD's plural as most CRDs spell it, to match a preinstalled CRD given by name (`submariners.submariner.io`). */
function pluralGuess(kind: string): string {
  const k = kind.toLowerCase();
  return k.endsWith('s') ? `${k}es` : k.endsWith('y') ? `${k.slice(0, -1)}ies` : `${k}s`;
}

/** Dependency cycles (Flux dependsOn, and units waiting for each other's products), each once, as one problem. */
function cycles(units: Unit[], byId: Map<string, Unit>, waits: Array<{ from: Unit; to: Unit; why: string }>): ValidationProblem[] {
  const edges = new Map<Unit, Map<Unit, string>>();
  const edge = (a: Unit, b: Unit, why: string) => {
    const m = edges.get(a) ?? new Map<Unit, string>();
    if (!m.has(b)) m.set(b, why);
    edges.set(a, m);
  };
  for (const u of units) for (const d of u.dependsOn) if (byId.has(d)) edge(u, byId.get(d)!, 'dependsOn');
  for (const w of waits) edge(w.from, w.to, w.why);
  // Tarjan's strongly connected components
  let index = 0;
  const idx = new Map<Unit, number>();
  const low = new Map<Unit, number>();
  const stack: Unit[] = [];
  const onStack = new Set<Unit>();
  const out: ValidationProblem[] = [];
  const strong = (v: Unit) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const component: Unit[] = [];
      let w: Unit;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const self = component.length === 1 && edges.get(v)?.has(v);
      if (component.length > 1 || self) {
        const members = component.sort((a, b) => compare(a.id, b.id));
        const path: string[] = [];
        let at = members[0];
        const seen = new Set<Unit>();
        while (!seen.has(at)) {
          seen.add(at);
          const next = [...(edges.get(at)?.entries() ?? [])].find(([to]) => component.includes(to));
          if (!next) break;
          path.push(`${at.id} waits for ${next[0] === at ? 'itself' : next[0].id} (${next[1]})`);
          at = next[0];
        }
        out.push({ location: members[0].location, path: '', message: `${members[0].delivery}: dependency cycle, the bootstrap cannot finish: ${path.join(', ')}; break it by moving the producer to a unit without that dependency` });
      }
    }
  };
  for (const u of units) if (!idx.has(u)) strong(u);
  return out;
}
