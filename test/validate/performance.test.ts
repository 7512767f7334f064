import { stringify } from 'yaml';
import { ManifestValidator } from '../../src/validate';
import { application, configMap, deployment, providerNetwork, subnet, vlan, writeTree } from './fixtures';

/**
 * Measures (and prints, does not assert) the cost of validating ~1000 small documents: 100 clusters of 10
 * objects each, like the fleet the package renders. Only correctness is asserted.
 */
const CLUSTERS = 100;
const clusterDocs = (c: number) => [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
  configMap(),
  deployment(),
  subnet({ cidrBlock: `10.${c}.0.0/24`, gateway: `10.${c}.0.1`, excludeIps: [] }, 'underlay-a'),
  subnet({ cidrBlock: `10.${c}.1.0/24`, gateway: `10.${c}.1.1`, excludeIps: [] }, 'underlay-b'),
  subnet({ cidrBlock: `10.${c}.2.0/24`, gateway: `10.${c}.2.1`, excludeIps: [] }, 'underlay-c'),
  vlan(),
  { ...vlan({ id: 20 }), metadata: { name: 'vlan20' } },
  providerNetwork(),
  { ...application(), metadata: { name: `kube-ovn-${c}`, namespace: 'argocd' } },
];

test(`validating ${CLUSTERS * 10} documents: cost report`, () => {
  const files: Record<string, string> = {};
  for (let c = 0; c < CLUSTERS; c++) files[`clusters/c${c}/all.yaml`] = clusterDocs(c).map((d) => stringify(d)).join('---\n');
  const dir = writeTree(files);
  const bytes = Object.values(files).reduce((n, t) => n + t.length, 0);

  const timed = <T>(f: () => T): [T, number] => {
    const t0 = performance.now();
    const r = f();
    return [r, performance.now() - t0];
  };
  const [cold, coldMs] = timed(() => new ManifestValidator().validateDirectory(dir));
  const warmValidator = new ManifestValidator();
  warmValidator.validateDirectory(dir);
  const [warm, warmMs] = timed(() => warmValidator.validateDirectory(dir));
  const sets = Array.from({ length: CLUSTERS }, (_, c) => clusterDocs(c).map((doc, i) => ({ location: `c${c}#${i}`, doc })));
  const [inMemory, inMemoryMs] = timed(() => sets.flatMap((set) => warmValidator.validateSet(set)));

  expect(cold).toEqual({ problems: [], documents: CLUSTERS * 10, files: CLUSTERS });
  expect(warm.problems).toEqual([]);
  expect(inMemory).toEqual([]);
  console.log(
    [
      `${CLUSTERS * 10} documents, ${(bytes / 1024).toFixed(0)} KiB of YAML in ${CLUSTERS} files:`,
      `  cold validateDirectory (bundle reading + schema compilation included): ${coldMs.toFixed(0)} ms`,
      `  warm validateDirectory (YAML parsing + validation): ${warmMs.toFixed(0)} ms`,
      `  warm validateSet on in-memory objects: ${inMemoryMs.toFixed(0)} ms (${((inMemoryMs * 1000) / (CLUSTERS * 10)).toFixed(0)} us/document)`,
    ].join('\n'),
  );
});
