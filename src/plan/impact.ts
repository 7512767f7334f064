import {
  azCleanupSteps, disconnectSteps, icDbFileCleanupStep, IcDbLocation, nextHopLookupStep, recomputeStep, transitSwitchCleanupStep,
  transitSwitchNames, vpcRoutesCleanupStep,
} from '../ovn-ic/runbook-steps';
import { parseCidrList } from '../net';
import { ROUTE_PEERS_ANNOTATION } from '../ovn-ic/manual-routes';
import { FieldChange, FolderDiff, ObjectChange, OutputIndex, refText } from './diff';

/** A pending change that interrupts traffic or needs steps outside GitOps. */
export interface Impact {
  /** Output folder, e.g. `clusters/az1`. */
  readonly folder: string;
  /** What changes, in one sentence. */
  readonly reason: string;
  /** The operational steps, in order. */
  readonly steps: readonly string[];
}

/** What the rules see: both full outputs and their difference. */
export interface ImpactContext {
  readonly before: OutputIndex;
  readonly after: OutputIndex;
  readonly diffs: readonly FolderDiff[];
}

/** Disruptive changes (need an approval) and manual actions (no interruption, but nothing applies them). */
export interface Impacts {
  readonly disruptive: Impact[];
  readonly manual: Impact[];
}

const IC_CONFIG = 'ConfigMap kube-system/ovn-ic-config';
const IC_SERVER = 'Deployment kube-system/ovn-ic-server';
/** A value that is a CIDR or a comma-separated CIDR list (or a list of such strings). */
function holdsCidr(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(holdsCidr);
  return typeof v === 'string' && v.includes('/') && parseCidrList(v) !== undefined;
}

const clusterOf = (folder: string) => (folder.startsWith('clusters/') ? folder.slice('clusters/'.length) : folder);
const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

function objects(index: OutputIndex, text: string): Array<{ folder: string; doc: Record<string, any> }> {
  const out: Array<{ folder: string; doc: Record<string, any> }> = [];
  for (const [folder, f] of index.folders) {
    for (const o of f.objects.values()) if (refText(o.ref) === text) out.push({ folder, doc: o.doc });
  }
  return out;
}

function object(index: OutputIndex, folder: string, text: string): Record<string, any> | undefined {
  return objects(index, text).find((o) => o.folder === folder)?.doc;
}

function envOf(deployment: Record<string, any> | undefined, name: string): string | undefined {
  const containers: any[] = deployment?.spec?.template?.spec?.containers ?? [];
  for (const c of containers) for (const e of c.env ?? []) if (e.name === name) return e.value;
  return undefined;
}

interface IcServerInfo {
  readonly cluster: string;
  readonly nodeIps: string;
  readonly tsNum?: number;
}

function icServers(index: OutputIndex): IcServerInfo[] {
  return objects(index, IC_SERVER).map((o) => {
    const ts = envOf(o.doc, 'TS_NUM');
    return { cluster: clusterOf(o.folder), nodeIps: envOf(o.doc, 'NODE_IPS') ?? '', tsNum: ts === undefined ? undefined : Number(ts) };
  });
}

/** Where a cluster's IC database (by ic-db-host) runs and how many transit switches it has. */
function dbInfo(index: OutputIndex, hosts: string): { location: IcDbLocation; tsNames: string[]; server?: IcServerInfo } {
  const server = icServers(index).find((s) => s.nodeIps === hosts);
  // hosts outside Kubernetes run with ENABLE_OVN_LEADER_CHECK=false: only `ts`
  return { location: { hosts, serverCluster: server?.cluster }, tsNames: transitSwitchNames(server?.tsNum ?? 1), server };
}

/** Clusters (by folder) whose ovn-ic-config points at `hosts`. */
function clustersOn(index: OutputIndex, hosts: string): Array<{ cluster: string; azName: string }> {
  return objects(index, IC_CONFIG)
    .filter((o) => o.doc.data?.['ic-db-host'] === hosts)
    .map((o) => ({ cluster: clusterOf(o.folder), azName: o.doc.data?.['az-name'] }));
}

/** Clusters whose manual routes (Vpc ovn-cluster annotation) lead to availability zone `az`. */
function routesTo(index: OutputIndex, az: string): string[] {
  return objects(index, 'Vpc ovn-cluster')
    .filter((o) => String(o.doc.metadata?.annotations?.[ROUTE_PEERS_ANNOTATION] ?? '').split(',').some((e) => e.endsWith(`@${az}`)))
    .map((o) => clusterOf(o.folder));
}

function staleNextHopSteps(ctx: ImpactContext, az: string, tsNames: readonly string[]): string[] {
  return routesTo(ctx.after, az).map((c) => `${nextHopLookupStep(c, az, tsNames)}; the addresses of availability zone ${az} are drawn anew when it rebuilds: update routeToPeer in cluster ${c}, re-render and sync`);
}

function icConfigImpacts(ctx: ImpactContext, diff: FolderDiff, change: ObjectChange, out: Impacts): void {
  const cluster = clusterOf(diff.folder);
  const data = (change.after ?? change.before)?.data ?? {};
  const hosts: string = data['ic-db-host'] ?? '';
  const { location, tsNames } = dbInfo(change.action === 'removed' ? ctx.before : ctx.after, hosts);
  if (change.action === 'added') {
    out.manual.push({ folder: diff.folder, reason: `cluster ${cluster} joins the interconnection on IC database ${hosts} as availability zone ${data['az-name']}`, steps: [`verify after the sync: \`${location.serverCluster !== undefined ? `[${location.serverCluster}] kubectl ko icsbctl show` : 'ovn-ic-sbctl show'}\` lists availability-zone ${data['az-name']} with its gateways`] });
    return;
  }
  if (change.action === 'removed') {
    if (diff.status === 'removed') return; // the whole cluster: see clusterRemoved
    out.disruptive.push({
      folder: diff.folder,
      reason: `${IC_CONFIG} is removed: ovn-ic-controller tears the interconnection of cluster ${cluster} (availability zone ${data['az-name']}) down`,
      steps: [
        `prefer \`enabled: false\` over removing the InterconnectedCluster: the controller then still runs when the ConfigMap changes (if the controller goes in the same sync, clean up IC-SB by hand: runbooks/ovn-ic.md)`,
        ...azCleanupSteps(data['az-name'], location),
        transitSwitchCleanupStep(cluster, tsNames),
        ...(object(ctx.before, diff.folder, 'Vpc ovn-cluster') && !object(ctx.after, diff.folder, 'Vpc ovn-cluster') ? [vpcRoutesCleanupStep(cluster)] : []),
      ],
    });
    return;
  }
  const keys = change.fields.filter((f) => f.path.startsWith('data.'));
  if (keys.length === 0) return;
  const before = change.before?.data ?? {};
  const after = change.after?.data ?? {};
  const az: string = after['az-name'];
  const steps: string[] = [
    `Argo CD / Flux delete and recreate the immutable ConfigMap; ovn-ic-controller tears the interconnection of cluster ${cluster} down and rebuilds it: cross-cluster traffic of ${cluster} stops meanwhile`,
  ];
  const changed = (k: string) => before[k] !== after[k];
  if (changed('enable-ic') && after['enable-ic'] !== 'true') {
    steps.length = 0;
    steps.push(`ovn-ic-controller tears the interconnection of cluster ${cluster} down (availability zone ${before['az-name']})`);
    steps.push(`verify: \`${location.serverCluster !== undefined ? `[${location.serverCluster}] kubectl ko icsbctl` : 'ovn-ic-sbctl'} show\` no longer lists availability-zone ${before['az-name']}`);
    steps.push(transitSwitchCleanupStep(cluster, tsNames));
  }
  if (changed('az-name')) steps.push(recomputeStep(cluster));
  if (changed('ic-db-host')) {
    const old = dbInfo(ctx.before, before['ic-db-host']);
    steps.push(`cluster ${cluster} leaves IC database ${before['ic-db-host']}; if availability zone ${before['az-name']} is still listed there after the sync, remove it: ${azCleanupSteps(before['az-name'], old.location).join('; ')}`);
  }
  if (changed('gw-nodes')) {
    steps.push(`[${cluster}] the new gateway nodes (${after['gw-nodes']}) must exist and run ovn-controller (a chassis): \`kubectl get nodes -l ovn.kubernetes.io/ic-gw=true\` after the sync lists exactly them`);
  }
  if (changed('auto-route')) {
    steps.push(after['auto-route'] === 'true'
      ? `[${cluster}] auto-route on: subnets are advertised and learned again; ${vpcRoutesCleanupStep(cluster)}`
      : `[${cluster}] auto-route off: learned routes are withdrawn; only the manual routes (Vpc ovn-cluster) carry traffic, in both directions`);
  }
  if (after['enable-ic'] === 'true' || !changed('enable-ic')) steps.push(`verify: \`${location.serverCluster !== undefined ? `[${location.serverCluster}] kubectl ko icsbctl` : 'ovn-ic-sbctl'} show\` lists availability-zone ${az} with its gateways`);
  steps.push(...staleNextHopSteps(ctx, before['az-name'], tsNames));
  out.disruptive.push({
    folder: diff.folder,
    reason: `${IC_CONFIG} changes: ${keys.map((f) => `${f.path.slice('data.'.length)} ${show(f.before)} -> ${show(f.after)}`).join(', ')}`,
    steps: [...new Set(steps)],
  });
}

function icServerImpacts(ctx: ImpactContext, diff: FolderDiff, change: ObjectChange, out: Impacts): void {
  const cluster = clusterOf(diff.folder);
  const nodeIpsBefore = envOf(change.before, 'NODE_IPS');
  const nodeIpsAfter = envOf(change.after, 'NODE_IPS');
  const hosts = (nodeIpsAfter ?? nodeIpsBefore)!;
  if (change.action === 'removed') {
    const members = clustersOn(ctx.after, nodeIpsBefore ?? '');
    out.disruptive.push({
      folder: diff.folder,
      reason: `${IC_SERVER} is removed from cluster ${cluster}: the IC database ${nodeIpsBefore} goes away${members.length > 0 ? ` while clusters ${members.map((m) => m.cluster).join(', ')} still point at it` : ''}`,
      steps: [
        ...(members.length > 0 ? [`disconnect ${members.map((m) => m.cluster).join(', ')} first (runbooks/ovn-ic.md), or they lose their interconnection`] : []),
        icDbFileCleanupStep((nodeIpsBefore ?? '').split(','), '/etc/origin/ovn'),
      ],
    });
    return;
  }
  if (change.action !== 'changed') return;
  const tsBefore = Number(envOf(change.before, 'TS_NUM') ?? 1);
  const tsAfter = Number(envOf(change.after, 'TS_NUM') ?? 1);
  const members = clustersOn(ctx.after, hosts);
  if (tsBefore !== tsAfter) {
    const names = (n: number) => transitSwitchNames(n);
    const gone = names(tsBefore).filter((t) => !names(tsAfter).includes(t));
    const added = names(tsAfter).filter((t) => !names(tsBefore).includes(t));
    out.disruptive.push({
      folder: diff.folder,
      reason: `TS_NUM ${tsBefore} -> ${tsAfter} on IC database ${hosts}: ${[
        ...(added.length > 0 ? [`transit switch${added.length > 1 ? 'es' : ''} ${added.join(', ')} appear${added.length > 1 ? '' : 's'}`] : []),
        ...(gone.length > 0 ? [`transit switch${gone.length > 1 ? 'es' : ''} ${gone.join(', ')} disappear${gone.length > 1 ? '' : 's'}`] : []),
      ].join(', ')}`,
      steps: [
        `the IC-NB leader's checker ${added.length > 0 ? `adds ${added.join(', ')}` : `deletes ${gone.join(', ')}`} within seconds of the rollout of ovn-ic-server`,
        `every cluster on this database sees the transit-switch list change and rebuilds its interconnection (short cross-cluster interruption): ${members.map((m) => m.cluster).join(', ') || 'none'}`,
        `verify: \`[${cluster}] kubectl ko icnbctl show\` lists exactly ${names(tsAfter).join(', ')}; in each cluster \`kubectl ko nbctl ls-list\``,
        ...(gone.length > 0 ? members.map((m) => `if ${gone.join(', ')} still listed in \`[${m.cluster}] kubectl ko nbctl ls-list\`: ${gone.map((t) => `\`kubectl ko nbctl --if-exists ls-del ${t}\``).join(', ')}`) : []),
        ...members.flatMap((m) => staleNextHopSteps(ctx, m.azName, names(tsAfter))),
        `ECMP: each cluster spreads traffic over min(TS_NUM, gateway nodes) primary gateways`,
      ],
    });
  }
  if (nodeIpsBefore !== nodeIpsAfter) {
    out.disruptive.push({
      folder: diff.folder,
      reason: `IC database members change: NODE_IPS ${show(nodeIpsBefore)} -> ${show(nodeIpsAfter)} (Raft membership)`,
      steps: [
        'a running Raft cluster does not follow NODE_IPS: new members join the current leader, departed members stay in the cluster configuration until removed',
        `add or remove one member at a time and check \`[${cluster}] kubectl -n kube-system exec deploy/ovn-ic-server -- ovn-appctl -t /var/run/ovn/ovn_ic_nb_db.ctl cluster/status OVN_IC_Northbound\` (and OVN_IC_Southbound) in between; or reset the IC database (runbooks/ovn-ic.md)`,
        'every cluster\'s ic-db-host must list the new members: their ovn-ic-config changes too (listed separately)',
      ],
    });
  }
}

function vpcImpacts(diff: FolderDiff, change: ObjectChange, out: Impacts): void {
  const cluster = clusterOf(diff.folder);
  const routes = (doc: Record<string, any> | undefined): Map<string, string> =>
    new Map(((doc?.spec?.staticRoutes ?? []) as any[]).map((r) => [String(r.cidr), String(r.nextHopIP)]));
  const before = routes(change.before);
  const after = routes(change.after);
  if (change.action === 'removed' && diff.status !== 'removed') {
    (before.size > 0 ? out.disruptive : out.manual).push({
      folder: diff.folder,
      reason: `Vpc ovn-cluster is no longer rendered in cluster ${cluster}${before.size > 0 ? `, but keeps its manual routes (${[...before.keys()].join(', ')}) in the cluster` : ''}`,
      steps: [vpcRoutesCleanupStep(cluster)],
    });
    return;
  }
  const lost = [...before].filter(([cidr]) => !after.has(cidr));
  const moved = [...before].filter(([cidr, hop]) => after.has(cidr) && after.get(cidr) !== hop);
  if (lost.length > 0) {
    out.disruptive.push({
      folder: diff.folder,
      reason: `cluster ${cluster} stops routing ${lost.map(([c, h]) => `${c} (via ${h})`).join(', ')}: traffic to it stops`,
      steps: ['kube-ovn-controller deletes the routes and their allow policies when the Vpc syncs', `verify: \`[${cluster}] kubectl ko nbctl lr-route-list ovn-cluster\``],
    });
  }
  if (moved.length > 0) {
    out.disruptive.push({
      folder: diff.folder,
      reason: `cluster ${cluster} changes next hops: ${moved.map(([c, h]) => `${c} ${h} -> ${after.get(c)}`).join(', ')}`,
      steps: [`check each new next hop is the peer's current port address (\`[${cluster}] kubectl ko nbctl show\`, ports ts*-<peer az-name>, type remote) before syncing`, `verify: \`[${cluster}] kubectl ko nbctl lr-route-list ovn-cluster\``],
    });
  }
}

function isSubmariner(change: ObjectChange): boolean {
  return change.ref.apiVersion.startsWith('submariner.io/');
}

/** Cluster IDs and CIDRs anywhere (Submariner, Spiderpool, Kube-OVN subnets, Helm values). */
function genericImpacts(diff: FolderDiff, change: ObjectChange, out: Impacts): void {
  const cluster = clusterOf(diff.folder);
  if (change.action === 'removed') {
    if (change.ref.kind === 'Subnet' && change.ref.apiVersion.startsWith('kubeovn.io/')) {
      out.disruptive.push({ folder: diff.folder, reason: `Subnet ${change.ref.name} is removed from cluster ${cluster}`, steps: [`move the workloads out first: Kube-OVN keeps a subnet that still has allocated IPs (\`[${cluster}] kubectl get ips.kubeovn.io | grep ${change.ref.name}\`), and pods in it lose their network`] });
    } else if (change.ref.kind === 'Namespace') {
      out.disruptive.push({ folder: diff.folder, reason: `Namespace ${change.ref.name} is removed from cluster ${cluster}: pruning deletes everything in it`, steps: [`check \`[${cluster}] kubectl get all -n ${change.ref.name}\` before syncing`] });
    }
    return;
  }
  if (change.action !== 'changed') return;
  const ids = change.fields.filter((f) => /(^|\.)cluster-?id$/i.test(f.path));
  if (ids.length > 0) {
    out.disruptive.push({
      folder: diff.folder,
      reason: `${refText(change.ref)}: Submariner cluster ID changes (${ids.map((f) => `${f.path} ${show(f.before)} -> ${show(f.after)}`).join(', ')})`,
      steps: [
        'Submariner names the cluster\'s Cluster and Endpoint objects on the broker after the ID: the cluster rejoins as a new one and its tunnels are re-established',
        `in the broker cluster, delete the old ID's objects: \`kubectl -n submariner-k8s-broker get clusters.submariner.io,endpoints.submariner.io\`, then delete those of ${ids.map((f) => show(f.before)).join(', ')}`,
        'ServiceExports are re-imported under the new ID; check `subctl show all` in every member cluster',
      ],
    });
  }
  const cidrs = change.fields.filter((f) => !ids.includes(f) && (holdsCidr(f.before) || holdsCidr(f.after)));
  if (cidrs.length > 0) {
    out.disruptive.push({
      folder: diff.folder,
      reason: `${refText(change.ref)}: CIDR change (${cidrs.map((f) => `${f.path} ${show(f.before)} -> ${show(f.after)}`).join(', ')})`,
      steps: [
        `addresses in use keep their old values until the pods are recreated; plan the renumbering (\`[${cluster}] kubectl get pods -A -o wide\`)`,
        ...(isSubmariner(change) ? ['Submariner: the gateway re-advertises the new CIDRs; every other member must not overlap them (re-render checks that); check `subctl show networks`'] : []),
        'peers that route to the old range (manual routes, Submariner, firewalls) must follow',
      ],
    });
  }
}

function clusterRemoved(ctx: ImpactContext, diff: FolderDiff, out: Impacts): void {
  const cluster = clusterOf(diff.folder);
  const cm = object(ctx.before, diff.folder, IC_CONFIG);
  const steps: string[] = [];
  if (cm) {
    const { location, tsNames } = dbInfo(ctx.before, cm.data?.['ic-db-host'] ?? '');
    steps.push(`before this is synced: if cluster ${cluster} was not disconnected first, do that in a separate change:`);
    steps.push(...disconnectSteps(cluster, cm.data?.['az-name'], tsNames, location).slice(0, 3));
    steps.push(`otherwise, after the sync: ${azCleanupSteps(cm.data?.['az-name'], location).join('; ')}`);
  }
  if (objects(ctx.before, 'Submariner submariner-operator/submariner').some((o) => o.folder === diff.folder)) {
    steps.push(`Submariner: in the broker cluster delete cluster ${cluster}'s Cluster and Endpoint objects (\`kubectl -n submariner-k8s-broker get clusters.submariner.io,endpoints.submariner.io\`)`);
  }
  steps.push(`the GitOps tool deletes what it applied only if the cluster's Application/Kustomization is deleted with pruning (Argo CD: the resources finalizer); objects it does not own stay`);
  out.disruptive.push({ folder: diff.folder, reason: `cluster ${cluster} is removed from the fleet (${diff.objects.length} objects)`, steps });
}

function hostImpacts(diff: FolderDiff, out: Impacts): void {
  const host = diff.folder.slice('hosts/'.length);
  const nodeIps = (text?: string) => /NODE_IPS[=:]\s*"?([^\s"]+)/.exec(text ?? '')?.[1];
  const spec = diff.files.find((f) => !f.file.endsWith('.md'));
  if (diff.status === 'added' || diff.status === 'removed') {
    out.disruptive.push({
      folder: diff.folder,
      reason: `IC database host ${host} is ${diff.status}: the Raft membership changes`,
      steps: [
        diff.status === 'added' ? `start the database on ${host} (hosts/${host}/README.md); it joins the current leader` : `stop the database on ${host} (README.md, "Remove") after the clusters no longer list it in ic-db-host`,
        'add or remove one member at a time; check `ovn-appctl -t /var/run/ovn/ovn_ic_nb_db.ctl cluster/status OVN_IC_Northbound` on a member in between',
      ],
    });
    return;
  }
  if (!spec) return;
  if (nodeIps(spec.before) !== nodeIps(spec.after)) {
    out.disruptive.push({ folder: diff.folder, reason: `IC database host ${host}: NODE_IPS ${show(nodeIps(spec.before))} -> ${show(nodeIps(spec.after))}`, steps: ['a running Raft cluster does not follow NODE_IPS: change members one at a time, or reset the IC database (runbooks/ovn-ic.md)', `re-apply ${spec.file} on ${host}`] });
  } else {
    out.manual.push({ folder: diff.folder, reason: `IC database host ${host}: ${spec.file} changes (nothing applies it automatically)`, steps: [`re-apply it on ${host} (${spec.file.endsWith('.service') ? '`systemctl daemon-reload && systemctl restart ovn-ic-db`' : '`docker compose -f compose.yaml up -d`'}), one host at a time`] });
  }
}

/** The operational impact of every change, in folder order. */
export function assessImpacts(ctx: ImpactContext): Impacts {
  const out: Impacts = { disruptive: [], manual: [] };
  for (const diff of ctx.diffs) {
    if (diff.folder.startsWith('hosts/')) {
      hostImpacts(diff, out);
      continue;
    }
    if (diff.folder.startsWith('clusters/') && diff.status === 'removed') {
      clusterRemoved(ctx, diff, out);
      continue;
    }
    for (const change of diff.objects) {
      const text = refText(change.ref);
      if (text === IC_CONFIG) icConfigImpacts(ctx, diff, change, out);
      else if (text === IC_SERVER) icServerImpacts(ctx, diff, change, out);
      else if (text === 'Vpc ovn-cluster') vpcImpacts(diff, change, out);
      else genericImpacts(diff, change, out);
    }
  }
  return out;
}

/** Shortened value for a one-line field diff. */
export function shortValue(v: unknown, max = 80): string {
  const s = show(v);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

export type { FieldChange };
