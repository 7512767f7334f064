import { Fleet, FleetCluster, FleetClusterProps, IcDatabase, Interconnection, InterconnectionProps } from '../../src';

/** Two interconnected Kube-OVN clusters like the seeds', with knobs for failing cases. */
export function twoClusterFleet(opts: {
  az1?: Partial<FleetClusterProps>;
  az2?: Partial<FleetClusterProps>;
  ic1?: Partial<InterconnectionProps>;
  ic2?: Partial<InterconnectionProps>;
  tsNum?: number;
} = {}): { fleet: Fleet; az1: FleetCluster; az2: FleetCluster; ic1: Interconnection; ic2: Interconnection; icDatabase: IcDatabase } {
  const fleet = new Fleet();
  const az1 = fleet.addCluster('az1', {
    podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12',
    masterNodeIps: ['192.168.65.3', '192.168.65.2', '192.168.65.1'], gatewayNodes: ['az1-gw1', 'az1-gw2', 'az1-gw3'], ...opts.az1,
  });
  const az2 = fleet.addCluster('az2', {
    podCidr: '10.17.0.0/16', joinCidr: '100.65.0.0/16', serviceCidr: '10.96.0.0/12',
    masterNodeIps: ['192.168.66.1'], gatewayNodes: ['az2-gw1', 'az2-gw2', 'az2-gw3'], ...opts.az2,
  });
  const icDatabase = az1.addIcServer({ nodeIps: [...(az1.props.masterNodeIps ?? [])], tsNum: opts.tsNum ?? 3 });
  const ic1 = az1.interconnect({ icDatabase, ...opts.ic1 });
  const ic2 = az2.interconnect({ icDatabase, ...opts.ic2 });
  return { fleet, az1, az2, ic1, ic2, icDatabase };
}
