import type {
  ClusterSnapshot, ExternalIcDatabaseSnapshot, FleetSnapshot, IcDatabaseSnapshot, InterconnectionSnapshot, SubnetSnapshot,
} from '../fleet/snapshot';
import { compareCodeUnits } from '../rules';
import {
  azCleanupSteps, disconnectSteps, icDbFileCleanupStep, IcDbLocation, nextHopLookupStep, recomputeStep, transitSwitchCleanupStep,
  transitSwitchNames, vpcRoutesCleanupStep,
} from '../ovn-ic/runbook-steps';
import type { FolderDiff } from './diff';

/** A pending change that interrupts traffic or needs steps outside GitOps. */
export interface Impact {
  /** Output folder, e.g. `clusters/az1`. */
  readonly folder: string;
  /** What changes, in one sentence. */
  readonly reason: string;
  /** The operational steps, in order. */
  readonly steps: readonly string[];
}

/**
 * What the rules see: the resolved models of both outputs (every fact the rules judge), and the
 * field-level difference of the rendered files (for object counts, which host file changed, and
 * Namespaces that pruning would delete).
 */
export interface ImpactContext {
  readonly before: FleetSnapshot;
  readonly after: FleetSnapshot;
  readonly diffs: readonly FolderDiff[];
}

/** Disruptive changes (need an approval) and manual actions (no interruption, but nothing applies them). */
export interface Impacts {
  readonly disruptive: Impact[];
  readonly manual: Impact[];
}

const IC_CONFIG = 'ConfigMap kube-system/ovn-ic-config';
const IC_SERVER = 'Deployment kube-system/ovn-ic-server';
const SUBMARINER = 'Submariner submariner-operator/submariner';

const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v));
const folderOf = (cluster: string) => `clusters/${cluster}`;
const changes = (fields: ReadonlyArray<readonly [string, unknown, unknown]>) => fields.filter(([, b, a]) => JSON.stringify(b) !== JSON.stringify(a));
const fieldText = (fields: ReadonlyArray<readonly [string, unknown, unknown]>) => fields.map(([f, b, a]) => `${f} ${show(b)} -> ${show(a)}`).join(', ');

function locationOf(db: IcDatabaseSnapshot): IcDbLocation {
  return { hosts: db.hosts.join(','), serverCluster: db.serverCluster };
}

/** The IC-SB `show` command for a database, as the verify steps give it. */
function sbShow(location: IcDbLocation): string {
  return `${location.serverCluster !== undefined ? `[${location.serverCluster}] kubectl ko icsbctl` : 'ovn-ic-sbctl'} show`;
}

/**
 * The `ovn-ic-config` data an interconnection renders (see `InterconnectedCluster`), by key: the
 * reasons name the keys the operator sees in the ConfigMap. In key order, as the field diff lists them.
 */
function icConfigData(ic: InterconnectionSnapshot): Record<string, string> {
  return {
    'auto-route': String(ic.autoRoute),
    'az-name': ic.azName,
    'enable-ic': String(ic.enabled),
    'gw-nodes': ic.gatewayNodes.join(','),
    'ic-db-host': ic.icDatabase.hosts.join(','),
    'ic-nb-port': String(ic.icDatabase.nbPort),
    'ic-sb-port': String(ic.icDatabase.sbPort),
  };
}

/**
 * The default VPC's manual routes as rendered (`DefaultVpcRoutes`): the Vpc exists while auto-route
 * is off, its routes while the cluster is enabled; undefined when no Vpc is rendered. CIDR -> next hop.
 */
function vpcRoutes(cluster: ClusterSnapshot | undefined): Map<string, string> | undefined {
  const ic = cluster?.interconnection;
  if (!ic || ic.autoRoute) return undefined;
  return new Map(ic.enabled ? ic.routes.flatMap((r) => r.cidrs.map((cidr) => [cidr, r.nextHop] as const)) : []);
}

/** Clusters whose rendered manual routes lead to availability zone `az`. */
function routesTo(snapshot: FleetSnapshot, az: string): string[] {
  return snapshot.clusters
    .filter((c) => vpcRoutes(c) !== undefined && c.interconnection!.enabled && c.interconnection!.routes.some((r) => r.peerAzName === az && r.cidrs.length > 0))
    .map((c) => c.name);
}

/** Clusters connected to the IC domain `domain`. */
function clustersOn(snapshot: FleetSnapshot, domain: string): Array<{ cluster: string; azName: string }> {
  return snapshot.clusters
    .filter((c) => c.interconnection?.icDatabase.domain === domain)
    .map((c) => ({ cluster: c.name, azName: c.interconnection!.azName }));
}

function staleNextHopSteps(ctx: ImpactContext, az: string, tsNames: readonly string[]): string[] {
  return routesTo(ctx.after, az).map((c) => `${nextHopLookupStep(c, az, tsNames)}; the addresses of availability zone ${az} are drawn anew when it rebuilds: update routeToPeer in cluster ${c}, re-render and sync`);
}

/** The steps for a range that changes (or a cluster ID), shared by every CIDR rule. */
function cidrSteps(cluster: string, submariner: boolean): string[] {
  return [
    `addresses in use keep their old values until the pods are recreated; plan the renumbering (\`[${cluster}] kubectl get pods -A -o wide\`)`,
    ...(submariner ? ['Submariner: the gateway re-advertises the new CIDRs; every other member must not overlap them (re-render checks that); check `subctl show networks`'] : []),
    'peers that route to the old range (manual routes, Submariner, firewalls) must follow',
  ];
}

function interconnectionImpacts(ctx: ImpactContext, b: ClusterSnapshot, a: ClusterSnapshot, out: Impacts): void {
  const cluster = a.name;
  const folder = folderOf(cluster);
  const bi = b.interconnection;
  const ai = a.interconnection;
  if (!bi && ai) {
    const location = locationOf(ai.icDatabase);
    out.manual.push({ folder, reason: `cluster ${cluster} joins the interconnection on IC database ${location.hosts} as availability zone ${ai.azName}`, steps: [`verify after the sync: \`${sbShow(location)}\` lists availability-zone ${ai.azName} with its gateways`] });
    return;
  }
  if (bi && !ai) {
    const location = locationOf(bi.icDatabase);
    out.disruptive.push({
      folder,
      reason: `${IC_CONFIG} is removed: ovn-ic-controller tears the interconnection of cluster ${cluster} (availability zone ${bi.azName}) down`,
      steps: [
        `prefer \`enabled: false\` over removing the InterconnectedCluster: the controller then still runs when the ConfigMap changes (if the controller goes in the same sync, clean up IC-SB by hand: runbooks/ovn-ic.md)`,
        ...azCleanupSteps(bi.azName, location),
        transitSwitchCleanupStep(cluster, transitSwitchNames(bi.icDatabase.tsNum)),
        ...(vpcRoutes(b) !== undefined ? [vpcRoutesCleanupStep(cluster)] : []),
      ],
    });
    return;
  }
  if (!bi || !ai) return;
  const before = icConfigData(bi);
  const after = icConfigData(ai);
  const keys = Object.keys(after).filter((k) => before[k] !== after[k]);
  if (keys.length === 0) return;
  const location = locationOf(ai.icDatabase);
  const tsNames = transitSwitchNames(ai.icDatabase.tsNum);
  const changed = (k: string) => keys.includes(k);
  const steps: string[] = [
    `Argo CD / Flux delete and recreate the immutable ConfigMap; ovn-ic-controller tears the interconnection of cluster ${cluster} down and rebuilds it: cross-cluster traffic of ${cluster} stops meanwhile`,
  ];
  if (changed('enable-ic') && !ai.enabled) {
    steps.length = 0;
    steps.push(`ovn-ic-controller tears the interconnection of cluster ${cluster} down (availability zone ${bi.azName})`);
    steps.push(`verify: \`${sbShow(location)}\` no longer lists availability-zone ${bi.azName}`);
    steps.push(transitSwitchCleanupStep(cluster, tsNames));
  }
  if (changed('az-name')) steps.push(recomputeStep(cluster));
  if (changed('ic-db-host')) {
    steps.push(`cluster ${cluster} leaves IC database ${before['ic-db-host']}; if availability zone ${bi.azName} is still listed there after the sync, remove it: ${azCleanupSteps(bi.azName, locationOf(bi.icDatabase)).join('; ')}`);
  }
  if (changed('gw-nodes')) {
    steps.push(`[${cluster}] the new gateway nodes (${after['gw-nodes']}) must exist and run ovn-controller (a chassis): \`kubectl get nodes -l ovn.kubernetes.io/ic-gw=true\` after the sync lists exactly them`);
  }
  if (changed('auto-route')) {
    steps.push(ai.autoRoute
      ? `[${cluster}] auto-route on: subnets are advertised and learned again; ${vpcRoutesCleanupStep(cluster)}`
      : `[${cluster}] auto-route off: learned routes are withdrawn; only the manual routes (Vpc ovn-cluster) carry traffic, in both directions`);
  }
  if (ai.enabled || !changed('enable-ic')) steps.push(`verify: \`${sbShow(location)}\` lists availability-zone ${ai.azName} with its gateways`);
  steps.push(...staleNextHopSteps(ctx, bi.azName, tsNames));
  out.disruptive.push({
    folder,
    reason: `${IC_CONFIG} changes: ${keys.map((k) => `${k} ${show(before[k])} -> ${show(after[k])}`).join(', ')}`,
    steps: [...new Set(steps)],
  });
}

function icServerImpacts(ctx: ImpactContext, b: ClusterSnapshot, a: ClusterSnapshot, out: Impacts): void {
  const cluster = a.name;
  const folder = folderOf(cluster);
  const bs = b.icServer;
  const as = a.icServer;
  if (bs && !as) {
    const hosts = bs.nodeIps.join(',');
    const members = clustersOn(ctx.after, bs.domain);
    out.disruptive.push({
      folder,
      reason: `${IC_SERVER} is removed from cluster ${cluster}: the IC database ${hosts} goes away${members.length > 0 ? ` while clusters ${members.map((m) => m.cluster).join(', ')} still point at it` : ''}`,
      steps: [
        ...(members.length > 0 ? [`disconnect ${members.map((m) => m.cluster).join(', ')} first (runbooks/ovn-ic.md), or they lose their interconnection`] : []),
        icDbFileCleanupStep(bs.nodeIps, '/etc/origin/ovn'),
      ],
    });
    return;
  }
  if (!bs || !as) return;
  const nodeIpsBefore = bs.nodeIps.join(',');
  const hosts = as.nodeIps.join(',');
  const members = clustersOn(ctx.after, as.domain);
  if (bs.tsNum !== as.tsNum) {
    const names = transitSwitchNames;
    const gone = names(bs.tsNum).filter((t) => !names(as.tsNum).includes(t));
    const added = names(as.tsNum).filter((t) => !names(bs.tsNum).includes(t));
    out.disruptive.push({
      folder,
      reason: `TS_NUM ${bs.tsNum} -> ${as.tsNum} on IC database ${hosts}: ${[
        ...(added.length > 0 ? [`transit switch${added.length > 1 ? 'es' : ''} ${added.join(', ')} appear${added.length > 1 ? '' : 's'}`] : []),
        ...(gone.length > 0 ? [`transit switch${gone.length > 1 ? 'es' : ''} ${gone.join(', ')} disappear${gone.length > 1 ? '' : 's'}`] : []),
      ].join(', ')}`,
      steps: [
        `the IC-NB leader's checker ${added.length > 0 ? `adds ${added.join(', ')}` : `deletes ${gone.join(', ')}`} within seconds of the rollout of ovn-ic-server`,
        `every cluster on this database sees the transit-switch list change and rebuilds its interconnection (short cross-cluster interruption): ${members.map((m) => m.cluster).join(', ') || 'none'}`,
        `verify: \`[${cluster}] kubectl ko icnbctl show\` lists exactly ${names(as.tsNum).join(', ')}; in each cluster \`kubectl ko nbctl ls-list\``,
        ...(gone.length > 0 ? members.map((m) => `if ${gone.join(', ')} still listed in \`[${m.cluster}] kubectl ko nbctl ls-list\`: ${gone.map((t) => `\`kubectl ko nbctl --if-exists ls-del ${t}\``).join(', ')}`) : []),
        ...members.flatMap((m) => staleNextHopSteps(ctx, m.azName, names(as.tsNum))),
        `ECMP: each cluster spreads traffic over min(TS_NUM, gateway nodes) primary gateways`,
      ],
    });
  }
  if (nodeIpsBefore !== hosts) {
    out.disruptive.push({
      folder,
      reason: `IC database members change: NODE_IPS ${show(nodeIpsBefore)} -> ${show(hosts)} (Raft membership)`,
      steps: [
        'a running Raft cluster does not follow NODE_IPS: new members join the current leader, departed members stay in the cluster configuration until removed',
        `add or remove one member at a time and check \`[${cluster}] kubectl -n kube-system exec deploy/ovn-ic-server -- ovn-appctl -t /var/run/ovn/ovn_ic_nb_db.ctl cluster/status OVN_IC_Northbound\` (and OVN_IC_Southbound) in between; or reset the IC database (runbooks/ovn-ic.md)`,
        'every cluster\'s ic-db-host must list the new members: their ovn-ic-config changes too (listed separately)',
      ],
    });
  }
}

function vpcImpacts(b: ClusterSnapshot, a: ClusterSnapshot, out: Impacts): void {
  const cluster = a.name;
  const folder = folderOf(cluster);
  const before = vpcRoutes(b);
  const after = vpcRoutes(a);
  if (!before) return;
  if (!after) {
    (before.size > 0 ? out.disruptive : out.manual).push({
      folder,
      reason: `Vpc ovn-cluster is no longer rendered in cluster ${cluster}${before.size > 0 ? `, but keeps its manual routes (${[...before.keys()].join(', ')}) in the cluster` : ''}`,
      steps: [vpcRoutesCleanupStep(cluster)],
    });
    return;
  }
  const lost = [...before].filter(([cidr]) => !after.has(cidr));
  const moved = [...before].filter(([cidr, hop]) => after.has(cidr) && after.get(cidr) !== hop);
  if (lost.length > 0) {
    out.disruptive.push({
      folder,
      reason: `cluster ${cluster} stops routing ${lost.map(([c, h]) => `${c} (via ${h})`).join(', ')}: traffic to it stops`,
      steps: ['kube-ovn-controller deletes the routes and their allow policies when the Vpc syncs', `verify: \`[${cluster}] kubectl ko nbctl lr-route-list ovn-cluster\``],
    });
  }
  if (moved.length > 0) {
    out.disruptive.push({
      folder,
      reason: `cluster ${cluster} changes next hops: ${moved.map(([c, h]) => `${c} ${h} -> ${after.get(c)}`).join(', ')}`,
      steps: [`check each new next hop is the peer's current port address (\`[${cluster}] kubectl ko nbctl show\`, ports ts*-<peer az-name>, type remote) before syncing`, `verify: \`[${cluster}] kubectl ko nbctl lr-route-list ovn-cluster\``],
    });
  }
}

/** Kube-OVN Subnets of a cluster (overlay and underlay), by name. */
function subnetsOf(c: ClusterSnapshot): Map<string, SubnetSnapshot> {
  return new Map([...(c.interconnection?.subnets ?? []), ...c.underlaySubnets].map((s) => [s.name, s]));
}

/** Removed Subnets, and ranges that change: the cluster's own, its Subnets', its pools', its Submariner CIDRs. */
function rangeImpacts(b: ClusterSnapshot, a: ClusterSnapshot, out: Impacts): void {
  const cluster = a.name;
  const folder = folderOf(cluster);
  const network = changes([['podCidr', b.network.podCidr, a.network.podCidr], ['serviceCidr', b.network.serviceCidr, a.network.serviceCidr], ['joinCidr', b.network.joinCidr, a.network.joinCidr]]);
  if (network.length > 0) out.disruptive.push({ folder, reason: `cluster ${cluster}: CIDR change (${fieldText(network)})`, steps: cidrSteps(cluster, false) });
  const after = subnetsOf(a);
  for (const [name, s] of subnetsOf(b)) {
    const now = after.get(name);
    if (!now) {
      out.disruptive.push({ folder, reason: `Subnet ${name} is removed from cluster ${cluster}`, steps: [`move the workloads out first: Kube-OVN keeps a subnet that still has allocated IPs (\`[${cluster}] kubectl get ips.kubeovn.io | grep ${name}\`), and pods in it lose their network`] });
    } else if (now.cidrBlock !== s.cidrBlock) {
      out.disruptive.push({ folder, reason: `Subnet ${name}: CIDR change (${fieldText([['spec.cidrBlock', s.cidrBlock, now.cidrBlock]])})`, steps: cidrSteps(cluster, false) });
    }
  }
  const pools = new Map(a.ipPools.map((p) => [p.name, p]));
  for (const p of b.ipPools) {
    const now = pools.get(p.name);
    if (now && now.subnet !== p.subnet) out.disruptive.push({ folder, reason: `SpiderIPPool ${p.name}: CIDR change (${fieldText([['spec.subnet', p.subnet, now.subnet]])})`, steps: cidrSteps(cluster, false) });
  }
  const bs = b.submariner;
  const as = a.submariner;
  if (!bs || !as) return;
  if (bs.clusterId !== as.clusterId) {
    out.disruptive.push({
      folder,
      reason: `${SUBMARINER}: Submariner cluster ID changes (spec.clusterID ${show(bs.clusterId)} -> ${show(as.clusterId)})`,
      steps: [
        'Submariner names the cluster\'s Cluster and Endpoint objects on the broker after the ID: the cluster rejoins as a new one and its tunnels are re-established',
        `in the broker cluster, delete the old ID's objects: \`kubectl -n submariner-k8s-broker get clusters.submariner.io,endpoints.submariner.io\`, then delete those of ${show(bs.clusterId)}`,
        'ServiceExports are re-imported under the new ID; check `subctl show all` in every member cluster',
      ],
    });
  }
  const cidrs = changes([['spec.clusterCIDR', bs.clusterCidr, as.clusterCidr], ['spec.globalCIDR', bs.globalCidr, as.globalCidr], ['spec.serviceCIDR', bs.serviceCidr, as.serviceCidr]]);
  if (cidrs.length > 0) out.disruptive.push({ folder, reason: `${SUBMARINER}: CIDR change (${fieldText(cidrs)})`, steps: cidrSteps(cluster, true) });
}

/** The Submariner step for a cluster that leaves its broker (the broker keeps its Cluster and Endpoint objects). */
function brokerCleanupStep(cluster: string): string {
  return `Submariner: in the broker cluster delete cluster ${cluster}'s Cluster and Endpoint objects (\`kubectl -n submariner-k8s-broker get clusters.submariner.io,endpoints.submariner.io\`)`;
}

function submarinerImpacts(b: ClusterSnapshot, a: ClusterSnapshot, out: Impacts): void {
  if (!b.submariner || a.submariner) return;
  out.disruptive.push({
    folder: folderOf(a.name),
    reason: `cluster ${a.name} leaves the Submariner broker in cluster ${b.submariner.brokerCluster}: its tunnels to the other members go down`,
    steps: [brokerCleanupStep(a.name), 'verify: `subctl show connections` in each remaining member no longer lists the cluster'],
  });
}

function clusterRemoved(ctx: ImpactContext, b: ClusterSnapshot, out: Impacts): void {
  const cluster = b.name;
  const folder = folderOf(cluster);
  const steps: string[] = [];
  const ic = b.interconnection;
  if (ic) {
    const location = locationOf(ic.icDatabase);
    steps.push(`before this is synced: if cluster ${cluster} was not disconnected first, do that in a separate change:`);
    steps.push(...disconnectSteps(cluster, ic.azName, transitSwitchNames(ic.icDatabase.tsNum), location).slice(0, 3));
    steps.push(`otherwise, after the sync: ${azCleanupSteps(ic.azName, location).join('; ')}`);
  }
  if (b.submariner) steps.push(brokerCleanupStep(cluster));
  steps.push(`the GitOps tool deletes what it applied only if the cluster's Application/Kustomization is deleted with pruning (Argo CD: the resources finalizer); objects it does not own stay`);
  const objects = ctx.diffs.find((d) => d.folder === folder)?.objects.length ?? 0;
  out.disruptive.push({ folder, reason: `cluster ${cluster} is removed from the fleet (${objects} objects)`, steps });
}

/** Hosts of the databases outside Kubernetes, by host name (= folder `hosts/<name>`). */
function externalHosts(snapshot: FleetSnapshot): Map<string, { db: ExternalIcDatabaseSnapshot; nodeIps: string }> {
  return new Map(snapshot.externalIcDatabases.flatMap((db) => db.hosts.map((h) => [h.name, { db, nodeIps: db.hosts.map((x) => x.ip).join(',') }] as const)));
}

function hostImpacts(ctx: ImpactContext, out: Impacts): void {
  const before = externalHosts(ctx.before);
  const after = externalHosts(ctx.after);
  for (const host of [...new Set([...before.keys(), ...after.keys()])].sort(compareCodeUnits)) {
    const folder = `hosts/${host}`;
    const b = before.get(host);
    const a = after.get(host);
    if (!b || !a) {
      const status = a ? 'added' : 'removed';
      out.disruptive.push({
        folder,
        reason: `IC database host ${host} is ${status}: the Raft membership changes`,
        steps: [
          a ? `start the database on ${host} (hosts/${host}/README.md); it joins the current leader` : `stop the database on ${host} (README.md, "Remove") after the clusters no longer list it in ic-db-host`,
          'add or remove one member at a time; check `ovn-appctl -t /var/run/ovn/ovn_ic_nb_db.ctl cluster/status OVN_IC_Northbound` on a member in between',
        ],
      });
      continue;
    }
    if (b.nodeIps !== a.nodeIps) {
      out.disruptive.push({ folder, reason: `IC database host ${host}: NODE_IPS ${show(b.nodeIps)} -> ${show(a.nodeIps)}`, steps: ['a running Raft cluster does not follow NODE_IPS: change members one at a time, or reset the IC database (runbooks/ovn-ic.md)', `re-apply ${folder}/${a.db.runFile} on ${host}`] });
      continue;
    }
    // the same members: a host file that changes (image, runtime) is applied by hand
    const spec = ctx.diffs.find((d) => d.folder === folder)?.files.find((f) => !f.file.endsWith('.md'));
    if (!spec) continue;
    out.manual.push({ folder, reason: `IC database host ${host}: ${spec.file} changes (nothing applies it automatically)`, steps: [`re-apply it on ${host} (${spec.file.endsWith('.service') ? '`systemctl daemon-reload && systemctl restart ovn-ic-db`' : '`docker compose -f compose.yaml up -d`'}), one host at a time`] });
  }
}

/**
 * Namespaces that disappear from a folder that stays: pruning deletes everything in them, whoever
 * rendered them (a Kubernetes rule, so it reads the objects, not the model).
 */
function namespaceImpacts(ctx: ImpactContext, removedClusters: ReadonlySet<string>, out: Impacts): void {
  for (const diff of ctx.diffs) {
    if (diff.folder.startsWith('hosts/') || removedClusters.has(diff.folder)) continue;
    const cluster = diff.folder.startsWith('clusters/') ? diff.folder.slice('clusters/'.length) : diff.folder;
    for (const change of diff.objects) {
      if (change.action !== 'removed' || change.ref.kind !== 'Namespace') continue;
      out.disruptive.push({ folder: diff.folder, reason: `Namespace ${change.ref.name} is removed from cluster ${cluster}: pruning deletes everything in it`, steps: [`check \`[${cluster}] kubectl get all -n ${change.ref.name}\` before syncing`] });
    }
  }
}

/** The operational impact of every change between the two models, in folder order. */
export function assessImpacts(ctx: ImpactContext): Impacts {
  const byFolder = new Map<string, Impacts>();
  const into = (folder: string): Impacts => {
    let i = byFolder.get(folder);
    if (!i) byFolder.set(folder, (i = { disruptive: [], manual: [] }));
    return i;
  };
  const collect = (fill: (out: Impacts) => void) => {
    const out: Impacts = { disruptive: [], manual: [] };
    fill(out);
    for (const kind of ['disruptive', 'manual'] as const) for (const i of out[kind]) into(i.folder)[kind].push(i);
  };
  const before = new Map(ctx.before.clusters.map((c) => [c.name, c]));
  const after = new Map(ctx.after.clusters.map((c) => [c.name, c]));
  const removed = new Set([...before.keys()].filter((n) => !after.has(n)).map(folderOf));
  const none = (name: string): ClusterSnapshot => ({ name, network: after.get(name)!.network, underlaySubnets: [], ipPools: [] });
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort(compareCodeUnits)) {
    const b = before.get(name);
    const a = after.get(name);
    collect((out) => {
      if (b && !a) return clusterRemoved(ctx, b, out);
      // a new cluster: only its joining the interconnection needs a check
      if (!b) return interconnectionImpacts(ctx, none(name), a!, out);
      interconnectionImpacts(ctx, b, a!, out);
      icServerImpacts(ctx, b, a!, out);
      rangeImpacts(b, a!, out);
      submarinerImpacts(b, a!, out);
      vpcImpacts(b, a!, out);
    });
  }
  collect((out) => namespaceImpacts(ctx, removed, out));
  collect((out) => hostImpacts(ctx, out));
  const folders = [...byFolder.keys()].sort(compareCodeUnits);
  return {
    disruptive: folders.flatMap((f) => byFolder.get(f)!.disruptive),
    manual: folders.flatMap((f) => byFolder.get(f)!.manual),
  };
}

/** Shortened value for a one-line field diff. */
export function shortValue(v: unknown, max = 80): string {
  const s = show(v);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

