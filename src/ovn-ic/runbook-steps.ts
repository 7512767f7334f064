import { TS_NUM_MAX } from './transit-switch';

/**
 * Operational steps shared by the rendered runbook (`runbooks/ovn-ic.md`) and `npm run plan`. Pure
 * functions of plain values, so the plan can build them from rendered manifests alone. Each step is
 * one line of Markdown; commands are in backticks.
 */

/** Where the IC database commands run. */
export interface IcDbLocation {
  /** `ic-db-host`: the database hosts, comma-joined. */
  readonly hosts: string;
  /** The cluster that runs ovn-ic-server, when the database is in the fleet. */
  readonly serverCluster?: string;
}

/** The IC-SB command prefix: kubectl ko in the server's cluster, docker exec on an external host. */
export function icSbCtl(db: IcDbLocation): string {
  return db.serverCluster !== undefined
    ? `[${db.serverCluster}] kubectl ko icsbctl`
    : `[IC database host ${db.hosts.split(',')[0]}] docker exec ovn-ic-db ovn-ic-sbctl`;
}

/** `ts`, `ts1`, ... for a TS_NUM; a safe guess of one when unknown. */
export function transitSwitchNames(tsNum: number | undefined): string[] {
  // out of range (reported by the IcServer or InterconnectedCluster): a guess, never a huge list
  const n = tsNum !== undefined && Number.isInteger(tsNum) && tsNum >= 1 && tsNum <= TS_NUM_MAX ? tsNum : 1;
  return Array.from({ length: n }, (_, i) => (i === 0 ? 'ts' : `ts${i}`));
}

/** Runs `inc-engine/recompute` in every ovs-ovn pod of a cluster. */
export function recomputeStep(cluster: string): string {
  return `[${cluster}] \`for p in $(kubectl -n kube-system get pods -l app=ovs -o name); do kubectl -n kube-system exec "$p" -- ovn-appctl -t ovn-controller inc-engine/recompute; done\` (without it cross-cluster traffic can stop for up to 10 minutes)`;
}

/** Deletes the transit switches from a cluster's own northbound database (ovn-ic leaves them behind). */
export function transitSwitchCleanupStep(cluster: string, tsNames: readonly string[]): string {
  return `[${cluster}] delete the transit switches from the cluster's northbound database (ovn-ic stops but leaves them, and kube-ovn-controller's garbage collection skips \`ts\`): ${tsNames.map((t) => `\`kubectl ko nbctl --if-exists ls-del ${t}\``).join(', ')}`;
}

/** Removes an availability zone's rows from IC-SB when its controller could not (it was deleted first). */
export function azCleanupSteps(azName: string, db: IcDbLocation): string[] {
  const ctl = icSbCtl(db);
  return [
    `check whether availability zone "${azName}" is still registered: \`${ctl} --columns=_uuid find availability_zone name=${azName}\`; if it is not, skip the next two steps`,
    `with that UUID, destroy its rows: for each table in Gateway, Route, Port_Binding \`${ctl} --columns=_uuid find <table> availability_zone=<uuid>\` then \`${ctl} destroy <table> <row uuid>\` (newer Kube-OVN images ship this as clean-ic-az-db.sh)`,
    `\`${ctl} destroy availability_zone <uuid>\`; the other clusters then drop the routes they learned from "${azName}"`,
  ];
}

/** Takes a cluster out of the interconnection, declaratively first. */
export function disconnectSteps(cluster: string, azName: string, tsNames: readonly string[], db: IcDbLocation): string[] {
  return [
    `set \`enabled: false\` on cluster ${cluster}'s InterconnectedCluster (renders \`enable-ic: "false"\`), re-render and sync: ovn-ic-controller, still running, tears the interconnection down (gateway labels, the AZ's ports and IC-SB rows, learned routes)`,
    `verify: \`${icSbCtl(db)} show\` no longer lists availability-zone ${azName}; \`[${cluster}] kubectl ko nbctl lr-route-list ovn-cluster\` shows no learned routes`,
    transitSwitchCleanupStep(cluster, tsNames),
    `then remove the cluster (or its InterconnectedCluster) from the fleet; if the cluster was removed without the steps above, run the IC-SB cleanup below`,
  ];
}

/** How a cluster finds a peer's transit-switch port address (the manual-route next hop). */
export function nextHopLookupStep(cluster: string, peerAz: string, tsNames: readonly string[]): string {
  return `[${cluster}] the next hops to availability zone ${peerAz}: ${tsNames.map((t) => `\`kubectl ko nbctl lsp-get-addresses ${t}-${peerAz}\``).join(', ')} (the address after the MAC, without /24; or \`kubectl ko nbctl show\`, port ${tsNames[0]}-${peerAz}, type remote)`;
}

/** Clears the manual routes this package put into the default VPC once it no longer renders them. */
export function vpcRoutesCleanupStep(cluster: string): string {
  return `[${cluster}] the Vpc ovn-cluster is kept (never pruned): clear the routes it carried with \`kubectl patch vpc ovn-cluster --type=merge -p '{"spec":{"staticRoutes":null,"policyRoutes":null}}'\``;
}

/** Removes the IC database files once the database itself is gone. */
export function icDbFileCleanupStep(nodeIps: readonly string[], dataDir: string): string {
  return `on each database node (${nodeIps.join(', ')}): \`rm -f ${dataDir}/ovn_ic_nb_db.db ${dataDir}/ovn_ic_sb_db.db\``;
}
