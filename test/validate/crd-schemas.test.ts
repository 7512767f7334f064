import { BundleCatalog, CrdCatalog, CrdSchemas, ManifestValidator, strictCrdSchema } from '../../src/validate';
import { SCHEMA_DIR, writeTree } from './fixtures';

// A small CRD folder exercising what the shared CRDs only use deep inside big schemas.
const WIDGET_CRD = `# synthetic test CRD
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size, mode]
              x-kubernetes-validations: [{ rule: 'self.size > 0', message: CEL is not evaluated offline }]
              properties:
                size: { type: integer, format: int32 }
                mode: { type: string, enum: [fast, safe], default: fast }
                port: { x-kubernetes-int-or-string: true, anyOf: [{ type: integer }, { type: string }] }
                tags: { type: array, items: { type: string }, x-kubernetes-list-type: set }
                labels: { type: object, additionalProperties: { type: string } }
                values: { type: object, x-kubernetes-preserve-unknown-fields: true, properties: { known: { type: string } } }
                template: { type: object, x-kubernetes-embedded-resource: true, properties: { spec: { type: object, properties: { a: { type: string } } } } }
    - name: v1beta1
      served: false
      storage: false
      schema: { openAPIV3Schema: { type: object } }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gadgets.example.com }
spec:
  group: example.com
  scope: Cluster
  names: { kind: Gadget, plural: gadgets }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object, properties: { id: { type: string, format: uuid } } } } } }
`;

const crdDir = writeTree({
  'example/widgets.yaml': WIDGET_CRD,
  'broken/bad.yaml': "description: 'unterminated\n  x: [\n",
  'README.md': 'not a CRD',
});
const validator = new ManifestValidator({ crdDir });
const widget = (spec: object, apiVersion = 'example.com/v1') => ({
  apiVersion,
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'demo' },
  spec: { size: 1, ...spec },
});
const messages = (doc: unknown) => validator.validateDocument(doc, 'doc').map((p) => p.message);

test('a valid Widget passes; a required field with a default may be omitted (the API server defaults first)', () => {
  expect(messages(widget({ port: 'http', tags: ['a', 'b'], labels: { x: 'y' }, values: { known: 'k', free: { any: 1 } } }))).toEqual([]);
});

test('CEL rules (x-kubernetes-validations) are accepted but not evaluated', () => {
  expect(messages(widget({ size: 0 }))).toEqual([]);
});

test('format int32 is range-checked', () => {
  expect(messages(widget({ size: 2 ** 31 }))).toEqual(['spec.size: must match format "int32"']);
  expect(messages(widget({ size: 2 ** 31 - 1 }))).toEqual([]);
});

test('x-kubernetes-int-or-string and x-kubernetes-list-type: set', () => {
  expect(messages(widget({ port: 8080 }))).toEqual([]);
  expect(messages(widget({ port: false }))).toEqual(['spec.port: must be an integer or a string']);
  expect(messages(widget({ tags: ['a', 'a'] }))).toEqual(['spec.tags: must NOT have duplicate items (x-kubernetes-list-type: set)']);
});

test('preserve-unknown-fields opens an object, embedded resources allow apiVersion/kind/metadata, the rest is closed', () => {
  const template = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, spec: { a: 'b' } };
  expect(messages(widget({ values: { anything: [1, 2] }, template }))).toEqual([]);
  expect(messages(widget({ template: { ...template, spec: { b: 1 } } }))).toEqual(['unknown field "spec.template.spec.b"']);
  expect(messages(widget({ colour: 'red' }))).toEqual(['unknown field "spec.colour"']);
});

test('a version that is not served is a problem', () => {
  expect(messages(widget({}, 'example.com/v1beta1'))).toEqual([
    'apiVersion: example.com/v1beta1 is not a served version of Widget (served: example.com/v1)',
  ]);
});

test('a format we do not implement is a problem of every document of that kind, named with the schema\'s source', () => {
  const gadget = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { id: 'x' } };
  expect(validator.validateDocument(gadget, 'doc')).toEqual([{
    location: 'doc',
    path: '',
    message: 'cannot check this document: cannot compile the schema of example.com/v1/Gadget from example/widgets.yaml: unknown format "uuid" ignored in schema at path "#/properties/spec/properties/id"',
  }]);
});

test('unparsable CRD files are skipped with a warning, not a crash', () => {
  const v = new ManifestValidator({ crdDir });
  expect(v.validateDocument({ apiVersion: 'other.io/v1', kind: 'Thing', metadata: { name: 't' } }, 'doc')).toEqual([
    { location: 'doc', path: 'kind', message: expect.stringMatching(/^kind: no schema for other\.io\/v1 Thing \(.* the CRDs in .*; skipped CRD files: broken\/bad\.yaml\)$/) },
  ]);
  expect(v.warnings).toEqual([expect.stringMatching(/^broken\/bad\.yaml: skipped, YAML parse error: /)]);
});

test('the catalog parses only the CRD files that may define the kind', () => {
  const catalog = new CrdCatalog(crdDir);
  expect(catalog.find('example.com', 'Gadget')?.namespaced).toBe(false);
  expect(catalog.hasGroup('other.io')).toBe(false);
  expect(catalog.warnings).toEqual([]); // broken/bad.yaml names no group: not parsed yet
  catalog.loadAll();
  expect(catalog.warnings).toEqual([expect.stringMatching(/^broken\/bad\.yaml: skipped/)]);
});

test('--crds and --schemas together: the CRD folder first, then the bundle', () => {
  const both = new ManifestValidator({ crdDir, schemaDir: SCHEMA_DIR });
  const msgs = (doc: unknown) => both.validateDocument(doc, 'doc').map((p) => p.message);
  expect(msgs(widget({ colour: 'red' }))).toEqual(['unknown field "spec.colour"']);
  expect(msgs({ apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name: 'v' }, spec: { id: 5000, provider: 'p' } })).toEqual(['spec.id: must be <= 4095']);
  expect(() => new ManifestValidator({ crdDir: `${crdDir}/missing` })).toThrow(/^CRD folder not found: .*missing$/);
  expect(() => new ManifestValidator({ schemaDir: crdDir })).toThrow(/^not a schema bundle: .*index\.json not found \(generate one with npm run regenerate\)$/);
});

test('strictCrdSchema closes objects with properties and keeps metadata open', () => {
  const schema = strictCrdSchema({
    type: 'object',
    properties: { metadata: { type: 'object', properties: { name: { maxLength: 3 } } }, spec: { type: 'object', properties: { a: {} } } },
  });
  expect(schema).toEqual({
    type: 'object',
    additionalProperties: false,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', properties: { name: { maxLength: 3 } } },
      spec: { type: 'object', additionalProperties: false, properties: { a: {} } },
    },
  });
});

// Guards the "fail loudly" rule against the real CRDs: every version of every CRD in the bundle compiles with the
// formats and keywords we implement (served or not). ApplicationSet alone takes ~1 s.
test('every schema of the bundle compiles', () => {
  const catalog = new BundleCatalog(SCHEMA_DIR);
  expect(catalog.kindsOf('argoproj.io')).toEqual(['AppProject', 'Application', 'ApplicationSet']);
  const schemas = new CrdSchemas();
  const groups = ['argoproj.io', 'external-secrets.io', 'helm.toolkit.fluxcd.io', 'k8s.cni.cncf.io', 'kubeovn.io', 'kustomize.toolkit.fluxcd.io',
    'multicluster.x-k8s.io', 'source.toolkit.fluxcd.io', 'spiderpool.spidernet.io', 'submariner.io'];
  let compiled = 0;
  for (const group of groups) {
    for (const kind of catalog.kindsOf(group)) {
      const crd = catalog.find(group, kind)!;
      for (const version of crd.versions.keys()) {
        expect(() => schemas.checker(crd, version)).not.toThrow();
        compiled++;
      }
    }
  }
  expect(compiled).toBe(48);
});
