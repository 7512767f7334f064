import { Cidr } from '../net';

/** A range no pod, service, join or subnet CIDR may overlap. */
export interface ReservedRange {
  readonly cidr: Cidr;
  /** What the range is, for messages. */
  readonly what: string;
  /**
   * True when Kube-OVN itself rejects a CIDR overlapping it (v1.13.15 `pkg/util/net.go`
   * `CIDRGlobalUnicast`); false when only traffic breaks at run time.
   */
  readonly upstream: boolean;
}

const range = (cidr: string, what: string, upstream = true): ReservedRange => ({ cidr: Cidr.parse(cidr), what, upstream });

/**
 * Kube-OVN v1.13.15 `pkg/util/net.go` `CIDRGlobalUnicast` (constants IPv4Broadcast ... IPv6LinkLocalUnicast):
 * ValidateSubnet rejects a Subnet overlapping these, and kube-ovn-controller refuses to start when its
 * join, pod or service CIDR does (`pkg/controller/config.go` ParseFlags -> `CheckSystemCIDR`).
 * 169.254.0.0/16 and fe80::/10 also hold the OVN-IC transit switches (169.254.(100+i).0/24 and
 * fe80:a9fe:<hex 100+i>::/112, `pkg/ovn_leader_checker` for TS_NUM).
 */
export const KUBE_OVN_RESERVED: readonly ReservedRange[] = [
  range('255.255.255.255/32', 'IPv4 broadcast'),
  range('224.0.0.0/4', 'IPv4 multicast'),
  range('127.0.0.0/8', 'IPv4 loopback'),
  range('0.0.0.0/32', 'IPv4 "this network"'),
  range('169.254.0.0/16', 'IPv4 link-local (also used by OVN-IC transit switches)'),
  range('::/128', 'IPv6 unspecified'),
  range('::1/128', 'IPv6 loopback'),
  range('ff00::/8', 'IPv6 multicast'),
  range('fe80::/10', 'IPv6 link-local (also used by OVN-IC transit switches)'),
];

/**
 * The ranges a cluster's pod, service and join CIDRs must avoid: Kube-OVN's, plus the rest of
 * 0.0.0.0/8 ("this network", RFC 1122 3.2.1.3 and RFC 6890: never a destination), which Kube-OVN
 * accepts but which routers, other CNIs and peer clusters drop, so cross-cluster traffic breaks at
 * run time.
 */
export const CLUSTER_RESERVED: readonly ReservedRange[] = [
  ...KUBE_OVN_RESERVED,
  range('0.0.0.0/8', 'IPv4 "this network" block (RFC 1122: never a destination)', false),
];

/** The first reserved range `cidr` overlaps, if any. */
export function reservedOverlap(cidr: Cidr, ranges: readonly ReservedRange[]): ReservedRange | undefined {
  return ranges.find((r) => r.cidr.overlaps(cidr));
}
