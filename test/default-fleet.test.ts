import { buildDefaultFleet } from '../src/default-fleet';
import { expectValidManifests, findDoc, fleetErrors, synthFleet } from './support/manifests';

describe('default fleet (the seeds\' topology)', () => {
  const fleet = buildDefaultFleet();
  const docs = synthFleet(fleet);

  test('has no errors and every document is schema-valid', () => {
    expect(fleetErrors(fleet)).toEqual([]);
    for (const cluster of Object.keys(docs)) expectValidManifests(docs[cluster]);
  });

  test('the IC database runs in az1 on its three masters with TS_NUM 3', () => {
    const server = findDoc(docs.az1, 'Deployment', 'ovn-ic-server');
    const env = server.spec.template.spec.containers[0].env;
    expect(server.spec.replicas).toBe(3);
    expect(env).toContainEqual({ name: 'NODE_IPS', value: '192.168.65.3,192.168.65.2,192.168.65.1' });
    expect(env).toContainEqual({ name: 'TS_NUM', value: '3' });
    expect(docs.az2.filter((d) => d.metadata.name === 'ovn-ic-server')).toEqual([]);
  });

  test.each([['az1', 'az1-gw'], ['az2', 'az2-gw']])('%s points at the IC database with gateway %s and auto-route', (cluster, gw) => {
    expect(findDoc(docs[cluster], 'ConfigMap', 'ovn-ic-config').data).toMatchObject({
      'az-name': cluster, 'ic-db-host': '192.168.65.3,192.168.65.2,192.168.65.1', 'gw-nodes': gw, 'auto-route': 'true',
    });
  });

  test('az2 keeps no-advertise out of route advertisement', () => {
    expect(findDoc(docs.az2, 'Subnet', 'no-advertise').spec).toMatchObject({ cidrBlock: '10.199.0.0/16', disableInterConnection: true });
  });

  test('cluster models carry the seeds\' CIDRs', () => {
    expect(fleet.clusters.map((c) => [c.name, c.props.podCidr, c.props.joinCidr])).toEqual(expect.arrayContaining([
      ['az1', '10.16.0.0/16', '100.64.0.0/16'],
      ['az2', '10.17.0.0/16', '100.65.0.0/16'],
    ]));
  });
});
