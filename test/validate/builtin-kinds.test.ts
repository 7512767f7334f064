import { ManifestValidator, editDistance } from '../../src/validate';
import { bundleCrds } from '../support/bundle';
import { configMap, deployment } from './fixtures';

const validator = new ManifestValidator();
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

  test('a kind with no schema anywhere is a problem of that document, with the kinds it may have meant', () => {
    expect(messages({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'demo' } })).toEqual([
      expect.stringMatching(/^kind: no schema for example\.com\/v1 Widget \(neither a built-in kind nor a CRD in the schema bundle .*schemas\)$/),
    ]);
    // A built-in kind under the wrong apiVersion, and a sub-structure that is not a kind.
    expect(messages({ ...deployment(), apiVersion: 'v1' })).toEqual([
      expect.stringMatching(/^kind: no schema for v1 Deployment .*; did you mean apps\/v1 Deployment or apps\/v1beta1 Deployment or apps\/v1beta2 Deployment or extensions\/v1beta1 Deployment\?$/),
    ]);
    expect(messages({ ...deployment(), kind: 'DeploymentSpec' })).toEqual([expect.stringMatching(/^kind: no schema for apps\/v1 DeploymentSpec \(/)]);
  });

  // issue 15: a typo'd kind made the validator exit 2 with "Cannot find module .../v1/ConfigMapp.js"
  test('a typo\'d built-in kind is a problem with a suggestion, never a crash', () => {
    expect(validator.validateDocument({ ...configMap(), kind: 'ConfigMapp' }, 'doc')).toEqual([
      { location: 'doc', path: 'kind', message: expect.stringMatching(/^kind: no schema for v1 ConfigMapp \(.*\); did you mean v1 ConfigMap\?$/) },
    ]);
    expect(messages({ ...deployment(), kind: 'Deploymnet' })).toEqual([expect.stringMatching(/; did you mean apps\/v1 Deployment\?$/)]);
    // names that cannot be a module path never reach the file system
    expect(messages({ ...configMap(), kind: '../../package' })).toEqual([expect.stringMatching(/^kind: no schema for v1 \.\.\/\.\.\/package /)]);
    expect(messages({ ...configMap(), apiVersion: 'v1/../../x' })).toEqual([expect.stringMatching(/^kind: no schema for v1\/\.\.\/\.\.\/x ConfigMap /)]);
  });

  test('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('deploymnet', 'deployment')).toBe(1);
    expect(editDistance('configmapp', 'configmap')).toBe(1);
    expect(editDistance('secret', 'service')).toBeGreaterThan(2);
  });

  test('documents that are not Kubernetes objects are problems', () => {
    expect(messages('just text')).toEqual(['not a Kubernetes object: expected a mapping with apiVersion and kind']);
    expect(messages({ apiVersion: 'v1', metadata: { name: 'x' } })).toEqual([
      'not a Kubernetes object: apiVersion and kind must be non-empty strings',
    ]);
  });

  // The unknown-field detection infers the schema from what kubernetes-models' compiled validator reads. The
  // pinned CRDs (rebuilt from the bundle) are large, deeply nested CustomResourceDefinition documents with free-form
  // `default` values and the `x-kubernetes-*` names the compiled code never reads: a good check that it invents nothing.
  test('the pinned CRDs validate as apiextensions.k8s.io/v1 documents without findings', () => {
    const crds = bundleCrds('');
    expect(crds.length).toBe(45);
    expect(crds.flatMap((crd) => messages(crd).map((m) => `${crd.metadata.name}: ${m}`))).toEqual([]);
  });
});
