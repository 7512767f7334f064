import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  addressLockJson, AddressLock, Cidr, describeRange, EMPTY_ADDRESS_LOCK, HandSetRange, IpFamily, parseAddressLock,
  parseCidrList, planAddresses, PlannerProblem, PlannerResult, PlanRequest, RANGE_FIELDS, RANGE_KINDS, RangeKind,
} from '../net';
import { Cni } from '../rules';
import { AddressPlanOptions, DEFAULT_JOIN_CIDR, FleetCluster } from './model';
import { OutputFolderError } from './output-folder';

/** The address plan as resolved: the lock before and after, and what changes in it. */
export interface ResolvedAddressPlan {
  /** Absolute path of the lock file. */
  readonly lockFile: string;
  /**
   * The lock file's text as read.
   * @default - the file does not exist yet
   */
  readonly lockBefore?: string;
  /** The text the lock file gets ({@link addressLockJson}). */
  readonly lockAfter: string;
  /**
   * What changes in the lock, one line each: `+ cluster "c" pod IPv4 range 10.1.0.0/16` for an
   * allocation, `- ...` for a range released or no longer planned. Empty when the lock's content stays.
   */
  readonly changes: readonly string[];
}

/** The address plan of a fleet, planned for the clusters resolve builds. */
export interface FleetAddresses {
  readonly plan: ResolvedAddressPlan;
  /** Each cluster's planned ranges, by kind. */
  readonly ranges: PlannerResult['ranges'];
  /** `failedKey(cluster, kind)` of the ranges that could not be planned (reported). */
  readonly failed: ReadonlySet<string>;
  readonly errors: readonly PlannerProblem[];
  readonly warnings: readonly PlannerProblem[];
}

const FAMILIES: readonly IpFamily[] = ['IPv4', 'IPv6'];
const isMissing = (v: unknown) => v === undefined || v === null;

function checkFamilies(list: unknown, where: string, path: string, errors: PlannerProblem[]): IpFamily[] | undefined {
  const valid = Array.isArray(list) && list.length > 0 && list.length <= 2
    && list.every((f) => FAMILIES.includes(f)) && new Set(list).size === list.length;
  if (!valid) {
    errors.push({ path, message: `${where} must list IPv4, IPv6 or both (primary first), e.g. ['IPv4', 'IPv6'], got ${JSON.stringify(list)}` });
    return undefined;
  }
  return list as IpFamily[];
}

/** The families a cluster is planned with (see `FleetClusterProps.ipFamilies`); `fleetFamilies` are the plan's. */
function familiesOf(c: FleetCluster, fleetFamilies: IpFamily[], errors: PlannerProblem[]): IpFamily[] {
  const own = c.props.ipFamilies;
  if (own !== undefined) return checkFamilies(own, `cluster "${c.name}": ipFamilies`, c.name, errors) ?? [];
  const pod = typeof c.props.podCidr === 'string' ? parseCidrList(c.props.podCidr) : undefined;
  if (pod && pod.length > 0) return [...new Set(pod.map((p) => p.family))];
  return fleetFamilies;
}

/** Reads the lock file: its text, or undefined when it does not exist; other failures are problems. */
function readLockFile(file: string, errors: PlannerProblem[]): { text?: string; usable: boolean } {
  try {
    return { text: fs.readFileSync(file, 'utf8'), usable: true };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return { usable: true };
    errors.push({ path: 'addressPlan/lock', message: `cannot read the address lock ${file} (${code ?? String(e)}); make it readable (it must be a file) and run again` });
    return { usable: false };
  }
}

/**
 * Plans the ranges of the fleet's clusters (those resolve builds) from the address plan and the lock
 * file, which is read here and never written (see {@link writeAddressLock}).
 */
export function planFleetAddresses(options: AddressPlanOptions, clusters: readonly FleetCluster[]): FleetAddresses {
  const errors: PlannerProblem[] = [];
  const lockFile = options.lockFile;
  const validFile = typeof lockFile === 'string' && lockFile !== '';
  if (!validFile) errors.push({ path: 'addressPlan', message: `lockFile must be the path of the address lock file, got ${JSON.stringify(lockFile)}; e.g. lockFile: 'fleet.lock.json'` });
  const read = validFile ? readLockFile(lockFile, errors) : { usable: false };
  let lock: AddressLock | undefined = read.usable ? EMPTY_ADDRESS_LOCK : undefined;
  if (read.text !== undefined) {
    const parsed = parseAddressLock(read.text, path.basename(lockFile));
    errors.push(...parsed.errors);
    lock = parsed.lock;
  }
  for (const [field, value] of [['reserved', options.reserved], ['release', options.release]] as const) {
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      errors.push({ path: 'addressPlan', message: `${field} must be a list of ${field === 'reserved' ? 'CIDRs' : 'cluster names'}, got ${JSON.stringify(value)}` });
    }
  }

  const handSet: HandSetRange[] = [];
  (Array.isArray(options.reserved) ? options.reserved : []).forEach((text, i) => {
    try {
      handSet.push({ label: `addressPlan.reserved[${i}]`, cidr: Cidr.parse(text) });
    } catch (e) {
      errors.push({ path: 'addressPlan', message: `reserved[${i}]: ${(e as Error).message}` });
    }
  });
  const requests: PlanRequest[] = [];
  const fleetFamilies = checkFamilies(options.ipFamilies ?? ['IPv4'], 'ipFamilies', 'addressPlan', errors) ?? [];
  for (const c of clusters) {
    const kubeOvn = (c.props.cni ?? Cni.KUBE_OVN).isKubeOvn;
    const kinds: RangeKind[] = [];
    for (const kind of RANGE_KINDS) {
      const value = c.props[RANGE_FIELDS[kind]];
      if (kind === 'join' && !kubeOvn) continue;
      if (isMissing(value)) {
        if (kind === 'join' && isMissing(options.join)) handSet.push({ cluster: c.name, kind, label: `cluster "${c.name}" joinCidr (Kube-OVN's default)`, cidr: Cidr.parse(DEFAULT_JOIN_CIDR) });
        else kinds.push(kind);
        continue;
      }
      // bad values are reported by the cluster's own rules
      for (const cidr of (typeof value === 'string' ? parseCidrList(value) : undefined) ?? []) {
        handSet.push({ cluster: c.name, kind, label: `cluster "${c.name}" ${RANGE_FIELDS[kind]}`, cidr });
      }
    }
    if (kinds.length > 0) requests.push({ cluster: c.name, kinds, families: familiesOf(c, fleetFamilies, errors) });
  }

  const usableLock = lock ?? EMPTY_ADDRESS_LOCK;
  // without a usable lock, only the plan's own options are checked (nothing is allocated)
  const result = planAddresses({
    plans: { pod: options.pod, join: options.join, service: options.service },
    lock: usableLock,
    requests: lock ? requests : [],
    clusters: clusters.map((c) => c.name),
    handSet,
    release: Array.isArray(options.release) ? options.release : [],
  });
  const failed = new Set(result.failed);
  // without a usable lock nothing may be allocated: a range in use could be handed out again
  if (!lock) for (const r of requests) for (const kind of r.kinds) failed.add(`${r.cluster}\u0000${kind}`);
  const changes = [...result.added.map((r) => `+ ${describeRange(r)}`), ...result.removed.map((r) => `- ${describeRange(r)}`)];
  return {
    plan: { lockFile: String(lockFile), lockBefore: read.text, lockAfter: addressLockJson(result.lock), changes },
    ranges: lock ? result.ranges : new Map(),
    failed,
    errors: [...errors, ...result.errors],
    warnings: lock ? result.warnings : [],
  };
}

/**
 * Writes the lock file atomically: a temporary file beside it, renamed over it, so a reader sees the
 * old or the new lock, never a part. Nothing is written when the text is unchanged.
 */
export function writeAddressLock(plan: ResolvedAddressPlan): boolean {
  if (plan.lockBefore === plan.lockAfter) return false;
  const dir = path.dirname(plan.lockFile);
  const tmp = path.join(dir, `.${path.basename(plan.lockFile)}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, plan.lockAfter, { flag: 'wx' });
    fs.renameSync(tmp, plan.lockFile);
    return true;
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing left to clean
    }
    const code = (e as { code?: string }).code ?? String(e);
    throw new OutputFolderError(`cannot write the address lock ${plan.lockFile} (${code}); make its folder writable and run again (nothing was written: the output folder is unchanged)`);
  }
}

/** The real path of `p`, or of its nearest existing parent joined with the rest. */
function realPath(p: string): string {
  const rest: string[] = [];
  let existing = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...rest.reverse());
    } catch {
      const up = path.dirname(existing);
      if (up === existing) return path.resolve(p);
      rest.push(path.basename(existing));
      existing = up;
    }
  }
}

/**
 * Refuses a lock file inside the output folder: every render replaces that folder as a whole, so the
 * lock would be lost with the previous output.
 */
export function checkLockOutsideOutput(lockFile: unknown, outdir: string): void {
  if (typeof lockFile !== 'string' || lockFile === '' || typeof outdir !== 'string' || outdir.trim() === '') return;
  const rel = path.relative(realPath(outdir), realPath(lockFile));
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new OutputFolderError(`the address lock ${lockFile} is inside the output folder ${outdir}, which every render replaces as a whole; keep the lock next to the fleet definition (e.g. fleet.lock.json beside it)`);
  }
}

/** The problem of a frozen lock that this render would change, or undefined. */
export function frozenLockProblem(plan: ResolvedAddressPlan, why: string): string | undefined {
  if (plan.changes.length === 0) return undefined;
  const shown = plan.changes.length > 20 ? [...plan.changes.slice(0, 20), `... and ${plan.changes.length - 20} more`] : plan.changes;
  return `[addressPlan/lock] the address lock ${plan.lockFile} is frozen (${why}), but this render would change it: ${shown.join('; ')}; `
    + 'render without the frozen lock (locally: `cdk8s-ovn-ic render <module>` or `npm run synth`) and commit the updated lock with the fleet change';
}
