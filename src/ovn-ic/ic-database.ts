import type { IcServer } from './ic-server';
import { DEFAULT_TS_NUM, IC_NB_PORT, IC_SB_PORT } from './transit-switch';

/** Options of {@link IcDatabase.fromHosts}. */
export interface IcDatabaseHostsOptions {
  /**
   * IC northbound port (`ic-nb-port`).
   * @default 6645
   */
  readonly nbPort?: number;
  /**
   * IC southbound port (`ic-sb-port`).
   * @default 6646
   */
  readonly sbPort?: number;
  /**
   * Transit switches the database holds. A container started with ENABLE_OVN_LEADER_CHECK=false
   * (the seed's docker/containerd scheme) creates only `ts`.
   * @default 1
   */
  readonly tsNum?: number;
}

/**
 * Where the clusters find the OVN-IC database: an {@link IcServer} in one of the clusters, or hosts
 * run outside Kubernetes. Plain data: a cluster's `InterconnectedCluster` gets it through props.
 */
export class IcDatabase {
  /** The IC database an {@link IcServer} runs (its master nodes, in NODE_IPS order). */
  public static fromServer(server: IcServer): IcDatabase {
    return IcDatabase.inCluster(server.cluster?.name, server.nodeIps, server.tsNum);
  }

  /**
   * The database an `ovn-ic-server` in cluster `cluster` runs on `nodeIps` (what
   * {@link fromServer} returns for that server), for a cluster whose server is built elsewhere.
   */
  public static inCluster(cluster: string | undefined, nodeIps: readonly string[], tsNum: number = DEFAULT_TS_NUM): IcDatabase {
    return new IcDatabase(Array.isArray(nodeIps) ? [...nodeIps] : [], IC_NB_PORT, IC_SB_PORT, tsNum, '/etc/origin/ovn', true, cluster);
  }

  /** IC databases on hosts outside the fleet's Kubernetes clusters. */
  public static fromHosts(hosts: string[], options: IcDatabaseHostsOptions = {}): IcDatabase {
    // a non-list from JavaScript holds no host: InterconnectedCluster reports the empty list
    const list = Array.isArray(hosts) ? [...hosts] : [];
    return new IcDatabase(list, options?.nbPort ?? IC_NB_PORT, options?.sbPort ?? IC_SB_PORT, options?.tsNum ?? 1, '/etc/ovn', false);
  }

  private constructor(
    /** Database hosts, in order (`ic-db-host`). */
    public readonly hosts: readonly string[],
    public readonly nbPort: number,
    public readonly sbPort: number,
    /** Number of transit switches, for the ECMP warning. */
    public readonly tsNum: number,
    /**
     * Host folder of the database files `ovn_ic_{nb,sb}_db.db`: `/etc/origin/ovn` on the masters for
     * ovn-ic-server, `/etc/ovn` on hosts running the container with the seed's bind mounts.
     */
    public readonly hostDataDir: string,
    /** True when an `ovn-ic-server` Deployment runs the database. */
    public readonly runsAsServer: boolean,
    /** The cluster running that Deployment, when known. */
    public readonly serverCluster?: string,
  ) {}

  /** The `ic-db-host` value: the hosts comma-joined in order. */
  public get hostList(): string {
    return this.hosts.join(',');
  }

  /**
   * The interconnection ("IC domain") this database defines: clusters whose ovn-ic-config names the
   * same hosts and ports share transit switches and routes. The one definition of an IC domain.
   */
  public get domainKey(): string {
    return `${this.hostList}|${this.nbPort}|${this.sbPort}`;
  }
}
