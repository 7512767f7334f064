import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { CniConfig, SpiderIpPool, SpiderMultusConfig } from '../../src';
import { manifestValidator } from '../support/manifests';
import { chartProblems } from '../submariner/fixtures';

/**
 * Random mistakes in one field of a valid SpiderIPPool or SpiderMultusConfig (any JavaScript value, or values
 * near a boundary): the construct never throws, and when it reports no error the rendered documents pass their
 * CRD schema (nothing passes silently). Seeded; FC_RUNS sets the runs.
 */
const SEED = Number(process.env.FC_SEED ?? 20261202);
const RUNS = Number(process.env.FC_RUNS ?? 150);

const weird = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, '', ' ', 'x', NaN, Infinity, -1, 0, 1, 4094, 4095, 1e21, 2 ** 31, -0.5, 0.5, true, false, [], {}, [''], [null],
    ['ens224', 'ens224'], '10.0.0.0/8', '10.0.0.1', 'fd00::/64', '172.110.1.1-172.110.1.9', { name: 'bond0', mode: 9 }, [{ dst: '0.0.0.0/0', gw: 'x' }],
    { matchLabels: {} }, '{"type":"x"}', '{', 'a\nb', 'a;b'),
  fc.anything(),
);

const POOL_FIELDS = ['subnet', 'ips', 'excludeIps', 'gateway', 'default', 'ipVersion', 'disable', 'routes', 'multusNames', 'podAffinity',
  'namespaceAffinity', 'nodeAffinity', 'namespaceNames', 'nodeNames', 'labels', 'extraSpec'];
const BASE_POOL = { name: 'pool', subnet: '172.110.0.0/16', ips: ['172.110.1.1-172.110.1.200'], gateway: '172.110.0.1' };

const SMC_FIELDS = ['master', 'vlanId', 'bond', 'mtu', 'enableCoordinator', 'coordinator', 'coordinatorMode', 'tunePodRoutes', 'peerCidrs',
  'additionalHijackCidrs', 'disableIpam', 'chainCniJsonData', 'netAttachDefName', 'cniVersion', 'cniConfigName', 'rdmaResourceInject',
  'networkResourceInject', 'annotations', 'extraSpec', 'name', 'namespace'];
const FACTORIES: Array<[string, (o: any) => CniConfig, Record<string, unknown>]> = [
  ['macvlan', CniConfig.macvlan, { master: ['ens224'] }],
  ['ipvlan', CniConfig.ipvlan, { master: ['ens224'] }],
  ['vlan', CniConfig.vlan, { master: ['ens224'] }],
  ['sriov', CniConfig.sriov, { resourceName: 'r' }],
  ['ovs', CniConfig.ovs, { bridge: 'br1' }],
  ['ibSriov', CniConfig.ibSriov, { resourceName: 'r' }],
  ['ipoib', CniConfig.ipoib, { master: 'ib0' }],
];
const CNI_OPTIONS = ['master', 'vlanId', 'bond', 'mtu', 'rdmaResourceName', 'ippools', 'vlanMode', 'resourceName', 'minTxRateMbps', 'maxTxRateMbps',
  'rdmaIsolation', 'bridge', 'vlan', 'trunk', 'deviceId', 'pkey', 'linkState', 'enableIbKubernetes'];
const COORDINATOR_OPTIONS = ['mode', 'podCidrType', 'hijackCidrs', 'policyRoutes', 'podMacPrefix', 'tunePodRoutes', 'podDefaultRouteNic',
  'hostRuleTable', 'podRpFilter', 'txQueueLen', 'vethLinkAddress', 'vethMtu'];

/** Builds, then: no throw; no error => every document schema-valid. */
function check(build: (chart: Chart) => void): void {
  const chart = new Chart(Testing.app(), 'cluster-a');
  build(chart);
  const { errors } = chartProblems(chart);
  if (errors.length === 0) {
    const docs = Testing.synth(chart);
    const problems = manifestValidator().validateSet(docs.map((doc, i) => ({ location: `doc#${i}`, doc })));
    expect(problems.map((p) => p.message)).toEqual([]);
  } else {
    for (const e of errors) expect(e).toMatch(/^\[cluster-a\/\S+\] cluster "cluster-a", Spider(IPPool|MultusConfig) ".*": \S/);
  }
}

describe('random mistakes in Spiderpool props: messages or valid documents, never a crash', () => {
  test('SpiderIPPool: one field replaced', () => {
    fc.assert(fc.property(fc.constantFrom(...POOL_FIELDS), weird, (field, value) => {
      check((chart) => new SpiderIpPool(chart, 'pool', { ...BASE_POOL, [field]: value } as any));
    }), { seed: SEED, numRuns: RUNS });
  });

  test('SpiderMultusConfig: one top-level field replaced', () => {
    fc.assert(fc.property(fc.constantFrom(...SMC_FIELDS), weird, (field, value) => {
      check((chart) => new SpiderMultusConfig(chart, 'net', { master: ['ens224'], [field]: value } as any)
        .addIpPool('pool', { ...BASE_POOL }));
    }), { seed: SEED, numRuns: RUNS });
  });

  test('SpiderMultusConfig: one option of a cniType or of the coordinator replaced', () => {
    fc.assert(fc.property(fc.constantFrom(...FACTORIES), fc.constantFrom(...CNI_OPTIONS), fc.constantFrom(...COORDINATOR_OPTIONS), weird, fc.boolean(),
      ([, factory, base], option, coordinatorOption, value, inCoordinator) => {
        check((chart) => new SpiderMultusConfig(chart, 'net', inCoordinator
          ? { cni: factory(base), coordinator: { [coordinatorOption]: value } as any }
          : { cni: factory({ ...base, [option]: value }) }).addIpPool('pool', { ...BASE_POOL }));
      }), { seed: SEED, numRuns: RUNS });
  });

  test('CniConfig.custom with any value', () => {
    fc.assert(fc.property(weird, (value) => {
      check((chart) => new SpiderMultusConfig(chart, 'net', { cni: CniConfig.custom(value as any) }));
    }), { seed: SEED, numRuns: RUNS });
  });
});
