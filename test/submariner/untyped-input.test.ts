import { Testing } from 'cdk8s';
import { Cni, Fleet, FleetCluster, SpiderMultusConfig } from '../../src';
import { fleetErrors } from '../support/manifests';
import { avpSecrets, chartProblems } from './fixtures';

/**
 * Input from JavaScript or YAML has no type checker: missing or mistyped Submariner and Spiderpool
 * props are reported like any other problem, with the field and the fix, and never crash the render.
 */
function cluster(fleet: Fleet): FleetCluster {
  return fleet.addCluster('c', { podCidr: '10.1.0.0/16', serviceCidr: '10.2.0.0/16', cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: ['gw'] });
}

const untyped = (value: unknown) => value as any;

describe('untyped input to the Submariner and Spiderpool builders', () => {
  test.each<[string, (c: FleetCluster) => void, string[]]>([
    ['joinSubmariner without props', (c) => c.joinSubmariner(untyped(undefined)), [
      '[c/SubmarinerJoin] cluster "c", SubmarinerJoin: broker is not a broker of this fleet (got undefined); pass what addSubmarinerBroker returned',
    ]],
    ['a broker without apiServer', (c) => c.joinSubmariner({ broker: c.addSubmarinerBroker(untyped({})), ...avpSecrets('c') }), [
      '[c/SubmarinerBroker] cluster "c", SubmarinerBroker: apiServer is empty; give the broker cluster\'s API server as host:port, e.g. 10.6.168.73:6443',
    ]],
    ['components as strings', (c) => c.joinSubmariner({ broker: c.addSubmarinerBroker({ apiServer: '10.0.0.1:6443', components: untyped(['connectivity']) }), ...avpSecrets('c') }), [
      '[c/SubmarinerBroker] cluster "c", SubmarinerBroker: components[0] must be BrokerComponent.CONNECTIVITY or BrokerComponent.SERVICE_DISCOVERY, got "connectivity"',
      '[c/SubmarinerJoin] cluster "c", SubmarinerJoin: the broker has no connectivity component (components: connectivity); the Submariner CR and gateways need it, add BrokerComponent.CONNECTIVITY to the broker',
    ]],
    ['a cluster ID that is a number', (c) => c.joinSubmariner({ broker: c.addSubmarinerBroker({ apiServer: '10.0.0.1:6443' }), ...avpSecrets('c'), clusterId: untyped(5) }), [
      '[c/SubmarinerJoin] cluster "c", SubmarinerJoin: clusterId must be a string, got 5 (subctl requires a DNS-1123 label; it names the broker ServiceAccount cluster-<clusterID>)',
    ]],
    ['addConnectivityCheck without options', (c) => c.joinSubmariner({ broker: c.addSubmarinerBroker({ apiServer: '10.0.0.1:6443' }), ...avpSecrets('c') }).addConnectivityCheck(untyped(undefined)), [
      '[c/SubmarinerJoin/ConnectivityCheck] cluster "c", ConnectivityCheck: serviceIp is missing; give the test Service a free ClusterIP inside the service CIDR 10.2.0.0/16',
      '[c/SubmarinerJoin/ConnectivityCheck] cluster "c", ConnectivityCheck: no other cluster on this broker has a connectivity check; add one to at least one peer',
    ]],
    ['addSpiderMultusConfig without props', (c) => c.addSpiderMultusConfig('macvlan', untyped(undefined)), [
      '[c/macvlan] cluster "c", SpiderMultusConfig "kube-system/macvlan": spec.macvlan.master must list the host interfaces macvlan attaches to, e.g. [\'ens224\'], got undefined',
    ]],
    ['addIpPool without props', (c) => c.addSpiderMultusConfig('macvlan', { master: ['ens224'] }).addIpPool('pool', untyped(undefined)), [
      '[c/macvlan/pool] cluster "c", SpiderIPPool "pool": spec.subnet: undefined (nothing given) is not a CIDR; give it as a string, e.g. "10.16.0.0/16"',
      // no spec.ips is accepted, as Spiderpool's webhook accepts it (test/rules/upstream-rules.test.ts)
    ]],
  ])('%s is reported', (_what, build, errors) => {
    const fleet = new Fleet();
    build(cluster(fleet));
    expect(fleetErrors(fleet)).toEqual(errors);
  });

  test('a plain chart reports a pool without ips and a config with master as a string', () => {
    const chart = Testing.chart();
    new SpiderMultusConfig(chart, 'net', { master: untyped('ens224') }).addIpPool('p', { subnet: '10.0.0.0/24', ips: untyped('10.0.0.10') });
    expect(chartProblems(chart).errors).toEqual([
      '[test/net] cluster "test", SpiderMultusConfig "kube-system/net": spec.macvlan.master must list the host interfaces macvlan attaches to, e.g. [\'ens224\'], got "ens224"',
      '[test/net/p] cluster "test", SpiderIPPool "p": spec.ips must list the addresses pods get, e.g. [\'10.0.0.10-10.0.0.200\'], got "10.0.0.10"',
    ]);
  });
});
