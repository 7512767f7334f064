import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Fleet } from '../fleet/model';
import { FleetValidationError, renderFleet } from '../fleet/render';
import { formatPlan, planDirectories, planExitCode } from './plan';

export const PLAN_USAGE = 'usage: plan [--dist DIR] [--after DIR]   (renders the fleet into a temporary folder and compares it with DIR, default dist; --after compares with an already rendered folder instead)';

export interface PlanCliOutput {
  log(line: string): void;
  error(line: string): void;
}

/**
 * `plan [--dist DIR] [--after DIR]`. Returns the exit code: 0 nothing disruptive pending, 3 disruptive
 * changes pending (CI can require an approval), 1 the fleet does not render, 2 usage error.
 */
export function main(argv: readonly string[], build: () => Fleet, out: PlanCliOutput = console): number {
  let dist = 'dist';
  let after: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (name: string) => (arg === name && i + 1 < argv.length ? argv[++i] : arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : undefined);
    if (arg === '-h' || arg === '--help') {
      out.log(PLAN_USAGE);
      return 0;
    }
    const d = value('--dist');
    const a = d === undefined ? value('--after') : undefined;
    if (d !== undefined) dist = d;
    else if (a !== undefined) after = a;
    else return usage(out, `unexpected argument: ${arg}`);
  }
  if (after !== undefined && !isDirectory(after)) return usage(out, `not a directory: ${after}`);

  let tmp: string | undefined;
  try {
    if (after === undefined) {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-ovn-ic-plan-'));
      after = path.join(tmp, 'out');
      try {
        const result = renderFleet(build(), after);
        for (const w of result.warnings) out.error(`warning: ${w}`);
      } catch (e) {
        if (!(e instanceof FleetValidationError)) throw e;
        for (const err of e.errors) out.error(`error: ${err}`);
        out.error(`${e.errors.length} problem${e.errors.length === 1 ? '' : 's'} found; the fleet does not render, nothing to plan`);
        return 1;
      }
    }
    const p = planDirectories(dist, after);
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
