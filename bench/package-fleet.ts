import { CableDriver, Fleet, KubeOvnInstallOptions, SecretSource } from '../src';
import { BenchFleet, benchFleet, REPO_URL, REVISION } from './spec';

/** Which delivery renders the fleet: see {@link buildBenchFleet}. */
export type BenchDelivery = 'argocd' | 'flux';

/**
 * The bench fleet through the package. Argo CD delivers the full fleet; the Submariner clusters take the
 * broker token and CA from Vault (argocd-vault-plugin placeholders: the operator reads only the inline
 * CR fields, so a Secret cannot hold them) and the IPsec PSK from an existing Secret (libreswan reads
 * it from `ceIPSecPSKSecret`). Flux cannot apply vault placeholders, so the Flux variant is a sibling of
 * the same clusters without the Submariner joins.
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
  const icDatabase = clusters[0].addIcServer({ nodeIps: spec.clusters[0].masterNodeIps, tsNum: 3 });
  const brokers = new Map<number, ReturnType<typeof clusters[0]['addSubmarinerBroker']>>();

  spec.clusters.forEach((c, i) => {
    const cluster = clusters[i];
    const ic = cluster.interconnect({ icDatabase });
    for (const s of c.overlaySubnets) {
      ic.addSubnet(s.name, { cidrBlock: s.cidrBlock, gateway: s.gateway, namespaces: s.namespaces, natOutgoing: s.natOutgoing });
    }
    cluster.addProviderNetwork('net1', { defaultInterface: 'eth1' })
      .addVlan('vlan1', { id: c.vlanId })
      .addSubnet('underlay1', { cidrBlock: c.underlay.cidrBlock, gateway: c.underlay.gateway, excludeIps: c.underlay.excludeIps });

    if (c.spiderpool) {
      cluster.addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', namespace: 'kube-system', master: ['ens224'] })
        .addIpPool('Pool', { name: `${c.name}-pool`, subnet: c.spiderpool.subnet, ips: [c.spiderpool.ips], gateway: c.spiderpool.gateway });
    }
    if (c.submariner && delivery === 'argocd') {
      const set = c.submariner;
      if (set.brokerCluster === c.name) brokers.set(set.clusterset, cluster.addSubmarinerBroker({ apiServer: set.brokerApiServer }));
      cluster.joinSubmariner({
        broker: brokers.get(set.clusterset)!,
        cableDriver: CableDriver.LIBRESWAN,
        brokerToken: SecretSource.argocdVaultPlugin(`secret/data/submariner/${c.name}`, { key: 'token' }),
        brokerCa: SecretSource.argocdVaultPlugin(`secret/data/submariner/${set.brokerCluster}`, { key: 'ca' }),
        // the submariner-operator chart takes the PSK inline only (ipsec.psk): a placeholder, like the token
        psk: SecretSource.argocdVaultPlugin(`secret/data/submariner/${set.brokerCluster}`, { key: 'psk' }),
      });
    }
  });

  // odd clusters have Kube-OVN installed outside GitOps: they render ovn-ic-controller themselves
  const notInstalled: Record<string, KubeOvnInstallOptions> = {};
  for (const c of spec.clusters.filter((x) => !x.chartInstall)) notInstalled[c.name] = { enabled: false };
  const options = { repoUrl: REPO_URL, revision: REVISION, kubeOvn: { clusters: notInstalled } };
  // the members' argocd-vault-plugin sources above are filled outside the fleet (no credential store pushes them)
  if (delivery === 'argocd') fleet.deliverWithArgoCd({ ...options, preinstalled: { vaultPaths: ['secret/data/submariner/*'] } });
  else fleet.deliverWithFlux(options);
  return fleet;
}

/** The bench fleet of `n` clusters for one delivery: the fleet source of the parallel render (each thread builds it). */
export function benchPackageFleet(n: number, delivery: BenchDelivery): Fleet {
  return buildBenchFleet(benchFleet(n), delivery);
}
