/**
 * The synthetic fleet of the benchmark, as plain data that `package-fleet.ts` turns into a fleet model.
 * Deterministic: the same N gives the same fleet. Nothing here loads cdk8s.
 *
 * Every cluster runs Kube-OVN and is interconnected with OVN-IC (auto-route) through one IC database
 * (`ovn-ic-server` in the first cluster, TS_NUM 3, three gateway nodes each): `ovn-ic-config`, four
 * overlay subnets, a ProviderNetwork with a Vlan and an underlay subnet. Even clusters get Kube-OVN from
 * the kube-ovn chart through the delivery (which then runs ovn-ic-controller); odd clusters have Kube-OVN
 * installed outside GitOps and render `ovn-ic-controller` themselves. Odd clusters also get a Spiderpool
 * macvlan network with a pool and join Submariner: in clustersets of {@link CLUSTERSET_SIZE} (a broker
 * in the first member of each), because a Submariner full mesh over hundreds of clusters is not a real
 * deployment and its output (hijack CIDRs, tunnels) grows with the square of the members.
 *
 * Address plan (N <= 8192): cluster i owns 10.0.0.0/8's i-th /21 (pod CIDR /22, overlay subnets four
 * /24), join 100.64.0.0/10's i-th /23, service 172.16.0.0/12's i-th /25, underlay 198.18.0.0/15's i-th
 * /28, masters 192.168.(i/64).(4(i%64)+1..3).
 */

export const MAX_CLUSTERS = 8192;
export const CLUSTERSET_SIZE = 8;
export const REPO_URL = 'https://git.example.com/platform/ovn-ic-fleet.git';
export const REVISION = 'main';
export const ARGOCD_DIR = 'argocd-fleet';
export const FLUX_DIR = 'flux-fleet';

export interface BenchSubnet {
  readonly name: string;
  readonly cidrBlock: string;
  readonly gateway: string;
  readonly namespaces: string[];
  readonly natOutgoing?: boolean;
}

export interface BenchSubmariner {
  /** Index of the clusterset (one broker each). */
  readonly clusterset: number;
  /** Name of the cluster that runs the clusterset's broker. */
  readonly brokerCluster: string;
  readonly brokerApiServer: string;
  /** Names of every member, in cluster order (the broker cluster included). */
  readonly members: readonly string[];
}

export interface BenchCluster {
  readonly index: number;
  readonly name: string;
  readonly podCidr: string;
  /** The first address of the pod CIDR (ovn-default's gateway). */
  readonly podGateway: string;
  readonly joinCidr: string;
  readonly serviceCidr: string;
  readonly masterNodeIps: string[];
  readonly gatewayNodes: string[];
  /** Kube-OVN from the kube-ovn chart through the delivery (func.ENABLE_IC), else ovn-ic-controller rendered. */
  readonly chartInstall: boolean;
  readonly overlaySubnets: BenchSubnet[];
  readonly vlanId: number;
  readonly underlay: { readonly cidrBlock: string; readonly gateway: string; readonly excludeIps: string[] };
  /** Spiderpool macvlan network and pool, and the Submariner clusterset (odd clusters). */
  readonly spiderpool?: { readonly subnet: string; readonly ips: string; readonly gateway: string };
  readonly submariner?: BenchSubmariner;
}

export interface BenchFleet {
  readonly clusters: BenchCluster[];
  readonly clustersets: BenchSubmariner[];
}

const ipv4 = (n: number): string => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const base = (a: number, b: number, c: number, d: number): number => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;

export function clusterName(i: number): string {
  return `c${String(i).padStart(4, '0')}`;
}

/** The bench fleet of `n` clusters. */
export function benchFleet(n: number): BenchFleet {
  if (!Number.isInteger(n) || n < 2 || n > MAX_CLUSTERS) throw new Error(`N must be an integer 2-${MAX_CLUSTERS}, got ${n}`);
  const names = Array.from({ length: n }, (_, i) => clusterName(i));
  const submarinerNames = names.filter((_, i) => i % 2 === 1);
  const clustersets: BenchSubmariner[] = [];
  for (let s = 0; s * CLUSTERSET_SIZE < submarinerNames.length; s++) {
    const members = submarinerNames.slice(s * CLUSTERSET_SIZE, (s + 1) * CLUSTERSET_SIZE);
    clustersets.push({ clusterset: s, brokerCluster: members[0], brokerApiServer: `api.${members[0]}.example.com:6443`, members });
  }
  // a clusterset of one connects nothing: fold it into the previous one
  if (clustersets.length > 1 && clustersets[clustersets.length - 1].members.length === 1) {
    const last = clustersets.pop()!;
    const prev = clustersets.pop()!;
    clustersets.push({ ...prev, members: [...prev.members, ...last.members] });
  }
  const setOf = new Map<string, BenchSubmariner>();
  for (const set of clustersets) for (const m of set.members) setOf.set(m, set);

  const clusters = names.map((name, i): BenchCluster => {
    const own = base(10, 0, 0, 0) + i * 2048;
    const underlay = base(198, 18, 0, 0) + i * 16;
    const masters = base(192, 168, 0, 0) + (i >> 6) * 256 + (i & 63) * 4;
    const submariner = setOf.get(name);
    return {
      index: i,
      name,
      podCidr: `${ipv4(own)}/22`,
      podGateway: ipv4(own + 1),
      joinCidr: `${ipv4(base(100, 64, 0, 0) + i * 512)}/23`,
      serviceCidr: `${ipv4(base(172, 16, 0, 0) + i * 128)}/25`,
      masterNodeIps: [ipv4(masters + 1), ipv4(masters + 2), ipv4(masters + 3)],
      gatewayNodes: [`${name}-gw1`, `${name}-gw2`, `${name}-gw3`],
      chartInstall: i % 2 === 0,
      overlaySubnets: [0, 1, 2, 3].map((k) => ({
        name: `team-${k}`,
        cidrBlock: `${ipv4(own + 1024 + k * 256)}/24`,
        gateway: ipv4(own + 1024 + k * 256 + 1),
        namespaces: [`team-${k}`],
        ...(k === 0 ? { natOutgoing: true } : {}),
      })),
      vlanId: 100 + (i % 100),
      underlay: { cidrBlock: `${ipv4(underlay)}/28`, gateway: ipv4(underlay + 1), excludeIps: [`${ipv4(underlay + 2)}..${ipv4(underlay + 9)}`] },
      ...(i % 2 === 1 ? {
        spiderpool: { subnet: `${ipv4(own)}/22`, ips: `${ipv4(own + 256 + 1)}-${ipv4(own + 256 + 200)}`, gateway: ipv4(own + 1) },
        submariner,
      } : {}),
    };
  });
  return { clusters, clustersets };
}
