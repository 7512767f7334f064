import { parseAllDocuments } from 'yaml';
import { buildDefaultFleet, renderFleetFiles } from '../src';

/**
 * Security policy over everything the default fleet renders; it grows with the fleet, so new
 * constructs are held to it without new tests.
 */
const docs: Array<{ file: string; doc: any }> = renderFleetFiles(buildDefaultFleet()).files
  .filter((f) => f.file.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(f.content, { version: '1.1' }).map((d) => ({ file: f.file, doc: d.toJS() })));

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
    const unlabeled = docs.filter(({ doc }) => doc.kind === 'Namespace' && !doc.metadata.labels?.['pod-security.kubernetes.io/enforce'])
      .map(({ doc }) => doc.metadata.name);
    expect(unlabeled).toEqual([]);
  });

  test('rendered Secrets carry no data', () => {
    const withData = docs.filter(({ doc }) => doc.kind === 'Secret' && (doc.data || doc.stringData)).map(({ file }) => file);
    expect(withData).toEqual([]);
  });
});
