import { formatIp, IpFamily } from '../net';
import { tryIp } from '../rules';

/** An inclusive address range of one family, as Spiderpool writes `ips` and `excludeIPs` entries. */
export interface IpRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * Parses a Spiderpool range entry: one address (`172.110.1.5`) or `first-last`
 * (`172.110.1.1-172.110.1.200`). Problems go to `errors` with `field` named.
 */
export function parsePoolRange(text: string, field: string, errors: string[]): IpRange | undefined {
  const ends = String(text).split('-');
  if (ends.length > 2 || ends.some((e) => e === '')) {
    errors.push(`${field} "${text}" is not an address or a range "first-last" (e.g. 172.110.1.1-172.110.1.200)`);
    return undefined;
  }
  const ips = ends.map((e) => tryIp(e, field, errors));
  if (ips.some((ip) => ip === undefined)) return undefined;
  const [a, b] = [ips[0]!, ips[ips.length - 1]!];
  if (a.family !== b.family) {
    errors.push(`${field} "${text}" mixes IPv4 and IPv6`);
    return undefined;
  }
  if (a.value > b.value) {
    errors.push(`${field} "${text}" starts after it ends; write the lower address first ("${b.text}-${a.text}")`);
    return undefined;
  }
  return { family: a.family, first: a.value, last: b.value };
}

/** Sorts ranges and merges overlapping or adjacent ones, as Spiderpool's webhook does. */
export function mergeRanges(ranges: readonly IpRange[]): IpRange[] {
  const sorted = [...ranges].sort((x, y) => (x.family !== y.family ? (x.family < y.family ? -1 : 1) : x.first < y.first ? -1 : x.first > y.first ? 1 : 0));
  const result: IpRange[] = [];
  for (const r of sorted) {
    const prev = result[result.length - 1];
    if (prev && prev.family === r.family && r.first <= prev.last + 1n) {
      result[result.length - 1] = { ...prev, last: r.last > prev.last ? r.last : prev.last };
    } else {
      result.push(r);
    }
  }
  return result;
}

/** `first-last`, or the single address. */
export function formatRange(r: IpRange): string {
  const first = formatIp(r.family, r.first);
  return r.first === r.last ? first : `${first}-${formatIp(r.family, r.last)}`;
}

/** True when `value` lies in one of `ranges`. */
export function inRanges(ranges: readonly IpRange[], family: IpFamily, value: bigint): boolean {
  return ranges.some((r) => r.family === family && r.first <= value && value <= r.last);
}

/** The first overlapping pair between two merged range lists, if any. */
export function firstOverlap(a: readonly IpRange[], b: readonly IpRange[]): [IpRange, IpRange] | undefined {
  for (const x of a) {
    for (const y of b) {
      if (x.family === y.family && x.first <= y.last && y.first <= x.last) return [x, y];
    }
  }
  return undefined;
}

/** `ranges` without the addresses of `minus` (both merged), as Spiderpool's pkg/ip/subnet.go removeExcludeIPRange. */
export function subtractRanges(ranges: readonly IpRange[], minus: readonly IpRange[]): IpRange[] {
  let result = [...ranges];
  for (const x of minus) {
    const next: IpRange[] = [];
    for (const r of result) {
      if (r.family !== x.family || x.last < r.first || x.first > r.last) {
        next.push(r);
        continue;
      }
      if (r.first < x.first) next.push({ ...r, last: x.first - 1n });
      if (r.last > x.last) next.push({ ...r, first: x.last + 1n });
    }
    result = next;
  }
  return result;
}
