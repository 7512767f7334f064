import { clusterNetworkOf } from '../fleet/cluster-network';
import { FleetCluster } from '../fleet/cluster';
import type { Fleet } from '../fleet/fleet';
import { InterconnectedCluster } from '../ovn-ic/interconnected-cluster';
import { transitSwitches, TransitSwitch } from '../ovn-ic/transit-switch';
import { renderedObjects } from './objects';

/** One OVN-IC interconnection: the clusters that share an IC database. */
export interface IcDomain {
  /** `ic-db-host`. */
  readonly hosts: readonly string[];
  readonly nbPort: number;
  readonly sbPort: number;
  /** The fleet cluster running the database as ovn-ic-server, if any. */
  readonly serverCluster?: string;
  readonly transitSwitches: readonly TransitSwitch[];
  /** Member clusters, sorted by name. */
  readonly members: ReadonlyArray<{ readonly cluster: string; readonly azName: string; readonly gatewayNodes: readonly string[] }>;
}

/** A Submariner object found by kind (`submariner.io` Submariner or Broker). */
export interface SubmarinerPresence {
  readonly cluster: string;
  readonly kind: 'Submariner' | 'Broker';
  /** `spec.clusterID` of a Submariner object. */
  readonly clusterId?: string;
  /** `spec.cableDriver` of a Submariner object. */
  readonly cableDriver?: string;
}

/** What the picture of the fleet shows, read from the constructs and rendered objects. */
export interface FleetTopology {
  readonly clusters: readonly FleetCluster[];
  readonly icDomains: readonly IcDomain[];
  readonly submariner: readonly SubmarinerPresence[];
}

/**
 * Reads the topology: OVN-IC from this package's constructs, Submariner generically from the
 * rendered objects of kind Submariner (clusterID, cableDriver) and Broker, whatever construct
 * rendered them.
 */
export function fleetTopology(fleet: Fleet): FleetTopology {
  const domains = new Map<string, { ics: InterconnectedCluster[] }>();
  for (const ic of fleet.findAll(InterconnectedCluster)) {
    const key = `${ic.icDatabase.hostList}|${ic.icDatabase.nbPort}|${ic.icDatabase.sbPort}`;
    if (!domains.has(key)) domains.set(key, { ics: [] });
    domains.get(key)!.ics.push(ic);
  }
  const icDomains: IcDomain[] = [...domains.values()].map(({ ics }) => {
    const db = ics[0].icDatabase;
    return {
      hosts: db.hosts,
      nbPort: db.nbPort,
      sbPort: db.sbPort,
      serverCluster: db.server ? clusterNetworkOf(db.server)?.name : undefined,
      transitSwitches: transitSwitches(db.tsNum),
      members: ics
        .map((ic) => ({ cluster: ic.cluster.name, azName: ic.azName, gatewayNodes: ic.gatewayNodes }))
        .sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0)),
    };
  });

  const submariner: SubmarinerPresence[] = [];
  for (const cluster of fleet.clusters) {
    for (const { object, ref } of renderedObjects(cluster.chart)) {
      if (ref.apiGroup !== 'submariner.io' || (ref.kind !== 'Submariner' && ref.kind !== 'Broker')) continue;
      if (ref.kind === 'Broker') {
        submariner.push({ cluster: cluster.name, kind: 'Broker' });
        continue;
      }
      const spec = object.toJson().spec ?? {};
      submariner.push({
        cluster: cluster.name,
        kind: 'Submariner',
        clusterId: typeof spec.clusterID === 'string' ? spec.clusterID : undefined,
        cableDriver: typeof spec.cableDriver === 'string' ? spec.cableDriver : undefined,
      });
    }
  }
  return { clusters: fleet.clusters, icDomains, submariner };
}
