import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CableDriver, Cni, renderFleet, renderFleetFiles, SecretSource } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { avpSecrets, seedFleet } from './fixtures';


const store = { name: 'vault', kind: 'ClusterSecretStore' as const };

describe('secret sources', () => {
  test('argocd-vault-plugin: placeholders fill the inline fields; no PSK Secret', () => {
    const docs = synthFleet(seedFleet().fleet)['cluster-b'];
    const spec = findDoc(docs, 'Submariner', 'submariner').spec;
    expect(spec.brokerK8sApiServerToken).toBe('<path:secret/data/submariner/cluster-b#token>');
    expect(spec.brokerK8sCA).toBe('<path:secret/data/submariner/broker#ca>');
    expect(spec.ceIPSecPSK).toBe('<path:secret/data/submariner/broker#psk>');
    expect(spec.ceIPSecPSKSecret).toBeUndefined();
    expect(docs.filter((d) => d.kind === 'Secret' || d.kind === 'ExternalSecret')).toEqual([]);
  });

  test('argocd-vault-plugin: default key per field and an optional version', () => {
    const s = seedFleet({ joinB: { brokerToken: SecretSource.argocdVaultPlugin('secret/data/sub/b'), psk: SecretSource.argocdVaultPlugin('secret/data/sub/psk', { version: '3' }) } });
    const spec = findDoc(synthFleet(s.fleet)['cluster-b'], 'Submariner', 'submariner').spec;
    expect(spec.brokerK8sApiServerToken).toBe('<path:secret/data/sub/b#token>');
    expect(spec.ceIPSecPSK).toBe('<path:secret/data/sub/psk#psk#3>');
  });

  test('externalSecret PSK with libreswan: an ExternalSecret writes submariner-ipsec-psk, the CR names it', () => {
    const s = seedFleet({ joinB: { psk: SecretSource.externalSecret({ store, remoteKey: 'submariner/ipsec', property: 'psk' }) } });
    expect(fleetErrors(s.fleet)).toEqual([]);
    const docs = synthFleet(s.fleet)['cluster-b'];
    const es = findDoc(docs, 'ExternalSecret', 'submariner-ipsec-psk');
    expect(es).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'submariner-ipsec-psk', namespace: 'submariner-operator', annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
        target: { name: 'submariner-ipsec-psk', creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { type: 'Opaque' } },
        data: [{ secretKey: 'psk', remoteRef: { key: 'submariner/ipsec', property: 'psk', decodingStrategy: 'Base64', conversionStrategy: 'Default' } }],
      },
    });
    const spec = findDoc(docs, 'Submariner', 'submariner').spec;
    expect(spec.ceIPSecPSKSecret).toBe('submariner-ipsec-psk');
    expect(spec.ceIPSecPSK).toBeUndefined();
    // the ExternalSecret against ESO v2.9.0's own CRD (external-secrets.io/v1, from the schema bundle)
    expectValidManifests(docs);
  });

  test('existingSecret PSK: nothing rendered, the CR names the Secret', () => {
    const s = seedFleet({ joinB: { psk: SecretSource.existingSecret('ipsec-psk-sealed') } });
    expect(fleetErrors(s.fleet)).toEqual([]);
    const docs = synthFleet(s.fleet)['cluster-b'];
    expect(findDoc(docs, 'Submariner', 'submariner').spec).toMatchObject({ ceIPSecPSKSecret: 'ipsec-psk-sealed' });
    expect(docs.filter((d) => d.kind === 'ExternalSecret' || d.kind === 'Secret')).toEqual([]);
  });

  test.each([
    ['externalSecret', SecretSource.externalSecret({ store, remoteKey: 'submariner/psk' })],
    ['existingSecret', SecretSource.existingSecret('psk')],
  ])('fails: wireguard with a %s PSK (wireguard reads only the inline field)', (_mode, psk) => {
    const s = seedFleet({ joinA: { cableDriver: CableDriver.WIREGUARD }, joinB: { cableDriver: CableDriver.WIREGUARD, psk } });
    expect(fleetErrors(s.fleet)).toEqual([
      `[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: psk is ${psk}, but cable driver wireguard reads only the inline spec.ceIPSecPSK and ignores ceIPSecPSKSecret; use SecretSource.argocdVaultPlugin(...) or switch to CableDriver.LIBRESWAN`,
    ]);
  });

  test('fails: broker token and CA from Kubernetes Secrets (the operator needs them inline)', () => {
    const s = seedFleet({ joinB: { brokerToken: SecretSource.externalSecret({ store, remoteKey: 'b/token' }), brokerCa: SecretSource.existingSecret('broker-ca') } });
    expect(fleetErrors(s.fleet)).toEqual([
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: brokerToken is SecretSource.externalSecret(...), but the submariner operator builds its broker client from the inline spec.brokerK8sApiServerToken, which a Kubernetes Secret cannot fill; use SecretSource.argocdVaultPlugin(...) (or an acknowledged plainText)',
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: brokerCa is SecretSource.existingSecret(...), but the submariner operator builds its broker client from the inline spec.brokerK8sCA, which a Kubernetes Secret cannot fill; use SecretSource.argocdVaultPlugin(...) (or an acknowledged plainText)',
    ]);
  });

  test('fails: libreswan without a PSK; bad source parameters', () => {
    const s = seedFleet({
      joinA: { psk: undefined },
      joinB: { brokerToken: SecretSource.argocdVaultPlugin('secret data#x'), psk: SecretSource.externalSecret({ store: { name: '' }, remoteKey: '' }) },
    });
    expect(fleetErrors(s.fleet)).toEqual([
      '[cluster-a/SubmarinerJoin] cluster "cluster-a", SubmarinerJoin: psk is missing; cable driver libreswan encrypts with the IPsec PSK, give the same SecretSource in every cluster (or give the broker a credentialStore holding it)',
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: brokerToken: argocd-vault-plugin path "secret data#x" must be a Vault path without spaces, \'<\', \'>\' or \'#\' (e.g. secret/data/submariner)',
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: psk: externalSecret needs store.name (the SecretStore or ClusterSecretStore)',
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: psk: externalSecret needs remoteKey (the key of the value in the provider)',
    ]);
  });

  test('vxlan uses no PSK: none is rendered, and a given one draws a warning', () => {
    const s = seedFleet({ joinA: { cableDriver: CableDriver.VXLAN }, joinB: { cableDriver: CableDriver.VXLAN, psk: SecretSource.externalSecret({ store, remoteKey: 'p' }) } });
    expect(fleetErrors(s.fleet)).toEqual([]);
    const docs = synthFleet(s.fleet)['cluster-b'];
    expect(docs.filter((d) => d.kind === 'ExternalSecret')).toEqual([]);
    expect(findDoc(docs, 'Submariner', 'submariner').spec.ceIPSecPSK).toBeUndefined();
    expect(fleetWarnings(s.fleet)).toContain('[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: psk is given but cable driver vxlan does not encrypt; it is not rendered');
  });

  test('plainText needs the acknowledgement, then renders with a warning that does not repeat the value', () => {
    const value = 'plain-psk-value-0123456789';
    const noAck = seedFleet({ joinB: { psk: SecretSource.plainText(value, {} as any) } });
    const errors = fleetErrors(noAck.fleet);
    expect(errors).toEqual([
      '[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: psk is SecretSource.plainText without { iUnderstandThisIsWrittenToGit: true }; the value would be committed to Git. Use SecretSource.argocdVaultPlugin, externalSecret or existingSecret, or acknowledge explicitly',
    ]);
    const ack = seedFleet({ joinB: { psk: SecretSource.plainText(value, { iUnderstandThisIsWrittenToGit: true }) } });
    expect(fleetErrors(ack.fleet)).toEqual([]);
    expect(fleetWarnings(ack.fleet)).toContain('[cluster-b/SubmarinerJoin] cluster "cluster-b", SubmarinerJoin: psk is SecretSource.plainText: the secret is written to dist/ and Git history; prefer argocdVaultPlugin or externalSecret');
    expect(findDoc(synthFleet(ack.fleet)['cluster-b'], 'Submariner', 'submariner').spec.ceIPSecPSK).toBe(value);
    expect(JSON.stringify(SecretSource.plainText(value, { iUnderstandThisIsWrittenToGit: true }))).not.toContain(value);
    expect(String(SecretSource.plainText(value, { iUnderstandThisIsWrittenToGit: true }))).toBe('SecretSource.plainText(...)');
  });

  test('no secret value given as input ever reaches the rendered fleet or its messages', () => {
    const SENTINELS = {
      token: 'SENTINEL-broker-token-7f3a9c',
      ca: 'SENTINEL-broker-ca-b51e02',
      psk: 'SENTINEL-ipsec-psk-c4d8e1',
      vxlanPsk: 'SENTINEL-unused-psk-0a9b8c',
    };
    // values rejected for lack of acknowledgement must not be echoed anywhere
    const rejected = seedFleet({
      joinA: {
        brokerToken: SecretSource.plainText(SENTINELS.token, {} as any),
        brokerCa: SecretSource.plainText(SENTINELS.ca, {} as any),
        psk: SecretSource.plainText(SENTINELS.psk, {} as any),
      },
    });
    let thrown: any;
    try {
      renderFleetFiles(rejected.fleet);
    } catch (e) {
      thrown = e;
    }
    expect(thrown?.errors?.length).toBe(3);
    // a valid fleet in every non-plain mode, plus an acknowledged value the vxlan driver never uses
    const ok = seedFleet({
      joinA: { psk: SecretSource.externalSecret({ store, remoteKey: 'submariner/ipsec' }) },
      joinB: { psk: SecretSource.existingSecret('ipsec-psk') },
    });
    const c = ok.fleet.addCluster('cluster-c', { podCidr: '10.50.0.0/16', serviceCidr: '10.51.0.0/16', cni: Cni.OVN_KUBERNETES, gatewayNodes: ['gw'] });
    const brokerC = c.addSubmarinerBroker({ apiServer: '10.6.168.90:6443' });
    c.joinSubmariner({
      broker: brokerC, cableDriver: CableDriver.VXLAN, ...avpSecrets('cluster-c'),
      psk: SecretSource.plainText(SENTINELS.vxlanPsk, { iUnderstandThisIsWrittenToGit: true }),
    });
    ok.joinB.addConnectivityCheck({ serviceIp: '10.243.63.200' });
    ok.joinA.addConnectivityCheck({ serviceIp: '10.233.63.200' });
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'submariner-secrets-'));
    const result = renderFleet(ok.fleet, path.join(outdir, 'dist'));
    const rendered = [
      ...readTree(path.join(outdir, 'dist')),
      JSON.stringify(thrown.errors), JSON.stringify(thrown.warnings), ...result.warnings, ...fleetWarnings(rejected.fleet),
    ].join('\n');
    expect(rendered.length).toBeGreaterThan(10000);
    for (const value of Object.values(SENTINELS)) expect(rendered).not.toContain(value);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

function readTree(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? readTree(full) : [fs.readFileSync(full, 'utf8')];
  });
}
