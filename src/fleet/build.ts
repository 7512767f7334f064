import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NodeLabels } from '../kube-ovn/node-labels';
import { IcServer } from '../ovn-ic/ic-server';
import { InterconnectedCluster } from '../ovn-ic/interconnected-cluster';
import { checkConstructId, collectWarningsOf } from '../rules';
import { SpiderMultusConfig } from '../spiderpool/multus-config';
import { SubmarinerBroker } from '../submariner/broker';
import { SubmarinerJoin } from '../submariner/join';
import { ProviderNetwork } from '../underlay/provider-network';
import { UnderlaySubnet } from '../underlay/underlay-subnet';
import { IVlan, Vlan } from '../underlay/vlan';
import { BrokerModel, FleetCluster, Interconnection, SubmarinerMembership } from './model';
import type { ResolvedCluster } from './resolve';

/** The chart every object of one cluster goes into; its id is the cluster's name. */
export class ClusterChart extends Chart {
  constructor(scope: Construct, public readonly cluster: ResolvedCluster) {
    super(scope, cluster.name);
    collectWarningsOf(this);
  }
}

/**
 * Builds one cluster's chart from its resolved slice: every construct gets what it needs through
 * props, and nothing outside this chart is read or changed. The chart has its own App, so it can be
 * synthesized, written and dropped on its own.
 */
export function buildCluster(cluster: ResolvedCluster): ClusterChart {
  const chart = new ClusterChart(new App({ outdir: `clusters/${cluster.name}` }), cluster);
  if (cluster.icServer) new IcServer(chart, FleetCluster.IC_SERVER_ID, cluster.icServer);
  if (cluster.interconnection) {
    const ic = new InterconnectedCluster(chart, Interconnection.ID, cluster.interconnection.props);
    for (const s of cluster.interconnection.subnets) if (isFree(ic, s.id, 'Subnet')) ic.addSubnet(s.id, s.props);
  }
  for (const pn of cluster.providerNetworks) {
    if (!pn.installed && !isFree(chart, pn.id, 'ProviderNetwork')) continue;
    // the install-time pair is Kube-OVN's own: only what is bound to it is rendered (resolve checks it exists)
    const network = pn.installed ? ProviderNetwork.fromInstallUnderlay(cluster.network) : new ProviderNetwork(chart, pn.id, { ...pn.props, cluster: cluster.network });
    for (const vlan of pn._vlans) {
      const vlanScope = network instanceof ProviderNetwork ? network : chart;
      if (!vlan.installed && !isFree(vlanScope, vlan.id, 'Vlan')) continue;
      const v: IVlan = vlan.installed
        ? Vlan.fromInstallUnderlay(cluster.network)
        : new Vlan(vlanScope, vlan.id, { ...vlan.props, providerNetwork: network, cluster: cluster.network });
      const subnetScope = v instanceof Vlan ? v : chart;
      for (const s of vlan._subnets) {
        if (isFree(subnetScope, s.id, 'Subnet')) new UnderlaySubnet(subnetScope, s.id, { cluster: cluster.network, ...s.props, vlan: v });
      }
    }
  }
  if (cluster.broker && isFree(chart, BrokerModel.ID, 'SubmarinerBroker')) new SubmarinerBroker(chart, BrokerModel.ID, cluster.broker);
  const configs = new Map<string, SpiderMultusConfig>();
  for (const m of cluster.multusConfigs) {
    if (!isFree(chart, m.id, 'SpiderMultusConfig')) continue;
    const config = new SpiderMultusConfig(chart, m.id, m.props);
    for (const p of m.pools) if (isFree(config, p.id, 'SpiderIPPool')) config.addIpPool(p.id, p.props);
    configs.set(m.id, config);
  }
  if (cluster.join && isFree(chart, SubmarinerMembership.ID, 'SubmarinerJoin')) {
    const join = new SubmarinerJoin(chart, SubmarinerMembership.ID, cluster.join.props);
    const check = cluster.join.connectivityCheck;
    if (check) {
      const { multusConfigId, ...options } = check;
      join.addConnectivityCheck({ ...options, multusConfig: multusConfigId === undefined ? undefined : configs.get(multusConfigId) });
    }
  }
  for (const extend of cluster.model._extensions) extend(chart, cluster);
  return chart;
}

/**
 * True when `id` is still free in `scope`. Ids come from the model (`addProviderNetwork(id)`, ...), and
 * cdk8s throws on a taken one: the object is left out instead and `scope` reports the clash, so the
 * render reports every problem at once and never crashes.
 */
function isFree(scope: Construct, id: string, kind: string): boolean {
  const cluster = Chart.of(scope).node.id;
  const idError = checkConstructId(id);
  if (idError) {
    scope.node.addValidation({ validate: () => [`cluster "${cluster}": ${kind} is not built, because its construct id ${idError}`] });
    return false;
  }
  const taken = scope.node.tryFindChild(id);
  if (!taken) return true;
  scope.node.addValidation({
    validate: () => [`cluster "${cluster}": ${kind} "${id}" is not built, because the construct id "${id}" is already taken by ${taken.constructor.name} ${taken.node.path}; give each object its own id (it is the construct id)`],
  });
  return false;
}

/** The folder of a cluster's partial Node manifests, beside `clusters/` (delivered before Kube-OVN and the cluster folder). */
export const NODES_DIR = 'nodes';

/**
 * The chart of a cluster's node labels (`nodes/<cluster>/`), or undefined when it labels none
 * (`labelNodes: false`, or no master or Submariner gateway names). A chart of its own: the labels must be
 * on the nodes before the Kube-OVN chart schedules its control plane, i.e. before the cluster folder.
 */
export function buildNodes(cluster: ResolvedCluster): Chart | undefined {
  if (cluster.labelledNodes.length === 0) return undefined;
  const chart = new Chart(new App({ outdir: `${NODES_DIR}/${cluster.name}` }), cluster.name);
  collectWarningsOf(chart);
  new NodeLabels(chart, 'NodeLabels', { nodes: cluster.labelledNodes, cluster: cluster.network });
  return chart;
}
