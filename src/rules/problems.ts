import { IConstruct } from 'constructs';
import { descendants } from '../fleet/synthesis';

/** A rule violation found at synth time, attached to the construct it concerns. */
export interface Problem {
  readonly scope: IConstruct;
  readonly message: string;
}

const WARNINGS = 'cdk8s-ovn-ic/warnings';

/**
 * Registers a producer of warnings: things that render fine but deserve a look (e.g. fewer gateway
 * nodes than transit switches). Evaluated at synth, like validations, so later `add*` calls count.
 */
export function addWarnings(scope: IConstruct, produce: () => string[]): void {
  scope.node.addMetadata(WARNINGS, { produce });
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
  for (const c of descendants(root)) {
    for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
    for (const w of warningsOf(c)) warnings.push(`[${c.node.path}] ${w}`);
  }
  return { errors, warnings };
}
