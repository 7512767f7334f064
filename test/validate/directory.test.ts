import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { ManifestValidator, documentLocation, pointerToPath } from '../../src/validate';
import { application, configMap, vlan, writeTree } from './fixtures';

const validator = new ManifestValidator();
const yaml = (...docs: unknown[]) => docs.map((d) => stringify(d)).join('---\n');
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } };

describe('validateDirectory', () => {
  const dir = writeTree({
    'clusters/alpha/00-base.yaml': yaml(namespace, configMap()),
    'clusters/alpha/10-more.yaml': yaml(configMap(), vlan()),
    // Same objects in another cluster: a different destination, not a duplicate.
    'clusters/beta/all.yml': yaml(namespace, configMap(), vlan()),
    // YAML 1.1 like Kubernetes: `yes` is a boolean, so Argo CD's boolean selfHeal accepts it. Trailing `---` ignored.
    'argocd/apps.yaml': `${yaml(application()).replace('selfHeal: true', 'selfHeal: yes')}---\n`,
    'flux/broken.yaml': 'apiVersion: v1\nkind: [\n',
    'misc.yaml': '- just\n- a list\n',
    'README.md': '# not YAML: [',
  });
  const result = validator.validateDirectory(dir);

  test('counts files and documents, ignores non-YAML files and empty documents', () => {
    expect(fs.readFileSync(path.join(dir, 'argocd/apps.yaml'), 'utf8')).toContain('selfHeal: yes');
    expect({ files: result.files, documents: result.documents }).toEqual({ files: 6, documents: 10 });
  });

  test('reports duplicates within a cluster folder, parse errors and non-objects, in file order', () => {
    expect(result.problems).toEqual([
      {
        location: 'clusters/alpha/10-more.yaml#0 (ConfigMap demo/settings)',
        file: 'clusters/alpha/10-more.yaml',
        index: 0,
        path: 'metadata.name',
        message: 'metadata.name: duplicate object: ConfigMap demo/settings is also defined at clusters/alpha/00-base.yaml#1 (ConfigMap demo/settings)',
      },
      { location: 'flux/broken.yaml#0', file: 'flux/broken.yaml', index: 0, path: '', message: expect.stringMatching(/^YAML parse error: .* at line 3, column 1$/) },
      { location: 'misc.yaml#0', file: 'misc.yaml', index: 0, path: '', message: 'not a Kubernetes object: expected a mapping with apiVersion and kind' },
    ]);
  });

  test('schema problems carry the file, document index and object', () => {
    const bad = writeTree({ 'clusters/a/vlan.yaml': yaml(namespace, vlan({ id: 5000 })) });
    expect(validator.validateDirectory(bad).problems).toEqual([
      { location: 'clusters/a/vlan.yaml#1 (Vlan vlan10)', file: 'clusters/a/vlan.yaml', index: 1, path: 'spec.id', message: 'spec.id: must be <= 4095' },
    ]);
  });
});

describe('validateSet', () => {
  test('same group, kind, namespace and name twice is a duplicate; other namespaces or kinds are not', () => {
    const docs = [
      { location: 'a', doc: configMap('demo') },
      { location: 'b', doc: configMap('other') },
      { location: 'c', doc: { ...namespace, metadata: { name: 'settings' } } },
      { location: 'd', doc: configMap('demo') },
    ];
    expect(validator.validateSet(docs)).toEqual([
      { location: 'd', path: 'metadata.name', message: 'metadata.name: duplicate object: ConfigMap demo/settings is also defined at a' },
    ]);
  });
});

test('locations and paths', () => {
  expect(documentLocation('x.yaml', 2, configMap())).toBe('x.yaml#2 (ConfigMap demo/settings)');
  expect(documentLocation('x.yaml', 0, vlan())).toBe('x.yaml#0 (Vlan vlan10)');
  expect(documentLocation('x.yaml', 0, 'text')).toBe('x.yaml#0');
  expect(pointerToPath('/metadata/labels/app.kubernetes.io~1name')).toBe('metadata.labels["app.kubernetes.io/name"]');
  expect(pointerToPath('/spec/containers/0/name')).toBe('spec.containers[0].name');
});
