import { icDomains } from '../ovn-ic/fleet-checks';
import type { IcDatabase } from '../ovn-ic/ic-database';
import { compareCodeUnits } from '../rules';
import { CableDriver } from '../submariner/cable-driver';
import type { RenderedFile } from '../synthesis/files';
import type { ResolvedFleet } from './resolve';

/** One flow the physical network must let through (a firewall rule). */
export interface Flow {
  /** Source host: an IP where the model has one, else `<node> (node name, <cluster>)`. */
  readonly source: string;
  /** Destination host, like `source`. */
  readonly destination: string;
  /** Destination port; null for a protocol without ports (ESP). */
  readonly port: number | null;
  readonly protocol: 'tcp' | 'udp' | 'esp';
  /** What needs the flow. */
  readonly why: string;
  /** The cluster the source belongs to (or the cluster running the database), when there is one. */
  readonly cluster?: string;
}

/** Where the matrix goes in the output folder. */
export const CONNECTIVITY_DIR = 'connectivity';
/** The Markdown table of the flows (what `dist/README.md` links). */
export const CONNECTIVITY_FLOWS_MD = `${CONNECTIVITY_DIR}/flows.md`;

// Kube-OVN v1.13.15 dist/images/start-ic-db.sh: ovn_db_pre_start serves OVN_IC_Northbound on 6645 and
// OVN_IC_Southbound on 6646 (the model's `ic-nb-port`/`ic-sb-port` override them); the clustered
// start passes `gen_conn_str 6647` / `gen_conn_str 6648` as the IC NB / IC SB Raft cluster addresses.
const IC_NB_RAFT_PORT = 6647;
const IC_SB_RAFT_PORT = 6648;
// Kube-OVN v1.13.15 dist/images/start-db.sh: NB_PORT 6641, SB_PORT 6642, NB_CLUSTER_PORT 6643, SB_CLUSTER_PORT 6644.
const OVN_CENTRAL_PORTS: ReadonlyArray<readonly [number, string]> = [
  [6641, 'OVN northbound database (ovn-central)'],
  [6642, 'OVN southbound database (ovn-central)'],
  [6643, 'OVN northbound Raft (ovn-central)'],
  [6644, 'OVN southbound Raft (ovn-central)'],
];
// Kube-OVN v1.13.15 dist/images/start-ovs.sh: `ovs-ctl --protocol=udp --dport=6081 enable-protocol` (Geneve).
const GENEVE_PORT = 6081;
// submariner v0.18.1 pkg/port/ports.go ExternalTunnel = 4500, the gateway's `udp-port` backend config when
// CE_IPSEC_NATTPORT is unset (pkg/endpoint/local_endpoint.go getBackendConfig); the join's nattPort sets it.
const SUBMARINER_DEFAULT_UDP_PORT = 4500;
// submariner-operator chart v0.18.1 values.yaml `ipsec.ikePort: 500` (Libreswan/pluto's IKE port).
const IKE_PORT = 500;

/** A node known only by name. */
const nodeName = (node: string, cluster: string) => `${node} (node name, ${cluster})`;
/** A cluster's masters, or a placeholder when the model has no IPs for them. */
const mastersOf = (ips: readonly string[] | undefined, cluster: string) =>
  (ips && ips.length > 0 ? [...ips] : [`masters of ${cluster} (no IPs in the model)`]);

/** `host:port` (IPv6 as `[addr]:port`) split; undefined when it is not of that form. */
function hostPort(address: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:]+):(\d+)$/.exec(address);
  return m ? { host: m[1], port: Number(m[2]) } : undefined;
}

/**
 * Every flow the fleet needs across the physical network, from the resolved model: OVN-IC (ovn-ic to
 * the IC databases, their Raft, Geneve between the gateways of one IC database), Submariner (tunnels
 * between the gateways of one broker's members, members to the broker's API server) and OVN central
 * inside each Kube-OVN cluster. Disabled interconnections (`enabled: false`) run no ovn-ic and need no
 * flows. A host never needs a flow to itself. Pure; sorted by source, destination, port, protocol, why
 * (strings in code-unit order), without duplicates.
 */
export function connectivityMatrix(resolved: ResolvedFleet): Flow[] {
  const flows: Flow[] = [];
  const add = (sources: readonly string[], destinations: readonly string[], port: number | null, protocol: Flow['protocol'], why: string, cluster?: string) => {
    for (const source of sources) {
      for (const destination of destinations) {
        if (source !== destination) flows.push({ source, destination, port, protocol, why, ...(cluster !== undefined ? { cluster } : {}) });
      }
    }
  };
  const network = new Map(resolved.clusters.map((c) => [c.name, c.network]));
  const members = resolved.icMembers.filter((m) => m.enabled);

  // ovn-ic (and kube-ovn-controller) on each member's masters reach every IC database host.
  for (const m of members) {
    const masters = mastersOf(network.get(m.cluster)?.masterNodeIps, m.cluster);
    const db = m.icDatabase;
    add(masters, db.hosts, db.nbPort, 'tcp', `${m.cluster} ovn-ic to the IC northbound database (ic-nb-port)`, m.cluster);
    add(masters, db.hosts, db.sbPort, 'tcp', `${m.cluster} ovn-ic to the IC southbound database (ic-sb-port)`, m.cluster);
  }

  // Raft between the hosts of each IC database (in-cluster ovn-ic-server or external hosts).
  const databases = new Map<string, IcDatabase>();
  for (const db of [...members.map((m) => m.icDatabase), ...resolved.externalIcDatabases.map((e) => e.database)]) {
    if (!databases.has(db.domainKey)) databases.set(db.domainKey, db);
  }
  for (const db of databases.values()) {
    const where = db.serverCluster ? `ovn-ic-server in ${db.serverCluster}` : 'external IC database';
    add(db.hosts, db.hosts, IC_NB_RAFT_PORT, 'tcp', `IC northbound Raft between the IC database hosts (${where})`, db.serverCluster);
    add(db.hosts, db.hosts, IC_SB_RAFT_PORT, 'tcp', `IC southbound Raft between the IC database hosts (${where})`, db.serverCluster);
  }

  // Geneve between the gateway nodes of the clusters on one IC database (transit switch traffic).
  for (const domain of icDomains(members).values()) {
    for (const a of domain) {
      for (const b of domain) {
        if (a.cluster === b.cluster) continue;
        add(a.gatewayNodes.map((n) => nodeName(n, a.cluster)), b.gatewayNodes.map((n) => nodeName(n, b.cluster)), GENEVE_PORT, 'udp',
          `OVN-IC Geneve tunnel ${a.cluster} -> ${b.cluster} (gateway nodes)`, a.cluster);
      }
    }
  }

  // Submariner: tunnels between the gateways of one broker's members, and each member to the broker.
  const joins = new Map(resolved.clusters.flatMap((c) => (c.join ? [[c.name, c.join.props] as const] : [])));
  const gatewaysOf = (cluster: string) => (network.get(cluster)?.gatewayNodes ?? []).map((n) => nodeName(n, cluster));
  for (const set of resolved.clustersets) {
    for (const a of set.members) {
      for (const b of set.members) {
        if (a.cluster === b.cluster) continue;
        const to = joins.get(b.cluster);
        const udpPort = to?.nattPort ?? SUBMARINER_DEFAULT_UDP_PORT;
        const [src, dst, tunnel] = [gatewaysOf(a.cluster), gatewaysOf(b.cluster), `Submariner ${a.cluster} -> ${b.cluster}`];
        if (b.cableDriver === CableDriver.LIBRESWAN) {
          add(src, dst, IKE_PORT, 'udp', `${tunnel}: IPsec IKE (libreswan)`, a.cluster);
          add(src, dst, udpPort, 'udp', `${tunnel}: IPsec NAT-T (libreswan, nattPort)`, a.cluster);
          // submariner v0.18.1 pkg/cable/libreswan/libreswan.go adds --forceencaps only when NATed or
          // ceIPSecForceUDPEncaps is set; otherwise the tunnel is plain ESP.
          if (!to?.forceUdpEncaps) add(src, dst, null, 'esp', `${tunnel}: IPsec ESP, IP protocol 50 (libreswan, when not NATed)`, a.cluster);
        } else if (b.cableDriver === CableDriver.WIREGUARD) {
          // submariner v0.18.1 pkg/cable/wireguard/driver.go: ListenPort is the endpoint's udp-port (NATTPort default 4500).
          add(src, dst, udpPort, 'udp', `${tunnel}: WireGuard (nattPort)`, a.cluster);
        } else {
          // submariner v0.18.1 pkg/cable/vxlan/vxlan.go: the endpoint's udp-port, DefaultPort 4500
          // (4800, pkg/port/ports.go IntraClusterVxLAN, is inside a cluster).
          add(src, dst, udpPort, 'udp', `${tunnel}: VXLAN (${b.cableDriver.name}, nattPort)`, a.cluster);
        }
      }
      const api = hostPort(set.apiServer);
      if (api) add(gatewaysOf(a.cluster), [api.host], api.port, 'tcp', `Submariner ${a.cluster} to the broker API server in ${set.brokerCluster}`, a.cluster);
    }
  }

  // OVN central inside each Kube-OVN cluster, between its masters.
  for (const c of resolved.clusters) {
    if (!c.network.cni?.isKubeOvn) continue;
    for (const [port, what] of OVN_CENTRAL_PORTS) add(c.network.masterNodeIps ?? [], c.network.masterNodeIps ?? [], port, 'tcp', `${c.name} ${what}`, c.name);
  }
  return sortFlows(flows);
}

function compareFlows(a: Flow, b: Flow): number {
  return compareCodeUnits(a.source, b.source) || compareCodeUnits(a.destination, b.destination)
    || (a.port ?? -1) - (b.port ?? -1) || compareCodeUnits(a.protocol, b.protocol)
    || compareCodeUnits(a.why, b.why) || compareCodeUnits(a.cluster ?? '', b.cluster ?? '');
}

function sortFlows(flows: readonly Flow[]): Flow[] {
  const sorted = [...flows].sort(compareFlows);
  return sorted.filter((f, i) => i === 0 || compareFlows(sorted[i - 1], f) !== 0);
}

const mdCell = (v: string) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const portText = (f: Flow) => (f.port === null ? '' : String(f.port));

/** The Markdown table of the flows, for a firewall team. */
export function flowsMarkdown(flows: readonly Flow[]): string {
  const lines = [
    '# Firewall flows',
    '',
    'Generated by `npm run synth` (cdk8s-ovn-ic) from the fleet model. Every flow the fleet needs across the physical network;',
    'hosts are IPs where the model has them, node names (marked) where it has only names. Also as `flows.csv` and `flows.json`.',
    '',
    '| Source | Destination | Port | Protocol | Why |',
    '|---|---|---|---|---|',
    ...flows.map((f) => `| ${[f.source, f.destination, portText(f) || '-', f.protocol, f.why].map(mdCell).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The flows as CSV (RFC 4180, CRLF-free): source,destination,port,protocol,why,cluster. */
export function flowsCsv(flows: readonly Flow[]): string {
  const rows = [['source', 'destination', 'port', 'protocol', 'why', 'cluster'],
    ...flows.map((f) => [f.source, f.destination, portText(f), f.protocol, f.why, f.cluster ?? ''])];
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/** The flows as JSON (an array, keys in a fixed order). */
export function flowsJson(flows: readonly Flow[]): string {
  const ordered = flows.map((f) => ({ source: f.source, destination: f.destination, port: f.port, protocol: f.protocol, why: f.why,
    ...(f.cluster !== undefined ? { cluster: f.cluster } : {}) }));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** `connectivity/flows.{csv,json,md}`; none when the fleet needs no flow. */
export function connectivityFiles(flows: readonly Flow[]): RenderedFile[] {
  if (flows.length === 0) return [];
  return [
    { file: `${CONNECTIVITY_DIR}/flows.csv`, content: flowsCsv(flows) },
    { file: `${CONNECTIVITY_DIR}/flows.json`, content: flowsJson(flows) },
    { file: CONNECTIVITY_FLOWS_MD, content: flowsMarkdown(flows) },
  ];
}
