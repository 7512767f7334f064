import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareTrees, listFiles } from '../../bench/compare';
import { renderFloor, renderFloorEmitter, renderPackage } from '../../bench/render';
import { benchFleet } from '../../bench/spec';

/** Keeps `npm run bench` honest: at N=10 the package writes exactly the floor's files, byte for byte. */
describe('bench generator', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-bench-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('N=10: the package output equals the floor output (plain objects through yaml and through toYaml)', () => {
    const rendered = renderPackage(10, path.join(dir, 'package'));
    const floor = renderFloor(10, path.join(dir, 'floor'));
    const emitter = renderFloorEmitter(10, path.join(dir, 'floor-emitter'));
    expect(rendered.files).toBeGreaterThan(400);
    expect([floor.files, emitter.files]).toEqual([rendered.files, rendered.files]);
    expect(listFiles(path.join(dir, 'package'))).toHaveLength(rendered.files);
    expect(compareTrees(path.join(dir, 'package'), path.join(dir, 'floor')).differences).toEqual([]);
    expect(compareTrees(path.join(dir, 'package'), path.join(dir, 'floor-emitter')).differences).toEqual([]);
  });

  test('the fleet spec: clustersets of up to eight members, every member in exactly one', () => {
    for (const n of [10, 100, 2000]) {
      const spec = benchFleet(n);
      const members = spec.clustersets.flatMap((s) => s.members);
      expect(new Set(members).size).toBe(members.length);
      expect(members).toEqual(spec.clusters.filter((c) => c.submariner).map((c) => c.name));
      expect(Math.max(...spec.clustersets.map((s) => s.members.length))).toBeLessThanOrEqual(9);
      expect(Math.min(...spec.clustersets.map((s) => s.members.length))).toBeGreaterThanOrEqual(2);
    }
  });
});
