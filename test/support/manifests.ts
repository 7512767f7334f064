import { Testing } from 'cdk8s';
import { buildCluster, Fleet, resolveFleet, validateFleet } from '../../src/fleet';
import { ManifestValidator } from '../../src/validate';

let shared: ManifestValidator | undefined;

/** One validator per test file, on the committed schema bundle: schemas compile lazily and are cached. */
export function manifestValidator(): ManifestValidator {
  shared ??= new ManifestValidator();
  return shared;
}

/** Asserts every document passes its Kubernetes or CRD schema, scope rules and duplicate check. */
export function expectValidManifests(docs: readonly unknown[]): void {
  const problems = manifestValidator().validateSet(docs.map((doc, i) => ({ location: `doc#${i}`, doc })));
  expect(problems.map((p) => `${p.location}: ${p.message}`)).toEqual([]);
}

/**
 * The documents of every cluster of a fleet, by cluster name, as each cluster's chart renders them
 * (before the deliveries' per-object annotations; construct validation errors throw).
 */
export function synthFleet(fleet: Fleet): Record<string, any[]> {
  return Object.fromEntries(resolveFleet(fleet).clusters.map((c) => [c.name, Testing.synth(buildCluster(c))]));
}

/** The one document of a kind and name among `docs`; fails the test when absent or ambiguous. */
export function findDoc(docs: readonly any[], kind: string, name: string): any {
  const found = docs.filter((d) => d.kind === kind && d.metadata?.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Error messages of a fleet, for asserting on failing cases. */
export function fleetErrors(fleet: Fleet): string[] {
  return validateFleet(fleet).errors;
}

/** Warning messages of a fleet. */
export function fleetWarnings(fleet: Fleet): string[] {
  return validateFleet(fleet).warnings;
}
