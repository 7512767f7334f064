import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { IcServer } from '../ovn-ic/ic-server';
import { InterconnectedCluster } from '../ovn-ic/interconnected-cluster';
import { collectWarningsOf } from '../rules';
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
    for (const s of cluster.interconnection.subnets) ic.addSubnet(s.id, s.props);
  }
  for (const pn of cluster.providerNetworks) {
    // the install-time pair is Kube-OVN's own: only what is bound to it is rendered (resolve checks it exists)
    const network = pn.installed ? ProviderNetwork.fromInstallUnderlay(cluster.network) : new ProviderNetwork(chart, pn.id, { ...pn.props, cluster: cluster.network });
    for (const vlan of pn._vlans) {
      const v: IVlan = vlan.installed
        ? Vlan.fromInstallUnderlay(cluster.network)
        : new Vlan(network instanceof ProviderNetwork ? network : chart, vlan.id, { ...vlan.props, providerNetwork: network, cluster: cluster.network });
      for (const s of vlan._subnets) new UnderlaySubnet(v instanceof Vlan ? v : chart, s.id, { cluster: cluster.network, ...s.props, vlan: v });
    }
  }
  if (cluster.broker) new SubmarinerBroker(chart, BrokerModel.ID, cluster.broker);
  const configs = new Map<string, SpiderMultusConfig>();
  for (const m of cluster.multusConfigs) {
    const config = new SpiderMultusConfig(chart, m.id, m.props);
    for (const p of m.pools) config.addIpPool(p.id, p.props);
    configs.set(m.id, config);
  }
  if (cluster.join) {
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
