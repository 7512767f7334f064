import * as fs from 'fs';
import * as path from 'path';
import { checkFleetFile, formatFileProblem, loadFleetFileText } from '../../src';

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('## Fleet file\n'), README.indexOf('\n## ', README.indexOf('## Fleet file\n') + 1));

test('the README\'s fleet file loads and renders without a problem', () => {
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(yaml).toMatch(/^# yaml-language-server: \$schema=node_modules\/cdk8s-ovn-ic\/fleet-file\.schema\.json$/m);
  const loaded = loadFleetFileText(yaml!, 'fleet.yaml');
  const check = checkFleetFile(loaded);
  expect([...check.errors, ...check.warnings].map(formatFileProblem)).toEqual([]);
  expect(loaded.fleet!.clusters.map((c) => c.name)).toEqual(['east', 'west']);
});

test('the README\'s example messages are what the mistakes fixture reports', () => {
  const fixture = path.join(__dirname, 'fixtures/mistakes.yaml');
  const reported = checkFleetFile(loadFleetFileText(fs.readFileSync(fixture, 'utf8'), 'fleet.yaml')).errors.map(formatFileProblem);
  const shown = /```text\n([\s\S]*?)```/.exec(section)![1].trim().split('\n').map((l) => l.replace(/^error: /, ''));
  expect(shown).toHaveLength(3);
  for (const line of shown) {
    const [head, tail] = line.split(' ...');
    expect(reported).toContainEqual(tail === undefined ? head : expect.stringMatching(new RegExp(`^${head.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));
  }
});
