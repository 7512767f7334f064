import * as fc from 'fast-check';
import { BrokerModel, CableDriver, Cni, Fleet, IcDatabase, SecretSource } from '../../src';

/** A random but valid fleet, as plain data, so a test can mutate one field before building it. */
export interface ClusterSpec {
  name: string;
  azName: string;
  podCidr: string;
  joinCidr: string;
  gatewayNodes: string[];
  masters: string[];
  overlay: Array<{ name: string; cidr: string; disableInterConnection: boolean }>;
  underlay?: { provider: string; iface: string; vlanId: number; subnet: string; cidr: string; gateway?: string; logicalGateway: boolean };
}

/** A Spiderpool macvlan cluster joined to the broker through Submariner. */
export interface MemberSpec {
  name: string;
  clusterId: string;
  podCidr: string;
  serviceCidr: string;
}

/** Which GitOps tools deliver the fleet (Flux only without members: their secrets are vault placeholders). */
export type DeliverySpec = 'none' | 'argocd' | 'flux' | 'both';

export interface FleetSpec {
  tsNum: number;
  clusters: ClusterSpec[];
  members: MemberSpec[];
  delivery: DeliverySpec;
}

const letters = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);

/**
 * Cluster i gets pod 10.<slot>.0.0/16 and join 100.<64+slot>.0.0/16 from a shuffled slot list, so
 * ranges never overlap whatever the order; overlay subnets come from 172.20.0.0/14 in /24s.
 */
export const fleetSpec: fc.Arbitrary<FleetSpec> = fc
  .record({
    tsNum: fc.integer({ min: 1, max: 5 }),
    size: fc.integer({ min: 1, max: 40 }),
    memberCount: fc.oneof(fc.constant(0), fc.integer({ min: 2, max: 10 })),
    delivery: fc.constantFrom<DeliverySpec>('none', 'argocd', 'flux', 'both'),
  })
  .chain(({ tsNum, size, memberCount, delivery }) => fc.record({
    tsNum: fc.constant(tsNum),
    delivery: fc.constant<DeliverySpec>(memberCount > 0 && delivery !== 'none' ? 'argocd' : delivery),
    memberSlots: fc.shuffledSubarray(Array.from({ length: 40 }, (_, i) => i), { minLength: memberCount, maxLength: memberCount }),
    slots: fc.shuffledSubarray(Array.from({ length: 90 }, (_, i) => i), { minLength: size, maxLength: size }),
    names: fc.uniqueArray(letters, { minLength: size, maxLength: size }),
    shapes: fc.array(fc.record({
      gateways: fc.integer({ min: 1, max: 4 }),
      masters: fc.constantFrom(1, 3, 5),
      overlays: fc.array(fc.boolean(), { maxLength: 4 }),
      underlay: fc.option(fc.record({
        provider: fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/).filter((n) => n !== 'int'),
        iface: fc.stringMatching(/^eth[0-9]{1,2}$/),
        vlanId: fc.integer({ min: 0, max: 4095 }),
        logicalGateway: fc.boolean(),
      }), { nil: undefined }),
    }), { minLength: size, maxLength: size }),
  }))
  .map(({ tsNum, delivery, slots, names, shapes, memberSlots }) => {
    let next = 0;
    const clusters = names.map((name, i): ClusterSpec => {
      const slot = slots[i];
      const s = shapes[i];
      return {
        name,
        azName: `az-${name}`,
        podCidr: `10.${slot}.0.0/16`,
        joinCidr: `100.${64 + slot}.0.0/16`,
        gatewayNodes: Array.from({ length: s.gateways }, (_, g) => `${name}-gw${g}`),
        masters: Array.from({ length: s.masters }, (_, m) => `192.168.${slot}.${m + 1}`),
        overlay: s.overlays.map((disable) => {
          const n = next++;
          return { name: `sub${n}`, cidr: `172.${20 + (n >> 8)}.${n & 255}.0/24`, disableInterConnection: disable };
        }),
        underlay: s.underlay && { ...s.underlay, subnet: `under-${name}`, cidr: `192.169.${slot}.0/24` },
      };
    });
    // members: pod 172.(100+slot).0.0/16, service 10.(160+slot).0.0/18; never overlapping the above
    const members = memberSlots.map((slot): MemberSpec => ({
      name: `member${slot}`, clusterId: `member${slot}`, podCidr: `172.${100 + slot}.0.0/16`, serviceCidr: `10.${160 + slot}.0.0/18`,
    }));
    return { tsNum, clusters, members, delivery };
  });

/** The Git repository the property fleets are delivered from. */
const REPO = { repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' };

/** Builds the fleet: the IC database on the first cluster's masters, every cluster interconnected. */
export function buildFleet(spec: FleetSpec): Fleet {
  const fleet = new Fleet();
  let icDatabase: IcDatabase | undefined;
  for (const c of spec.clusters) {
    const cluster = fleet.addCluster(c.name, {
      podCidr: c.podCidr, joinCidr: c.joinCidr, serviceCidr: '10.96.0.0/12', masterNodeIps: c.masters, gatewayNodes: c.gatewayNodes,
    });
    icDatabase ??= cluster.addIcServer({ nodeIps: c.masters, tsNum: spec.tsNum });
    const ic = cluster.interconnect({ icDatabase, azName: c.azName });
    for (const o of c.overlay) ic.addSubnet(o.name, { cidrBlock: o.cidr, disableInterConnection: o.disableInterConnection });
    if (c.underlay) {
      const u = c.underlay;
      cluster.addProviderNetwork('Underlay', { name: u.provider, defaultInterface: u.iface })
        .addVlan('Vlan', { name: `vlan${u.vlanId}`, id: u.vlanId })
        .addSubnet('Subnet', { name: u.subnet, cidrBlock: u.cidr, gateway: u.gateway, logicalGateway: u.logicalGateway });
    }
  }
  addMembers(fleet, spec.members);
  if (spec.delivery === 'argocd' || spec.delivery === 'both') fleet.deliverWithArgoCd(REPO);
  if (spec.delivery === 'flux' || spec.delivery === 'both') fleet.deliverWithFlux(REPO);
  return fleet;
}

/** The seed-004 pattern for every member: macvlan pool in the pod CIDR, libreswan, health check off. */
function addMembers(fleet: Fleet, members: MemberSpec[]): void {
  let broker: BrokerModel | undefined;
  for (const m of members) {
    const cluster = fleet.addCluster(m.name, { podCidr: m.podCidr, serviceCidr: m.serviceCidr, cni: Cni.SPIDERPOOL_MACVLAN, gatewayNodes: [`${m.name}-gw`] });
    broker ??= cluster.addSubmarinerBroker({ apiServer: '10.6.168.73:6443' });
    const [a, b] = m.podCidr.split('.');
    cluster.addSpiderMultusConfig('Macvlan', { name: 'macvlan-conf', namespace: 'kube-system', master: ['ens224'] })
      .addIpPool('Pool', { name: m.name, subnet: m.podCidr, ips: [`${a}.${b}.1.1-${a}.${b}.1.200`], gateway: `${a}.${b}.0.1`, default: true });
    cluster.joinSubmariner({
      broker,
      clusterId: m.clusterId,
      cableDriver: CableDriver.LIBRESWAN,
      healthCheck: false,
      brokerToken: SecretSource.argocdVaultPlugin(`secret/data/submariner/${m.name}`, { key: 'token' }),
      brokerCa: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'ca' }),
      psk: SecretSource.argocdVaultPlugin('secret/data/submariner/broker', { key: 'psk' }),
    });
  }
}
