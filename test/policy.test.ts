import { parseAllDocuments } from 'yaml';
import { Fleet, renderFleetFiles } from '../src';
import { buildDefaultFleet } from '../src/default-fleet';
import { everyConstructFleet } from './support/every-construct';

/**
 * Security policy over everything the default fleet and a fleet that uses every construct (with each
 * delivery) render; new constructs belong in everyConstructFleet, and are then held to it without new tests.
 */
const fleets: Array<[string, () => Fleet]> = [
  ['default', buildDefaultFleet],
  ['every-construct-argocd', () => everyConstructFleet({ delivery: 'argocd' })],
  ['every-construct-flux', () => everyConstructFleet({ delivery: 'flux' })],
];
const docs: Array<{ file: string; doc: any }> = fleets.flatMap(([name, build]) => renderFleetFiles(build()).files
  .filter((f) => f.file.endsWith('.yaml') && !f.file.startsWith('hosts/')) // hosts/: compose files, not manifests
  .flatMap((f) => parseAllDocuments(f.content, { version: '1.1' }).map((d) => ({ file: `${name}:${f.file}`, doc: d.toJS() }))));

/** Containers that upstream requires to be privileged, as `<kind>/<name>/<container>`. */
const PRIVILEGED_ALLOWED = new Set(['Deployment/ovn-ic-server/hostpath-init']);

function podSpecOf(doc: any): any | undefined {
  if (doc.kind === 'Pod') return doc.spec;
  if (doc.kind === 'CronJob') return doc.spec?.jobTemplate?.spec?.template?.spec;
  return doc.spec?.template?.spec;
}

describe('security policy of the rendered fleet', () => {
  test('renders something to check', () => {
    expect(docs.length).toBeGreaterThan(5);
  });

  test('every Role and ClusterRole lists explicit verbs, resources and groups (no *)', () => {
    const wildcards = docs
      .filter(({ doc }) => doc.kind === 'Role' || doc.kind === 'ClusterRole')
      .flatMap(({ file, doc }) => (doc.rules ?? []).flatMap((r: any, i: number) =>
        ['verbs', 'resources', 'apiGroups', 'nonResourceURLs'].filter((k) => (r[k] ?? []).includes('*')).map((k) => `${file} rules[${i}].${k}`)));
    expect(wildcards).toEqual([]);
  });

  test('only the containers upstream requires are privileged', () => {
    const privileged = docs.flatMap(({ doc }) => {
      const spec = podSpecOf(doc);
      if (!spec) return [];
      return [...(spec.initContainers ?? []), ...(spec.containers ?? [])]
        .filter((c: any) => c.securityContext?.privileged === true)
        .map((c: any) => `${doc.kind}/${doc.metadata.name}/${c.name}`);
    });
    expect(privileged.filter((p) => !PRIVILEGED_ALLOWED.has(p))).toEqual([]);
    expect(privileged).toContain('Deployment/ovn-ic-server/hostpath-init');
  });

  test('no privileged container forbids privilege escalation (the API server rejects the pair)', () => {
    const bad = docs.flatMap(({ doc }) => {
      const spec = podSpecOf(doc);
      return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])]
        .filter((c: any) => c.securityContext?.privileged === true && c.securityContext?.allowPrivilegeEscalation === false)
        .map((c: any) => `${doc.metadata.name}/${c.name}`) : [];
    });
    expect(bad).toEqual([]);
  });

  test('every rendered Namespace carries pod-security labels', () => {
    const namespaces = docs.filter(({ doc }) => doc.kind === 'Namespace');
    const unlabeled = namespaces.filter(({ doc }) => !doc.metadata.labels?.['pod-security.kubernetes.io/enforce']).map(({ file }) => file);
    expect(unlabeled).toEqual([]);
    // the Namespaces of the Submariner broker, operator and connectivity checks are all among them
    expect(new Set(namespaces.map(({ doc }) => doc.metadata.name))).toEqual(new Set(['submariner-k8s-broker', 'submariner-operator', 'submariner-check', 'aa-check']));
  });

  test('pods in a Namespace that enforces "restricted" meet the restricted Pod Security Standard', () => {
    // kubernetes.io/docs/concepts/security/pod-security-standards (Restricted): no privilege escalation, drop ALL
    // capabilities, run as non-root, seccomp RuntimeDefault or Localhost; no host namespaces
    const restricted = new Set(docs.filter(({ doc }) => doc.kind === 'Namespace' && doc.metadata.labels?.['pod-security.kubernetes.io/enforce'] === 'restricted')
      .map(({ file, doc }) => `${file.split(':')[0]}:${doc.metadata.name}`));
    const checked = docs.filter(({ file, doc }) => podSpecOf(doc) && restricted.has(`${file.split(':')[0]}:${doc.metadata.namespace}`));
    expect(checked.map(({ doc }) => doc.kind)).toEqual(expect.arrayContaining(['Deployment', 'Job']));
    const violations = checked.flatMap(({ file, doc }) => {
      const spec = podSpecOf(doc);
      const host = ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => spec[k] === true).map((k) => `${file} ${k}`);
      return [...host, ...[...(spec.initContainers ?? []), ...(spec.containers ?? [])].flatMap((c: any) => {
        const sc = { ...spec.securityContext, ...c.securityContext };
        const bad: string[] = [];
        if (sc.allowPrivilegeEscalation !== false) bad.push('allowPrivilegeEscalation is not false');
        if (!(sc.capabilities?.drop ?? []).includes('ALL')) bad.push('capabilities do not drop ALL');
        if (sc.runAsNonRoot !== true) bad.push('runAsNonRoot is not true');
        if (!['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type)) bad.push('no seccompProfile RuntimeDefault');
        if (sc.privileged === true) bad.push('privileged');
        return bad.map((b) => `${file} ${c.name}: ${b}`);
      })];
    });
    expect(violations).toEqual([]);
  });

  test('rendered Secrets carry no data', () => {
    const withData = docs.filter(({ doc }) => doc.kind === 'Secret' && (doc.data || doc.stringData)).map(({ file }) => file);
    expect(withData).toEqual([]);
  });
});
