import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { renderFleetFiles } from '../../src/fleet';
import type { FleetFile } from '../../src/fleet-file';
import { loadFleetFileText, readFleetFile } from '../../src/fleet-file';
import { SecretSource } from '../../src/submariner';
import { everyConstructFleet } from '../support/every-construct';

const EXAMPLE = path.resolve(__dirname, '../../examples/every-construct.yaml');

/** Every output file of a fleet, by path. */
function files(fleet: Parameters<typeof renderFleetFiles>[0]): Map<string, string> {
  return new Map(renderFleetFiles(fleet).files.map((f) => [f.file, f.content]));
}

function differing(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const names = new Set([...expected.keys(), ...actual.keys()]);
  return [...names].filter((f) => expected.get(f) !== actual.get(f)).sort();
}

test('examples/every-construct.yaml renders what the TypeScript fleet of every construct renders, byte for byte', () => {
  const loaded = readFleetFile(EXAMPLE);
  expect(loaded.problems).toEqual([]);
  const expected = files(everyConstructFleet({ delivery: 'argocd' }));
  expect(differing(expected, files(loaded.fleet!))).toEqual([]);
  expect([...expected.keys()].filter((f) => f.startsWith('hosts/'))).not.toEqual([]); // the external IC database's host files
});

test('the same fleet delivered by Flux with acknowledged plain-text secrets, written as JSON', () => {
  const data = parse(fs.readFileSync(EXAMPLE, 'utf8')) as { -readonly [K in keyof FleetFile]: any };
  for (const name of ['cluster-a', 'cluster-b']) {
    const s = data.clusters[name].submariner;
    s.brokerToken = { plainText: { value: `token-of-${name}`, iUnderstandThisIsWrittenToGit: true } };
    s.brokerCa = { plainText: { value: 'ca-of-the-broker', iUnderstandThisIsWrittenToGit: true } };
    s.psk = { externalSecret: { store: { name: 'vault', kind: 'ClusterSecretStore' }, remoteKey: 'submariner/ipsec' } };
  }
  data.delivery = { flux: { repoUrl: 'https://git.example.com/platform/ovn-ic-fleet.git', revision: 'main', kubeOvn: { clusters: { az3: { enabled: false } } } } };
  const loaded = loadFleetFileText(JSON.stringify(data, null, 2), 'every-construct.json');
  expect(loaded.problems).toEqual([]);
  const expected = files(everyConstructFleet({ delivery: 'flux' }));
  expect(differing(expected, files(loaded.fleet!))).toEqual([]);
  expect([...expected.keys()].filter((f) => f.startsWith('flux/'))).not.toEqual([]);
});

test('secret sources: each key is the SecretSource factory of the same name', () => {
  const base = parse(fs.readFileSync(EXAMPLE, 'utf8'));
  const withSource = (source: unknown) => {
    const data = structuredClone(base);
    data.clusters['cluster-a'].submariner.psk = source;
    const loaded = loadFleetFileText(JSON.stringify(data), 'fleet.json');
    expect(loaded.problems).toEqual([]);
    return loaded.fleet!.cluster('cluster-a')!._membership!.props.psk!;
  };
  expect(withSource({ existingSecret: { name: 'submariner-ipsec-psk' } })).toEqual(SecretSource.existingSecret('submariner-ipsec-psk'));
  expect(withSource({ argocdVaultPlugin: { path: 'secret/data/x', key: 'psk', version: '2' } })).toEqual(SecretSource.argocdVaultPlugin('secret/data/x', { key: 'psk', version: '2' }));
  expect(withSource({ externalSecret: { store: { name: 'vault' }, remoteKey: 'k', property: 'p', decodingStrategy: 'Base64' } }))
    .toEqual(SecretSource.externalSecret({ store: { name: 'vault' }, remoteKey: 'k', property: 'p', decodingStrategy: 'Base64' }));
  const plain = withSource({ plainText: { value: 'v', iUnderstandThisIsWrittenToGit: true } });
  expect([plain.mode, plain._inline('psk')]).toEqual(['plainText', 'v']);
});
