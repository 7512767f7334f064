import { icDomains, type IcMember } from '../ovn-ic/fleet-checks';
import type { IcDatabase } from '../ovn-ic/ic-database';
import { compareCodeUnits } from '../rules';
import { CableDriver } from '../submariner/cable-driver';
import type { RenderedFile } from '../synthesis/files';
import type { SubmarinerMember } from '../submariner/fleet-checks';
import type { ResolvedCluster, ResolvedClusterset, ResolvedFleet } from './resolve';

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

/** Flows from a source to every destination (but itself) with the same port, protocol and reason. */
interface FlowBlock {
  readonly destinations: readonly string[];
  readonly port: number | null;
  readonly protocol: Flow['protocol'];
  readonly why: string;
  readonly cluster?: string;
}

/**
 * How to make the blocks of one group of blocks that share their sources, from one object (`ref`) and
 * an index into it (`at`). Blocks are made each time a source's flows are written: their `why` texts and
 * node names are not kept for the whole write. A group is kept as three references (its kind, its
 * object, the index), not as a closure with its context: that is what a fleet of thousands of clusters
 * keeps alive while its flow files are written.
 */
interface GroupKind<T> {
  readonly blocks: (ref: T, at: number) => FlowBlock[];
}

const block = (destinations: readonly string[], port: number | null, protocol: Flow['protocol'], why: string, cluster?: string): FlowBlock =>
  ({ destinations, port, protocol, why, cluster });

/** The gateway nodes of a cluster as flow hosts (node names). */
const gatewayNames = (cluster: string, nodes: readonly string[]) => nodes.map((n) => nodeName(n, cluster));

const whereOf = (db: IcDatabase) => (db.serverCluster ? `ovn-ic-server in ${db.serverCluster}` : 'external IC database');

/** ovn-ic (and kube-ovn-controller) on a member's masters reach every IC database host. */
const IC_DATABASE: GroupKind<IcMember> = {
  blocks: (m) => [
    block(m.icDatabase.hosts, m.icDatabase.nbPort, 'tcp', `${m.cluster} ovn-ic to the IC northbound database (ic-nb-port)`, m.cluster),
    block(m.icDatabase.hosts, m.icDatabase.sbPort, 'tcp', `${m.cluster} ovn-ic to the IC southbound database (ic-sb-port)`, m.cluster),
  ],
};

/** Raft between the hosts of an IC database (in-cluster ovn-ic-server or external hosts). */
const IC_RAFT: GroupKind<IcDatabase> = {
  blocks: (db) => [
    block(db.hosts, IC_NB_RAFT_PORT, 'tcp', `IC northbound Raft between the IC database hosts (${whereOf(db)})`, db.serverCluster),
    block(db.hosts, IC_SB_RAFT_PORT, 'tcp', `IC southbound Raft between the IC database hosts (${whereOf(db)})`, db.serverCluster),
  ],
};

/** The clusters on one IC database; `others` is the group host of a domain above {@link PAIRWISE_GENEVE_LIMIT}. */
interface IcDomainFlows {
  readonly members: readonly IcMember[];
  readonly others: readonly string[];
}

/** Geneve from the gateway nodes of the domain's `at`-th cluster to those of each other cluster. */
const GENEVE_PAIRS: GroupKind<IcDomainFlows> = {
  blocks: ({ members }, at) => {
    const a = members[at];
    return members.filter((b) => b.cluster !== a.cluster).map((b) =>
      block(gatewayNames(b.cluster, b.gatewayNodes), GENEVE_PORT, 'udp', `OVN-IC Geneve tunnel ${a.cluster} -> ${b.cluster} (gateway nodes)`, a.cluster));
  },
};

/** Geneve from the gateway nodes of the domain's `at`-th cluster to the group of the others. */
const GENEVE_TO_OTHERS: GroupKind<IcDomainFlows> = {
  blocks: ({ members, others }, at) => [
    block(others, GENEVE_PORT, 'udp', `OVN-IC Geneve tunnels ${members[at].cluster} -> the other clusters on its IC database (gateway nodes)`, members[at].cluster),
  ],
};

/** One broker's members with what a tunnel to each needs (kept instead of the fleet-wide maps). */
interface ClustersetFlows {
  readonly set: ResolvedClusterset;
  readonly api?: { host: string; port: number };
  readonly peers: ReadonlyArray<{
    readonly member: SubmarinerMember;
    readonly gatewayNodes: readonly string[];
    readonly udpPort: number;
    readonly forceUdpEncaps?: boolean;
  }>;
}

/** Submariner tunnels from the gateways of the set's `at`-th member to each other member's, and to the broker. */
const SUBMARINER: GroupKind<ClustersetFlows> = {
  blocks: ({ set, api, peers }, at) => {
    const a = peers[at].member;
    const blocks: FlowBlock[] = [];
    for (const { member: b, gatewayNodes, udpPort, forceUdpEncaps } of peers) {
      if (a.cluster === b.cluster) continue;
      const [dst, tunnel] = [gatewayNames(b.cluster, gatewayNodes), `Submariner ${a.cluster} -> ${b.cluster}`];
      if (b.cableDriver === CableDriver.LIBRESWAN) {
        blocks.push(block(dst, IKE_PORT, 'udp', `${tunnel}: IPsec IKE (libreswan)`, a.cluster));
        blocks.push(block(dst, udpPort, 'udp', `${tunnel}: IPsec NAT-T (libreswan, nattPort)`, a.cluster));
        // submariner v0.18.1 pkg/cable/libreswan/libreswan.go adds --forceencaps only when NATed or
        // ceIPSecForceUDPEncaps is set; otherwise the tunnel is plain ESP.
        if (!forceUdpEncaps) blocks.push(block(dst, null, 'esp', `${tunnel}: IPsec ESP, IP protocol 50 (libreswan, when not NATed)`, a.cluster));
      } else if (b.cableDriver === CableDriver.WIREGUARD) {
        // submariner v0.18.1 pkg/cable/wireguard/driver.go: ListenPort is the endpoint's udp-port (NATTPort default 4500).
        blocks.push(block(dst, udpPort, 'udp', `${tunnel}: WireGuard (nattPort)`, a.cluster));
      } else {
        // submariner v0.18.1 pkg/cable/vxlan/vxlan.go: the endpoint's udp-port, DefaultPort 4500
        // (4800, pkg/port/ports.go IntraClusterVxLAN, is inside a cluster).
        blocks.push(block(dst, udpPort, 'udp', `${tunnel}: VXLAN (${b.cableDriver.name}, nattPort)`, a.cluster));
      }
    }
    if (api) blocks.push(block([api.host], api.port, 'tcp', `Submariner ${a.cluster} to the broker API server in ${set.brokerCluster}`, a.cluster));
    return blocks;
  },
};

/** OVN central inside a Kube-OVN cluster, between its masters. */
const OVN_CENTRAL: GroupKind<ResolvedCluster> = {
  blocks: (c) => OVN_CENTRAL_PORTS.map(([port, what]) => block(c.network.masterNodeIps ?? [], port, 'tcp', `${c.name} ${what}`, c.name)),
};

/** Adds a group: its blocks all have `sources`, and `kind.blocks(ref, at)` makes them. */
type AddGroup = <T>(sources: readonly string[], kind: GroupKind<T>, ref: T, at?: number) => void;

/**
 * The flows of the fleet as groups of blocks (see {@link connectivityMatrix}), each passed to `add` with
 * the sources its blocks share; small: no host pair is expanded, no text is made but the sources.
 */
function flowGroups(resolved: ResolvedFleet, add: AddGroup): void {
  const network = new Map(resolved.clusters.map((c) => [c.name, c.network]));
  const members = resolved.icMembers.filter((m) => m.enabled);

  for (const m of members) {
    const ips = network.get(m.cluster)?.masterNodeIps;
    add(ips && ips.length > 0 ? ips : [`masters of ${m.cluster} (no IPs in the model)`], IC_DATABASE, m);
  }

  const databases = new Map<string, IcDatabase>();
  for (const db of [...members.map((m) => m.icDatabase), ...resolved.externalIcDatabases.map((e) => e.database)]) {
    if (!databases.has(db.domainKey)) databases.set(db.domainKey, db);
  }
  for (const db of databases.values()) add(db.hosts, IC_RAFT, db);

  // Geneve between the gateway nodes of the clusters on one IC database (transit switch traffic).
  for (const domain of icDomains(members).values()) {
    const db = domain[0].icDatabase;
    const pairwise = domain.length <= PAIRWISE_GENEVE_LIMIT;
    const flows: IcDomainFlows = {
      members: domain,
      others: pairwise ? [] : [`gateway nodes of the other ${domain.length - 1} clusters on the IC database ${db.hosts.join(', ')} (${whereOf(db)}; listed in README.md)`],
    };
    domain.forEach((a, at) => add(gatewayNames(a.cluster, a.gatewayNodes), pairwise ? GENEVE_PAIRS : GENEVE_TO_OTHERS, flows, at));
  }

  // Submariner: tunnels between the gateways of one broker's members, and each member to the broker.
  const joins = new Map(resolved.clusters.flatMap((c) => (c.join ? [[c.name, c.join.props] as const] : [])));
  for (const set of resolved.clustersets) {
    const flows: ClustersetFlows = {
      set,
      api: hostPort(set.apiServer),
      peers: set.members.map((b) => {
        const to = joins.get(b.cluster);
        return { member: b, gatewayNodes: network.get(b.cluster)?.gatewayNodes ?? [], udpPort: to?.nattPort ?? SUBMARINER_DEFAULT_UDP_PORT, forceUdpEncaps: to?.forceUdpEncaps };
      }),
    };
    flows.peers.forEach(({ member: a, gatewayNodes }, at) => add(gatewayNames(a.cluster, gatewayNodes), SUBMARINER, flows, at));
  }

  for (const c of resolved.clusters) if (c.network.cni?.isKubeOvn) add(c.network.masterNodeIps ?? [], OVN_CENTRAL, c);
}

/**
 * Every source of the fleet's flows, sorted, with the groups whose blocks start there. Compact (about
 * a hundred bytes per source and three references per group) so that it can stay alive while the flow files
 * of a fleet of thousands of clusters are written.
 */
class FlowIndex {
  /** Sorted (code units), each once. */
  public readonly sources: readonly string[];
  /** The groups of `sources[i]` are `groupIds[start[i]]` to `groupIds[start[i + 1] - 1]`, ascending. */
  private readonly start: Int32Array;
  private readonly groupIds: Int32Array;
  /** Group g is `kinds[g].blocks(refs[g], ats[g])`. */
  private readonly kinds: ReadonlyArray<GroupKind<unknown>>;
  private readonly refs: readonly unknown[];
  private readonly ats: readonly number[];

  constructor(resolved: ResolvedFleet) {
    const kinds: Array<GroupKind<unknown>> = [];
    const refs: unknown[] = [];
    const ats: number[] = [];
    const ids = new Map<string, number>(); // source -> id, while indexing only
    const pairSource: number[] = [];
    const pairGroup: number[] = [];
    flowGroups(resolved, (sources, kind, ref, at = 0) => {
      if (sources.length === 0) return;
      for (const s of sources) {
        let id = ids.get(s);
        if (id === undefined) ids.set(s, id = ids.size);
        pairSource.push(id);
        pairGroup.push(kinds.length);
      }
      kinds.push(kind as GroupKind<unknown>);
      refs.push(ref);
      ats.push(at);
    });
    const names = [...ids.keys()];
    const order = names.map((_, i) => i).sort((x, y) => compareCodeUnits(names[x], names[y]));
    const rank = new Int32Array(names.length);
    order.forEach((id, r) => { rank[id] = r; });
    const start = new Int32Array(names.length + 1);
    for (const id of pairSource) start[rank[id] + 1]++;
    for (let r = 0; r < names.length; r++) start[r + 1] += start[r];
    const next = start.slice(0, names.length);
    const groupIds = new Int32Array(pairSource.length);
    // pairs are in group order: each source's groups come out ascending
    for (let p = 0; p < pairSource.length; p++) groupIds[next[rank[pairSource[p]]]++] = pairGroup[p];
    this.sources = order.map((id) => names[id]);
    this.start = start;
    this.groupIds = groupIds;
    this.kinds = kinds;
    this.refs = refs;
    this.ats = ats;
  }

  /** The blocks of the groups of `sources[i]` (a group listing the source twice counts once). */
  public blocksOf(i: number): FlowBlock[] {
    const blocks: FlowBlock[] = [];
    for (let k = this.start[i]; k < this.start[i + 1]; k++) {
      if (k > this.start[i] && this.groupIds[k] === this.groupIds[k - 1]) continue;
      const g = this.groupIds[k];
      for (const b of this.kinds[g].blocks(this.refs[g], this.ats[g])) blocks.push(b);
    }
    return blocks;
  }
}

/** One source's flows, sorted and without duplicates: the k-th goes to `destinations[k]` as `blocks[which[k]]` says. */
interface SourceFlows {
  readonly source: string;
  readonly blocks: readonly FlowBlock[];
  readonly destinations: readonly string[];
  readonly which: readonly number[];
}

/** Port, protocol, why, cluster: how flows with the same source and destination are ordered. */
function compareBlocks(a: Omit<FlowBlock, 'destinations'>, b: Omit<FlowBlock, 'destinations'>): number {
  return (a.port ?? -1) - (b.port ?? -1) || compareCodeUnits(a.protocol, b.protocol)
    || compareCodeUnits(a.why, b.why) || compareCodeUnits(a.cluster ?? '', b.cluster ?? '');
}

/**
 * The flows in order (see {@link connectivityMatrix}), one source at a time: only one source's flows
 * are in memory at once, so a fleet of thousands of clusters is written in bounded memory. The order
 * (source, destination, port, protocol, why, cluster) comes without sorting the flows themselves: the
 * sources are sorted in the index; a source's blocks are sorted once by port,
 * protocol, why, cluster (stable, so blocks with equal keys stay in the order their groups made them)
 * and ranked (equal keys, one rank: the rank of the first of them); each destination lists the blocks
 * that reach it in that order, and the destinations are sorted. Equal flows (one destination, one
 * rank) are then neighbours and the first of them is kept, as a stable sort of the flows would keep it.
 */
function* sortedFlows(index: FlowIndex): Generator<SourceFlows> {
  for (let i = 0; i < index.sources.length; i++) {
    const source = index.sources[i];
    const blocks = index.blocksOf(i).sort(compareBlocks);
    const rank: number[] = [];
    const byDestination = new Map<string, number[]>();
    for (let k = 0; k < blocks.length; k++) {
      rank.push(k > 0 && compareBlocks(blocks[k - 1], blocks[k]) === 0 ? rank[k - 1] : k);
      for (const d of blocks[k].destinations) {
        if (d === source) continue;
        const ks = byDestination.get(d);
        if (!ks) byDestination.set(d, [k]);
        else if (ks[ks.length - 1] !== k) ks.push(k);
      }
    }
    if (byDestination.size === 0) continue;
    const destinations: string[] = [];
    const which: number[] = [];
    for (const d of [...byDestination.keys()].sort(compareCodeUnits)) {
      const ks = byDestination.get(d)!;
      for (let j = 0; j < ks.length; j++) {
        if (j > 0 && rank[ks[j]] === rank[ks[j - 1]]) continue;
        destinations.push(d);
        which.push(ks[j]);
      }
    }
    yield { source, blocks, destinations, which };
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
  const flows: Flow[] = [];
  for (const { source, blocks, destinations, which } of sortedFlows(new FlowIndex(resolved))) {
    destinations.forEach((destination, k) => {
      const { port, protocol, why, cluster } = blocks[which[k]];
      flows.push({ source, destination, port, protocol, why, ...(cluster !== undefined ? { cluster } : {}) });
    });
  }
  return flows;
}

// Cells are escaped only when they hold a character to escape (one regex test; most hold none).
const MD_SPECIAL = /[\\|]/;
const CSV_SPECIAL = /[",\r\n]/;
// what JSON.stringify escapes in a string (ECMA-262 QuoteJSONString): '"', '\', U+0000-U+001F and
// surrogates (lone ones are escaped; pairs are not, but take the JSON.stringify path too)
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;
const mdCell = (v: string) => (MD_SPECIAL.test(v) ? v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|') : v);
const csvCell = (v: string) => (CSV_SPECIAL.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const jsonValue = (v: unknown) => (typeof v === 'string' && !JSON_SPECIAL.test(v) ? `"${v}"` : JSON.stringify(v));
const portText = (f: Omit<FlowBlock, 'destinations'>) => (f.port === null ? '' : String(f.port));

/**
 * How one file writes flows: `head`, the rows with `sep` between them, `tail`; `empty` without any.
 * A row is `source(source) + destination(destination) + rest(port, protocol, why, cluster)`: the
 * source's part is made once per source and the rest once per block, not once per flow.
 */
interface FlowFormat {
  readonly head: string;
  readonly sep: string;
  readonly tail: string;
  readonly empty: string;
  readonly source: (source: string) => string;
  readonly destination: (destination: string) => string;
  readonly rest: (flow: Omit<FlowBlock, 'destinations'>) => string;
}

const MARKDOWN_HEAD = [
  '# Firewall flows',
  '',
  'Generated by `npm run synth` (cdk8s-ovn-ic) from the fleet model. Every flow the fleet needs across the physical network;',
  'hosts are IPs where the model has them, node names (marked) where it has only names. Also as `flows.csv` and `flows.json`.',
  '',
  '| Source | Destination | Port | Protocol | Why |',
  '|---|---|---|---|---|',
].map((line) => `${line}\n`).join('');

const MARKDOWN: FlowFormat = {
  head: MARKDOWN_HEAD,
  sep: '',
  tail: '',
  empty: MARKDOWN_HEAD,
  source: (s) => `| ${mdCell(s)} | `,
  destination: mdCell,
  rest: (f) => ` | ${mdCell(portText(f) || '-')} | ${mdCell(f.protocol)} | ${mdCell(f.why)} |\n`,
};

const CSV_HEAD = `${['source', 'destination', 'port', 'protocol', 'why', 'cluster'].join(',')}\n`;

/** RFC 4180, CRLF-free. */
const CSV: FlowFormat = {
  head: CSV_HEAD,
  sep: '',
  tail: '',
  empty: CSV_HEAD,
  source: (s) => `${csvCell(s)},`,
  destination: csvCell,
  rest: (f) => `,${csvCell(portText(f))},${csvCell(f.protocol)},${csvCell(f.why)},${csvCell(f.cluster ?? '')}\n`,
};

/** `JSON.stringify(flows, null, 2)` and a newline: keys in a fixed order, cluster only when set. */
const JSON_FORMAT: FlowFormat = {
  head: '[\n',
  sep: ',\n',
  tail: '\n]\n',
  empty: '[]\n',
  source: (s) => `  {\n    "source": ${jsonValue(s)},\n    "destination": `,
  destination: jsonValue,
  rest: (f) => `,\n    "port": ${JSON.stringify(f.port)},\n    "protocol": ${jsonValue(f.protocol)},\n`
    + `    "why": ${jsonValue(f.why)}${f.cluster !== undefined ? `,\n    "cluster": ${jsonValue(f.cluster)}` : ''}\n  }`,
};

/** About this many characters per chunk of a streamed file. */
const CHUNK = 65536;

/** The file of `format` in chunks of about {@link CHUNK} characters, one source's flows at a time. */
function* formattedChunks(flows: Iterable<SourceFlows>, format: FlowFormat): Generator<string> {
  let chunk = '';
  let rows = 0;
  for (const { source, blocks, destinations, which } of flows) {
    const from = format.source(source);
    const rests: Array<string | undefined> = new Array(blocks.length);
    let to = '';
    for (let k = 0; k < destinations.length; k++) {
      // sorted by destination: a destination's flows are neighbours, its cell is made once
      if (k === 0 || destinations[k] !== destinations[k - 1]) to = format.destination(destinations[k]);
      const rest = rests[which[k]] ??= format.rest(blocks[which[k]]);
      chunk += `${rows++ === 0 ? format.head : format.sep}${from}${to}${rest}`;
      if (chunk.length >= CHUNK) {
        yield chunk;
        chunk = '';
      }
    }
  }
  chunk += rows === 0 ? format.empty : format.tail;
  if (chunk) yield chunk;
}

/** The flows (a list) in the file's format. */
function formatted(flows: readonly Flow[], format: FlowFormat): string {
  if (flows.length === 0) return format.empty;
  let text = format.head;
  flows.forEach((f, i) => {
    text += `${i === 0 ? '' : format.sep}${format.source(f.source)}${format.destination(f.destination)}${format.rest(f)}`;
  });
  return text + format.tail;
}

/** The Markdown table of the flows, for a firewall team. */
export function flowsMarkdown(flows: readonly Flow[]): string {
  return formatted(flows, MARKDOWN);
}

/** The flows as CSV (RFC 4180, CRLF-free): source,destination,port,protocol,why,cluster. */
export function flowsCsv(flows: readonly Flow[]): string {
  return formatted(flows, CSV);
}

/** The flows as JSON (an array, keys in a fixed order). */
export function flowsJson(flows: readonly Flow[]): string {
  return formatted(flows, JSON_FORMAT);
}

const FILES: ReadonlyArray<readonly [string, FlowFormat]> = [
  [`${CONNECTIVITY_DIR}/flows.csv`, CSV],
  [`${CONNECTIVITY_DIR}/flows.json`, JSON_FORMAT],
  [CONNECTIVITY_FLOWS_MD, MARKDOWN],
];

/** `connectivity/flows.{csv,json,md}`; none when the fleet needs no flow. */
export function connectivityFiles(flows: readonly Flow[]): RenderedFile[] {
  if (flows.length === 0) return [];
  return FILES.map(([file, format]) => ({ file, content: formatted(flows, format) }));
}

/** A file written in chunks, produced when it is written (and again each time it is read). */
export interface StreamedFile {
  readonly file: string;
  readonly chunks: () => Iterable<string>;
}

/**
 * {@link connectivityFiles} of the resolved fleet, each produced in chunks as it is written: the flows
 * are generated again for each file, one source at a time, from a compact index of the sources
 * ({@link FlowIndex}), so they are never all in memory.
 */
export function connectivityFileStreams(resolved: ResolvedFleet): StreamedFile[] {
  const index = new FlowIndex(resolved);
  if (sortedFlows(index).next().done) return [];
  return FILES.map(([file, format]) => ({ file, chunks: () => formattedChunks(sortedFlows(index), format) }));
}
