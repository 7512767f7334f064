import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OUTPUT_MARKER, renderFleet, runRender } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { fileNameOf } from '../../src/synthesis/files';
import { twoClusterFleet } from '../support/fleets';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('render', () => {
  let tmp: string;
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-render-')); });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('file names are stable, keep namespaces apart and never get 0000- prefixes', () => {
    expect(fileNameOf({ kind: 'ConfigMap', metadata: { name: 'ovn-ic-config', namespace: 'kube-system' } })).toBe('ConfigMap.kube-system.ovn-ic-config.k8s.yaml');
    expect(fileNameOf({ kind: 'ClusterRole', metadata: { name: 'system:ovn' } })).toBe('ClusterRole.system_ovn.k8s.yaml');
  });

  test('writes one folder per cluster and stale files disappear', () => {
    const out = path.join(tmp, 'dist');
    fs.mkdirSync(path.join(out, 'clusters', 'gone'), { recursive: true });
    fs.writeFileSync(path.join(out, 'clusters', 'gone', 'old.yaml'), 'x');
    fs.writeFileSync(path.join(out, OUTPUT_MARKER), ''); // a previous render
    renderFleet(twoClusterFleet().fleet, out);
    expect(Object.keys(tree(out)).sort()).toEqual([
      OUTPUT_MARKER,
      'clusters/az1/ConfigMap.kube-system.ovn-ic-config.k8s.yaml',
      'clusters/az1/Deployment.kube-system.ovn-ic-controller.k8s.yaml',
      'clusters/az1/Deployment.kube-system.ovn-ic-server.k8s.yaml',
      'clusters/az2/ConfigMap.kube-system.ovn-ic-config.k8s.yaml',
      'clusters/az2/Deployment.kube-system.ovn-ic-controller.k8s.yaml',
      'connectivity/flows.csv', // the firewall flows, outside the synced folders
      'connectivity/flows.json',
      'connectivity/flows.md',
      'fleet-model.json', // the resolved model `plan` compares
      'runbooks/ovn-ic.md', // the OVN-IC day-2 runbook, outside the synced folders
    ]);
    expect(fs.readdirSync(tmp)).toEqual(['dist']); // no staging folder left behind
  });

  test('is byte-identical across renders and independent of declaration order', () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    renderFleet(buildDefaultFleet(), a);
    renderFleet(buildDefaultFleet(), b);
    expect(tree(a)).toEqual(tree(b));
  });

  test('leaves the output untouched on invalid input and reports every problem without a stack', () => {
    const out = path.join(tmp, 'dist');
    renderFleet(twoClusterFleet().fleet, out);
    const before = tree(out);
    const lines: string[] = [];
    const code = runRender(() => twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic2: { azName: 'az1' } }).fleet, out, (l) => lines.push(l));
    expect(code).toBe(1);
    expect(tree(out)).toEqual(before);
    expect(lines.filter((l) => l.startsWith('error: '))).toHaveLength(2);
    expect(lines[lines.length - 1]).toBe(`2 problems found; nothing was written, ${out} is unchanged`);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  test('programming errors keep their stack', () => {
    expect(() => runRender(() => { throw new TypeError('boom'); }, path.join(tmp, 'x'), () => undefined)).toThrow(TypeError);
  });
});
