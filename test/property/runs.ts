/**
 * Run counts of the seeded properties: a quick sample by default (npm test stays fast); FC_RUNS=<n> runs
 * every property n times, FC_SEED=<n> picks another seed, and a per-property variable (FC_MISTAKE_RUNS, ...)
 * sets one property's runs.
 *
 * A positive integer from the environment, or undefined when unset.
 */
export function positiveEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}
