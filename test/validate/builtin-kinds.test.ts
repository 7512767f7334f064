import * as fs from 'fs';
import * as path from 'path';
import { ManifestValidator, listYamlFiles, parseYamlDocuments } from '../../src/validate';
import { CRD_DIR, configMap, deployment } from './fixtures';

const validator = new ManifestValidator({ crdDir: CRD_DIR });
const messages = (doc: unknown) => validator.validateDocument(doc, 'doc').map((p) => p.message);

describe('built-in kinds (kubernetes-models 4.5.1)', () => {
  test('a valid Deployment, ConfigMap, Namespace, ClusterRole and Service pass', () => {
    expect(messages(deployment())).toEqual([]);
    expect(messages(configMap())).toEqual([]);
    expect(messages({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } })).toEqual([]);
    expect(
      messages({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'reader' },
        rules: [{ apiGroups: ['kubeovn.io'], resources: ['subnets'], verbs: ['get', 'list'] }],
      }),
    ).toEqual([]);
    const service = (targetPort: unknown) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'demo' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort }] },
    });
    expect(messages(service('http'))).toEqual([]);
    expect(messages(service(8080))).toEqual([]);
    expect(messages(service(true))).toEqual([
      'spec.ports[0].targetPort: must match exactly one schema in "oneOf" (must be string; must be integer)',
    ]);
  });

  test('a container without name is rejected', () => {
    expect(messages(deployment({}))).toEqual(["spec.template.spec.containers[0]: must have required property 'name'"]);
  });

  test('wrong types are rejected', () => {
    expect(messages(deployment({ name: 'web' }, { replicas: 'two' }))).toEqual(['spec.replicas: must be integer']);
  });

  test('unknown fields are rejected at the top level, in spec and deeper', () => {
    expect(messages({ ...configMap(), extra: 1 })).toEqual(['unknown field "extra"']);
    expect(messages(deployment({ name: 'web' }, { replicaz: 2 }))).toEqual(['unknown field "spec.replicaz"']);
    expect(messages(deployment({ name: 'web', imagePullPolcy: 'Always' }))).toEqual([
      'unknown field "spec.template.spec.containers[0].imagePullPolcy"',
    ]);
  });

  test('maps (labels, data, resources.limits) are not mistaken for unknown fields', () => {
    expect(messages({ ...configMap(), data: { 'any.key': 'x', other: 'y' } })).toEqual([]);
  });

  test('PriorityClass.description is accepted although kubernetes-models does not compile it', () => {
    const priorityClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'ovn-critical' }, value: 1000000, description: 'OVN' };
    expect(messages(priorityClass)).toEqual([]);
    expect(messages({ ...priorityClass, valu: 1 })).toEqual(['unknown field "valu"']);
  });

  test('metadata: a name is required, label values must be strings (reported once)', () => {
    expect(messages({ ...configMap(), metadata: { namespace: 'demo', labels: { tier: 1 } } })).toEqual([
      "metadata: must have required property 'name'",
      'metadata.labels.tier: must be string',
    ]);
  });

  test('scope: a cluster-scoped kind must not carry a namespace, a namespaced one must', () => {
    const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'demo' } };
    expect(messages(clusterRole)).toEqual(['metadata.namespace: must not be set on the cluster-scoped kind ClusterRole']);
    expect(messages(configMap(null))).toEqual([
      'metadata.namespace: required for the namespaced kind ConfigMap (the output must not depend on a default namespace)',
    ]);
  });

  test('a kind with no schema anywhere is a problem', () => {
    expect(messages({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'demo' } })).toEqual([
      expect.stringMatching(/^no schema for example\.com\/v1 Widget \(neither a built-in kind nor a CRD in .*skipped CRD files: submariner\/multicluster\.x-k8s\.io_serviceexports\.yaml/),
    ]);
    // A built-in kind under the wrong apiVersion, and a sub-structure that is not a kind.
    expect(messages({ ...deployment(), apiVersion: 'v1' })).toEqual([expect.stringMatching(/^no schema for v1 Deployment/)]);
    expect(messages({ ...deployment(), kind: 'DeploymentSpec' })).toEqual([expect.stringMatching(/^no schema for apps\/v1 DeploymentSpec/)]);
  });

  test('a kind outside kubernetes-models\' "exports" map is unknown, not a setup error (Node refuses the path, jest\'s resolver does not)', () => {
    jest.isolateModules(() => {
      jest.doMock('kubernetes-models/external-secrets.io/v1beta1/ExternalSecret', () => {
        throw Object.assign(new Error(`Package subpath './external-secrets.io/v1beta1/ExternalSecret' is not defined by "exports" in /x/kubernetes-models/package.json`), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
      }, { virtual: true });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { builtinKind } = require('../../src/validate/builtin-kinds') as typeof import('../../src/validate/builtin-kinds');
      expect(builtinKind('external-secrets.io/v1beta1', 'ExternalSecret')).toBeUndefined();
    });
  });

  test('documents that are not Kubernetes objects are problems', () => {
    expect(messages('just text')).toEqual(['not a Kubernetes object: expected a mapping with apiVersion and kind']);
    expect(messages({ apiVersion: 'v1', metadata: { name: 'x' } })).toEqual([
      'not a Kubernetes object: apiVersion and kind must be non-empty strings',
    ]);
  });

  // The unknown-field detection infers the schema from what kubernetes-models' compiled validator reads. The
  // shared CRDs are large, deeply nested CustomResourceDefinition documents with free-form `default` values and
  // the `description`/`x-kubernetes-*` names the compiled code never reads: a good check that it invents nothing.
  test('the shared CRD files validate as apiextensions.k8s.io/v1 documents without findings', () => {
    const findings: string[] = [];
    let documents = 0;
    for (const file of listYamlFiles(CRD_DIR).filter((f) => !f.includes('multicluster.x-k8s.io'))) {
      for (const d of parseYamlDocuments(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'))) {
        documents++;
        if ('doc' in d) findings.push(...messages(d.doc));
      }
    }
    expect(documents).toBeGreaterThanOrEqual(39);
    expect(findings).toEqual([]);
  });
});
