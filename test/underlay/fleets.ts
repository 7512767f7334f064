import { buildCluster, ClusterChart, Fleet, FleetCluster, FleetClusterProps, resolveFleet } from '../../src';

/** One Kube-OVN cluster "az1" (no OVN-IC), with knobs for failing cases. */
export function oneClusterFleet(props: Partial<FleetClusterProps> = {}): { fleet: Fleet; az1: FleetCluster } {
  const fleet = new Fleet();
  const az1 = fleet.addCluster('az1', {
    podCidr: '10.16.0.0/16', joinCidr: '100.64.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.65.3'], ...props,
  });
  return { fleet, az1 };
}

/** The seed's install-time underlay: eth1, untagged, 172.17.0.0/16 behind the physical gateway 172.17.0.1. */
export function installUnderlayFleet(install: Partial<NonNullable<FleetClusterProps['installUnderlay']>> = {}, props: Partial<FleetClusterProps> = {}) {
  return oneClusterFleet({
    podCidr: '172.17.0.0/16',
    installUnderlay: { interfaceName: 'eth1', vlanId: 0, ...install },
    ...props,
  });
}

/** The chart the fleet builds for one cluster (its construct tree), without synthesizing or validating it. */
export function builtCluster(fleet: Fleet, name: string): ClusterChart {
  const cluster = resolveFleet(fleet).clusters.find((c) => c.name === name);
  if (!cluster) throw new Error(`no cluster "${name}" in the resolved fleet`);
  return buildCluster(cluster);
}
