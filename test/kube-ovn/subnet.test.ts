import { Testing } from 'cdk8s';
import { OverlaySubnet, OverlaySubnetProps } from '../../src';
import { checkSubnetAddressing } from '../../src/kube-ovn/subnet-rules';
import { expectValidManifests, findDoc, fleetErrors, synthFleet } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { az1Network, chartErrors } from '../underlay/charts';

function errorsOf(input: { cidrBlock: string; gateway?: string; excludeIps?: string[] }): string[] {
  const errors: string[] = [];
  checkSubnetAddressing(input, errors);
  return errors;
}

describe('Kube-OVN subnet addressing rules', () => {
  test('derives protocol and default gateways, dual stack included', () => {
    const errors: string[] = [];
    const parsed = checkSubnetAddressing({ cidrBlock: '10.20.0.0/16,fd00:20::/64' }, errors);
    expect(errors).toEqual([]);
    expect(parsed?.protocol).toBe('Dual');
    expect(parsed?.gateways.map((g) => g.text)).toEqual(['10.20.0.1', 'fd00:20::1']);
  });

  test.each([
    [{ cidrBlock: '10.20.0.5/32' }, 'spec.cidrBlock 10.20.0.5/32 is a single address; Kube-OVN rejects /32 and /128 subnets'],
    [{ cidrBlock: 'fd00::1/128' }, 'rejects /32 and /128'],
    [{ cidrBlock: '127.1.0.0/16' }, 'spec.cidrBlock 127.1.0.0/16 overlaps the IPv4 loopback range 127.0.0.0/8'],
    [{ cidrBlock: '224.1.0.0/16' }, 'IPv4 multicast'],
    [{ cidrBlock: '169.254.100.0/24' }, 'IPv4 link-local (also used by OVN-IC transit switches)'],
    [{ cidrBlock: '0.0.0.0/0' }, 'IPv4 "this network"'],
    [{ cidrBlock: 'ff02::/16' }, 'IPv6 multicast'],
    [{ cidrBlock: 'fe80:1::/64' }, 'IPv6 link-local'],
    [{ cidrBlock: 'FD00::/64' }, 'must be lowercase'],
    [{ cidrBlock: '10.1.0.0/16,10.2.0.0/16' }, 'lists two IPv4 CIDRs; dual stack takes one IPv4 and one IPv6 CIDR'],
    [{ cidrBlock: '10.1.0.0/16,fd00::/64,fd01::/64' }, 'has 3 CIDRs'],
    [{ cidrBlock: '10.20.0.0/16', gateway: '10.21.0.1' }, 'spec.gateway 10.21.0.1 is not inside 10.20.0.0/16; use an address of the subnet, e.g. 10.20.0.1'],
    [{ cidrBlock: '10.20.0.0/16', gateway: '10.20.0.0' }, 'spec.gateway 10.20.0.0 is the network address of 10.20.0.0/16'],
    [{ cidrBlock: '10.20.0.0/16', gateway: '10.20.255.255' }, 'spec.gateway 10.20.255.255 is the broadcast address of 10.20.0.0/16'],
    [{ cidrBlock: '10.20.0.0/16', gateway: '10.20.0.1,10.20.0.2' }, 'has 2 addresses but spec.cidrBlock has 1 CIDR(s)'],
    [{ cidrBlock: '10.20.0.0/16', excludeIps: ['10.20.0.9..10.20.0.2'] }, 'spec.excludeIps[0] "10.20.0.9..10.20.0.2" starts after it ends; write the lower address first ("10.20.0.2..10.20.0.9")'],
    [{ cidrBlock: '10.20.0.0/16', excludeIps: ['10.30.0.1'] }, 'spec.excludeIps[0] "10.30.0.1" is not inside spec.cidrBlock 10.20.0.0/16'],
    [{ cidrBlock: '10.20.0.0/16', excludeIps: ['10.20.0.1..10.20.0.2..10.20.0.3'] }, 'is not an IP or a range "a..b"'],
    [{ cidrBlock: '10.20.0.0/16', excludeIps: ['10.20.0.x'] }, 'spec.excludeIps[0]: "10.20.0.x" is not an IP address'],
  ])('fails for %j', (input, message) => {
    expect(errorsOf(input)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });
});

describe('OverlaySubnet', () => {
  // its own rules in a plain cdk8s chart given the cluster (az2 of twoClusterFleet: ovn-default 10.17.0.0/16)
  const az2 = () => az1Network({ name: 'az2', podCidr: '10.17.0.0/16', joinCidr: '100.65.0.0/16' });

  test('renders excludeIps with the gateway first and the user ranges after', () => {
    const chart = Testing.chart();
    new OverlaySubnet(chart, 'apps', { cluster: az2(), cidrBlock: '10.40.0.0/24', gateway: '10.40.0.254', excludeIps: ['10.40.0.2..10.40.0.9'], namespaces: ['apps'] });
    const docs = Testing.synth(chart);
    expectValidManifests(docs);
    expect(findDoc(docs, 'Subnet', 'apps')).toEqual({
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: { name: 'apps' },
      spec: {
        cidrBlock: '10.40.0.0/24', gateway: '10.40.0.254', excludeIps: ['10.40.0.254', '10.40.0.2..10.40.0.9'], protocol: 'IPv4',
        vpc: 'ovn-cluster', namespaces: ['apps'], disableInterConnection: false,
      },
    });
  });

  test('in a fleet, an interconnected cluster\'s subnet renders the same in its chart', () => {
    const { fleet, ic2 } = twoClusterFleet();
    ic2.addSubnet('apps', { cidrBlock: '10.40.0.0/24', gateway: '10.40.0.254', excludeIps: ['10.40.0.2..10.40.0.9'], namespaces: ['apps'] });
    const spec = findDoc(synthFleet(fleet).az2, 'Subnet', 'apps').spec;
    expect(spec.excludeIps).toEqual(['10.40.0.254', '10.40.0.2..10.40.0.9']);
    expect(spec.gateway).toBe('10.40.0.254');
    expect(spec.namespaces).toEqual(['apps']);
  });

  test('fails on a name that starts with a digit', () => {
    const chart = Testing.chart();
    new OverlaySubnet(chart, '1apps', { cluster: az2(), cidrBlock: '10.40.0.0/24' });
    expect(chartErrors(chart)).toEqual([expect.stringContaining('[test/1apps] cluster "az2", Subnet "1apps": metadata.name: subnet name "1apps" must be a lowercase DNS name that starts with a letter')]);
  });

  const OVERLAPS = (prefix: string) => [
    `[${prefix}inside-default] cluster "az2", Subnet "inside-default": spec.cidrBlock 10.17.8.0/24 overlaps subnet "ovn-default" (10.17.0.0/16) in the same VPC "ovn-cluster"; Kube-OVN's webhook rejects overlapping subnets there, choose a free range`,
    `[${prefix}in-join] cluster "az2", Subnet "in-join": spec.cidrBlock 100.65.1.0/24 overlaps subnet "join" (100.65.0.0/16) in the same VPC "ovn-cluster"; Kube-OVN's webhook rejects overlapping subnets there, choose a free range`,
    `[${prefix}b] cluster "az2", Subnet "b": spec.cidrBlock 10.50.1.0/24 overlaps subnet "a" (10.50.0.0/16) in the same VPC "ovn-cluster"; Kube-OVN's webhook rejects overlapping subnets there, choose a free range`,
  ];
  const OVERLAPPING: Array<[string, OverlaySubnetProps]> = [
    ['inside-default', { cidrBlock: '10.17.8.0/24', disableInterConnection: true }],
    ['in-join', { cidrBlock: '100.65.1.0/24', disableInterConnection: true }],
    ['a', { cidrBlock: '10.50.0.0/16', disableInterConnection: true }],
    ['b', { cidrBlock: '10.50.1.0/24', disableInterConnection: true }],
  ];

  test('fails when it overlaps ovn-default, join or another subnet of the same cluster', () => {
    const chart = Testing.chart();
    const cluster = az2();
    for (const [id, props] of OVERLAPPING) new OverlaySubnet(chart, id, { cluster, ...props });
    expect(chartErrors(chart)).toEqual(OVERLAPS('test/'));
  });

  test('without its cluster it cannot know ovn-default and join: only the subnets of the chart count', () => {
    const chart = Testing.chart();
    for (const [id, props] of OVERLAPPING) new OverlaySubnet(chart, id, props);
    expect(chartErrors(chart)).toEqual([expect.stringMatching(/^\[test\/b\] cluster "test", Subnet "b": spec.cidrBlock 10.50.1.0\/24 overlaps subnet "a"/)]);
  });

  test('in a fleet, the interconnection\'s subnets are checked against the same cluster', () => {
    const { fleet, ic2 } = twoClusterFleet();
    for (const [id, props] of OVERLAPPING) ic2.addSubnet(id, props);
    expect(fleetErrors(fleet)).toEqual(OVERLAPS('az2/Interconnection/'));
  });

  test('fails when it overlaps the service CIDR and the apiserver IP', () => {
    const chart = Testing.chart();
    new OverlaySubnet(chart, 'svc', { cluster: az2(), cidrBlock: '10.96.0.0/24', disableInterConnection: true });
    expect(chartErrors(chart)).toEqual([
      '[test/svc] cluster "az2", Subnet "svc": spec.cidrBlock 10.96.0.0/24 overlaps the service CIDR 10.96.0.0/12 and contains the apiserver service IP 10.96.0.1; pods could not reach services, choose a range outside 10.96.0.0/12',
    ]);
  });

  test('fails on two subnets with one name', () => {
    const chart = Testing.chart();
    new OverlaySubnet(chart, 'apps', { cluster: az2(), cidrBlock: '10.40.0.0/24' });
    new OverlaySubnet(chart, 'Apps2', { cluster: az2(), name: 'apps', cidrBlock: '10.41.0.0/24' });
    expect(chartErrors(chart)).toEqual([
      '[test/Apps2] cluster "az2", Subnet "apps": metadata.name "apps" is used by another Subnet in this cluster; give each subnet its own name',
    ]);
  });

  test('in a fleet, a name taken by the interconnection\'s subnet and a user\'s own OverlaySubnet fails', () => {
    const { fleet, ic2, az2: cluster } = twoClusterFleet();
    ic2.addSubnet('apps', { cidrBlock: '10.40.0.0/24' });
    cluster.addConstructs((chart, resolved) => new OverlaySubnet(chart, 'Apps2', { cluster: resolved.network, name: 'apps', cidrBlock: '10.41.0.0/24' }));
    expect(fleetErrors(fleet)).toEqual([
      '[az2/Apps2] cluster "az2", Subnet "apps": metadata.name "apps" is used by another Subnet in this cluster; give each subnet its own name',
      // the fleet writes one file per object, and says so too
      '[az2/Apps2/Resource] Subnet "apps" would overwrite clusters/az2/Subnet.apps.k8s.yaml; another object of this kind has the same name, rename one of them',
    ]);
  });
});
