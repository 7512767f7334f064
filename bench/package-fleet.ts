import {
  ArgoCdDelivery, CableDriver, Fleet, FluxDelivery, IcDatabase, IcServer, InterconnectedCluster, KubeOvnInstallOptions,
  ProviderNetwork, SecretSource, SpiderMultusConfig, SubmarinerBroker, SubmarinerJoin,
} from '../src';
import { BenchFleet, PSK_SECRET, REPO_URL, REVISION } from './spec';

/** Which delivery renders the fleet: see {@link buildBenchFleets}. */
export type BenchDelivery = 'argocd' | 'flux';

/**
 * The bench fleet through the package. Argo CD delivers the full fleet; the Submariner clusters take the
 * broker token and CA from Vault (argocd-vault-plugin placeholders: the operator reads only the inline
 * CR fields, so a Secret cannot hold them) and the IPsec PSK from an existing Secret (libreswan reads
 * it from `ceIPSecPSKSecret`). Flux cannot apply
 * vault placeholders and the token/CA have no Secret-backed form, so Flux and Submariner cannot share a
 * fleet without writing the token and CA to Git: the Flux variant is a sibling of the same clusters
 * without the Submariner joins (see bench/README in docs/performance.md).
 */
export function buildBenchFleet(spec: BenchFleet, delivery: BenchDelivery): Fleet {
  const fleet = new Fleet();
  const clusters = spec.clusters.map((c) => fleet.addCluster(c.name, {
    podCidr: c.podCidr,
    joinCidr: c.joinCidr,
    serviceCidr: c.serviceCidr,
    masterNodeIps: c.masterNodeIps,
    gatewayNodes: c.gatewayNodes,
  }));
  const server = new IcServer(clusters[0].chart, 'IcServer', { nodeIps: spec.clusters[0].masterNodeIps, tsNum: 3 });
  const icDatabase = IcDatabase.fromServer(server);
  const brokers = new Map<number, SubmarinerBroker>();

  spec.clusters.forEach((c, i) => {
    const chart = clusters[i].chart;
    const ic = new InterconnectedCluster(chart, 'Interconnection', { icDatabase, installedWithEnableIc: c.chartInstall });
    for (const s of c.overlaySubnets) {
      ic.addSubnet(s.name, { cidrBlock: s.cidrBlock, gateway: s.gateway, namespaces: s.namespaces, natOutgoing: s.natOutgoing });
    }
    const net = new ProviderNetwork(chart, 'net1', { defaultInterface: 'eth1' });
    net.addVlan('vlan1', { id: c.vlanId }).addSubnet('underlay1', { cidrBlock: c.underlay.cidrBlock, gateway: c.underlay.gateway, excludeIps: c.underlay.excludeIps });

    if (c.spiderpool) {
      const macvlan = new SpiderMultusConfig(chart, 'Macvlan', { name: 'macvlan-conf', namespace: 'kube-system', master: ['ens224'] });
      macvlan.addIpPool('Pool', { name: `${c.name}-pool`, subnet: c.spiderpool.subnet, ips: [c.spiderpool.ips], gateway: c.spiderpool.gateway });
    }
    if (c.submariner && delivery === 'argocd') {
      const set = c.submariner;
      if (set.brokerCluster === c.name) brokers.set(set.clusterset, new SubmarinerBroker(chart, 'SubmarinerBroker', { apiServer: set.brokerApiServer }));
      new SubmarinerJoin(chart, 'SubmarinerJoin', {
        broker: brokers.get(set.clusterset)!,
        cableDriver: CableDriver.LIBRESWAN,
        brokerToken: SecretSource.argocdVaultPlugin(`secret/data/submariner/${c.name}`, { key: 'token' }),
        brokerCa: SecretSource.argocdVaultPlugin(`secret/data/submariner/${set.brokerCluster}`, { key: 'ca' }),
        // materialised by Sealed Secrets or SOPS: nothing rendered, the CR names it
        psk: SecretSource.existingSecret(PSK_SECRET),
      });
    }
  });

  const notInstalled: Record<string, KubeOvnInstallOptions> = {};
  for (const c of spec.clusters.filter((x) => !x.chartInstall)) notInstalled[c.name] = { enabled: false };
  const props = { repoUrl: REPO_URL, revision: REVISION, kubeOvn: { clusters: notInstalled } };
  if (delivery === 'argocd') new ArgoCdDelivery(fleet, props);
  else new FluxDelivery(fleet, props);
  return fleet;
}
