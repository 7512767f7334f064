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
 * Above this many clusters on one IC database the Geneve flows between their gateway nodes are not
 * listed pair by pair (that list grows with the square of the clusters: 1000 clusters with three
 * gateway nodes each would be 9 million rows): each gateway node gets one row to the group of the
 * other clusters' gateway nodes, which `dist/README.md` lists per IC domain.
 */
export const PAIRWISE_GENEVE_LIMIT = 16;

/** Flows from every source to every destination (but itself) with the same port, protocol and reason. */
interface FlowBlock {
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  readonly port: number | null;
  readonly protocol: Flow['protocol'];
  readonly why: string;
  readonly cluster?: string;
}

/** The flows of the fleet as blocks (see {@link connectivityMatrix}); small: no host pair is expanded. */
function flowBlocks(resolved: ResolvedFleet): FlowBlock[] {
  const blocks: FlowBlock[] = [];
  const add = (sources: readonly string[], destinations: readonly string[], port: number | null, protocol: Flow['protocol'], why: string, cluster?: string) => {
    if (sources.length > 0 && destinations.length > 0) blocks.push({ sources, destinations, port, protocol, why, ...(cluster !== undefined ? { cluster } : {}) });
  };
  const network = new Map(resolved.clusters.map((c) => [c.name, c.network]));
  const members = resolved.icMembers.filter((m) => m.enabled);
  // one array of names per cluster, shared by all its blocks
  const gateways = new Map<string, string[]>();
  const gatewayNamesOf = (cluster: string, nodes: readonly string[]) => {
    let names = gateways.get(`${cluster}\0${nodes.join('\0')}`);
    if (!names) gateways.set(`${cluster}\0${nodes.join('\0')}`, names = nodes.map((n) => nodeName(n, cluster)));
    return names;
  };

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
  const whereOf = (db: IcDatabase) => (db.serverCluster ? `ovn-ic-server in ${db.serverCluster}` : 'external IC database');
  for (const db of databases.values()) {
    add(db.hosts, db.hosts, IC_NB_RAFT_PORT, 'tcp', `IC northbound Raft between the IC database hosts (${whereOf(db)})`, db.serverCluster);
    add(db.hosts, db.hosts, IC_SB_RAFT_PORT, 'tcp', `IC southbound Raft between the IC database hosts (${whereOf(db)})`, db.serverCluster);
  }

  // Geneve between the gateway nodes of the clusters on one IC database (transit switch traffic).
  for (const domain of icDomains(members).values()) {
    if (domain.length > PAIRWISE_GENEVE_LIMIT) {
      const db = domain[0].icDatabase;
      const others = [`gateway nodes of the other ${domain.length - 1} clusters on the IC database ${db.hosts.join(', ')} (${whereOf(db)}; listed in README.md)`];
      for (const a of domain) {
        add(gatewayNamesOf(a.cluster, a.gatewayNodes), others, GENEVE_PORT, 'udp', `OVN-IC Geneve tunnels ${a.cluster} -> the other clusters on its IC database (gateway nodes)`, a.cluster);
      }
      continue;
    }
    for (const a of domain) {
      for (const b of domain) {
        if (a.cluster === b.cluster) continue;
        add(gatewayNamesOf(a.cluster, a.gatewayNodes), gatewayNamesOf(b.cluster, b.gatewayNodes), GENEVE_PORT, 'udp',
          `OVN-IC Geneve tunnel ${a.cluster} -> ${b.cluster} (gateway nodes)`, a.cluster);
      }
    }
  }

  // Submariner: tunnels between the gateways of one broker's members, and each member to the broker.
  const joins = new Map(resolved.clusters.flatMap((c) => (c.join ? [[c.name, c.join.props] as const] : [])));
  const gatewaysOf = (cluster: string) => gatewayNamesOf(cluster, network.get(cluster)?.gatewayNodes ?? []);
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
  return blocks;
}

/**
 * The blocks' flows in order (see {@link connectivityMatrix}), one source at a time: only one source's
 * flows are in memory at once, so a fleet of thousands of clusters is written in bounded memory.
 */
function* sortedFlows(blocks: readonly FlowBlock[]): Generator<Flow> {
  const bySource = new Map<string, number[]>();
  blocks.forEach((b, i) => {
    for (const source of new Set(b.sources)) {
      const list = bySource.get(source);
      if (list) list.push(i);
      else bySource.set(source, [i]);
    }
  });
  for (const source of [...bySource.keys()].sort(compareCodeUnits)) {
    const flows: Flow[] = [];
    for (const i of bySource.get(source)!) {
      const { destinations, port, protocol, why, cluster } = blocks[i];
      for (const destination of destinations) {
        if (destination !== source) flows.push({ source, destination, port, protocol, why, ...(cluster !== undefined ? { cluster } : {}) });
      }
    }
    // every flow of this source is here: equal flows are neighbours once sorted
    flows.sort(compareFlows);
    for (let i = 0; i < flows.length; i++) if (i === 0 || compareFlows(flows[i - 1], flows[i]) !== 0) yield flows[i];
  }
}

/**
 * Every flow the fleet needs across the physical network, from the resolved model: OVN-IC (ovn-ic to
 * the IC databases, their Raft, Geneve between the gateways of one IC database; above
 * {@link PAIRWISE_GENEVE_LIMIT} clusters on one database, each gateway node to the group of the others),
 * Submariner (tunnels between the gateways of one broker's members, members to the broker's API server)
 * and OVN central inside each Kube-OVN cluster. Disabled interconnections (`enabled: false`) run no
 * ovn-ic and need no flows. A host never needs a flow to itself. Pure; sorted by source, destination,
 * port, protocol, why (strings in code-unit order), without duplicates.
 */
export function connectivityMatrix(resolved: ResolvedFleet): Flow[] {
  return [...sortedFlows(flowBlocks(resolved))];
}

function compareFlows(a: Flow, b: Flow): number {
  return compareCodeUnits(a.source, b.source) || compareCodeUnits(a.destination, b.destination)
    || (a.port ?? -1) - (b.port ?? -1) || compareCodeUnits(a.protocol, b.protocol)
    || compareCodeUnits(a.why, b.why) || compareCodeUnits(a.cluster ?? '', b.cluster ?? '');
}

const mdCell = (v: string) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const portText = (f: Flow) => (f.port === null ? '' : String(f.port));

/** Lines joined by "\n" (each line followed by one), in chunks of about 64 kB. */
function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length >= 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function* markdownLines(flows: Iterable<Flow>): Generator<string> {
  yield* [
    '# Firewall flows',
    '',
    'Generated by `npm run synth` (cdk8s-ovn-ic) from the fleet model. Every flow the fleet needs across the physical network;',
    'hosts are IPs where the model has them, node names (marked) where it has only names. Also as `flows.csv` and `flows.json`.',
    '',
    '| Source | Destination | Port | Protocol | Why |',
    '|---|---|---|---|---|',
  ];
  for (const f of flows) yield `| ${[f.source, f.destination, portText(f) || '-', f.protocol, f.why].map(mdCell).join(' | ')} |`;
}

function* csvLines(flows: Iterable<Flow>): Generator<string> {
  yield ['source', 'destination', 'port', 'protocol', 'why', 'cluster'].map(csvCell).join(',');
  for (const f of flows) yield [f.source, f.destination, portText(f), f.protocol, f.why, f.cluster ?? ''].map(csvCell).join(',');
}

/** `JSON.stringify(flows, null, 2)` one flow at a time (never called without flows). */
function* jsonLines(flows: Iterable<Flow>): Generator<string> {
  let previous: string | undefined;
  for (const f of flows) {
    // JSON.stringify(flow, null, 2) inside the array, keys in a fixed order (cluster only when set)
    const q = JSON.stringify;
    const text = `  {\n    "source": ${q(f.source)},\n    "destination": ${q(f.destination)},\n    "port": ${q(f.port)},\n    "protocol": ${q(f.protocol)},\n`
      + `    "why": ${q(f.why)}${f.cluster !== undefined ? `,\n    "cluster": ${q(f.cluster)}` : ''}\n  }`;
    yield previous === undefined ? '[' : `${previous},`;
    previous = text;
  }
  yield previous === undefined ? '[]' : `${previous}\n]`;
}

/** The Markdown table of the flows, for a firewall team. */
export function flowsMarkdown(flows: readonly Flow[]): string {
  return [...chunked(markdownLines(flows))].join('');
}

/** The flows as CSV (RFC 4180, CRLF-free): source,destination,port,protocol,why,cluster. */
export function flowsCsv(flows: readonly Flow[]): string {
  return [...chunked(csvLines(flows))].join('');
}

/** The flows as JSON (an array, keys in a fixed order). */
export function flowsJson(flows: readonly Flow[]): string {
  return flows.length === 0 ? '[]\n' : [...chunked(jsonLines(flows))].join('');
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

/** A file written in chunks, produced when it is written (and again each time it is read). */
export interface StreamedFile {
  readonly file: string;
  readonly chunks: () => Iterable<string>;
}

/**
 * {@link connectivityFiles} of the resolved fleet, each produced in chunks as it is written: the flows
 * are generated again for each file, one source at a time, so they are never all in memory.
 */
export function connectivityFileStreams(resolved: ResolvedFleet): StreamedFile[] {
  const blocks = flowBlocks(resolved);
  const flows = () => sortedFlows(blocks);
  if (flows().next().done) return [];
  return [
    { file: `${CONNECTIVITY_DIR}/flows.csv`, chunks: () => chunked(csvLines(flows())) },
    { file: `${CONNECTIVITY_DIR}/flows.json`, chunks: () => chunked(jsonLines(flows())) },
    { file: CONNECTIVITY_FLOWS_MD, chunks: () => chunked(markdownLines(flows())) },
  ];
}
