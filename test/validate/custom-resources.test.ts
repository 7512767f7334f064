import { ManifestValidator } from '../../src/validate';
import { application, providerNetwork, subnet, vlan } from './fixtures';

// One validator per file, on the committed schema bundle: each CRD kind is compiled once and reused below.
const validator = new ManifestValidator();
const messages = (doc: unknown) => validator.validateDocument(doc, 'doc').map((p) => p.message);

describe('Kube-OVN', () => {
  test('a valid Subnet, Vlan and ProviderNetwork pass', () => {
    expect(messages(subnet())).toEqual([]);
    expect(messages(vlan())).toEqual([]);
    expect(messages(providerNetwork())).toEqual([]);
  });

  test('an unknown spec field is rejected (structural pruning emulated)', () => {
    expect(messages(subnet({ cidrblock: '10.0.0.0/24' }))).toEqual(['unknown field "spec.cidrblock"']);
  });

  test('the top level is closed too (apiVersion, kind and metadata allowed although the schema omits them)', () => {
    expect(messages({ ...vlan(), specs: {} })).toEqual(['unknown field "specs"']);
  });

  test('Vlan id above the CRD maximum is rejected', () => {
    expect(messages(vlan({ id: 5000 }))).toEqual(['spec.id: must be <= 4095']);
  });

  test('missing required field and bad enum are reported with their paths', () => {
    expect(messages({ ...vlan(), spec: { id: 1 } })).toEqual(["spec: must have required property 'provider'"]);
    expect(messages(subnet({ protocol: 'IPv5' }))).toEqual([
      'spec.protocol: must be equal to one of the allowed values: ["IPv4","IPv6","Dual"]',
    ]);
  });

  test("ProviderNetwork: the CRD's own metadata.name constraints apply", () => {
    expect(messages(providerNetwork('physnet-12345'))).toEqual(['metadata.name: must NOT have more than 12 characters']);
    expect(messages(providerNetwork('int'))).toEqual(['metadata.name: must NOT be valid']);
    expect(messages(providerNetwork('physnet-1234'))).toEqual([]);
  });

  test('Subnet: metadata.name must not start with a digit (CRD pattern)', () => {
    expect(messages(subnet({}, '1net'))).toEqual(['metadata.name: must match pattern "^[^0-9]"']);
  });

  test('formats ipv4/ipv6/cidr and x-kubernetes-list-type: set (IPPool)', () => {
    const ipPool = (spec: object) => ({
      apiVersion: 'kubeovn.io/v1',
      kind: 'IPPool',
      metadata: { name: 'pool-a' },
      spec: { subnet: 'underlay-a', ips: ['10.0.0.5', 'fd00::5', '10.0.1.0/24', '10.0.0.10..10.0.0.20'], ...spec },
    });
    expect(messages(ipPool({}))).toEqual([]);
    expect(messages(ipPool({ namespaces: ['a', 'b', 'a'] }))).toEqual([
      'spec.namespaces: must NOT have duplicate items (x-kubernetes-list-type: set)',
    ]);
    expect(messages(ipPool({ ips: ['10.0.0.300', 'fe80::1%eth0/64'] }))).toEqual([
      expect.stringMatching(/^spec\.ips\[0\]: must match a schema in anyOf \(must match format "ipv4"; must match format "ipv6"; must match format "cidr"; must match pattern/),
      expect.stringMatching(/^spec\.ips\[1\]: must match a schema in anyOf/),
    ]);
  });

  test('a cluster-scoped custom resource must not carry a namespace', () => {
    const doc = { ...vlan(), metadata: { name: 'vlan10', namespace: 'kube-system' } };
    expect(messages(doc)).toEqual(['metadata.namespace: must not be set on the cluster-scoped kind Vlan']);
  });

  test('an unknown kind of a custom group and a version that does not exist are problems', () => {
    expect(messages({ ...vlan(), kind: 'Vlann' })).toEqual([
      expect.stringMatching(/^kind: no CRD defines kind Vlann in group kubeovn\.io \(known kinds: IP, IPPool, .*Vlan, Vpc.*\); did you mean Vlan\?$/),
    ]);
    expect(messages({ ...vlan(), apiVersion: 'kubeovn.io/v2' })).toEqual([
      'apiVersion: kubeovn.io/v2 is not a served version of Vlan (served: kubeovn.io/v1)',
    ]);
  });
});

describe('Argo CD', () => {
  test('a valid Application passes', () => {
    expect(messages(application())).toEqual([]);
  });

  test('a wrong type is rejected', () => {
    const doc = application();
    (doc.spec.syncPolicy.automated as Record<string, unknown>).prune = 'yes';
    expect(messages(doc)).toEqual(['spec.syncPolicy.automated.prune: must be boolean']);
  });

  test('x-kubernetes-int-or-string accepts an integer and a string, rejects a boolean', () => {
    const withCount = (count: unknown) => application({ chart: undefined, path: 'overlays', kustomize: { replicas: [{ name: 'web', count }] } });
    expect(messages(withCount(3))).toEqual([]);
    expect(messages(withCount('3'))).toEqual([]);
    expect(messages(withCount(true))).toEqual(['spec.source.kustomize.replicas[0].count: must be an integer or a string']);
    expect(messages(withCount(1.5))).toEqual(['spec.source.kustomize.replicas[0].count: must be an integer or a string']);
  });

  test('a namespaced custom resource needs a namespace', () => {
    const doc = { ...application(), metadata: { name: 'kube-ovn' } };
    expect(messages(doc)).toEqual([
      'metadata.namespace: required for the namespaced kind Application (the output must not depend on a default namespace)',
    ]);
  });
});

describe('Spiderpool', () => {
  const pool = (spec: object = {}) => ({
    apiVersion: 'spiderpool.spidernet.io/v2beta1',
    kind: 'SpiderIPPool',
    metadata: { name: 'pool-v4' },
    spec: { subnet: '10.6.0.0/16', ips: ['10.6.0.100-10.6.0.200'], gateway: '10.6.0.1', ...spec },
  });

  test('a valid SpiderIPPool passes', () => {
    expect(messages(pool())).toEqual([]);
  });

  test('spec.vlan (removed in v2beta1) is rejected because objects are closed', () => {
    expect(messages(pool({ vlan: 100 }))).toEqual(['unknown field "spec.vlan"']);
  });

  test('format int64 and enum apply to ipVersion', () => {
    expect(messages(pool({ ipVersion: 4 }))).toEqual([]);
    expect(messages(pool({ ipVersion: 5 }))).toEqual(['spec.ipVersion: must be equal to one of the allowed values: [4,6]']);
  });
});

test('metadata is checked minimally for custom resources too', () => {
  expect(messages({ ...vlan(), metadata: { labels: { team: 1 } } })).toEqual([
    "metadata: must have required property 'name'",
    'metadata.labels.team: must be string',
  ]);
});
