import { Cidr } from '../net';

/** The chart's `networking.NET_STACK`; it also names the values block holding the CIDRs. */
export type NetStack = 'ipv4' | 'ipv6' | 'dual_stack';

/** The stack of one CIDR per family; undefined for anything else (reported by the owner's validation). */
export function netStackOf(cidrs: readonly Cidr[]): NetStack | undefined {
  if (cidrs.length === 1) return cidrs[0].family === 'IPv4' ? 'ipv4' : 'ipv6';
  if (cidrs.length === 2 && cidrs[0].family !== cidrs[1].family) return 'dual_stack';
  return undefined;
}
