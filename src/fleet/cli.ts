import { Fleet } from './model';
import { FleetValidationError, renderFleet } from './render';

/**
 * The render command: prints warnings and every user mistake (no stack trace) and returns the
 * exit code. Programming errors propagate with their stack.
 */
export function runRender(build: () => Fleet, outdir: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): number {
  try {
    const result = renderFleet(build(), outdir);
    for (const w of result.warnings) log(`warning: ${w}`);
    log(`rendered ${result.files} files into ${outdir}`);
    return 0;
  } catch (e) {
    if (!(e instanceof FleetValidationError)) throw e;
    for (const w of e.warnings) log(`warning: ${w}`);
    for (const err of e.errors) log(`error: ${err}`);
    log(`${e.errors.length} problem${e.errors.length === 1 ? '' : 's'} found; nothing was written, ${outdir} is unchanged`);
    return 1;
  }
}
