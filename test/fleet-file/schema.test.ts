import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { formatFileProblem, loadFleetFileText } from '../../src/fleet-file';

const ROOT = path.resolve(__dirname, '../..');
const SCHEMA_FILE = path.join(ROOT, 'fleet-file.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
// the generator script, as `npm run schema:fleet-file` runs it
// eslint-disable-next-line @typescript-eslint/no-var-requires
const generator = require(path.join(ROOT, 'scripts/fleet-file-schema.js')) as { fleetFileSchema(): string; SCHEMA_FILE: string };

/** Every fleet file of examples/ (YAML and JSON). */
const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => path.join(ROOT, 'examples', f));

test('the committed fleet-file.schema.json is what the generator makes of src/fleet-file/format.ts (run npm run schema:fleet-file if not)', () => {
  expect(generator.SCHEMA_FILE).toBe(SCHEMA_FILE);
  expect(generator.fleetFileSchema()).toBe(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.scripts['schema:fleet-file']).toBe('node scripts/fleet-file-schema.js');
  expect(pkg.files).toEqual(expect.arrayContaining(['fleet-file.schema.json']));
});

test('every object of the schema rejects keys it does not list, and every property has a description', () => {
  const open: string[] = [];
  const undocumented: string[] = [];
  for (const [name, def] of Object.entries<any>(schema.definitions)) {
    if (def.type === 'object' && def.properties && def.additionalProperties !== false) open.push(name);
    for (const [prop, p] of Object.entries<any>(def.properties ?? {})) if (!p.description) undocumented.push(`${name}.${prop}`);
  }
  expect(open).toEqual([]);
  expect(undocumented).toEqual([]);
  // descriptions come from the builder's TSDoc, defaults too where they are values
  const cluster = schema.definitions.ClusterSpec.properties;
  expect(cluster.serviceCidr.description).toBe('Kubernetes service CIDR (`--service-cluster-ip-range`, Kube-OVN SVC_CIDR); dual-stack as podCidr. '
    + "Default: allocated by the fleet's address plan (Fleet.planAddresses); required without one.");
  expect(cluster.joinCidr.description).toMatch(/^Kube-OVN join subnet \(JOIN_CIDR\).* Default: allocated by the address plan when it has join supernets, else '100\.64\.0\.0\/16' for Kube-OVN clusters\.$/);
  expect(schema.definitions.IcServerSpec.properties.tsNum).toEqual(expect.objectContaining({ type: 'number', default: 3 }));
});

describe.each(examples.map((f) => [path.relative(ROOT, f), f]))('%s', (_name, file) => {
  const text = fs.readFileSync(file, 'utf8');

  test('validates against the schema (Ajv, draft-07) and loads without problems', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(parse(text))).toBe(true);
    expect(loadFleetFileText(text, file).problems).toEqual([]);
  });

  test('names the schema for yaml-language-server, relative to the file', () => {
    const header = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
    expect(header).not.toBeNull();
    expect(path.resolve(path.dirname(file), header![1])).toBe(SCHEMA_FILE);
  });

  test('a misspelt key is rejected by the schema, at its line and column, with the key it meant', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => /^\s+serviceCidr:/.test(l));
    const bad = [...lines];
    bad[at] = bad[at].replace('serviceCidr:', 'serviceCIDR:');
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(parse(bad.join('\n')))).toBe(false);
    expect(validate.errors).toEqual(expect.arrayContaining([expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'serviceCIDR' } })]));
    const column = bad[at].indexOf('serviceCIDR') + 1;
    const problems = loadFleetFileText(bad.join('\n'), 'fleet.yaml').problems.map(formatFileProblem);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^fleet\\.yaml:${at + 1}:${column}: clusters\\.[\\w-]+\\.serviceCIDR: unknown key "serviceCIDR"; did you mean "serviceCidr"\\? the keys here are `)),
    ]));
  });
});

test('there are example fleet files', () => {
  expect(examples.map((f) => path.relative(ROOT, f))).toEqual(expect.arrayContaining(['examples/default-fleet.yaml']));
});
