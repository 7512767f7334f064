import { Cidr } from '../net';

/** Client ports of the IC databases; start-ic-db.sh hard-codes them. */
export const IC_NB_PORT = 6645;
export const IC_SB_PORT = 6646;

/** Transit switches `ovn-ic-server` keeps when TS_NUM is not given (install-ic-server.sh's default). */
export const DEFAULT_TS_NUM = 3;

/**
 * The leader checker names transit switch i `ts` (i = 0) or `ts<i>` and gives it
 * 169.254.(100+i).0/24 (IPv6 fe80:a9fe:<hex 100+i>::/112), so at most 156 fit in the IPv4 range.
 */
export const TS_NUM_MAX = 156;

/** One OVN-IC transit switch. */
export interface TransitSwitch {
  readonly name: string;
  readonly ipv4: Cidr;
  readonly ipv6: Cidr;
}

export function transitSwitchName(index: number): string {
  return index === 0 ? 'ts' : `ts${index}`;
}

/** The transit switches for a TS_NUM (empty when the number is out of range). */
export function transitSwitches(tsNum: number): TransitSwitch[] {
  if (!Number.isInteger(tsNum) || tsNum < 1 || tsNum > TS_NUM_MAX) return [];
  return Array.from({ length: tsNum }, (_, i) => ({
    name: transitSwitchName(i),
    ipv4: Cidr.parse(`169.254.${100 + i}.0/24`),
    ipv6: Cidr.parse(`fe80:a9fe:${(100 + i).toString(16)}::/112`),
  }));
}
