import { resolveFleet } from '../../src/fleet/resolve';
import { snapshotChunks, snapshotJson, snapshotOf } from '../../src/fleet/snapshot';
import { buildDefaultFleet } from '../../src/default-fleet';
import { Fleet } from '../../src';
import { buildBenchFleet } from '../../bench/package-fleet';
import { benchFleet } from '../../bench/spec';

// fleet-model.json is written in chunks, one cluster at a time: the text must be the one-shot JSON
describe('snapshotChunks', () => {
  test.each([
    ['the default fleet', () => buildDefaultFleet()],
    ['an empty fleet', () => new Fleet()],
    ['the bench fleet of 200 clusters (several chunks)', () => buildBenchFleet(benchFleet(200), 'argocd')],
  ])('%s: the chunks are JSON.stringify(snapshotOf(resolved), null, 2) and a newline', (_name, build) => {
    const resolved = resolveFleet(build());
    const chunks = [...snapshotChunks(resolved)];
    expect(chunks.join('')).toBe(`${JSON.stringify(snapshotOf(resolved), null, 2)}\n`);
    expect(snapshotJson(resolved)).toBe(chunks.join(''));
  });

  test('a large snapshot comes in bounded chunks', () => {
    const chunks = [...snapshotChunks(resolveFleet(buildBenchFleet(benchFleet(200), 'argocd')))];
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(65536 + 8192);
  });
});
