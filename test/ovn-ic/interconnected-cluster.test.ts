import { Testing } from 'cdk8s';
import { Cni, Fleet, IcDatabase, InterconnectedCluster, OverlaySubnet } from '../../src';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { twoClusterFleet } from '../support/fleets';
import { AZ1_DB, AZ2, plainChart, plainInterconnection, problemsOf } from './clusters';

describe('InterconnectedCluster', () => {
  test('ovn-ic-config sets all seven keys explicitly', () => {
    // GIVEN / WHEN
    const { chart } = plainInterconnection();
    // THEN
    const docs = Testing.synth(chart);
    const cm = findDoc(docs, 'ConfigMap', 'ovn-ic-config');
    expect(cm.metadata.namespace).toBe('kube-system');
    expect(cm.data).toStrictEqual({
      'enable-ic': 'true',
      'az-name': 'az2',
      'ic-db-host': '192.168.65.3,192.168.65.2,192.168.65.1',
      'ic-nb-port': '6645',
      'ic-sb-port': '6646',
      'gw-nodes': 'az2-gw1,az2-gw2,az2-gw3',
      'auto-route': 'true',
    });
    expectValidManifests(docs);
  });

  test('in a fleet, the database is the one addIcServer returns and each cluster gets its own ConfigMap', () => {
    const { fleet } = twoClusterFleet();
    const docs = synthFleet(fleet);
    expect(findDoc(docs.az1, 'ConfigMap', 'ovn-ic-config').data).toMatchObject({ 'az-name': 'az1', 'ic-db-host': '192.168.65.3,192.168.65.2,192.168.65.1', 'gw-nodes': 'az1-gw1,az1-gw2,az1-gw3' });
    expect(findDoc(docs.az2, 'ConfigMap', 'ovn-ic-config').data).toMatchObject({ 'az-name': 'az2', 'ic-db-host': '192.168.65.3,192.168.65.2,192.168.65.1', 'gw-nodes': 'az2-gw1,az2-gw2,az2-gw3' });
    expectValidManifests(docs.az1);
    expectValidManifests(docs.az2);
  });

  test('the ConfigMap is immutable and changes are delete-and-recreate in Argo CD and Flux', () => {
    const cm = findDoc(Testing.synth(plainInterconnection().chart), 'ConfigMap', 'ovn-ic-config');
    expect(cm.immutable).toBe(true);
    expect(cm.metadata.annotations).toStrictEqual({
      'argocd.argoproj.io/sync-options': 'Force=true,ServerSideApply=false',
      'kustomize.toolkit.fluxcd.io/force': 'enabled',
    });
  });

  test('azName, gateway nodes, auto-route and external IC database hosts are configurable', () => {
    const { chart } = plainInterconnection({
      azName: 'east', gatewayNodes: ['gw-a'], autoRoute: false, icDatabase: IcDatabase.fromHosts(['10.0.0.5', '10.0.0.6'], { nbPort: 7645, sbPort: 7646 }),
    });
    const cm = findDoc(Testing.synth(chart), 'ConfigMap', 'ovn-ic-config');
    expect(cm.data).toMatchObject({ 'az-name': 'east', 'gw-nodes': 'gw-a', 'auto-route': 'false', 'ic-db-host': '10.0.0.5,10.0.0.6', 'ic-nb-port': '7645', 'ic-sb-port': '7646' });
  });

  test('renders ovn-ic-controller with the cluster\'s OVN_DB_IPS', () => {
    const { fleet } = twoClusterFleet();
    const deploy = findDoc(synthFleet(fleet).az1, 'Deployment', 'ovn-ic-controller');
    const container = deploy.spec.template.spec.containers[0];
    expect(deploy.metadata.namespace).toBe('kube-system');
    expect(deploy.spec.replicas).toBe(1);
    expect(container.command).toEqual(['/kube-ovn/start-ic-controller.sh']);
    expect(container.env).toContainEqual({ name: 'OVN_DB_IPS', value: '192.168.65.3,192.168.65.2,192.168.65.1' });
    expect(container.securityContext).toStrictEqual({ privileged: false, runAsUser: 65534, capabilities: { add: ['NET_BIND_SERVICE', 'SYS_NICE'] } });
    expect(deploy.spec.template.spec.initContainers).toBeUndefined();
    expect(deploy.spec.template.spec.nodeSelector).toStrictEqual({ 'kubernetes.io/os': 'linux', 'kube-ovn/role': 'master' });
  });

  test('no ovn-ic-controller when Kube-OVN was installed with ENABLE_IC', () => {
    const { chart } = plainInterconnection({ installedWithEnableIc: true });
    expect(Testing.synth(chart).map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['ConfigMap/ovn-ic-config']);
  });

  test('in a fleet, installedWithEnableIc follows the delivery: the kube-ovn chart it installs runs ovn-ic-controller', () => {
    // kube-ovn chart v1.13.15: templates/ic-controller-deploy.yaml renders ovn-ic-controller when func.ENABLE_IC is true
    const { fleet } = twoClusterFleet();
    fleet.deliverWithArgoCd({ repoUrl: 'https://git.example/fleet.git', revision: 'main', kubeOvn: { clusters: { az1: { enabled: false } } } });
    const docs = synthFleet(fleet);
    expect(docs.az2.filter((d) => d.metadata.name === 'ovn-ic-controller')).toEqual([]);
    expect(docs.az1.filter((d) => d.metadata.name === 'ovn-ic-controller')).toHaveLength(1);
    // without a delivery nobody installs Kube-OVN with ENABLE_IC, so the package renders the controller
    expect(synthFleet(twoClusterFleet().fleet).az2.filter((d) => d.metadata.name === 'ovn-ic-controller')).toHaveLength(1);
  });

  test('addSubnet declares a Kube-OVN Subnet in the default VPC', () => {
    const { chart, ic } = plainInterconnection();
    const construct = ic.addSubnet('no-advertise', { cidrBlock: '10.199.0.0/16', disableInterConnection: true });
    expect(construct).toBeInstanceOf(OverlaySubnet);
    expect(construct.cluster).toBe(AZ2);
    const subnet = findDoc(Testing.synth(chart), 'Subnet', 'no-advertise');
    expect(subnet.metadata.namespace).toBeUndefined();
    expect(subnet.spec).toStrictEqual({
      vpc: 'ovn-cluster', protocol: 'IPv4', cidrBlock: '10.199.0.0/16', gateway: '10.199.0.1', excludeIps: ['10.199.0.1'], disableInterConnection: true,
    });
  });

  test('in a fleet, Interconnection.addSubnet renders the same Subnet under the InterconnectedCluster', () => {
    const { fleet, ic2 } = twoClusterFleet();
    ic2.addSubnet('no-advertise', { cidrBlock: '10.199.0.0/16', disableInterConnection: true });
    expect(findDoc(synthFleet(fleet).az2, 'Subnet', 'no-advertise').spec).toMatchObject({ vpc: 'ovn-cluster', cidrBlock: '10.199.0.0/16', disableInterConnection: true });
  });

  test('needs a cluster (JavaScript callers have no type checker)', () => {
    expect(() => new InterconnectedCluster(Testing.chart(), 'Ic', { icDatabase: IcDatabase.fromHosts(['10.0.0.1']) } as any))
      .toThrow('InterconnectedCluster at test/Ic needs a cluster: pass props.cluster, the ClusterNetwork it connects (name, podCidr, serviceCidr, joinCidr, masterNodeIps, gatewayNodes), got undefined');
  });

  describe('its own rules, in a plain chart', () => {
    test('a valid interconnection has no problems', () => {
      expect(problemsOf(plainInterconnection().chart)).toEqual({ errors: [], warnings: [] });
    });

    test.each([
      [{ gatewayNodes: [] }, 'gatewayNodes (gw-nodes) is empty; name at least one node that can reach the other clusters\' gateways'],
      [{ gatewayNodes: ['gw 1'] }, 'gatewayNodes (gw-nodes)[0]: node name "gw 1" must consist of lowercase letters, digits, \'-\' and \'.\''],
      [{ azName: 'AZ_2' }, 'azName (az-name) "AZ_2" must consist of lowercase letters, digits and \'-\', and start and end with a letter or digit; it names the availability zone and the transit switch ports'],
      [{ icDatabase: IcDatabase.fromHosts(['10.0.0.1', 'ic-db.example']) }, 'icDatabase hosts (ic-db-host)[1]: "ic-db.example" is not an IP address'],
      [{ icDatabase: IcDatabase.fromHosts([]) }, 'icDatabase has no hosts; give the IC database node IPs'],
      [{ icDatabase: IcDatabase.fromHosts(['10.0.0.1'], { nbPort: 6646 }) }, 'ic-nb-port and ic-sb-port are both 6646; the northbound and southbound databases need different ports (6645 and 6646)'],
      [{ icDatabase: IcDatabase.fromHosts(['10.0.0.1'], { sbPort: 70000 }) }, 'icDatabase ic-sb-port must be an integer from 1 to 65535 (a TCP port), got number 70000'],
      [{ icDatabase: undefined }, 'icDatabase is missing or not an IcDatabase (got undefined); pass IcDatabase.fromServer(server) or IcDatabase.fromHosts([...]), in a fleet what addIcServer or addExternalIcDatabase returned'],
      [{ icDatabase: { hosts: ['10.0.0.1'] } }, 'icDatabase is missing or not an IcDatabase (got Object); pass IcDatabase.fromServer(server)'],
    ])('fails for %j', (props, message) => {
      const { chart } = plainInterconnection(props as any);
      const { errors } = problemsOf(chart);
      expect(errors).toEqual([expect.stringContaining(`[az2/Interconnection] cluster "az2", InterconnectedCluster: ${message}`)]);
      // through cdk8s validation, as in any user's chart
      expect(() => Testing.synth(chart)).toThrow(message);
    });

    test('OVN-IC needs Kube-OVN: a cluster without a join subnet is refused', () => {
      const { chart } = plainInterconnection({}, { ...AZ2, joinCidr: undefined, cni: Cni.OVN_KUBERNETES });
      expect(problemsOf(chart).errors).toEqual([
        '[az2/Interconnection] cluster "az2", InterconnectedCluster: OVN-IC needs Kube-OVN, but this cluster has no join subnet (its CNI is not Kube-OVN); connect it with SubmarinerJoin instead',
      ]);
    });

    test('warns when there are fewer gateway nodes than transit switches, and prints it when cdk8s validates the chart', () => {
      const { chart } = plainInterconnection({ gatewayNodes: ['az2-gw'] });
      const warning = 'cluster "az2", InterconnectedCluster: 1 gateway node(s) for 3 transit switches; switches share a primary gateway, so there are only 1 distinct ECMP path(s). Add gateway nodes or lower TS_NUM';
      expect(problemsOf(chart)).toEqual({ errors: [], warnings: [`[az2/Interconnection] ${warning}`] });
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        Testing.synth(chart);
        expect(stderr.mock.calls.map((c) => String(c[0]))).toContain(`warning: [az2/Interconnection] ${warning}\n`);
      } finally {
        stderr.mockRestore();
      }
    });

    test('a disconnected cluster (enabled: false) gets no ECMP warning', () => {
      expect(problemsOf(plainInterconnection({ gatewayNodes: ['az2-gw'], enabled: false }).chart)).toEqual({ errors: [], warnings: [] });
    });

    test('the chart id names the cluster in messages: a user\'s chart of another name', () => {
      const chart = plainChart('site-b');
      new InterconnectedCluster(chart, 'Ic', { cluster: AZ2, icDatabase: AZ1_DB, gatewayNodes: [] });
      expect(problemsOf(chart).errors).toEqual([expect.stringMatching(/^\[site-b\/Ic\] cluster "az2", InterconnectedCluster: gatewayNodes \(gw-nodes\) is empty/)]);
    });
  });
});

describe('fleet checks', () => {
  test('a valid fleet has no errors', () => {
    expect(fleetErrors(twoClusterFleet().fleet)).toEqual([]);
  });

  test('fails on duplicate cluster names', () => {
    const { fleet } = twoClusterFleet();
    fleet.addCluster('az1', { podCidr: '10.30.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['10.0.0.9'] });
    expect(fleetErrors(fleet)).toContain('[az1] cluster name "az1" is used twice in the fleet; cluster names must be unique (they name the output folders)');
  });

  test('fails on duplicate az-names', () => {
    const { fleet } = twoClusterFleet({ ic2: { azName: 'az1' } });
    expect(fleetErrors(fleet)).toEqual([
      '[az2/Interconnection] cluster "az2", InterconnectedCluster: azName (az-name) "az1" is already used by cluster "az1"; every interconnected cluster needs its own availability-zone name',
    ]);
  });

  test('fails when ovn-default overlaps across clusters with auto-route', () => {
    const { fleet } = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' } });
    expect(fleetErrors(fleet)).toEqual([
      '[az2/Interconnection] cluster "az2": subnet "ovn-default" 10.16.0.0/16 overlaps subnet "ovn-default" 10.16.0.0/16 of cluster "az1"; with auto-route both are advertised and routing between the clusters breaks. Renumber one of them, set disableInterConnection: true on the subnet, or use manual routes (autoRoute: false)',
    ]);
  });

  test('fails when the join subnets overlap, naming joinCidr', () => {
    const { fleet } = twoClusterFleet({ az2: { joinCidr: '100.64.0.0/16' } });
    expect(fleetErrors(fleet)).toEqual([expect.stringContaining('subnet "join" 100.64.0.0/16 overlaps subnet "join" 100.64.0.0/16 of cluster "az1" (the join subnet is the cluster\'s joinCidr;')]);
  });

  test('two clusters on Kube-OVN\'s default join CIDR 100.64.0.0/16: the message names joinCidr and the default', () => {
    // JOIN_CIDR defaults to 100.64.0.0/16 in install.sh and the chart (values.yaml ipv4.JOIN_CIDR)
    const { fleet } = twoClusterFleet({ az1: { joinCidr: undefined }, az2: { joinCidr: undefined } });
    expect(fleetErrors(fleet)).toEqual([
      '[az2/Interconnection] cluster "az2": subnet "join" 100.64.0.0/16 overlaps subnet "join" 100.64.0.0/16 of cluster "az1" (the join subnet is the cluster\'s joinCidr; Kube-OVN\'s default 100.64.0.0/16 must be changed on all but one cluster); with auto-route both are advertised and routing between the clusters breaks. Renumber one of them, set disableInterConnection: true on the subnet, or use manual routes (autoRoute: false)',
    ]);
  });

  test('fails on the subnet construct when a declared subnet overlaps a peer, naming both sides', () => {
    const { fleet, ic2 } = twoClusterFleet();
    ic2.addSubnet('apps', { cidrBlock: '10.16.128.0/24' });
    expect(fleetErrors(fleet)).toEqual([
      expect.stringMatching(/^\[az2\/Interconnection\/apps\] cluster "az2": subnet "apps" 10\.16\.128\.0\/24 overlaps subnet "ovn-default" 10\.16\.0\.0\/16 of cluster "az1"/),
    ]);
  });

  test('disableInterConnection, auto-route off and separate IC databases exempt a subnet from the overlap check', () => {
    const a = twoClusterFleet();
    a.ic2.addSubnet('private', { cidrBlock: '10.16.128.0/24', disableInterConnection: true });
    expect(fleetErrors(a.fleet)).toEqual([]);
    const b = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic2: { autoRoute: false } });
    expect(fleetErrors(b.fleet)).toEqual([]);
    const c = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic2: { icDatabase: IcDatabase.fromHosts(['10.9.9.9']) } });
    expect(fleetErrors(c.fleet)).toEqual([]);
  });

  test('reports all problems at once', () => {
    const { fleet } = twoClusterFleet({ az2: { podCidr: '10.16.0.0/16' }, ic2: { azName: 'az1', gatewayNodes: [] }, tsNum: 0 });
    const errors = fleetErrors(fleet);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringContaining('tsNum (TS_NUM) must be an integer from 1 to 156, got 0'),
      expect.stringContaining('gatewayNodes (gw-nodes) is empty'),
      expect.stringContaining('azName (az-name) "az1" is already used by cluster "az1"'),
      expect.stringContaining('subnet "ovn-default" 10.16.0.0/16 overlaps'),
    ]));
    expect(errors).toHaveLength(4);
  });

  test.each([
    [{ ic2: { gatewayNodes: [] } }, '[az2/Interconnection] cluster "az2", InterconnectedCluster: gatewayNodes (gw-nodes) is empty; name at least one node'],
    [{ ic2: { icDatabase: undefined } }, '[az2/Interconnection] cluster "az2", InterconnectedCluster: icDatabase is missing or not an IcDatabase (got undefined)'],
    [{ az2: { gatewayNodes: ['gw', 'gw'] } }, '[az2] cluster "az2": gatewayNodes lists "gw" more than once'],
    [{ az1: { masterNodeIps: ['192.168.65.3', '192.168.65.3'] } }, 'masterNodeIps: 192.168.65.3 is listed more than once'],
    [{ az1: { masterNodeIps: ['192.168.65.300'] } }, 'masterNodeIps[0]: "192.168.65.300" is not an IP address'],
    [{ az1: { masterNodeIps: [] } }, 'masterNodeIps is empty'],
    [{ az2: { masterNodeIps: ['FD00::1'] } }, 'IPv6 address "FD00::1" must be lowercase'],
    [{ az2: { podCidr: '10.96.0.0/16' } }, 'podCidr 10.96.0.0/16 overlaps serviceCidr 10.96.0.0/12'],
    [{ az2: { podCidr: '10.17.0.1/16' } }, 'podCidr: "10.17.0.1/16" has host bits set; use the network address 10.17.0.0/16'],
    [{ az2: { joinCidr: 'not-a-cidr' } }, 'joinCidr: "not-a-cidr" is not a CIDR'],
    [{ tsNum: 157 }, 'tsNum (TS_NUM) must be an integer from 1 to 156, got 157'],
  ])('fails for %j', (opts, message) => {
    const errors = fleetErrors(twoClusterFleet(opts as any).fleet);
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  test('a gateway list given as a string (JavaScript) is reported, not a crash', () => {
    const errors = fleetErrors(twoClusterFleet({ ic2: { gatewayNodes: 'a,b' as any } }).fleet);
    expect(errors).toEqual(['[az2/Interconnection] cluster "az2", InterconnectedCluster: gatewayNodes (gw-nodes) must be a list of node names, e.g. [\'node1\', \'node2\'], got string "a,b"']);
  });

  test('JavaScript input without props is reported with the construct path, not a crash', () => {
    const fleet = new Fleet();
    const a = fleet.addCluster('a', { podCidr: '10.18.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.67.1'], gatewayNodes: ['g'] });
    const icDatabase = a.addIcServer(undefined as any);
    a.interconnect({ icDatabase }).routeToPeer(undefined as any);
    fleet.addCluster('b', { podCidr: '10.19.0.0/16', joinCidr: '100.66.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.68.1'], gatewayNodes: ['g'] })
      .interconnect(undefined as any);
    expect(fleetErrors(fleet)).toEqual([
      '[a/Interconnection] cluster "a", InterconnectedCluster: routeToPeer peer is not a cluster of this fleet (got undefined); pass what addCluster returned',
      '[a/IcServer] cluster "a", IcServer: nodeIps is empty; list the IPs of the master nodes that run the IC database (1, 3 or 5)',
      '[a/Interconnection] cluster "a", InterconnectedCluster: icDatabase has no hosts; give the IC database node IPs',
      '[b/Interconnection] cluster "b", InterconnectedCluster: icDatabase is missing or not an IcDatabase (got undefined); pass IcDatabase.fromServer(server) or IcDatabase.fromHosts([...]), in a fleet what addIcServer or addExternalIcDatabase returned',
    ]);
  });

  test('warns when there are fewer gateway nodes than transit switches', () => {
    const { fleet } = twoClusterFleet({ az1: { gatewayNodes: ['az1-gw'] } });
    expect(fleetWarnings(fleet)).toEqual([
      '[az1/Interconnection] cluster "az1", InterconnectedCluster: 1 gateway node(s) for 3 transit switches; switches share a primary gateway, so there are only 1 distinct ECMP path(s). Add gateway nodes or lower TS_NUM',
    ]);
  });

  test('warns on an even number of IC database replicas', () => {
    const { fleet } = twoClusterFleet({ az1: { masterNodeIps: ['10.0.0.1', '10.0.0.2'] } });
    expect(fleetWarnings(fleet)).toContain('[az1/IcServer] cluster "az1", IcServer: 2 database replicas tolerate no more failures than 1; use an odd number of master nodes (1, 3 or 5)');
  });
});
