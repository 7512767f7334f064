import type { IcDatabase } from '../ovn-ic/ic-database';
import { transitSwitches, TransitSwitch } from '../ovn-ic/transit-switch';
import type { ClusterNetwork } from '../rules';

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

/** The IC domain of a database and its members (given sorted by cluster). */
export function icDomainOf(db: IcDatabase, members: IcDomain['members']): IcDomain {
  return { hosts: db.hosts, nbPort: db.nbPort, sbPort: db.sbPort, serverCluster: db.serverCluster, transitSwitches: transitSwitches(db.tsNum), members };
}

/** A Submariner broker and the clusters joined to it (a clusterset). */
export interface SubmarinerSet {
  /** The cluster running the broker. */
  readonly brokerCluster: string;
  /** The broker's namespace. */
  readonly namespace: string;
  /** Members, sorted by cluster name. */
  readonly members: ReadonlyArray<{ readonly cluster: string; readonly clusterId: string; readonly cableDriver: string }>;
}

/** What the picture of the fleet shows, from the resolved fleet model. */
export interface FleetTopology {
  /** The clusters, sorted by name. */
  readonly clusters: ReadonlyArray<ClusterNetwork>;
  readonly icDomains: readonly IcDomain[];
  readonly submariner: readonly SubmarinerSet[];
}
