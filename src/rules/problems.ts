import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** A rule violation found at synth time, attached to the construct it concerns. */
export interface Problem {
  readonly scope: IConstruct;
  readonly message: string;
}

/**
 * A problem found by a rule across clusters (on the fleet model, before any construct exists), at the
 * construct path the object will have (`az1/Interconnection`).
 */
export interface FleetProblem {
  readonly path: string;
  readonly message: string;
}

const WARNINGS = 'cdk8s-ovn-ic/warnings';
const COLLECTS_WARNINGS = Symbol.for('cdk8s-ovn-ic.collects-warnings');

/**
 * Marks a chart whose renderer collects the warnings of its constructs (the fleet's cluster charts);
 * in any other chart they are printed when cdk8s validates the app.
 */
export function collectWarningsOf(chart: Chart): void {
  (chart as unknown as Record<symbol, boolean>)[COLLECTS_WARNINGS] = true;
}

/**
 * Registers a producer of warnings: things that render fine but deserve a look (e.g. fewer gateway
 * nodes than transit switches). Evaluated at synth, like validations, so later `add*` calls count.
 * The fleet renderer collects them; in a plain cdk8s chart `app.synth()` prints them to stderr while
 * it validates (cdk8s itself has no warnings).
 */
export function addWarnings(scope: IConstruct, produce: () => string[]): void {
  scope.node.addMetadata(WARNINGS, { produce });
  scope.node.addValidation({
    validate: () => {
      if (!(Chart.of(scope) as unknown as Record<symbol, boolean>)[COLLECTS_WARNINGS]) {
        for (const w of produce()) process.stderr.write(`warning: [${scope.node.path}] ${w}\n`);
      }
      return [];
    },
  });
}

/** Warnings registered on `scope` itself (not its children). */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node.metadata
    .filter((m) => m.type === WARNINGS)
    .flatMap((m) => (m.data as { produce: () => string[] }).produce());
}

/** Every error and warning of a construct tree, formatted `[path] message`, in tree order. */
export function collectProblems(root: IConstruct): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const c of root.node.findAll()) {
    const node = c.node;
    for (const e of node.validate()) errors.push(`[${node.path}] ${e}`);
    // warningsOf(c) without its intermediate arrays: the same producers in the same order, their
    // results flattened as flatMap does (an array's elements, holes skipped; anything else as one)
    for (const m of node.metadata) {
      if (m.type !== WARNINGS) continue;
      const produced: unknown = (m.data as { produce: () => string[] }).produce();
      if (!Array.isArray(produced)) {
        warnings.push(`[${node.path}] ${produced}`);
        continue;
      }
      for (let i = 0; i < produced.length; i++) if (i in produced) warnings.push(`[${node.path}] ${produced[i]}`);
    }
  }
  return { errors, warnings };
}
