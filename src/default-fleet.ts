import { Fleet } from './fleet';
import { ArgoCdDelivery, FluxDelivery } from './gitops';
import { IcDatabase, IcServer, InterconnectedCluster } from './ovn-ic';

/** The Git repository the default fleet's `dist/` is committed to. */
export const DEFAULT_FLEET_REPO = 'https://git.example.com/platform/ovn-ic-fleet.git';

/**
 * The fleet `cdk8s synth` renders with no configuration: the seeds' topology. Copy this file to
 * describe your own clusters.
 *
 * - az1 and az2 run Kube-OVN v1.13.15 and are interconnected with OVN-IC, auto-route on.
 * - The IC database runs as `ovn-ic-server` on az1's three masters (Raft, the first bootstraps),
 *   with three transit switches (TS_NUM=3).
 * - Argo CD delivers it (`dist/argocd/`), and Kube-OVN itself is installed from the kube-ovn chart
 *   with `func.ENABLE_IC`, so the chart runs ovn-ic-controller (`installedWithEnableIc`). The same
 *   fleet is rendered for Flux too (`dist/flux/`); use one of the two.
 */
export function buildDefaultFleet(): Fleet {
  const fleet = new Fleet();
  const masters = ['192.168.65.3', '192.168.65.2', '192.168.65.1'];

  const az1 = fleet.addCluster('az1', {
    podCidr: '10.16.0.0/16',
    joinCidr: '100.64.0.0/16',
    serviceCidr: '10.96.0.0/12',
    masterNodeIps: masters,
    gatewayNodes: ['az1-gw'],
  });
  const icServer = new IcServer(az1.chart, 'IcServer', { nodeIps: masters, tsNum: 3 });
  const icDatabase = IcDatabase.fromServer(icServer);
  new InterconnectedCluster(az1.chart, 'Interconnection', { icDatabase, installedWithEnableIc: true });

  const az2 = fleet.addCluster('az2', {
    podCidr: '10.17.0.0/16',
    joinCidr: '100.65.0.0/16',
    serviceCidr: '10.96.0.0/12',
    masterNodeIps: ['192.168.66.3', '192.168.66.2', '192.168.66.1'],
    gatewayNodes: ['az2-gw'],
  });
  const az2Ic = new InterconnectedCluster(az2.chart, 'Interconnection', { icDatabase, installedWithEnableIc: true });
  // stays inside az2: OVN-IC does not advertise it
  az2Ic.addSubnet('no-advertise', { cidrBlock: '10.199.0.0/16', disableInterConnection: true });

  const delivery = { repoUrl: DEFAULT_FLEET_REPO, revision: 'main' };
  new ArgoCdDelivery(fleet, { ...delivery, namespace: 'argocd' });
  new FluxDelivery(fleet, delivery);

  return fleet;
}
