import { Chart, Testing } from 'cdk8s';
import { brokerConnection, buildCluster, CableDriver, ClusterNetwork, ConnectivityCheckOptions, Fleet, resolveFleet, SecretSource, SpiderIpPoolProps, SpiderMultusConfig, SpiderMultusConfigProps, SubmarinerBroker, SubmarinerJoin } from '../../src';
import { collectProblems } from '../../src/rules/problems';
import { expectValidManifests, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { avpSecrets, chartProblems, FleetBrokerProps, FleetJoinProps, SEED } from './fixtures';

/**
 * The same props rendered two ways: through the fleet, and by hand in plain cdk8s charts that get the
 * cross-cluster facts (broker connection, members, peer CIDRs, connectivity-check peers) as props.
 * Both must give the same manifests and the same problems.
 */
interface Setup {
  readonly broker: FleetBrokerProps;
  readonly macvlan: { readonly a: Omit<SpiderMultusConfigProps, 'cluster' | 'peerCidrs' | 'ippools'>; readonly b: Omit<SpiderMultusConfigProps, 'cluster' | 'peerCidrs' | 'ippools'> };
  readonly pool: { readonly a: SpiderIpPoolProps; readonly b: SpiderIpPoolProps };
  readonly join: { readonly a: FleetJoinProps; readonly b: FleetJoinProps };
  readonly check: { readonly a: Omit<ConnectivityCheckOptions, 'peers' | 'multusConfig'>; readonly b: Omit<ConnectivityCheckOptions, 'peers' | 'multusConfig'> };
}

const NETWORK: Record<'a' | 'b', ClusterNetwork> = {
  a: { name: 'cluster-a', ...SEED.a, gatewayNodes: [...SEED.a.gatewayNodes], masterNodeIps: [] },
  b: { name: 'cluster-b', ...SEED.b, gatewayNodes: [...SEED.b.gatewayNodes], masterNodeIps: [] },
};

function seedSetup(): Setup {
  return {
    broker: { ...SEED.broker },
    macvlan: { a: { ...SEED.macvlan, master: ['ens224'] }, b: { ...SEED.macvlan, master: ['ens224'] } },
    pool: { a: { ...SEED.poolA, ips: [...SEED.poolA.ips] }, b: { ...SEED.poolB, ips: [...SEED.poolB.ips] } },
    join: {
      a: { cableDriver: CableDriver.LIBRESWAN, ...avpSecrets('cluster-a') },
      // an acknowledged plain value: renders, with a warning
      b: { cableDriver: CableDriver.LIBRESWAN, ...avpSecrets('cluster-b'), psk: SecretSource.plainText('cHNr', { iUnderstandThisIsWrittenToGit: true }) },
    },
    // cluster-b's test pod has no fixed address: cluster-a checks its Service only, with a warning
    check: { a: { serviceIp: '10.233.63.200', podIp: '172.110.1.250' }, b: { serviceIp: '10.243.63.200' } },
  };
}

function inFleet(s: Setup): Fleet {
  const fleet = new Fleet();
  const a = fleet.addCluster('cluster-a', { ...SEED.a, gatewayNodes: [...SEED.a.gatewayNodes] });
  const b = fleet.addCluster('cluster-b', { ...SEED.b, gatewayNodes: [...SEED.b.gatewayNodes] });
  const broker = a.addSubmarinerBroker(s.broker);
  const macvlanA = a.addSpiderMultusConfig('Macvlan', s.macvlan.a).addIpPool('Pool', s.pool.a);
  const macvlanB = b.addSpiderMultusConfig('Macvlan', s.macvlan.b).addIpPool('Pool', s.pool.b);
  a.joinSubmariner({ broker, ...s.join.a }).addConnectivityCheck({ ...s.check.a, multusConfig: macvlanA });
  b.joinSubmariner({ broker, ...s.join.b }).addConnectivityCheck({ ...s.check.b, multusConfig: macvlanB });
  return fleet;
}

/** The same constructs in plain charts named after the clusters, with the fleet's facts written out by hand. */
function inPlainCharts(s: Setup): Record<'cluster-a' | 'cluster-b', Chart> {
  const a = new Chart(Testing.app(), 'cluster-a');
  const broker = new SubmarinerBroker(a, 'SubmarinerBroker', { ...s.broker, cluster: NETWORK.a, members: ['cluster-a', 'cluster-b'] });
  const macvlanA = new SpiderMultusConfig(a, 'Macvlan', { ...s.macvlan.a, cluster: NETWORK.a, peerCidrs: ['172.111.0.0/16', '10.243.0.0/18'] });
  macvlanA.addIpPool('Pool', s.pool.a);
  new SubmarinerJoin(a, 'SubmarinerJoin', { ...s.join.a, cluster: NETWORK.a, broker: broker.connection })
    .addConnectivityCheck({ ...s.check.a, multusConfig: macvlanA, peers: [{ cluster: 'cluster-b', ...s.check.b }] });

  const b = new Chart(Testing.app(), 'cluster-b');
  const macvlanB = new SpiderMultusConfig(b, 'Macvlan', { ...s.macvlan.b, cluster: NETWORK.b, peerCidrs: ['10.233.0.0/18', '172.110.0.0/16'] });
  macvlanB.addIpPool('Pool', s.pool.b);
  // the broker runs elsewhere: its connection from its props
  new SubmarinerJoin(b, 'SubmarinerJoin', { ...s.join.b, cluster: NETWORK.b, broker: brokerConnection(s.broker) })
    .addConnectivityCheck({ ...s.check.b, multusConfig: macvlanB, peers: [{ cluster: 'cluster-a', ...s.check.a }] });
  return { 'cluster-a': a, 'cluster-b': b };
}

/** Construct problems of each cluster's chart as the fleet builds it. */
function fleetChartProblems(fleet: Fleet): Record<string, { errors: string[]; warnings: string[] }> {
  return Object.fromEntries(resolveFleet(fleet).clusters.map((c) => [c.name, collectProblems(buildCluster(c))]));
}

describe('Submariner and Spiderpool constructs: a plain cdk8s chart renders and validates like the fleet', () => {
  test('the same props give the same manifests and the same warnings', () => {
    const fleet = inFleet(seedSetup());
    const charts = inPlainCharts(seedSetup());
    const plain = { a: chartProblems(charts['cluster-a']), b: chartProblems(charts['cluster-b']) };

    const docs = synthFleet(fleet);
    expect(charts['cluster-a'].toJson()).toEqual(docs['cluster-a']);
    expect(charts['cluster-b'].toJson()).toEqual(docs['cluster-b']);
    // the fixture does render every construct (and is not trivially equal)
    for (const kind of ['Broker', 'ServiceAccount', 'Submariner', 'SpiderMultusConfig', 'SpiderIPPool', 'Job']) {
      expect(docs['cluster-a'].map((d) => d.kind)).toContain(kind);
    }
    expectValidManifests(docs['cluster-a']);
    expectValidManifests(docs['cluster-b']);

    const warnings = [
      '[cluster-a/SubmarinerJoin/ConnectivityCheck] cluster "cluster-a", ConnectivityCheck: peer "cluster-b" has no podIp; only its Service is checked',
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: psk is SecretSource.plainText: the secret is written to dist/ and Git history; prefer argocdVaultPlugin or externalSecret',
    ];
    expect([...plain.a.warnings, ...plain.b.warnings]).toEqual(warnings);
    expect(fleetWarnings(fleet)).toEqual(warnings);
    expect(fleetChartProblems(fleet)).toEqual({
      'cluster-a': { errors: [], warnings: plain.a.warnings },
      'cluster-b': { errors: [], warnings: plain.b.warnings },
    });
    // a plain chart prints its warnings while cdk8s validates it
    expect([...plain.a.printed, ...plain.b.printed]).toEqual(warnings.map((w) => `warning: ${w}`));
    expect(fleetErrors(fleet)).toEqual([]);
  });

  test('bad props give the same errors, all at once', () => {
    const bad = (): Setup => {
      const s = seedSetup();
      return {
        ...s,
        broker: { ...s.broker, defaultGlobalnetClusterSize: 1000 },
        macvlan: { ...s.macvlan, b: { ...s.macvlan.b, vlanId: 5000 } },
        pool: { ...s.pool, a: { ...s.pool.a, gateway: '172.110.1.1' } },
        join: { ...s.join, b: { ...s.join.b, healthCheck: true } },
        check: { ...s.check, b: { serviceIp: '10.96.0.10' } },
      };
    };
    const fleet = inFleet(bad());
    const charts = inPlainCharts(bad());
    const plain = { a: chartProblems(charts['cluster-a']), b: chartProblems(charts['cluster-b']) };
    expect(plain.a.errors).toEqual([
      '[cluster-a/SubmarinerBroker] cluster "cluster-a", SubmarinerBroker: defaultGlobalnetClusterSize (--globalnet-cluster-size) must be a power of two (subctl rounds it up to 1024), got 1000; use 1024',
      '[cluster-a/Macvlan/Pool] cluster "cluster-a", SpiderIPPool "cluster-a": spec.gateway 172.110.1.1 lies inside spec.ips; the webhook rejects it because a pod could get the gateway\'s address. Take it out of ips or add it to excludeIps',
    ]);
    expect(plain.b.errors).toEqual([
      '[cluster-b/Macvlan] cluster "cluster-b", SpiderMultusConfig "kube-system/macvlan-conf": spec.macvlan.vlanID must be an integer 0-4094 (0 = untagged), got 5000',
      expect.stringMatching(/^\[cluster-b\/SubmarinerJoin\] cluster "cluster-b", SubmarinerJoin: connectionHealthCheck.enabled is true, but this is a Spiderpool macvlan cluster/),
      '[cluster-b/SubmarinerJoin/ConnectivityCheck] cluster "cluster-b", ConnectivityCheck: serviceIp 10.96.0.10 is outside the service CIDR 10.243.0.0/18; pick a free address inside it',
    ]);
    expect(fleetChartProblems(fleet)).toEqual({ 'cluster-a': { errors: plain.a.errors, warnings: plain.a.warnings }, 'cluster-b': { errors: plain.b.errors, warnings: plain.b.warnings } });
    expect(fleetErrors(fleet)).toEqual([...plain.a.errors, ...plain.b.errors]);
    expect(() => charts['cluster-b'].toJson()).toThrow(/vlanID must be an integer 0-4094/);
  });
});
