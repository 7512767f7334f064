import { compareCodeUnits } from '../rules';
import { icDomains, IcMember } from './fleet-checks';
import {
  azCleanupSteps, disconnectSteps, icDbFileCleanupStep, IcDbLocation, nextHopLookupStep, recomputeStep, transitSwitchCleanupStep,
  transitSwitchNames, vpcRoutesCleanupStep,
} from './runbook-steps';
import { transitSwitches } from './transit-switch';

/** The runbook's path in the output, outside every synced folder. */
export const OVN_IC_RUNBOOK = 'runbooks/ovn-ic.md';

const numbered = (steps: readonly string[]) => steps.map((s, i) => `${i + 1}. ${s}`);

/** Steps of the reset per chunk of {@link ovnIcRunbookChunks} (it has a step per cluster). */
const RESET_STEPS_PER_CHUNK = 256;

/**
 * The day-2 runbook of every interconnection of the fleet: per IC database its clusters, and per
 * cluster the exact commands to disconnect or remove it, to clean up after a removal that skipped
 * the disconnect, after an az-name change, and to look up manual-route next hops; then the reset of
 * the whole interconnection. Rendered to {@link OVN_IC_RUNBOOK}.
 */
export function renderOvnIcRunbook(members: readonly IcMember[]): string {
  return [...ovnIcRunbookChunks(members)].join('');
}

/**
 * {@link renderOvnIcRunbook} in chunks: the header, one per cluster section, the reset's steps a few hundred at a time
 * (the runbook of a large fleet is tens of MB: a render streams it to its file instead of holding it).
 * @internal
 */
export function* ovnIcRunbookChunks(members: readonly IcMember[]): Generator<string> {
  const domains = [...icDomains(members).values()].map((list): [string, IcMember[]] => [list[0].icDatabase.hostList, list]);
  // the lines of the current chunk; each line ends with a newline in the output
  let out: string[] = [
    '# OVN-IC runbook',
    '',
    'Rendered by cdk8s-ovn-ic from the fleet (`npm run synth`); do not edit. `[az1]` marks a command run with',
    'that cluster\'s kubeconfig; `kubectl ko` is Kube-OVN\'s kubectl plugin. `npm run plan` prints the steps',
    'that a pending change needs. Background: docs/day2.md.',
  ];
  const flush = () => {
    const chunk = out.length === 0 ? '' : `${out.join('\n')}\n`;
    out = [];
    return chunk;
  };
  for (const [hosts, members] of domains.sort(([a], [b]) => compareCodeUnits(a, b))) {
    const db = members[0].icDatabase;
    const serverCluster = db.serverCluster;
    const location: IcDbLocation = { hosts, serverCluster };
    const tsNames = transitSwitchNames(db.tsNum);
    out.push('', `## IC database ${hosts}`, '');
    out.push(serverCluster !== undefined
      ? `- runs as ovn-ic-server in cluster ${serverCluster}; the first NODE_IPS entry (${db.hosts[0]}) bootstraps Raft`
      : `- runs on hosts outside Kubernetes (see hosts/ if the fleet renders them); the first host (${db.hosts[0]}) bootstraps Raft`);
    out.push(`- transit switches (TS_NUM ${db.tsNum}): ${transitSwitches(db.tsNum).map((t) => `${t.name} ${t.ipv4}`).join(', ')}`);
    out.push(`- clusters: ${members.map((m) => `${m.cluster} (az-name ${m.azName}, gw-nodes ${m.gatewayNodes.join(',')}, auto-route ${m.autoRoute}${m.enabled ? '' : ', disconnected'})`).join('; ')}`);
    for (const ic of members) {
      yield flush();
      const c = ic.cluster;
      out.push('', `### Cluster ${c}`, '');
      out.push('Disconnect it, e.g. before removing it from the fleet:', '', ...numbered(disconnectSteps(c, ic.azName, tsNames, location)), '');
      out.push(`If it was removed without disconnecting (Argo CD deletes ovn-ic-controller and ovn-ic-config in no particular order, so the AZ may stay registered):`, '');
      out.push(...numbered([...azCleanupSteps(ic.azName, location), `if the cluster still exists: ${transitSwitchCleanupStep(c, tsNames)}`]), '');
      out.push('After a change of its az-name has synced (the ConfigMap is recreated, the controller rebuilds):', '', ...numbered([recomputeStep(c)]));
      if (!ic.autoRoute) {
        out.push('', 'Manual routes (auto-route off), rendered into the Vpc ovn-cluster:', '');
        const routes = ic.peerRoutes;
        if (routes.length === 0) out.push('- none declared');
        for (const r of routes) out.push(`- ${r.cidrs.join(', ')} of cluster ${r.peerCluster} via ${r.nextHop}`);
        const peerAzNames = [...new Set(routes.map((r) => r.peerAzName))];
        out.push('', ...numbered([
          ...peerAzNames.map((az) => nextHopLookupStep(c, az, tsNames)),
          `the addresses are drawn at random whenever a peer rebuilds its interconnection (any change of its ovn-ic-config, a TS_NUM change, a reset): look them up again then, update routeToPeer and re-render`,
          `when auto-route is switched back on or the cluster is disconnected: ${vpcRoutesCleanupStep(c)}`,
        ]));
      }
    }
    yield flush();
    out.push('', '### Reset the whole interconnection', '');
    const serverStep = serverCluster !== undefined
      ? `remove the IcServer from the fleet and sync: Argo CD / Flux prune Deployment kube-system/ovn-ic-server in cluster ${serverCluster}`
      : `stop the database on every host (hosts/<host>/README.md, "Remove")`;
    let step = 0;
    const numberedStep = (text: string) => out.push(`${++step}. ${text}`);
    numberedStep(`disconnect every cluster first (\`enabled: false\`, sync, verify), as above: ${members.map((m) => m.cluster).join(', ')}`);
    for (const m of members) {
      numberedStep(transitSwitchCleanupStep(m.cluster, tsNames));
      if (out.length === RESET_STEPS_PER_CHUNK) yield flush();
    }
    numberedStep(serverStep);
    numberedStep(icDbFileCleanupStep(db.hosts, db.hostDataDir));
    numberedStep('the next start of a database on those nodes creates an empty IC database; reconnect clusters by re-enabling them');
  }
  yield flush();
}
