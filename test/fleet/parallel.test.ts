import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareTrees, listFiles } from '../../bench/compare';

// Worker threads run the built JavaScript (lib/): npm ci builds it (prepare), so CI always runs these. The fleets come
// from source modules written into a temporary folder that require the build, as a user's module requires the package.
const LIB = path.resolve(__dirname, '../../lib');
const built = fs.existsSync(path.join(LIB, 'src/fleet/render-thread.js'));
/* eslint-disable @typescript-eslint/no-require-imports */
const lib = (built ? require(path.join(LIB, 'src')) : undefined) as typeof import('../../src');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-parallel-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A source module: `fleet(n, bad)` builds n interconnected clusters delivered with Argo CD, cluster `bad` (if any)
 * with a Subnet whose gateway is outside its CIDR; `other` builds one cluster fewer in a render thread.
 */
const SOURCE = path.join(dir, 'fleet-source.js');
fs.writeFileSync(SOURCE, `
const fs = require('fs');
const { isMainThread } = require('worker_threads');
const { Fleet } = require(${JSON.stringify(path.join(LIB, 'src'))});
function fleet(n, bad, badModel) {
  const f = new Fleet();
  const ip = (i, base) => \`10.\${base + (i >> 8)}.\${i & 255}\`;
  const clusters = Array.from({ length: n }, (_, i) => f.addCluster(\`c\${String(i).padStart(4, '0')}\`, {
    podCidr: i === badModel ? '10.0.0.1/24' : \`\${ip(i, 0)}.0/24\`, joinCidr: \`\${ip(i, 40)}.0/24\`, serviceCidr: \`\${ip(i, 80)}.0/24\`,
    masterNodeIps: [\`\${ip(i, 120)}.1\`], gatewayNodes: ['gw1'],
  }));
  const db = clusters[0].addIcServer({ nodeIps: [\`\${ip(0, 120)}.1\`], tsNum: 1 });
  clusters.forEach((c, i) => c.interconnect({ icDatabase: db })
    .addSubnet('team', { cidrBlock: \`\${ip(i, 160)}.0/24\`, gateway: i === bad ? '192.0.2.1' : undefined }));
  f.deliverWithArgoCd({ repoUrl: 'https://git.example.com/fleet.git', revision: 'main' });
  return f;
}
exports.fleet = fleet;
// the calling thread waits at its first cluster until a render thread has rendered one (a marker file; at most 60 s), so
// the render thread surely takes clusters whatever the machine's load; the callbacks add nothing, the output is the same
exports.waitForThread = (n, marker) => {
  const f = fleet(n);
  for (const c of f.clusters) c.addConstructs(() => {
    if (!isMainThread) return fs.writeFileSync(marker, '');
    for (let i = 0; i < 6000 && !fs.existsSync(marker); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  });
  return f;
};
exports.buildFleet = () => exports.waitForThread(320, require('path').join(__dirname, 'marker-cli'));
exports.other = (n) => fleet(isMainThread ? n : n - 1);
exports.notAFleet = () => ({});
`);
const source = (exportName: string, ...args: unknown[]) => ({ module: SOURCE, export: exportName, args });
/** The 320-cluster fleet rendered by renderFleet in one thread (once), and what it returned. */
let one: ReturnType<typeof lib.renderFleet> | undefined;
const ONE = path.join(dir, 'one');
const renderedInOneThread = () => (one ??= lib.renderFleet(require(SOURCE).fleet(320), ONE));

(built ? describe : describe.skip)('renderFleetInParallel (needs the build in lib/)', () => {
  test('two threads write exactly the files of one (bytes and count), for a fleet they share', () => {
    const one = renderedInOneThread();
    const two = lib.renderFleetInParallel(source('waitForThread', 320, path.join(dir, 'marker-two')), path.join(dir, 'two'), { threads: 2 });
    expect(one.files).toBeGreaterThan(320 * 4);
    expect(one.threads).toBe(1);
    expect(two).toEqual({ ...one, threads: 2 });
    expect(listFiles(path.join(dir, 'two'))).toHaveLength(one.files);
    expect(compareTrees(ONE, path.join(dir, 'two')).differences).toEqual([]);
  });

  test('a problem in a cluster a thread renders: the same problems as one thread, in the same order, and nothing written', () => {
    const expected = (() => {
      try {
        lib.renderFleet(require(SOURCE).fleet(320, 300), path.join(dir, 'bad-one'));
      } catch (e) {
        return e as InstanceType<typeof lib.FleetValidationError>;
      }
      throw new Error('the fleet was expected to fail');
    })();
    expect(expected.errors).toEqual([expect.stringContaining('c0300')]);
    expect(expected.errors[0]).toContain('192.0.2.1');
    const out = path.join(dir, 'bad-two');
    let thrown: unknown;
    try {
      lib.renderFleetInParallel(source('fleet', 320, 300), out, { threads: 2 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(lib.FleetValidationError);
    expect((thrown as typeof expected).errors).toEqual(expected.errors);
    expect((thrown as typeof expected).warnings).toEqual(expected.warnings);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('cdk8s-ovn-ic-'))).toEqual([]);
  });

  test('a problem the model already shows (resolve): the threads are cancelled, the problems are those of one thread', () => {
    const expected = lib.validateFleet(require(SOURCE).fleet(320, undefined, 7));
    expect(expected.errors).toEqual([expect.stringContaining('c0007')]);
    let thrown: unknown;
    try {
      lib.renderFleetInParallel(source('fleet', 320, undefined, 7), path.join(dir, 'bad-model'), { threads: 2 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(lib.FleetValidationError);
    expect({ errors: (thrown as InstanceType<typeof lib.FleetValidationError>).errors, warnings: (thrown as InstanceType<typeof lib.FleetValidationError>).warnings })
      .toEqual(expected);
    expect(fs.existsSync(path.join(dir, 'bad-model'))).toBe(false);
  });

  test('a small fleet renders in one thread, like renderFleet', () => {
    const small = lib.renderFleetInParallel(source('fleet', 3), path.join(dir, 'small'), { threads: 4 });
    expect(small.threads).toBe(1);
    expect(small).toEqual(lib.renderFleet(require(SOURCE).fleet(3), path.join(dir, 'small-one')));
    expect(compareTrees(path.join(dir, 'small-one'), path.join(dir, 'small')).differences).toEqual([]);
  });

  test('a source that builds another fleet in a thread, or no fleet, fails with a message naming it', () => {
    expect(() => lib.renderFleetInParallel(source('other', 320), path.join(dir, 'other'), { threads: 2 }))
      .toThrow(`the fleet source ${SOURCE}#other built another fleet in a render thread than in the calling thread`);
    expect(() => lib.renderFleetInParallel(source('notAFleet'), path.join(dir, 'none')))
      .toThrow(`the fleet source ${SOURCE}#notAFleet returned object, not a Fleet; return the Fleet it builds`);
    expect(() => lib.renderFleetInParallel(source('missing'), path.join(dir, 'none')))
      .toThrow(`the fleet source ${SOURCE}#missing is not a function the module exports`);
    expect(() => lib.renderFleetInParallel(source('fleet', 3), path.join(dir, 'none'), { threads: 0 })).toThrow('threads must be a positive integer, got 0');
    expect(fs.existsSync(path.join(dir, 'other'))).toBe(false);
  });

  test('render fleet.yaml and render fleet.js render a large fleet on two threads, the same files as renderFleet of its fleet', () => {
    const yaml = ['clusters:'];
    for (let i = 0; i < 320; i++) {
      const ip = (base: number) => `10.${base + (i >> 8)}.${i & 255}`;
      yaml.push(`  c${String(i).padStart(4, '0')}:`, `    podCidr: ${ip(0)}.0/24`, `    joinCidr: ${ip(40)}.0/24`, `    serviceCidr: ${ip(80)}.0/24`,
        `    masterNodeIps: [${ip(120)}.1]`, '    gatewayNodes: [gw1]', '    interconnection: { icDatabase: c0000 }',
        ...(i === 0 ? [`    icServer: { nodeIps: [${ip(120)}.1], tsNum: 1 }`] : []));
    }
    yaml.push('delivery:', '  argoCd: { repoUrl: "https://git.example.com/fleet.git", revision: main }');
    const file = path.join(dir, 'large.yaml');
    fs.writeFileSync(file, `${yaml.join('\n')}\n`);
    const { main } = require(path.join(LIB, 'src/cli/cli-main')) as typeof import('../../src/cli/cli-main');
    const err: string[] = [];
    const code = main(['render', file, '--out', path.join(dir, 'cli'), '--threads', '2'], { log: () => undefined, error: (l) => err.push(l) }, { env: {} });
    // the calling thread may render every cluster before the render thread is ready: the output is the same either way
    expect(err.filter((l) => !l.startsWith('warning:'))).toEqual([expect.stringMatching(/^rendered \d+ files into .*cli( on 2 threads)?$/)]);
    expect(code).toBe(0);
    // the render threads' source: the text this thread read, parsed again into the same fleet
    const fileBuild = lib.fleetFileBuild(file);
    const built = fileBuild.build();
    const threadSource = fileBuild.source()!;
    expect({ module: threadSource.module, export: threadSource.export }).toEqual({ module: path.join(LIB, 'src/fleet-file/check.js'), export: 'fleetOfFileText' });
    const again = (require(threadSource.module) as Record<string, (...a: unknown[]) => InstanceType<typeof lib.Fleet>>)[threadSource.export](...threadSource.args!);
    expect(again.clusters.map((c) => c.name)).toEqual(built.clusters.map((c) => c.name));
    expect(again.clusters).toHaveLength(320);
    const loaded = lib.readFleetFile(file);
    expect(loaded.problems).toEqual([]);
    lib.renderFleet(loaded.fleet!, path.join(dir, 'cli-one'));
    expect(compareTrees(path.join(dir, 'cli-one'), path.join(dir, 'cli')).differences).toEqual([]);

    // a fleet module's buildFleet export: the threads load the module and call it (waitForThread: surely on 2 threads)
    const fromModule: string[] = [];
    expect(main(['render', SOURCE, '--out', path.join(dir, 'cli-module'), '--threads', '2'], { log: () => undefined, error: (l) => fromModule.push(l) }, { env: {} })).toBe(0);
    expect(fromModule.filter((l) => !l.startsWith('warning:'))).toEqual([expect.stringMatching(/^rendered \d+ files into .*cli-module on 2 threads$/)]);
    renderedInOneThread();
    expect(compareTrees(ONE, path.join(dir, 'cli-module')).differences).toEqual([]);
  });
});
