import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  Fleet, FleetValidationError, formatPlan, KubeOvnChart, plan, planMain, readTree,
  renderFleet, renderFleetFiles, runRender, SecretSource,
} from '../src';
import { everyConstructFleet, EveryConstructSecrets } from './support/every-construct';

/**
 * Sentinel secret values, searched for in every output (manifests, dist/README.md, runbooks, hosts/, plan
 * output, warnings and error messages) as plain text and inside every base64 run. Complements the
 * SecretSource sentinel test in test/submariner/secrets.test.ts.
 */
const S = {
  gitPassword: 'SENTINEL-git-password-5e2a91',
  gitToken: 'SENTINEL-git-token-0b7c44',
  gitQuery: 'SENTINEL-git-query-9d13f0',
  chartPassword: 'SENTINEL-chart-password-77ac02',
  oldToken: 'SENTINEL-old-broker-token-1f8e',
  newToken: 'SENTINEL-new-broker-token-a3c9',
  oldCa: 'SENTINEL-old-broker-ca-6b20',
  newCa: 'SENTINEL-new-broker-ca-d4e7',
  oldPsk: 'SENTINEL-old-ipsec-psk-3a5f',
  newPsk: 'SENTINEL-new-ipsec-psk-c8b1',
};

/** The sentinels found in `text`, directly or base64-encoded (at any alignment, inside a longer value). */
function leaks(text: string, sentinels: readonly string[] = Object.values(S)): string[] {
  const decoded = (text.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? []).flatMap((run) => [0, 1, 2, 3].map((skip) => Buffer.from(run.slice(skip), 'base64').toString('latin1')));
  return sentinels.filter((s) => text.includes(s) || decoded.some((d) => d.includes(s)));
}

const ACK = { iUnderstandThisIsWrittenToGit: true } as const;

function plainSecrets(token: string, ca: string, psk: string): (cluster: string) => EveryConstructSecrets {
  return (cluster) => ({
    brokerToken: SecretSource.plainText(`${token}-${cluster}`, ACK),
    brokerCa: SecretSource.plainText(ca, ACK),
    psk: SecretSource.plainText(psk, ACK),
  });
}

describe('no secret value reaches an output it must not', () => {
  let tmp: string;
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-secrets-')); });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the leak finder finds plain and base64 values, inside longer ones too', () => {
    expect(leaks(`x ${S.gitToken} y`)).toEqual([S.gitToken]);
    expect(leaks(`data: ${Buffer.from(S.oldPsk).toString('base64')}`)).toEqual([S.oldPsk]);
    expect(leaks(`data: ${Buffer.from(`ab${S.newPsk}c`).toString('base64')}`)).toEqual([S.newPsk]);
    expect(leaks('nothing here, aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=')).toEqual([]);
  });

  const urls: Array<[string, 'argocd' | 'flux', { repoUrl?: string; chartRepoUrl?: string }, string]> = [
    ['a Git URL with user and password', 'argocd', { repoUrl: `https://fleet-bot:${S.gitPassword}@git.example.com/platform/fleet.git` },
      'repoUrl "https://***@git.example.com/platform/fleet.git" contains credentials'],
    ['a Git URL with a token as user', 'flux', { repoUrl: `https://${S.gitToken}@git.example.com/platform/fleet.git` },
      'repoUrl "https://***@git.example.com/platform/fleet.git" contains credentials'],
    ['a Git URL with a token parameter', 'argocd', { repoUrl: `https://git.example.com/platform/fleet.git?private_token=${S.gitQuery}` },
      'repoUrl "https://git.example.com/platform/fleet.git?private_token=***" contains credentials'],
    ['an SSH URL with a password', 'flux', { repoUrl: `ssh://git:${S.gitPassword}@git.example.com/platform/fleet.git` },
      'repoUrl "ssh://***@git.example.com/platform/fleet.git" contains credentials'],
    ['a Helm chart repository URL with credentials', 'flux', { chartRepoUrl: `https://charts:${S.chartPassword}@charts.example.com/kube-ovn/` },
      'kubeOvn.chart.repoUrl "https://***@charts.example.com/kube-ovn/" contains credentials'],
    ['a Helm chart repository URL with credentials (Argo CD)', 'argocd', { chartRepoUrl: `https://charts:${S.chartPassword}@charts.example.com/kube-ovn/` },
      'kubeOvn.chart.repoUrl "https://***@charts.example.com/kube-ovn/" contains credentials'],
  ];
  test.each(urls)('%s is refused, masked in the message, and nothing is written', (_name, delivery, props, message) => {
    const dist = path.join(tmp, 'dist');
    renderFleet(everyConstructFleet({ delivery }), dist);
    const before = readTree(dist);
    const lines: string[] = [];
    expect(runRender(() => everyConstructFleet({ delivery, ...props }), dist, (l) => lines.push(l))).toBe(1);
    const errors = lines.filter((l) => l.startsWith('error: '));
    expect(errors).toEqual([expect.stringContaining(message)]);
    const fix = delivery === 'argocd' || !props.chartRepoUrl ? '' : 'chartSecretRef';
    expect(errors[0]).toMatch(new RegExp(`give them to Argo CD as a repository Secret \\(label argocd.argoproj.io/secret-type: repository\\) or to Flux as the Secret named by FluxDelivery ${fix || '(secretRef|chartSecretRef)'}`));
    expect(leaks(lines.join('\n'))).toEqual([]);
    let thrown: unknown;
    try {
      renderFleetFiles(everyConstructFleet({ delivery, ...props }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FleetValidationError);
    expect(leaks(`${(thrown as Error).message}\n${(thrown as FleetValidationError).warnings.join('\n')}`)).toEqual([]);
    expect(readTree(dist)).toEqual(before);
  });

  test('URLs without credentials pass: an SSH user name, scp-like Git URLs, a public chart repository', () => {
    for (const repoUrl of ['ssh://git@git.example.com/platform/fleet.git', 'git@git.example.com:platform/fleet.git', 'https://git.example.com/platform/fleet.git?ref=main']) {
      expect(() => renderFleetFiles(everyConstructFleet({ delivery: 'flux', repoUrl }))).not.toThrow();
    }
  });

  test('FluxDelivery takes repository credentials as Secret references', () => {
    const files = renderFleetFiles(fluxWithSecretRefs()).files;
    const source = files.find((f) => f.file === 'flux/GitRepository.flux-system.ovn-ic-fleet.k8s.yaml')!.content;
    expect(source).toContain('  secretRef:\n    name: fleet-repo-credentials\n');
    const charts = files.filter((f) => f.file.startsWith('flux/HelmRepository.'));
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) expect(c.content).toContain('  secretRef:\n    name: chart-repo-credentials\n');
  });

  test('acknowledged plain-text secrets are only in their field, and plan shows none of them when they rotate', () => {
    const dist = path.join(tmp, 'dist');
    const oldFleet = () => everyConstructFleet({ delivery: 'flux', secrets: plainSecrets(S.oldToken, S.oldCa, S.oldPsk) });
    const newFleet = () => everyConstructFleet({ delivery: 'flux', secrets: plainSecrets(S.newToken, S.newCa, S.newPsk) });
    const render = renderFleet(oldFleet(), dist);
    const files = readTree(dist);
    // the acknowledged values are where they were asked for, and nowhere else (README, runbooks, hosts/, Flux objects)
    const holders = [...files].filter(([, content]) => leaks(content).length > 0).map(([file]) => file).sort();
    // Flux installs Submariner from the operator chart: the values of its HelmRelease
    expect(holders).toEqual([
      'flux-submariner/cluster-a/HelmRelease.flux-system.cluster-a-submariner-operator.k8s.yaml',
      'flux-submariner/cluster-b/HelmRelease.flux-system.cluster-b-submariner-operator.k8s.yaml',
    ]);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['README.md', 'runbooks/ovn-ic.md', 'hosts/ic-db-1/compose.yaml']));
    expect(leaks(render.warnings.join('\n'))).toEqual([]);

    // plan compares with the committed output: commit the old render
    const git = (...args: string[]) => execFileSync('git', args, { cwd: tmp, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'old render');
    const out: string[] = [];
    const cwd = process.cwd();
    process.chdir(tmp);
    let code: number;
    try {
      code = planMain(['--dist', 'dist', '--base', 'HEAD'], newFleet, { log: (l) => out.push(l), error: (l) => out.push(l) });
    } finally {
      process.chdir(cwd);
    }
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(leaks(text)).toEqual([]);
    expect(text).toContain('flux-submariner: 0 added, 2 changed, 0 removed\n');
    for (const cluster of ['cluster-a', 'cluster-b']) {
      expect(text).toContain(`  ~ HelmRelease flux-system/${cluster}-submariner-operator\n`
        + '      spec.values.broker.ca: <secret> -> <secret>\n      spec.values.broker.token: <secret> -> <secret>\n      spec.values.ipsec.psk: <secret> -> <secret>');
    }
  });

  test('plan masks every value of a Secret-like kind and secret fields inside a value that appears whole', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const secret = (psk: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ipsec\n  namespace: submariner-operator\ndata:\n  psk: ${b64(psk)}\n`;
    const sealed = (psk: string) => `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: ipsec\nspec:\n  encryptedData:\n    psk: ${b64(`sealed-${psk}`)}\n`;
    const cr = (spec: string) => `apiVersion: submariner.io/v1alpha1\nkind: Submariner\nmetadata:\n  name: submariner\n  namespace: submariner-operator\n${spec}`;
    const before = new Map([
      ['clusters/c/Secret.yaml', secret(S.oldPsk)], ['clusters/c/SealedSecret.yaml', sealed(S.oldPsk)], ['clusters/c/Submariner.yaml', cr('')],
      ['clusters/c/App.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  level: info\n'],
    ]);
    const after = new Map([
      ['clusters/c/Secret.yaml', secret(S.newPsk)], ['clusters/c/SealedSecret.yaml', sealed(S.newPsk)],
      ['clusters/c/Submariner.yaml', cr(`spec:\n  ceIPSecPSK: ${S.newPsk}\n  brokerK8sApiServerToken: ${S.newToken}\n  clusterID: c\n`)],
      ['clusters/c/App.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  level: debug\n  apiToken: ' + S.newToken + '\n'],
    ]);
    const text = formatPlan(plan(before, after)).join('\n');
    expect(leaks(text)).toEqual([]);
    expect(text).toContain('  ~ Secret submariner-operator/ipsec\n      data.psk: <secret> -> <secret>');
    expect(text).toContain('  ~ SealedSecret ipsec\n      spec.encryptedData.psk: <secret> -> <secret>');
    expect(text).toContain('  ~ Submariner submariner-operator/submariner\n      spec: (none) -> {"ceIPSecPSK":"<secret>","brokerK8sApiServerToken":"<secret>","clusterID":"c"}');
    // other values stay visible; a credential-named field of any kind is masked
    expect(text).toContain('  ~ ConfigMap app\n      data.apiToken: (none) -> <secret>\n      data.level: "info" -> "debug"');
  });
});

function fluxWithSecretRefs(): Fleet {
  // one interconnected cluster, delivered by Flux from a private fleet repository and a private chart mirror
  const fleet = new Fleet();
  const az1 = fleet.addCluster('az1', { podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.65.1'], gatewayNodes: ['g1'] });
  az1.interconnect({ icDatabase: az1.addIcServer({ nodeIps: ['192.168.65.1'], tsNum: 1 }) });
  fleet.deliverWithFlux({
    repoUrl: 'https://git.example.com/platform/fleet.git', revision: 'main', secretRef: 'fleet-repo-credentials', chartSecretRef: 'chart-repo-credentials',
    kubeOvn: { chart: KubeOvnChart.of({ version: 'v1.13.15', repoUrl: 'https://charts.example.com/kube-ovn/' }) },
  });
  return fleet;
}
