import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The committed schema bundle (the default of ManifestValidator); the raw upstream CRDs only where present. */
export { SCHEMA_DIR } from '../support/bundle';

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Writes `files` (relative path -> content) below a fresh temporary folder (removed after the test file). */
export function writeTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-validate-'));
  tempDirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

export const subnet = (spec: object = {}, name = 'underlay-a') => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'Subnet',
  metadata: { name },
  spec: {
    protocol: 'IPv4',
    cidrBlock: '172.17.0.0/16',
    gateway: '172.17.0.1',
    excludeIps: ['172.17.0.1..172.17.0.10'],
    vlan: 'vlan10',
    provider: 'ovn',
    u2oInterconnection: true,
    ...spec,
  },
});

export const vlan = (spec: object = {}) => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'Vlan',
  metadata: { name: 'vlan10' },
  spec: { id: 10, provider: 'physnet1', ...spec },
});

export const providerNetwork = (name = 'physnet1') => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'ProviderNetwork',
  metadata: { name },
  spec: { defaultInterface: 'eth1' },
});

export const application = (source: object = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'kube-ovn', namespace: 'argocd' },
  spec: {
    project: 'default',
    destination: { server: 'https://kubernetes.default.svc', namespace: 'kube-system' },
    source: { repoURL: 'https://kubeovn.github.io/kube-ovn/', chart: 'kube-ovn', targetRevision: 'v1.13.15', ...source },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  },
});

/** `namespace: null` leaves metadata.namespace out. */
export const configMap = (namespace: string | null = 'demo', name = 'settings') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(namespace === null ? {} : { namespace }) },
  data: { key: 'value' },
});

export const deployment = (container: object = { name: 'web' }, spec: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'demo', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        hostNetwork: true,
        containers: [
          {
            image: 'nginx:1.27',
            env: [{ name: 'MODE', value: 'underlay' }],
            ports: [{ containerPort: 80, name: 'http' }],
            resources: { limits: { cpu: '500m', memory: '128Mi' } },
            ...container,
          },
        ],
      },
    },
    ...spec,
  },
});
