import { Fleet } from './fleet';
import type { ArgoCdDeliveryOptions } from './gitops';
import { Cni } from './rules';
import { CableDriver } from './submariner';

/** The secret store the Submariner credentials travel through (ESO ClusterSecretStore, Vault KV v2 at `secret/`). */
export const DEFAULT_FLEET_SECRET_STORE = 'submariner-credentials';

/** The Git repository the default fleet's `dist/` is committed to. */
export const DEFAULT_FLEET_REPO = 'https://git.example.com/platform/ovn-ic-fleet.git';

/**
 * What the default fleet's bootstrap takes as given (the convergence check reads it from `dist/convergence.json`):
 * External Secrets Operator with its CRDs and the ClusterSecretStore `submariner-credentials` are installed first
 * (dist/README.md, step 0), and a person stores the IPsec PSK once at `submariner/cluster-a/ipsec#psk`. Everything
 * else (the Submariner CRDs from the charts, the broker tokens and CA through PushSecret) is delivered.
 * Spiderpool's CRDs on cluster-a/b are declared by their CNI.
 */
export const DEFAULT_FLEET_PREINSTALLED = {
  crds: ['external-secrets.io/*'],
  vaultPaths: ['secret/data/submariner/cluster-a/ipsec'],
};

/**
 * The fleet `cdk8s synth` renders with no configuration: the seeds' topology. Copy this file to
 * describe your own clusters. `delivery` overrides the Argo CD delivery's options (tests use it).
 *
 * - az1 and az2 run Kube-OVN v1.13.15 and are interconnected with OVN-IC, auto-route on. Their masters
 *   (`masterNodes`) and the Submariner gateways are labelled by partial Node manifests (`dist/nodes/`).
 * - The IC database runs as `ovn-ic-server` on az1's three masters (Raft, the first bootstraps),
 *   with three transit switches (TS_NUM=3).
 * - az1 also has the seed's underlay: ProviderNetwork `net1` (eth1, eth2 on node1, node2 left
 *   out), untagged Vlan `vlan1` with `subnet1` behind an OVN logical gateway, and Vlan `vlan2`
 *   (tag 100) with `subnet2`, which reaches the overlay pods through u2o interconnection. Neither
 *   is advertised through OVN-IC (underlay ranges belong to the physical network).
 * - cluster-a and cluster-b (seed 004) sit in different datacenters with Spiderpool macvlan pods and
 *   are connected by Submariner (libreswan, health check off), installed from the upstream
 *   submariner-operator and submariner-k8s-broker charts; the broker runs in cluster-a. The broker
 *   publishes each member's token and its CA to the secret store `submariner-credentials` (ESO
 *   PushSecret); the members read them back from there, with the IPsec PSK a person stored once at
 *   `submariner/cluster-a/ipsec#psk`: nothing secret is in dist/.
 * - Argo CD (`dist/argocd/`) and Flux (`dist/flux/`) both deliver the whole fleet from this one model.
 *   Kube-OVN itself is installed from the kube-ovn chart with `func.ENABLE_IC`, so the chart runs
 *   ovn-ic-controller (so the package does not render it).
 */
export function buildDefaultFleet(delivery: Partial<ArgoCdDeliveryOptions> = {}): Fleet {
  const fleet = new Fleet();
  const masters = ['192.168.65.3', '192.168.65.2', '192.168.65.1'];

  const az1 = fleet.addCluster('az1', {
    podCidr: '10.16.0.0/16',
    joinCidr: '100.64.0.0/16',
    serviceCidr: '10.96.0.0/12',
    masterNodeIps: masters,
    // labelled kube-ovn/role=master by dist/nodes/az1 (the seeds name no nodes: use your nodes' names)
    masterNodes: ['az1-master-1', 'az1-master-2', 'az1-master-3'],
    gatewayNodes: ['az1-gw'],
  });
  const icDatabase = az1.addIcServer({ nodeIps: masters, tsNum: 3 });
  az1.interconnect({ icDatabase });

  const net1 = az1.addProviderNetwork('net1', {
    defaultInterface: 'eth1',
    customInterfaces: [{ interface: 'eth2', nodes: ['node1'] }],
    excludeNodes: ['node2'],
  });
  // no gateway on the physical network: OVN is the gateway
  net1.addVlan('vlan1', { id: 0 }).addSubnet('subnet1', { cidrBlock: '172.17.0.0/16', gateway: '172.17.0.1', logicalGateway: true });
  // the physical gateway stays; overlay pods reach subnet2's pods through the u2o router port
  net1.addVlan('vlan2', { id: 100 }).addSubnet('subnet2', { cidrBlock: '172.18.0.0/16', u2oInterconnection: true, u2oInterconnectionIp: '172.18.0.254' });

  const az2 = fleet.addCluster('az2', {
    podCidr: '10.17.0.0/16',
    joinCidr: '100.65.0.0/16',
    serviceCidr: '10.96.0.0/12',
    masterNodeIps: ['192.168.66.3', '192.168.66.2', '192.168.66.1'],
    masterNodes: ['az2-master-1', 'az2-master-2', 'az2-master-3'],
    gatewayNodes: ['az2-gw'],
  });
  // stays inside az2: OVN-IC does not advertise it
  az2.interconnect({ icDatabase }).addSubnet('no-advertise', { cidrBlock: '10.199.0.0/16', disableInterConnection: true });

  addSpiderpoolClusters(fleet);

  fleet.deliverWithArgoCd({ repoUrl: DEFAULT_FLEET_REPO, revision: 'main', namespace: 'argocd', preinstalled: DEFAULT_FLEET_PREINSTALLED, ...delivery });
  fleet.deliverWithFlux({ repoUrl: DEFAULT_FLEET_REPO, revision: 'main', preinstalled: DEFAULT_FLEET_PREINSTALLED });
  return fleet;
}

/** Seed 004: two Spiderpool macvlan clusters joined by Submariner. */
function addSpiderpoolClusters(fleet: Fleet): void {
  const seed = [
    { name: 'cluster-a', podCidr: '172.110.0.0/16', serviceCidr: '10.233.0.0/18' },
    { name: 'cluster-b', podCidr: '172.111.0.0/16', serviceCidr: '10.243.0.0/18' },
  ];
  const clusters = seed.map((c) => ({ seed: c, cluster: fleet.addCluster(c.name, {
    podCidr: c.podCidr,
    serviceCidr: c.serviceCidr,
    cni: Cni.SPIDERPOOL_MACVLAN,
    // the seed's gateway node in both datacenters: labelled submariner.io/gateway=true by dist/nodes/<cluster>
    gatewayNodes: ['controller-node-1'],
  }) }));
  const broker = clusters[0].cluster.addSubmarinerBroker({
    apiServer: '10.6.168.73:6443',
    credentialStore: { store: { name: DEFAULT_FLEET_SECRET_STORE, kind: 'ClusterSecretStore' } },
  });

  for (const { seed: c, cluster } of clusters) {
    const octets = c.podCidr.split('.');
    const macvlan = cluster.addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', namespace: 'kube-system', master: ['ens224'] });
    // the pool's subnet is the whole underlay network (= the Submariner cluster CIDR); pods use a slice of it
    macvlan.addIpPool('Pool', {
      name: cluster.name,
      subnet: c.podCidr,
      ips: [`${octets[0]}.${octets[1]}.1.1-${octets[0]}.${octets[1]}.1.200`],
      gateway: `${octets[0]}.${octets[1]}.0.1`,
      default: true,
    });
    cluster.joinSubmariner({
      broker,
      cableDriver: CableDriver.LIBRESWAN,
      healthCheck: false,
    });
  }
}
