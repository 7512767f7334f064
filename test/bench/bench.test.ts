import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareTrees, listFiles } from '../../bench/compare';
import { renderPackage, writeFloor, yamlFloor } from '../../bench/render';
import { benchFleet, MAX_CLUSTERS } from '../../bench/spec';

/** Keeps `npm run bench` honest: its floors are the package's own output, and floor (b) reproduces it. */
describe('bench', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-bench-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('N=10: both floors write exactly the package\'s files, and yaml re-serialises its documents byte for byte', () => {
    const rendered = renderPackage(10, path.join(dir, 'package'));
    const write = writeFloor(path.join(dir, 'package'), path.join(dir, 'write'));
    const yaml = yamlFloor(path.join(dir, 'package'), path.join(dir, 'yaml'));
    // Submariner members render few files of their own: the operator, its RBAC and the CR come from the chart
    expect(rendered.files).toBeGreaterThan(250);
    expect([write.files, yaml.files]).toEqual([rendered.files, rendered.files]);
    expect(listFiles(path.join(dir, 'package'))).toHaveLength(rendered.files);
    expect(compareTrees(path.join(dir, 'package'), path.join(dir, 'write')).differences).toEqual([]);
    expect(compareTrees(path.join(dir, 'package'), path.join(dir, 'yaml')).differences).toEqual([]);
  });

  test('the fleet spec: clustersets of up to eight members, every member in exactly one, distinct ranges up to 8192 clusters', () => {
    for (const n of [10, 100, 2000]) {
      const spec = benchFleet(n);
      const members = spec.clustersets.flatMap((s) => s.members);
      expect(new Set(members).size).toBe(members.length);
      expect(members).toEqual(spec.clusters.filter((c) => c.submariner).map((c) => c.name));
      expect(Math.max(...spec.clustersets.map((s) => s.members.length))).toBeLessThanOrEqual(9);
      expect(Math.min(...spec.clustersets.map((s) => s.members.length))).toBeGreaterThanOrEqual(2);
    }
    const big = benchFleet(MAX_CLUSTERS);
    for (const field of ['podCidr', 'joinCidr', 'serviceCidr'] as const) {
      expect(new Set(big.clusters.map((c) => c[field])).size).toBe(MAX_CLUSTERS);
    }
    expect(big.clusters[MAX_CLUSTERS - 1].podCidr).toBe('10.255.248.0/22');
  });
});
