import { Cni } from '../../src';
import { fleetReadmeChunks, FleetTopology } from '../../src/gitops';
import { resolveFleet } from '../../src/fleet/resolve';
import { ovnIcRunbookChunks } from '../../src/ovn-ic/runbook';
import { buildBenchFleet } from '../../bench/package-fleet';
import { benchFleet } from '../../bench/spec';

// The runbook and the README of a large fleet are tens of MB: a render writes them in chunks as it makes them,
// so a chunk must stay small and the chunks must add up to exactly one text.

describe('the runbook in chunks', () => {
  const members = resolveFleet(buildBenchFleet(benchFleet(600), 'argocd')).icMembers;
  const chunks = [...ovnIcRunbookChunks(members)];
  const text = chunks.join('');

  test('the header, one chunk per cluster section, then the reset (a step per cluster) in bounded chunks', () => {
    expect(members).toHaveLength(600);
    expect(chunks.filter((c) => c.startsWith('\n### Cluster '))).toHaveLength(600);
    expect(chunks.filter((c) => c.startsWith('\n### Reset the whole interconnection\n'))).toHaveLength(1);
    // the reset's 604 steps: 256 lines per chunk, its 3 title lines included
    expect(chunks).toHaveLength(1 + 600 + 3);
    // ~300 bytes per step, and two lines that list every cluster (~7 bytes each)
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(256 * 300 + 600 * 7);
  });

  test('the reset is numbered across its chunks', () => {
    const reset = text.slice(text.indexOf('### Reset the whole interconnection'));
    expect(reset.match(/^\d+\. /gm)).toEqual(Array.from({ length: 604 }, (_, i) => `${i + 1}. `));
  });

  test('the text has every cluster once, blank lines between sections and one final newline', () => {
    expect(text.match(/^### Cluster c\d{4}$/gm)).toHaveLength(600);
    expect(text).not.toMatch(/\n\n\n/);
    expect(text.endsWith('reconnect clusters by re-enabling them\n')).toBe(true);
    expect(text.startsWith('# OVN-IC runbook\n\nRendered by cdk8s-ovn-ic')).toBe(true);
  });
});

describe('the README in chunks', () => {
  const clusters = Array.from({ length: 3000 }, (_, i) => ({
    name: `c${String(i).padStart(4, '0')}`, cni: Cni.KUBE_OVN, podCidr: `10.${i >> 8}.${i & 255}.0/24`,
    serviceCidr: '10.96.0.0/12', joinCidr: '100.64.0.0/16', masterNodeIps: ['192.0.2.10'], gatewayNodes: ['gw1', 'gw2'],
  }));
  const topology = { clusters, icDomains: [], submariner: [] } as unknown as FleetTopology;
  const chunks = [...fleetReadmeChunks(topology, [{ title: 'Argo CD', bootstrap: ['1. apply it', '', ''] }])];
  const text = chunks.join('');

  test('chunks of at most 2048 lines, each ending a line', () => {
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) {
      expect(c.endsWith('\n')).toBe(true);
      expect(c.split('\n').length - 1).toBeLessThanOrEqual(2048);
    }
  });

  test('a row per cluster, the diagram, and the file ends right after the last bootstrap step', () => {
    expect(text.match(/^\| c\d{4} \| kube-ovn \| /gm)).toHaveLength(3000);
    expect(text.match(/^ {2}subgraph c\d+\[/gm)).toHaveLength(3000);
    expect(text.endsWith('### Argo CD\n\n1. apply it\n')).toBe(true);
    expect(text).not.toMatch(/\n\n\n/);
  });
});
