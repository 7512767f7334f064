import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { CableDriver, Cni, CoordinatorMode, Fleet, IcDbRuntime, KubeOvnImage, SecretSource } from '../../src';

/**
 * A random fleet as plain JSON, the way a JavaScript or YAML caller would hand it over: every props
 * object is data, and the few class-valued fields are markers (`{ $image: ... }`) the builder turns
 * into the public API's values. A mistake replaces or deletes any value anywhere in that tree, so the
 * builder passes whatever it finds straight to the API, like an untyped caller.
 */
export type Plan = { [key: string]: any };

export type Family = 'ipv4' | 'ipv6' | 'dual';

const hex = (n: number) => n.toString(16);
/** Canonical text (RFC 5952) of an address or CIDR: `fd00:10:0::/64` is written `fd00:10::/64`. */
const canon = (text: string) => {
  const [addr, prefix] = text.split('/');
  const a = ipaddr.parse(addr).toString();
  return prefix === undefined ? a : `${a}/${prefix}`;
};

/** Per-family addressing of cluster slot `s` (never overlapping another slot, nor a reserved range). */
function addressing(family: Family, s: number) {
  const v4 = { pod: `10.${s}.0.0/16`, join: `100.${64 + s}.0.0/16`, service: '10.96.0.0/12', master: (m: number) => `192.168.${s}.${m + 1}` };
  const v6 = {
    pod: canon(`fd00:10:${hex(s)}::/64`), join: canon(`fd00:100:${hex(s)}::/64`), service: 'fd00:96::/112',
    master: (m: number) => canon(`fd00:192:168:${hex(s)}::${m + 1}`),
  };
  const pick = (a: string, b: string) => (family === 'ipv4' ? a : family === 'ipv6' ? b : `${a},${b}`);
  return {
    podCidr: pick(v4.pod, v6.pod),
    joinCidr: pick(v4.join, v6.join),
    serviceCidr: pick(v4.service, v6.service),
    master: (m: number) => (family === 'ipv6' ? v6.master(m) : v4.master(m)),
    overlay: (n: number) => pick(`172.20.${n}.0/24`, canon(`fd00:172:20:${hex(n)}::/64`)),
    underlay: pick(`192.169.${s}.0/24`, canon(`fd00:192:169:${hex(s)}::/64`)),
  };
}

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

const kubeOvnCluster = (family: Family, slot: number, nameOf: string, firstSubnet: number) => fc.record({
  masters: fc.constantFrom(1, 3),
  gateways: fc.integer({ min: 1, max: 3 }),
  overlays: fc.integer({ min: 0, max: 2 }),
  underlay: fc.boolean(),
  image: fc.boolean(),
  leaderProbeInterval: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  vlanId: fc.integer({ min: 0, max: 4095 }),
}).map((s) => {
  const a = addressing(family, slot);
  const masters = Array.from({ length: s.masters }, (_, m) => a.master(m));
  return {
    name: nameOf,
    props: {
      podCidr: a.podCidr, joinCidr: a.joinCidr, serviceCidr: a.serviceCidr, masterNodeIps: masters,
      gatewayNodes: Array.from({ length: s.gateways }, (_, g) => `${nameOf}-gw${g}`),
      ...(s.image ? { kubeOvnImage: { $image: { tag: 'v1.13.15' } } } : {}),
    },
    icServer: { nodeIps: masters, tsNum: 3, ...(s.leaderProbeInterval ? { leaderProbeInterval: s.leaderProbeInterval } : {}) },
    interconnect: { azName: `az-${nameOf}`, enabled: true, gatewayNodes: [`${nameOf}-gw0`] },
    subnets: Array.from({ length: s.overlays }, (_, i) => ({
      id: `sub${firstSubnet + i}`,
      props: { name: `sub${firstSubnet + i}`, cidrBlock: a.overlay(firstSubnet + i), namespaces: [`ns${firstSubnet + i}`], excludeIps: [], disableInterConnection: false },
    })),
    underlay: s.underlay ? {
      id: 'Underlay', props: { name: `pn${slot}`, defaultInterface: 'eth1' },
      vlan: { id: 'Vlan', props: { name: `vlan${s.vlanId}`, id: s.vlanId } },
      subnets: [{ id: 'Subnet', props: { name: `under-${nameOf}`, cidrBlock: a.underlay, logicalGateway: false, excludeIps: [] } }],
    } : undefined,
  };
});

/** A Spiderpool macvlan cluster joined to the broker (Submariner v0.18 routes one IPv4 cluster CIDR). */
function member(slot: number): Plan {
  const pod = `172.${100 + slot}.0.0/16`;
  return {
    name: `member${slot}`,
    props: { podCidr: pod, serviceCidr: `10.${160 + slot}.0.0/18`, cni: { $cni: 'spiderpool-macvlan' }, gatewayNodes: [`member${slot}-gw`] },
    multus: {
      id: 'Macvlan',
      props: { name: 'macvlan-conf', namespace: 'kube-system', master: ['ens224'], vlanId: 0, coordinatorMode: { $coordinator: 'underlay' }, tunePodRoutes: true },
      pools: [{ id: 'Pool', props: { name: `member${slot}`, subnet: pod, ips: [`172.${100 + slot}.1.1-172.${100 + slot}.1.200`], gateway: `172.${100 + slot}.0.1`, default: true } }],
    },
    join: {
      clusterId: `member${slot}`, cableDriver: { $cable: 'libreswan' }, healthCheck: false, natEnabled: true, nattPort: 4500, forceUdpEncaps: false,
      preferredServer: false, debug: false,
      brokerToken: { $vault: `secret/data/submariner/member${slot}` }, brokerCa: { $vault: 'secret/data/submariner/broker' }, psk: { $vault: 'secret/data/submariner/psk' },
    },
  };
}

/** A random valid fleet plan: Kube-OVN clusters of one address family interconnected, optional Submariner members. */
export const planArb: fc.Arbitrary<Plan> = fc.record({
  family: fc.constantFrom<Family>('ipv4', 'ipv6', 'dual'),
  size: fc.integer({ min: 1, max: 3 }),
  members: fc.integer({ min: 0, max: 2 }).map((n) => (n === 1 ? 2 : n)),
  externalDb: fc.boolean(),
  systemd: fc.boolean(),
  delivery: fc.constantFrom('none', 'argocd', 'flux'),
}).chain((shape) => fc.record({
  shape: fc.constant(shape),
  slots: fc.shuffledSubarray(Array.from({ length: 40 }, (_, i) => i), { minLength: shape.size, maxLength: shape.size }),
  names: fc.uniqueArray(name, { minLength: shape.size, maxLength: shape.size, selector: (n) => n }),
}).chain(({ shape, slots, names }) => fc.tuple(...slots.map((slot, i) => kubeOvnCluster(shape.family, slot, names[i].startsWith('member') ? `c${names[i]}` : names[i], i * 2)))
  .map((clusters) => ({
    family: shape.family,
    clusters: [...clusters, ...Array.from({ length: shape.members }, (_, i) => member(i))],
    externalDb: shape.externalDb ? {
      id: 'ext',
      props: { hosts: [{ ip: shape.family === 'ipv6' ? 'fd00:192:168:ff::1' : '192.168.250.1' }], runtime: { $runtime: shape.systemd ? 'systemd' : 'compose' }, image: { $image: { tag: 'v1.13.15' } } },
    } : undefined,
    kubeOvn: { iface: 'eth0,enp.*', enabled: true },
    // vault placeholders need Argo CD: members go with Argo CD or no delivery
    delivery: shape.members > 0 && shape.delivery === 'flux' ? 'argocd' : shape.delivery,
  }))));

/** Turns a marker into the API's value; anything else (a mistake) goes through as it is. */
function value(v: any): any {
  if (Array.isArray(v)) return v.map(value);
  if (v === null || typeof v !== 'object') return v;
  if ('$image' in v) return typeof v.$image === 'object' && v.$image !== null ? KubeOvnImage.of(v.$image) : KubeOvnImage.of(v.$image);
  if ('$cni' in v) return v.$cni === 'spiderpool-macvlan' ? Cni.SPIDERPOOL_MACVLAN : v.$cni;
  if ('$cable' in v) return v.$cable === 'libreswan' ? CableDriver.LIBRESWAN : v.$cable;
  if ('$coordinator' in v) return v.$coordinator === 'underlay' ? CoordinatorMode.UNDERLAY : v.$coordinator;
  if ('$runtime' in v) return v.$runtime === 'systemd' ? IcDbRuntime.CONTAINERD_SYSTEMD : v.$runtime === 'compose' ? IcDbRuntime.DOCKER_COMPOSE : v.$runtime;
  if ('$vault' in v) return SecretSource.argocdVaultPlugin(v.$vault, { key: 'value' });
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
}

const REPO = { repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main' };

/** The entries of a list of the plan; anything else (a mistake in the plan's own structure) has none. */
const each = (list: unknown): any[] => (Array.isArray(list) ? list : []);

/**
 * Builds the fleet through the public API with no type checker, as a JavaScript caller would: the
 * first Kube-OVN cluster (or the external hosts) runs the IC database, the first member the broker.
 */
export function buildPlan(plan: Plan): Fleet {
  const api: any = new Fleet();
  const p: any = value(plan);
  const external = p.externalDb ? api.addExternalIcDatabase(p.externalDb.id, p.externalDb.props) : undefined;
  let icDatabase: unknown = external;
  let broker: unknown;
  for (const c of each(p.clusters)) {
    const cluster = api.addCluster(c?.name, c?.props);
    if (c?.icServer) icDatabase ??= cluster.addIcServer(c.icServer);
    if (c?.interconnect) {
      const ic = cluster.interconnect({ icDatabase, ...c.interconnect });
      for (const s of each(c.subnets)) ic.addSubnet(s?.id, s?.props);
    }
    if (c?.underlay) {
      const vlan = cluster.addProviderNetwork(c.underlay.id, c.underlay.props).addVlan(c.underlay.vlan?.id, c.underlay.vlan?.props);
      for (const s of each(c.underlay.subnets)) vlan.addSubnet(s?.id, s?.props);
    }
    if (c?.join) {
      broker ??= cluster.addSubmarinerBroker({ apiServer: '10.6.168.73:6443' });
      const config = c.multus ? cluster.addSpiderMultusConfig(c.multus.id, c.multus.props) : undefined;
      for (const pool of each(c.multus?.pools)) config.addIpPool(pool?.id, pool?.props);
      cluster.joinSubmariner({ broker, ...c.join });
    }
  }
  if (p.delivery === 'argocd') api.deliverWithArgoCd({ ...REPO, kubeOvn: p.kubeOvn });
  if (p.delivery === 'flux') api.deliverWithFlux({ ...REPO, kubeOvn: p.kubeOvn });
  return api;
}

/** Values a JavaScript or YAML caller gets wrong: wrong types, empty, odd numbers, injections, bad CIDRs. */
export const BAD_VALUES: readonly unknown[] = [
  undefined, null, true, 0, -1, 1.5, NaN, Infinity, 1e21, 2 ** 32, '', ' ', 'a b', 'x\ny', 'v1;reboot', '$(reboot)', 'a\u0000b',
  'UPPER_case', 'a..b', '-a', 'a'.repeat(300), {}, [], ['a b'], [1], [''], { a: 1 },
  '10.0.0.0/33', '10.17.0.0/016', '10.0.0.1/24', 'fd00:0:0::/64', 'FD00::/64', '224.0.0.0/4', '169.254.0.0/16', '127.0.0.0/8',
  '0.0.0.0/8', '10.0.0.1/32', 'fe80::/64', '::1/128', 'ff02::/16', '10.16.0.0/16,10.17.0.0/16', '10.96.0.0/12', '10.0.0.0/8',
  '10.16.0.0/16,fd00:10::/64', 'fd00:96::/112', '300.1.1.1', '10.0.0.1', 'fd00::1',
];

/** Every path to a value in the plan (objects and arrays included), for the mistakes to pick from. */
export function pathsOf(node: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (node === null || typeof node !== 'object') return [prefix];
  const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

/** Sets (or deletes, for `delete`) the value at `path`; a copy of `from` when it names another path. */
export function applyMistake(plan: Plan, path: Array<string | number>, mistake: { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'copy'; from: Array<string | number> }): void {
  if (path.length === 0) return;
  const parent = path.slice(0, -1).reduce<any>((o, k) => o?.[k], plan);
  if (parent === null || typeof parent !== 'object') return;
  const key = path[path.length - 1];
  if (mistake.kind === 'delete') {
    if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
    else delete parent[key];
  } else if (mistake.kind === 'copy') {
    parent[key] = structuredClone(mistake.from.reduce<any>((o, k) => o?.[k], plan));
  } else {
    parent[key] = mistake.value;
  }
}
