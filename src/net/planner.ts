import { AddressError, familyBits, IpFamily } from './address';
import { Cidr } from './cidr';
import { findOverlaps, OwnedCidr } from './overlap';

/**
 * The CIDR planner: allocates each cluster's pod, join and service ranges from supernets, stably.
 *
 * Pure: plain data in, plain data out, no file access. The lock ({@link AddressLock}) records every
 * allocation by cluster name, like a package lock: a range in the lock is never moved, so adding,
 * removing or reordering clusters never renumbers an existing one. New ranges are taken first-fit,
 * lowest address first, for the requests sorted by cluster name, so the result depends on the set of
 * clusters only, never on declaration order.
 *
 * Removed clusters: their lock entries stay (reserved) until they are released explicitly, so a range
 * whose routes, firewall rules or NAT may still exist in the network is not handed to a new cluster.
 * A cluster added again under the same name gets its reserved ranges back.
 */

/** The kinds of range the planner allocates. */
export type RangeKind = 'pod' | 'join' | 'service';

/** Every range kind, in the order they are allocated and reported. */
export const RANGE_KINDS: readonly RangeKind[] = ['pod', 'join', 'service'];

/** The field of the cluster each kind fills. */
export const RANGE_FIELDS: Readonly<Record<RangeKind, 'podCidr' | 'joinCidr' | 'serviceCidr'>> = {
  pod: 'podCidr',
  join: 'joinCidr',
  service: 'serviceCidr',
};

/** The key of each family in the lock and in {@link PrefixLengths}. */
type FamilyKey = 'ipv4' | 'ipv6';
const FAMILY_KEY: Readonly<Record<IpFamily, FamilyKey>> = { IPv4: 'ipv4', IPv6: 'ipv6' };
const FAMILIES: readonly IpFamily[] = ['IPv4', 'IPv6'];

/** Prefix length of the ranges the planner allocates, per family. */
export interface PrefixLengths {
  /**
   * Prefix length of each IPv4 range.
   * @default 16 (65 536 addresses, the size of Kube-OVN's default 10.16.0.0/16 and 100.64.0.0/16)
   */
  readonly ipv4?: number;
  /**
   * Prefix length of each IPv6 range.
   * @default 112 (the size of Kube-OVN's IPv6 defaults fd00:10:16::/112, fd00:100:64::/112, fd00:10:96::/112)
   */
  readonly ipv6?: number;
}

/** Default prefix lengths (see {@link PrefixLengths}). */
export const DEFAULT_PREFIX_LENGTHS: Readonly<Record<IpFamily, number>> = { IPv4: 16, IPv6: 112 };

/** How the planner allocates one kind of range. */
export interface RangePlan {
  /**
   * The supernets the ranges are taken from, IPv4 and IPv6 mixed (the family of each is its own).
   * Taken in the order given: the second supernet of a family is used once the first is full, so a
   * fleet that outgrows its supernet gets another one appended, never a renumbering.
   */
  readonly supernets: string[];
  /**
   * Prefix length of each allocated range, per family. A change applies to new allocations only:
   * ranges in the lock keep their size.
   * @default - { ipv4: 16, ipv6: 112 }
   */
  readonly prefixLength?: PrefixLengths;
  /**
   * One range per family for the whole fleet, used by every cluster that does not set its own,
   * instead of one range per cluster. Only for ranges that never leave a cluster: Kube-OVN OVN-IC
   * routes pod and join ranges between clusters (they must be unique), Submariner without Globalnet
   * routes the service ranges of a clusterset (they must be unique too).
   * @default false - every cluster gets its own range, disjoint from every other range of the fleet
   */
  readonly shared?: boolean;
}

/** A kind's ranges in the lock, per family. */
export interface LockedFamilies {
  /** @default - no IPv4 range allocated */
  readonly ipv4?: string;
  /** @default - no IPv6 range allocated */
  readonly ipv6?: string;
}

/** The ranges the lock holds for one cluster (or the fleet's shared ranges), per kind. */
export interface LockedRanges {
  /** @default - no pod range allocated */
  readonly pod?: LockedFamilies;
  /** @default - no join range allocated */
  readonly join?: LockedFamilies;
  /** @default - no service range allocated */
  readonly service?: LockedFamilies;
}

/**
 * The address lock: every range the planner allocated, by cluster name. Committed next to the fleet
 * definition; written as deterministic JSON (sorted keys, two-space indent, trailing newline, see
 * {@link addressLockJson}).
 */
export interface AddressLock {
  /** {@link ADDRESS_LOCK_VERSION}. */
  readonly version: number;
  /** Allocations by cluster name, including the reserved ranges of removed clusters. */
  readonly clusters: Readonly<Record<string, LockedRanges>>;
  /** The fleet-wide ranges of {@link RangePlan.shared} kinds. */
  readonly shared: LockedRanges;
}

/** Version of the {@link AddressLock} format. */
export const ADDRESS_LOCK_VERSION = 1;

/** The lock of a fleet that has not allocated anything yet. */
export const EMPTY_ADDRESS_LOCK: AddressLock = { version: ADDRESS_LOCK_VERSION, clusters: {}, shared: {} };

/** A problem the planner found: `path` is the cluster name, or `addressPlan...` for the plan and the lock. */
export interface PlannerProblem {
  readonly path: string;
  readonly message: string;
}

/** One range of one cluster (or of the shared ranges, `cluster` undefined). */
export interface PlannedRange {
  /** @default - a shared range (RangePlan.shared) */
  readonly cluster?: string;
  readonly kind: RangeKind;
  readonly family: IpFamily;
  readonly cidr: string;
}

/** A range set by hand (or by a default) that allocations must avoid. */
export interface HandSetRange {
  /**
   * The cluster it belongs to.
   * @default - a fleet-wide reservation
   */
  readonly cluster?: string;
  /**
   * The kind, when it is one of a cluster's own ranges.
   * @default - a fleet-wide reservation of no kind
   */
  readonly kind?: RangeKind;
  /** Where it is set, for messages: `cluster "a" podCidr`, `addressPlan.reserved[0]`. */
  readonly label: string;
  readonly cidr: Cidr;
}

/** What one cluster needs planned. */
export interface PlanRequest {
  readonly cluster: string;
  /** The kinds the cluster does not set itself. */
  readonly kinds: readonly RangeKind[];
  /** Its families, in the order its CIDR lists name them (the first is the primary family). */
  readonly families: readonly IpFamily[];
}

/** Input of {@link planAddresses}. */
export interface PlannerInput {
  readonly plans: Readonly<Partial<Record<RangeKind, RangePlan>>>;
  /** The lock as read ({@link parseAddressLock}). */
  readonly lock: AddressLock;
  readonly requests: readonly PlanRequest[];
  /** Every cluster of the fleet (lock entries of other names are removed clusters). */
  readonly clusters: readonly string[];
  readonly handSet: readonly HandSetRange[];
  /**
   * Removed clusters whose reserved ranges are released.
   * @default - none
   */
  readonly release?: readonly string[];
}

/** Result of {@link planAddresses}. */
export interface PlannerResult {
  /** Each requesting cluster's ranges per kind, as the cluster's field takes them (`v4`, `v6`, `v4,v6`). */
  readonly ranges: ReadonlyMap<string, Readonly<Partial<Record<RangeKind, string>>>>;
  /** The lock after this plan. */
  readonly lock: AddressLock;
  /** Ranges allocated now (not in the lock before). */
  readonly added: readonly PlannedRange[];
  /** Ranges removed from the lock (released, or no longer planned for a cluster of the fleet). */
  readonly removed: readonly PlannedRange[];
  /** Ranges of removed clusters kept reserved. */
  readonly reserved: readonly PlannedRange[];
  /** Kinds and clusters whose ranges could not be planned (problems reported): callers skip "missing" messages for them. */
  readonly failed: ReadonlySet<string>;
  readonly errors: readonly PlannerProblem[];
  readonly warnings: readonly PlannerProblem[];
}

/** Key of a failed request in {@link PlannerResult.failed}. */
export function failedKey(cluster: string, kind: RangeKind): string {
  return `${cluster}\u0000${kind}`;
}

interface KindConfig {
  readonly supernets: Readonly<Record<IpFamily, readonly Cidr[]>>;
  readonly prefix: Readonly<Record<IpFamily, number>>;
  readonly shared: boolean;
}

const PLAN = 'addressPlan';

/**
 * Parsed lock and allocation CIDRs by text: a lock of thousands of clusters is parsed when it is read
 * and its entries are looked at again while planning. Cidr values are immutable; the cache is bounded.
 */
const PARSED = new Map<string, Cidr>();
function parseCached(text: string): Cidr {
  let cidr = PARSED.get(text);
  if (cidr === undefined) {
    cidr = Cidr.parse(text);
    if (PARSED.size >= 200_000) PARSED.clear();
    PARSED.set(text, cidr);
  }
  return cidr;
}
const describeValue = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

/** Parses and checks the plan of each kind; a kind with a problem is left out (and reported). */
function kindConfigs(plans: PlannerInput['plans'], errors: PlannerProblem[]): Map<RangeKind, KindConfig> {
  const result = new Map<RangeKind, KindConfig>();
  const all: Array<OwnedCidr<string>> = [];
  for (const kind of RANGE_KINDS) {
    const plan = plans[kind];
    if (plan === undefined || plan === null) continue;
    const path = `${PLAN}/${kind}`;
    const before = errors.length;
    const supernets: Record<IpFamily, Cidr[]> = { IPv4: [], IPv6: [] };
    const list: unknown = plan.supernets;
    if (!Array.isArray(list) || list.length === 0) {
      errors.push({ path, message: `${kind}.supernets must list at least one CIDR (got ${describeValue(list)}), e.g. supernets: ['10.128.0.0/10']` });
    } else {
      list.forEach((text, i) => {
        try {
          const cidr = Cidr.parse(text as string);
          supernets[cidr.family].push(cidr);
          all.push({ cidr, owner: `${kind}.supernets[${i}] ${cidr}` });
        } catch (e) {
          if (!(e instanceof AddressError)) throw e;
          errors.push({ path, message: `${kind}.supernets[${i}]: ${e.message}` });
        }
      });
    }
    const prefix: Record<IpFamily, number> = { ...DEFAULT_PREFIX_LENGTHS };
    for (const family of FAMILIES) {
      const key = FAMILY_KEY[family];
      const given: unknown = (plan.prefixLength as Record<string, unknown> | undefined)?.[key];
      if (given === undefined) continue;
      const bits = familyBits(family);
      if (typeof given !== 'number' || !Number.isInteger(given) || given < 1 || given > bits) {
        errors.push({ path, message: `${kind}.prefixLength.${key} must be an integer from 1 to ${bits}, got ${describeValue(given)}` });
        continue;
      }
      prefix[family] = given;
    }
    for (const family of FAMILIES) {
      for (const s of supernets[family]) {
        if (prefix[family] < s.prefix) {
          errors.push({ path, message: `${kind}.prefixLength.${FAMILY_KEY[family]} is ${prefix[family]}, but supernet ${s} is only a /${s.prefix}: a range cannot be larger than its supernet; give a prefix length of at least ${s.prefix}, or a larger supernet` });
        }
      }
    }
    if (plan.shared !== undefined && typeof plan.shared !== 'boolean') {
      errors.push({ path, message: `${kind}.shared must be true or false, got ${describeValue(plan.shared)}` });
    }
    if (errors.length === before) result.set(kind, { supernets, prefix, shared: plan.shared === true });
  }
  for (const { first, second } of findOverlaps(all)) {
    errors.push({ path: PLAN, message: `supernet ${second.owner} overlaps ${first.owner}; the supernets must be disjoint (each range is taken from one of them), remove or split one` });
  }
  return result;
}

/**
 * Disjoint, sorted occupied address intervals of one family, with first-fit search. CIDR blocks nest
 * or are disjoint, so merging them keeps both the starts and the ends sorted (binary search works).
 */
class Occupancy {
  /** The union of `cidrs`, built in one pass (sorting), not by one insertion each. */
  public static of(cidrs: readonly Cidr[]): Occupancy {
    const o = new Occupancy();
    for (const c of [...cidrs].sort((a, b) => (a.network < b.network ? -1 : a.network > b.network ? 1 : 0))) {
      const n = o.ends.length;
      if (n > 0 && c.network <= o.ends[n - 1] + 1n) {
        if (c.last > o.ends[n - 1]) o.ends[n - 1] = c.last;
      } else {
        o.starts.push(c.network);
        o.ends.push(c.last);
      }
    }
    return o;
  }

  private readonly starts: bigint[] = [];
  private readonly ends: bigint[] = [];

  public add(cidr: Cidr): void {
    let start = cidr.network;
    let end = cidr.last;
    const i = this.firstEndingAtOrAfter(start - 1n);
    let j = i;
    while (j < this.starts.length && this.starts[j] <= end + 1n) {
      if (this.starts[j] < start) start = this.starts[j];
      if (this.ends[j] > end) end = this.ends[j];
      j++;
    }
    this.starts.splice(i, j - i, start);
    this.ends.splice(i, j - i, end);
  }

  /** The lowest aligned block of `prefix` inside `supernet` at or after `from` that overlaps nothing. */
  public firstFree(supernet: Cidr, prefix: number, from: bigint): bigint | undefined {
    const size = 1n << BigInt(familyBits(supernet.family) - prefix);
    const align = (x: bigint) => ((x + size - 1n) / size) * size;
    let s = align(from > supernet.network ? from : supernet.network);
    let i = this.firstEndingAtOrAfter(s);
    for (;;) {
      const e = s + size - 1n;
      if (e > supernet.last) return undefined;
      if (i < this.starts.length && this.starts[i] <= e) {
        s = align(this.ends[i] + 1n);
        i++;
        continue;
      }
      return s;
    }
  }

  private firstEndingAtOrAfter(x: bigint): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The lock's ranges as a flat list (the shared ones with `cluster` undefined), sorted. */
export function lockedRanges(lock: AddressLock): PlannedRange[] {
  const out: PlannedRange[] = [];
  const add = (cluster: string | undefined, ranges: LockedRanges) => {
    for (const kind of RANGE_KINDS) {
      for (const family of FAMILIES) {
        const cidr = ranges[kind]?.[FAMILY_KEY[family]];
        if (cidr !== undefined) out.push({ cluster, kind, family, cidr });
      }
    }
  };
  for (const name of Object.keys(lock.clusters).sort(compare)) add(name, lock.clusters[name]);
  add(undefined, lock.shared);
  return out;
}

function isMissingPlan(plan: RangePlan | undefined): boolean {
  return plan === undefined || plan === null;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `cluster "a" pod IPv4 range 10.1.0.0/16` / `shared service IPv4 range ...`, for messages. */
export function describeRange(r: PlannedRange): string {
  return `${r.cluster === undefined ? 'shared' : `cluster "${r.cluster}"`} ${r.kind} ${r.family} range ${r.cidr}`;
}

function lockFrom(ranges: readonly PlannedRange[]): AddressLock {
  const clusters: Record<string, Record<string, Record<string, string>>> = {};
  const shared: Record<string, Record<string, string>> = {};
  for (const r of ranges) {
    const target = r.cluster === undefined ? shared : (clusters[r.cluster] ??= {});
    (target[r.kind] ??= {})[FAMILY_KEY[r.family]] = r.cidr;
  }
  return { version: ADDRESS_LOCK_VERSION, clusters, shared };
}

/**
 * Plans the ranges of every request: keeps what the lock holds, allocates the rest first-fit, and
 * reports (never throws) bad plans, lock entries outside their supernets or overlapping, hand-set
 * ranges that collide with locked ones, and exhausted supernets.
 */
export function planAddresses(input: PlannerInput): PlannerResult {
  const errors: PlannerProblem[] = [];
  const warnings: PlannerProblem[] = [];
  const failed = new Set<string>();
  const kinds = kindConfigs(input.plans ?? {}, errors);
  const present = new Set(input.clusters);
  const release = new Set(input.release ?? []);
  for (const name of [...release].sort(compare)) {
    if (present.has(name)) {
      errors.push({ path: `${PLAN}/release`, message: `release lists "${name}", which is still a cluster of the fleet: releasing would renumber it; remove the cluster first (its ranges stay reserved), then release them` });
    } else if (input.lock.clusters[name] === undefined) {
      warnings.push({ path: `${PLAN}/release`, message: `release lists "${name}", but the lock holds no ranges for it (already released); remove it from release` });
    }
  }

  // what each cluster needs, by cluster, kind and family
  const wanted = new Map<string, { kind: RangeKind; family: IpFamily }[]>();
  for (const r of [...input.requests].sort((a, b) => compare(a.cluster, b.cluster))) {
    const list: { kind: RangeKind; family: IpFamily }[] = [];
    for (const kind of RANGE_KINDS.filter((k) => r.kinds.includes(k))) {
      const config = kinds.get(kind);
      if (!config) {
        failed.add(failedKey(r.cluster, kind));
        if (input.plans?.[kind] === undefined || input.plans?.[kind] === null) {
          errors.push({ path: r.cluster, message: `cluster "${r.cluster}": ${RANGE_FIELDS[kind]} is not set and the address plan has no ${kind} supernets; set ${RANGE_FIELDS[kind]}, or add ${kind}: { supernets: [...] } to planAddresses` });
        }
        continue;
      }
      for (const family of r.families) {
        if (config.supernets[family].length === 0) {
          failed.add(failedKey(r.cluster, kind));
          errors.push({ path: r.cluster, message: `cluster "${r.cluster}" needs an ${family} ${kind} range, but the address plan has no ${family} supernet for ${kind}; add one to ${kind}.supernets, set ${RANGE_FIELDS[kind]} by hand, or leave ${family} out of the cluster's ipFamilies` });
        } else {
          list.push({ kind, family });
        }
      }
    }
    wanted.set(r.cluster, list);
  }
  const isWanted = (r: PlannedRange) => r.cluster === undefined
    ? [...wanted.values()].some((l) => l.some((w) => w.kind === r.kind && w.family === r.family && kinds.get(r.kind)?.shared))
    : (wanted.get(r.cluster) ?? []).some((w) => w.kind === r.kind && w.family === r.family && !kinds.get(r.kind)?.shared);

  // the lock: kept, released or dropped
  const kept: PlannedRange[] = [];
  const removed: PlannedRange[] = [];
  const reserved: PlannedRange[] = [];
  for (const r of lockedRanges(input.lock)) {
    const absent = r.cluster !== undefined && !present.has(r.cluster);
    if (absent && release.has(r.cluster!)) removed.push(r);
    else if (absent) {
      kept.push(r);
      reserved.push(r);
    } else if (isWanted(r) || (kinds.get(r.kind) === undefined && !isMissingPlan(input.plans?.[r.kind]))) {
      kept.push(r); // a kind whose plan has a problem (reported) keeps its entries
    } else {
      removed.push(r);
    }
  }
  for (const name of [...new Set(reserved.map((r) => r.cluster!))]) {
    const ranges = reserved.filter((r) => r.cluster === name).map((r) => `${r.kind} ${r.cidr}`).join(', ');
    warnings.push({ path: `${PLAN}/lock`, message: `cluster "${name}" is no longer in the fleet; its ranges (${ranges}) stay reserved in the lock so that no new cluster reuses them while routes to them may remain; once they are gone, release them with planAddresses({ release: ['${name}'] })` });
  }

  // lock entries outside their supernets, overlapping each other or a hand-set range
  const keptCidrs: Array<OwnedCidr<{ range: PlannedRange; hand?: HandSetRange }>> = [];
  for (const r of kept) {
    const cidr = parseCached(r.cidr);
    keptCidrs.push({ cidr, owner: { range: r } });
    const config = kinds.get(r.kind);
    if (config && !config.supernets[r.family].some((s) => s.containsCidr(cidr))) {
      const fix = r.cluster !== undefined && present.has(r.cluster)
        ? `put the supernet back in ${r.kind}.supernets (a range in the lock is never moved), or set ${RANGE_FIELDS[r.kind]} of cluster "${r.cluster}" by hand to renumber it`
        : `put the supernet back in ${r.kind}.supernets, or release the range (release: ['${r.cluster ?? ''}'])`;
      if (r.cluster === undefined) {
        errors.push({ path: `${PLAN}/lock`, message: `the lock's ${describeRange(r)} is outside every ${r.family} ${r.kind} supernet (${config.supernets[r.family].join(', ') || 'none'}); put the supernet back in ${r.kind}.supernets, or remove the shared entry from the lock to renumber every cluster that uses it` });
      } else {
        errors.push({ path: `${PLAN}/lock`, message: `the lock's ${describeRange(r)} is outside every ${r.family} ${r.kind} supernet (${config.supernets[r.family].join(', ') || 'none'}); ${fix}` });
      }
      if (r.cluster !== undefined) failed.add(failedKey(r.cluster, r.kind));
    }
  }
  type Owner = { range?: PlannedRange; hand?: HandSetRange };
  const handOwned: Array<OwnedCidr<Owner>> = input.handSet.map((h) => ({ cidr: h.cidr, owner: { hand: h } }));
  const sharedKind = (k?: RangeKind) => k !== undefined && kinds.get(k)?.shared === true;
  for (const { first, second } of findOverlaps<Owner>([...keptCidrs, ...handOwned], (a, b) => !(a.hand && b.hand))) {
    const [a, b] = [first.owner, second.owner];
    if (a.range && b.range) {
      errors.push({ path: `${PLAN}/lock`, message: `the lock's ${describeRange(a.range)} overlaps its ${describeRange(b.range)}; the lock was edited by hand or merged badly: restore it from Git, or remove one entry to allocate that range again` });
      continue;
    }
    const locked = (a.range ?? b.range)!;
    const hand = (a.hand ?? b.hand)!;
    // a cluster's own ranges are checked against each other by the cluster's rules
    if (hand.cluster !== undefined && hand.cluster === locked.cluster) continue;
    // a shared range may be set by hand too
    if (locked.cluster === undefined && hand.kind === locked.kind && sharedKind(locked.kind)) continue;
    const held = present.has(locked.cluster ?? '') || locked.cluster === undefined ? 'allocated to' : 'reserved for the removed cluster';
    errors.push({
      path: hand.cluster ?? PLAN,
      message: `${hand.label} ${hand.cidr} collides with the ${locked.kind} range ${locked.cidr} the address lock holds (${held} ${locked.cluster === undefined ? 'every planned cluster' : `"${locked.cluster}"`}); choose a range outside it${
        held.startsWith('reserved') ? `, or release it (release: ['${locked.cluster}']) once its routes are gone` : ''}`,
    });
  }

  // allocate, in cluster order, first-fit; a kind's ranges come from its own supernets (disjoint from the other kinds'),
  // so each kind and family searches only what occupies its supernets
  const occupied = [...input.handSet.map((h) => h.cidr), ...keptCidrs.map((k) => k.cidr)];
  const occupancy = new Map<string, Occupancy>();
  for (const [kind, config] of kinds) {
    for (const family of FAMILIES) {
      const supernets = config.supernets[family];
      if (supernets.length === 0) continue;
      occupancy.set(`${kind}\u0000${family}`, Occupancy.of(occupied.filter((c) => supernets.some((s) => s.overlaps(c)))));
    }
  }
  const cursors = new Map<string, bigint>();
  const added: PlannedRange[] = [];
  const byKey = new Map<string, string>();
  const key = (cluster: string | undefined, kind: RangeKind, family: IpFamily) => `${cluster ?? ''}\u0000${kind}\u0000${family}`;
  for (const r of kept) byKey.set(key(r.cluster, r.kind, r.family), r.cidr);
  const exhausted = new Set<string>();
  const allocate = (cluster: string | undefined, kind: RangeKind, family: IpFamily): string | undefined => {
    const config = kinds.get(kind)!;
    const prefix = config.prefix[family];
    const own = occupancy.get(`${kind}\u0000${family}`)!;
    const search = cluster === undefined ? sharedOccupancy(input, kind, family, keptCidrs.map((k) => k.cidr)) : own;
    for (const [i, supernet] of config.supernets[family].entries()) {
      const cursorKey = `${kind}\u0000${family}\u0000${i}`;
      const start = search.firstFree(supernet, prefix, cursors.get(cursorKey) ?? supernet.network);
      if (start === undefined) continue;
      const cidr = Cidr.parse(`${supernet.at(start - supernet.network).text}/${prefix}`);
      if (cluster !== undefined) cursors.set(cursorKey, cidr.last + 1n);
      own.add(cidr);
      added.push({ cluster, kind, family, cidr: cidr.toString() });
      return cidr.toString();
    }
    return undefined;
  };
  const ranges = new Map<string, Partial<Record<RangeKind, string>>>();
  const waiting = new Map<string, string[]>();
  for (const [cluster, list] of wanted) {
    const own: Partial<Record<RangeKind, string[]>> = {};
    for (const { kind, family } of list) {
      if (failed.has(failedKey(cluster, kind))) continue;
      const shared = kinds.get(kind)!.shared;
      const k = key(shared ? undefined : cluster, kind, family);
      let cidr = byKey.get(k);
      if (cidr === undefined && !exhausted.has(`${kind}\u0000${family}\u0000${shared}`)) {
        cidr = allocate(shared ? undefined : cluster, kind, family);
        if (cidr !== undefined) byKey.set(k, cidr);
        else exhausted.add(`${kind}\u0000${family}\u0000${shared}`);
      }
      if (cidr === undefined) {
        failed.add(failedKey(cluster, kind));
        const id = `${kind}\u0000${family}`;
        waiting.set(id, [...(waiting.get(id) ?? []), cluster]);
        continue;
      }
      (own[kind] ??= []).push(cidr);
    }
    const fields: Partial<Record<RangeKind, string>> = {};
    for (const kind of RANGE_KINDS) if (own[kind] && !failed.has(failedKey(cluster, kind))) fields[kind] = own[kind]!.join(',');
    ranges.set(cluster, fields);
  }
  for (const [id, clusters] of waiting) {
    const [kind, family] = id.split('\u0000') as [RangeKind, IpFamily];
    const config = kinds.get(kind)!;
    const supernets = config.supernets[family];
    const size = supernets.reduce((n, s) => n + (1n << BigInt(config.prefix[family] - s.prefix)), 0n);
    const quoted = clusters.map((c) => `"${c}"`);
    const shown = quoted.length > 5 ? `${quoted.slice(0, 5).join(', ')} and ${quoted.length - 5} more` : quoted.join(', ');
    errors.push({
      path: `${PLAN}/${kind}`,
      message: `the ${family} ${kind} supernet${supernets.length === 1 ? '' : 's'} ${supernets.join(', ')} ${supernets.length === 1 ? 'is' : 'are'} exhausted: no free /${config.prefix[family]} left `
        + `(room for ${size} in all, the rest is allocated, reserved or set by hand) for cluster${clusters.length === 1 ? '' : 's'} ${shown}; `
        + `append another supernet to ${kind}.supernets, use a longer ${kind}.prefixLength.${FAMILY_KEY[family]} for new ranges, or release the ranges of removed clusters`,
    });
  }

  const nextLock = lockFrom([...kept, ...added].sort((a, b) => compare(a.cluster ?? '', b.cluster ?? '')));
  return { ranges, lock: nextLock, added, removed, reserved, failed, errors, warnings };
}

/** Occupancy for a shared kind's range: everything but the same kind's hand-set ranges (which may equal it). */
function sharedOccupancy(input: PlannerInput, kind: RangeKind, family: IpFamily, kept: readonly Cidr[]): Occupancy {
  return Occupancy.of([...input.handSet.filter((h) => h.cidr.family === family && h.kind !== kind).map((h) => h.cidr), ...kept.filter((c) => c.family === family)]);
}

/** A lock read from text: the lock when it is usable, else the problems. */
export interface ParsedAddressLock {
  /** @default - the lock has problems and must not be used */
  readonly lock?: AddressLock;
  readonly errors: readonly PlannerProblem[];
}

/**
 * Parses the lock's text (JSON, see {@link AddressLock}); `source` names the file in messages. Every
 * malformed part is reported; a lock with any problem is not used (allocating from half a lock could
 * hand out a range that is in use).
 */
export function parseAddressLock(text: string, source: string): ParsedAddressLock {
  const errors: PlannerProblem[] = [];
  const path = `${PLAN}/lock`;
  const fix = 'restore it from Git (or delete it only if no cluster uses its ranges yet)';
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { errors: [{ path, message: `the address lock ${source} is not valid JSON (${(e as Error).message}); ${fix}` }] };
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(data)) return { errors: [{ path, message: `the address lock ${source} must hold a JSON object, got ${describeValue(data)}; ${fix}` }] };
  const bad = (where: string, what: string) => errors.push({ path, message: `the address lock ${source}: ${where} ${what}; ${fix}` });
  for (const k of Object.keys(data)) if (!['version', 'clusters', 'shared'].includes(k)) bad(`key "${k}"`, 'is unknown (expected version, clusters, shared)');
  if (data.version !== ADDRESS_LOCK_VERSION) {
    bad('version', `is ${describeValue(data.version)}, this version of cdk8s-ovn-ic reads version ${ADDRESS_LOCK_VERSION}`);
  }
  const rangesOf = (where: string, v: unknown): LockedRanges => {
    const out: Record<string, Record<string, string>> = {};
    if (!isObject(v)) {
      bad(where, `must be an object of kinds (pod, join, service), got ${describeValue(v)}`);
      return out;
    }
    for (const [kind, families] of Object.entries(v)) {
      if (!RANGE_KINDS.includes(kind as RangeKind)) {
        bad(`${where}.${kind}`, 'is not a range kind (pod, join, service)');
        continue;
      }
      if (!isObject(families)) {
        bad(`${where}.${kind}`, `must be an object of families (ipv4, ipv6), got ${describeValue(families)}`);
        continue;
      }
      for (const [fam, cidrText] of Object.entries(families)) {
        const family = FAMILIES.find((f) => FAMILY_KEY[f] === fam);
        if (!family) {
          bad(`${where}.${kind}.${fam}`, 'is not a family (ipv4, ipv6)');
          continue;
        }
        try {
          const cidr = typeof cidrText === 'string' ? parseCached(cidrText) : Cidr.parse(cidrText as string);
          if (cidr.family !== family) bad(`${where}.${kind}.${fam}`, `holds ${cidr}, an ${cidr.family} CIDR`);
          else (out[kind] ??= {})[fam] = cidr.toString();
        } catch (e) {
          if (!(e instanceof AddressError)) throw e;
          bad(`${where}.${kind}.${fam}`, `: ${e.message}`);
        }
      }
    }
    return out;
  };
  const clusters: Record<string, LockedRanges> = {};
  if (!isObject(data.clusters)) bad('clusters', `must be an object of cluster names, got ${describeValue(data.clusters)}`);
  else for (const [name, v] of Object.entries(data.clusters)) clusters[name] = rangesOf(`clusters.${name}`, v);
  const shared = data.shared === undefined ? {} : rangesOf('shared', data.shared);
  if (errors.length > 0) return { errors };
  return { lock: { version: ADDRESS_LOCK_VERSION, clusters, shared }, errors };
}

/** JSON with every object's keys sorted (code-unit order), two-space indent, trailing newline. */
function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.keys(v).sort(compare).map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** The lock as the text of its file: deterministic (sorted keys, empty kinds left out), trailing newline. */
export function addressLockJson(lock: AddressLock): string {
  const clusters: Record<string, LockedRanges> = {};
  for (const [name, ranges] of Object.entries(lock.clusters)) if (Object.keys(ranges).length > 0) clusters[name] = ranges;
  return sortedJson({ version: lock.version, clusters, shared: lock.shared });
}
