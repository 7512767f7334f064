import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Fleet } from '../fleet/model';
import { FleetValidationError, renderFleet } from '../fleet/render';
import { GitBaseError, readCommittedOutput } from './git';
import { formatPlan, plan, planExitCode, planInput, readTree } from './plan';

export const PLAN_USAGE = 'usage: plan [--base REF] [--dist DIR] [--after DIR]   (compares the output DIR (default dist) as committed at REF '
  + '(default: the merge base with the upstream branch, else HEAD) with a fresh render of the fleet in a temporary folder; '
  + '--after compares with an already rendered folder instead)';

export interface PlanCliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** Options of {@link main}. */
export interface PlanCliOptions {
  /**
   * Formats each problem and warning of the render for the log (a fleet file points at its lines).
   * @default - as the render reports it
   */
  readonly formatProblem?: (problem: string) => string;
}

/**
 * `plan [--base REF] [--dist DIR] [--after DIR]`. The base is what Git holds, never the working
 * tree: on a branch whose `dist/` is freshly rendered and committed, the plan still shows what differs
 * from the base. Returns the exit code: 0 nothing disruptive pending, 3 disruptive changes pending
 * (CI can require an approval), 1 the fleet does not render, 2 usage error (unknown option, not a Git
 * repository, unknown ref).
 */
export function main(argv: readonly string[], build: () => Fleet, out: PlanCliOutput = console, options: PlanCliOptions = {}): number {
  const format = options.formatProblem ?? ((p: string) => p);
  let dist = 'dist';
  let after: string | undefined;
  let base: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (name: string) => (arg === name && i + 1 < argv.length ? argv[++i] : arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : undefined);
    if (arg === '-h' || arg === '--help') {
      out.log(PLAN_USAGE);
      return 0;
    }
    const d = value('--dist');
    const a = d === undefined ? value('--after') : undefined;
    const r = d === undefined && a === undefined ? value('--base') : undefined;
    if (d !== undefined) dist = d;
    else if (a !== undefined) after = a;
    else if (r !== undefined) base = r;
    else return usage(out, `unexpected argument: ${arg}`);
  }
  if (after !== undefined && !isDirectory(after)) return usage(out, `not a directory: ${after}`);

  let committed: ReturnType<typeof readCommittedOutput>;
  try {
    committed = readCommittedOutput(dist, base);
  } catch (e) {
    if (!(e instanceof GitBaseError)) throw e;
    out.error(`error: ${e.message}`);
    return 2;
  }
  out.log(`Base: ${committed.folder || '.'}/ as committed at ${committed.ref} (${committed.commit.slice(0, 12)})${committed.files.size === 0 ? ', where it does not exist: every file is new' : ''}.`);

  let tmp: string | undefined;
  try {
    if (after === undefined) {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-ovn-ic-plan-'));
      after = path.join(tmp, 'out');
      try {
        const result = renderFleet(build(), after, { writeLock: false }); // plan never changes the address lock
        for (const w of result.warnings) out.error(`warning: ${format(w)}`);
      } catch (e) {
        if (!(e instanceof FleetValidationError)) throw e;
        for (const err of e.errors) out.error(`error: ${format(err)}`);
        out.error(`${e.errors.length} problem${e.errors.length === 1 ? '' : 's'} found; the fleet does not render, nothing to plan`);
        return 1;
      }
    }
    const p = plan(planInput(committed.files), planInput(readTree(after)));
    for (const line of formatPlan(p)) out.log(line);
    return planExitCode(p);
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function usage(out: PlanCliOutput, message: string): number {
  out.error(`error: ${message}`);
  out.error(PLAN_USAGE);
  return 2;
}

function isDirectory(dir: string): boolean {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory();
}
