import { Chart, Testing } from 'cdk8s';
import {
  buildCluster, ClusterNetwork, IcDatabase, IcServer, InterconnectedCluster, resolveFleet,
} from '../../src';
import { twoClusterFleet } from '../support/fleets';
import { fleetErrors, fleetWarnings } from '../support/manifests';
import { AZ1, plainChart, problemsOf } from './clusters';

/**
 * The same IcServer and InterconnectedCluster (overlay subnet, manual routes) built by a user in a
 * plain cdk8s Chart and by the fleet: equal manifests, equal problems. `az1` below is the fleet's
 * az1 of `twoClusterFleet` with the knobs `opts` turns.
 */
interface Knobs {
  readonly masterNodeIps?: string[];
  readonly gatewayNodes?: string[];
  readonly tsNum?: number;
  readonly subnet?: string;
  readonly route?: { cidrs: string[]; nextHop: string };
}

const DEFAULTS = { subnet: '10.201.0.0/24', route: { cidrs: ['10.200.0.0/24'], nextHop: '169.254.100.31' } };

function inFleet(opts: Knobs = {}): Chart {
  const k = { ...DEFAULTS, ...opts };
  const f = twoClusterFleet({
    az1: { ...(k.masterNodeIps && { masterNodeIps: k.masterNodeIps }), ...(k.gatewayNodes && { gatewayNodes: k.gatewayNodes }) },
    az2: { podCidr: '10.16.0.0/16' },
    ic1: { autoRoute: false },
    ic2: { autoRoute: false },
    tsNum: k.tsNum,
  });
  f.ic1.addSubnet('shared-a', { cidrBlock: k.subnet });
  f.ic2.addSubnet('shared-b', { cidrBlock: '10.200.0.0/24' });
  f.ic1.routeToPeer({ peer: f.az2, ...k.route });
  f.ic2.routeToPeer({ peer: f.az1, cidrs: ['10.201.0.0/24'], nextHop: '169.254.100.79' });
  const az1 = resolveFleet(f.fleet).clusters.find((c) => c.name === 'az1')!;
  return buildCluster(az1);
}

function inPlainChart(opts: Knobs = {}): Chart {
  const k = { ...DEFAULTS, ...opts };
  const cluster: ClusterNetwork = { ...AZ1, ...(k.masterNodeIps && { masterNodeIps: k.masterNodeIps }), ...(k.gatewayNodes && { gatewayNodes: k.gatewayNodes }) };
  const chart = plainChart('az1');
  const server = new IcServer(chart, 'IcServer', { nodeIps: [...cluster.masterNodeIps], tsNum: k.tsNum ?? 3, cluster });
  const ic = new InterconnectedCluster(chart, 'Interconnection', {
    cluster,
    icDatabase: IcDatabase.fromServer(server),
    autoRoute: false,
    peerRoutes: [{ peerCluster: 'az2', peerAzName: 'az2', ...k.route }],
  });
  ic.addSubnet('shared-a', { cidrBlock: k.subnet });
  return chart;
}

describe('IcServer and InterconnectedCluster: a plain cdk8s chart and the fleet render the same', () => {
  test('the fleet resolves az1 to the plain chart\'s props', () => {
    const f = twoClusterFleet({ ic1: { autoRoute: false } });
    f.ic1.routeToPeer({ peer: f.az2, cidrs: ['10.17.0.0/24'], nextHop: '169.254.100.31' });
    const az1 = resolveFleet(f.fleet).clusters.find((c) => c.name === 'az1')!;
    expect(az1.network).toEqual(AZ1);
    expect(az1.icServer).toEqual({ nodeIps: AZ1.masterNodeIps, tsNum: 3, cluster: AZ1 });
    expect(az1.interconnection?.props).toEqual({
      icDatabase: IcDatabase.inCluster('az1', AZ1.masterNodeIps, 3), autoRoute: false, cluster: AZ1, installedWithEnableIc: false,
      peerRoutes: [{ peerCluster: 'az2', peerAzName: 'az2', cidrs: ['10.17.0.0/24'], nextHop: '169.254.100.31' }],
    });
  });

  test('equal manifests and equal (empty) problems for a valid cluster', () => {
    const plain = inPlainChart();
    const fleet = inFleet();
    const docs = Testing.synth(plain);
    expect(Testing.synth(fleet)).toStrictEqual(docs);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Deployment/ovn-ic-server', 'ConfigMap/ovn-ic-config', 'Deployment/ovn-ic-controller', 'Vpc/ovn-cluster', 'Subnet/shared-a',
    ]);
    expect(docs.find((d) => d.kind === 'Vpc').spec.staticRoutes).toEqual([expect.objectContaining({ cidr: '10.200.0.0/24', nextHopIP: '169.254.100.31' })]);
    expect(problemsOf(plain)).toEqual({ errors: [], warnings: [] });
    expect(problemsOf(fleet)).toEqual(problemsOf(plain));
  });

  test('equal manifests and equal warnings; the plain chart prints them when cdk8s validates it', () => {
    const opts: Knobs = { masterNodeIps: ['192.168.65.3', '192.168.65.2'], gatewayNodes: ['az1-gw1'] };
    const plain = inPlainChart(opts);
    const fleet = inFleet(opts);
    const warnings = [
      '[az1/IcServer] cluster "az1", IcServer: 2 database replicas tolerate no more failures than 1; use an odd number of master nodes (1, 3 or 5)',
      '[az1/Interconnection] cluster "az1", InterconnectedCluster: 1 gateway node(s) for 3 transit switches; switches share a primary gateway, so there are only 1 distinct ECMP path(s). Add gateway nodes or lower TS_NUM',
    ];
    expect(problemsOf(plain)).toEqual({ errors: [], warnings });
    expect(problemsOf(fleet)).toEqual(problemsOf(plain));
    expect(fleetWarnings(twoClusterFleet({ az1: opts }).fleet)).toEqual(warnings);

    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const docs = Testing.synth(plain);
      expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual(warnings.map((w) => `warning: ${w}\n`));
      stderr.mockClear();
      // the fleet's cluster charts hand their warnings to the renderer instead
      expect(Testing.synth(fleet)).toStrictEqual(docs);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });

  test('equal errors for bad props: every construct rule applies outside the fleet too', () => {
    const opts: Knobs = { tsNum: 0, subnet: '10.201.0.1/24', route: { cidrs: ['10.16.5.0/24'], nextHop: '169.254.100.31' } };
    const plain = inPlainChart(opts);
    const errors = [
      '[az1/IcServer] cluster "az1", IcServer: tsNum (TS_NUM) must be an integer from 1 to 156, got 0; it is the number of transit switches (ECMP paths), upstream default 3',
      '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2): nextHop 169.254.100.31 is not on a transit switch of this IC database (TS_NUM 0: none); use the address of port ts-<peer az-name> in kubectl ko nbctl show',
      '[az1/Interconnection] cluster "az1", InterconnectedCluster: routeToPeer(az2): cidr 10.16.5.0/24 overlaps this cluster\'s subnet "ovn-default" 10.16.0.0/16; traffic to it would stay in this cluster, share only ranges this cluster does not use',
      '[az1/Interconnection/shared-a] cluster "az1", Subnet "shared-a": spec.cidrBlock: "10.201.0.1/24" has host bits set; use the network address 10.201.0.0/24',
    ];
    expect(problemsOf(plain).errors).toEqual(errors);
    expect(problemsOf(inFleet(opts)).errors).toEqual(errors);
    expect(() => Testing.synth(plain)).toThrow(errors[0].replace(/^\[[^\]]*\] /, ''));
    // the fleet reports them with its own cross-cluster findings
    const f = twoClusterFleet({ tsNum: 0 });
    expect(fleetErrors(f.fleet)).toContain(errors[0]);
  });
});
