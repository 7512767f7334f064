import { IC_NB_PORT, IC_SB_PORT, IcServer } from './ic-server';

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
 * Where the clusters find the OVN-IC database: an {@link IcServer} of the fleet, or hosts run
 * outside Kubernetes.
 */
export class IcDatabase {
  /** The IC server's master nodes, in the server's NODE_IPS order. */
  public static fromServer(server: IcServer): IcDatabase {
    return new IcDatabase(server.nodeIps, IC_NB_PORT, IC_SB_PORT, server.tsNum, '/etc/origin/ovn', server);
  }

  /** IC databases on hosts outside the fleet's Kubernetes clusters. */
  public static fromHosts(hosts: string[], options: IcDatabaseHostsOptions = {}): IcDatabase {
    return new IcDatabase([...hosts], options.nbPort ?? IC_NB_PORT, options.sbPort ?? IC_SB_PORT, options.tsNum ?? 1, '/etc/ovn');
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
    /** The server construct, when the database runs in the fleet. */
    public readonly server?: IcServer,
  ) {}

  /** The `ic-db-host` value: the hosts comma-joined in order. */
  public get hostList(): string {
    return this.hosts.join(',');
  }
}
