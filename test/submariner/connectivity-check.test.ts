import { Chart, Testing } from 'cdk8s';
import { brokerConnection, Cni, SubmarinerJoin } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { expectValidManifests, findDoc, fleetErrors, fleetWarnings, synthFleet } from '../support/manifests';
import { avpSecrets, chartProblems, seedFleet } from './fixtures';

describe('ConnectivityCheck (optional)', () => {
  test('is off by default: the default fleet renders no Job and no test app', () => {
    const docs = Object.values(synthFleet(buildDefaultFleet())).flat();
    expect(docs.filter((d) => d.kind === 'Job' || d.metadata.name === 'test-app')).toEqual([]);
  });

  test('renders the seed\'s test app and Service, and a PostSync Job that reaches the peer pod and Service', () => {
    const s = seedFleet();
    s.joinA.addConnectivityCheck({ serviceIp: '10.233.63.200', podIp: '172.110.1.250', multusConfig: s.macvlanA });
    s.joinB.addConnectivityCheck({ serviceIp: '10.243.63.200', podIp: '172.111.1.250', multusConfig: s.macvlanB });
    expect(fleetErrors(s.fleet)).toEqual([]);
    const a = synthFleet(s.fleet)['cluster-a'];

    const app = findDoc(a, 'Deployment', 'test-app');
    expect(app.metadata.namespace).toBe('submariner-check');
    expect(app.spec.template.metadata.annotations).toEqual({
      'v1.multus-cni.io/default-network': 'kube-system/macvlan-conf',
      'ipam.spidernet.io/ippool': '{"ipv4":["submariner-check"]}',
    });
    expect(findDoc(a, 'SpiderIPPool', 'submariner-check').spec).toMatchObject({ subnet: '172.110.0.0/16', gateway: '172.110.0.1', ips: ['172.110.1.250'], multusName: ['kube-system/macvlan-conf'] });
    expect(findDoc(a, 'Service', 'test-app-svc').spec).toMatchObject({ type: 'ClusterIP', clusterIP: '10.233.63.200', selector: { app: 'test-app' } });

    const job = findDoc(a, 'Job', 'submariner-connectivity-check');
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' });
    expect(job.spec.template.metadata.annotations).toEqual({ 'v1.multus-cni.io/default-network': 'kube-system/macvlan-conf' });
    const script = job.spec.template.spec.containers[0].args[0];
    expect(script).toContain('check "cluster-b service" "http://10.243.63.200:80/"');
    expect(script).toContain('check "cluster-b pod" "http://172.111.1.250:8080/"');
    expect(script).not.toContain('10.233.63.200');
    for (const doc of a.filter((d) => d.kind === 'Job' || d.kind === 'Deployment')) {
      for (const c of doc.spec.template.spec.containers) expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    }
    expectValidManifests(a);
  });

  test('a peer without podIp is checked by Service only, with a warning', () => {
    const s = seedFleet();
    s.joinA.addConnectivityCheck({ serviceIp: '10.233.63.200', multusConfig: s.macvlanA });
    s.joinB.addConnectivityCheck({ serviceIp: '10.243.63.200', multusConfig: s.macvlanB });
    expect(fleetErrors(s.fleet)).toEqual([]);
    expect(fleetWarnings(s.fleet)).toContain('[cluster-a/SubmarinerJoin/ConnectivityCheck] cluster "cluster-a", ConnectivityCheck: peer "cluster-b" has no podIp; only its Service is checked');
    const script = findDoc(synthFleet(s.fleet)['cluster-a'], 'Job', 'submariner-connectivity-check').spec.template.spec.containers[0].args[0];
    expect(script).not.toContain(' pod" ');
  });

  test('fails: addresses outside the cluster\'s ranges, a pinned address inside the main pool, no peer with a check', () => {
    const s = seedFleet();
    s.joinA.addConnectivityCheck({ serviceIp: '10.96.0.10', podIp: '172.110.1.10', multusConfig: s.macvlanA });
    const errors = fleetErrors(s.fleet);
    expect(errors).toContain('[cluster-a/SubmarinerJoin/ConnectivityCheck] cluster "cluster-a", ConnectivityCheck: serviceIp 10.96.0.10 is outside the service CIDR 10.233.0.0/18; pick a free address inside it');
    expect(errors).toContain('[cluster-a/SubmarinerJoin/ConnectivityCheck] cluster "cluster-a", ConnectivityCheck: no other cluster on this broker has a connectivity check; add one to at least one peer');
    expect(errors).toContainEqual(expect.stringContaining('SpiderIPPool "submariner-check": spec.ips 172.110.1.10 overlaps spec.ips 172.110.1.1-172.110.1.200 of SpiderIPPool "cluster-a"'));
    const t = seedFleet();
    t.joinA.addConnectivityCheck({ serviceIp: '10.233.63.200', podIp: '172.120.0.5' });
    t.joinB.addConnectivityCheck({ serviceIp: '10.243.63.200' });
    expect(fleetErrors(t.fleet)).toEqual([
      '[cluster-a/SubmarinerJoin/ConnectivityCheck] cluster "cluster-a", ConnectivityCheck: podIp is set but the test pod\'s address cannot be pinned on CNI spiderpool-macvlan; pass multusConfig (Spiderpool) or leave podIp unset',
      '[cluster-a/SubmarinerJoin/ConnectivityCheck] cluster "cluster-a", ConnectivityCheck: podIp 172.120.0.5 is outside the cluster CIDR 172.110.0.0/16; peers reach only that range',
    ]);
  });

  test('fails: a second addConnectivityCheck in a fleet is reported, the first one is rendered', () => {
    const s = seedFleet();
    s.joinA.addConnectivityCheck({ serviceIp: '10.233.63.200' }).addConnectivityCheck({ serviceIp: '10.233.63.201' });
    s.joinB.addConnectivityCheck({ serviceIp: '10.243.63.200' });
    expect(fleetErrors(s.fleet)).toEqual([
      '[cluster-a] cluster "cluster-a": addConnectivityCheck is called 2 times; a cluster has one, call it once (the first call\'s props are used)',
    ]);
    const a = synthFleet(s.fleet)['cluster-a'];
    expect(a.filter((d) => d.kind === 'Job')).toHaveLength(1);
    expect(findDoc(a, 'Service', 'test-app-svc').spec.clusterIP).toBe('10.233.63.200');
  });

  test('in a plain chart: peers come from props; a second addConnectivityCheck is reported and returns the first', () => {
    const chart = new Chart(Testing.app(), 'cluster-x');
    const join = new SubmarinerJoin(chart, 'SubmarinerJoin', {
      ...avpSecrets('cluster-x'), broker: brokerConnection({ apiServer: '10.0.0.1:6443' }),
      cluster: { name: 'cluster-x', podCidr: '10.16.0.0/16', serviceCidr: '10.96.0.0/12', cni: Cni.KUBE_OVN, masterNodeIps: ['192.168.0.1'], gatewayNodes: ['gw'] },
    });
    const first = join.addConnectivityCheck({ serviceIp: '10.96.0.200', podIp: '10.16.0.250', peers: [{ cluster: 'z', serviceIp: 'fd00::10' }, { cluster: 'y', serviceIp: '10.97.0.200', podIp: '10.17.0.250' }] });
    expect(join.addConnectivityCheck({ serviceIp: '10.96.0.201', peers: [] })).toBe(first);
    expect(join.connectivityCheck).toBe(first);
    // peers sorted by cluster name; IPv6 addresses bracketed in URLs; Kube-OVN pins the pod address by annotation
    expect(first.script().split('\n').filter((l) => l.startsWith('check "'))).toEqual([
      'check "y service" "http://10.97.0.200:80/"', 'check "y pod" "http://10.17.0.250:8080/"', 'check "z service" "http://[fd00::10]:80/"',
    ]);
    const problems = chartProblems(chart);
    expect(problems.errors).toEqual([
      '[cluster-x/SubmarinerJoin] cluster "cluster-x", SubmarinerJoin: addConnectivityCheck is called twice; a cluster has one connectivity check, add it once',
    ]);
    expect(problems.warnings).toEqual(['[cluster-x/SubmarinerJoin/ConnectivityCheck] cluster "cluster-x", ConnectivityCheck: peer "z" has no podIp; only its Service is checked']);
    const ok = new Chart(Testing.app(), 'cluster-x');
    new SubmarinerJoin(ok, 'SubmarinerJoin', { ...avpSecrets('cluster-x'), broker: join.broker, cluster: join.cluster })
      .addConnectivityCheck({ serviceIp: '10.96.0.200', podIp: '10.16.0.250', peers: [{ cluster: 'y', serviceIp: '10.97.0.200' }] });
    expect(findDoc(ok.toJson(), 'Deployment', 'test-app').spec.template.metadata.annotations).toEqual({ 'ovn.kubernetes.io/ip_address': '10.16.0.250' });
  });
});
