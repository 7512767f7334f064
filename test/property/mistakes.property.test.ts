import * as fc from 'fast-check';
import { positiveEnv } from './runs';
import { parseAllDocuments } from 'yaml';
import { FleetValidationError, renderFleetFiles } from '../../src';
import { manifestValidator } from '../support/manifests';
import { applyMistake, BAD_VALUES, buildPlan, pathsOf, Plan, planArb } from './mistake-spec';

// Same convention as fleet.property.test.ts: seeded, a quick sample by default; FC_RUNS=<n> runs every
// property n times, FC_SEED=<n> picks another seed, FC_MISTAKE_RUNS sets this one's runs.
const SEED = Number(process.env.FC_SEED ?? 20261202);
const RUNS = positiveEnv('FC_MISTAKE_RUNS') ?? positiveEnv('FC_RUNS') ?? 60;
const CLEAN_RUNS = positiveEnv('FC_RUNS') ?? 8;

/** Every YAML document of the rendered files, validated per cluster folder like the real validator. */
function expectValidOutput(files: ReadonlyArray<{ file: string; content: string }>): void {
  const byFolder = new Map<string, Array<{ location: string; doc: unknown }>>();
  // hosts/: run specifications; argocd-submariner/: wrapper charts (Chart.yaml, values.yaml), not manifests
  for (const f of files.filter((x) => /\.ya?ml$/.test(x.file) && !x.file.startsWith('hosts/') && !x.file.startsWith('argocd-submariner/'))) {
    const dir = f.file.split('/').slice(0, 2).join('/');
    const docs = parseAllDocuments(f.content, { version: '1.1' }).map((d, i) => ({ location: `${f.file}#${i}`, doc: d.toJS() }));
    byFolder.set(dir, [...(byFolder.get(dir) ?? []), ...docs]);
  }
  for (const docs of byFolder.values()) expect(manifestValidator().validateSet(docs)).toEqual([]);
}

/**
 * The outcome of building and rendering a plan: a clean render whose documents all validate, or a
 * FleetValidationError whose every message names a construct path and says something (no TypeError,
 * no "undefined" from a crash inside a check). Anything else thrown is a crash and fails the property.
 */
function outcome(plan: Plan): 'rendered' | 'rejected' {
  let files;
  try {
    files = renderFleetFiles(buildPlan(plan)).files;
  } catch (e) {
    if (!(e instanceof FleetValidationError)) throw e;
    expect(e.errors.length).toBeGreaterThan(0);
    for (const message of e.errors) {
      expect(message).toMatch(/^\[[^\]\s][^\]]*\] \S/);
      expect(message).not.toMatch(/TypeError|is not a function|Cannot read propert|is not iterable/);
    }
    return 'rejected';
  }
  expectValidOutput(files);
  return 'rendered';
}

describe('random IPv4/IPv6/dual-stack fleets', () => {
  test('a clean fleet always renders and every document validates', () => {
    fc.assert(fc.property(planArb, (plan) => {
      expect(outcome(plan)).toBe('rendered');
    }), { seed: SEED, numRuns: CLEAN_RUNS });
  });

  test('random mistakes from an untyped caller never crash: a clean render or problems that name a path', () => {
    const arb = planArb.chain((plan) => {
      const paths = pathsOf(plan).filter((p) => p.length > 0);
      const mistake = fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...BAD_VALUES).map((value) => ({ kind: 'set' as const, value })) },
        { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
        { weight: 2, arbitrary: fc.constantFrom(...paths).map((from) => ({ kind: 'copy' as const, from })) },
      );
      return fc.record({ plan: fc.constant(plan), mistakes: fc.array(fc.tuple(fc.constantFrom(...paths), mistake), { minLength: 1, maxLength: 3 }) });
    });
    fc.assert(fc.property(arb, ({ plan, mistakes }) => {
      const mutated = structuredClone(plan);
      for (const [path, mistake] of mistakes) applyMistake(mutated, path, mistake);
      outcome(mutated);
    }), { seed: SEED, numRuns: RUNS });
  });
});
