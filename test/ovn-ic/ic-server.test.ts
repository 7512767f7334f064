import { Testing } from 'cdk8s';
import { Fleet, IcDatabase, IcServer, KubeOvnImage, transitSwitches } from '../../src';
import { expectValidManifests } from '../support/manifests';
import { AZ1, plainChart, problemsOf } from './clusters';

/**
 * What upstream's install-ic-server.sh (v1.13.15, TS_NUM=3, masters 192.168.0.11-13) renders,
 * per the pinned Kube-OVN reference (section 1), as the object the API server receives.
 */
const UPSTREAM = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'ovn-ic-server', namespace: 'kube-system', annotations: { 'kubernetes.io/description': 'OVN IC Server\n' } },
  spec: {
    replicas: 3,
    strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    selector: { matchLabels: { app: 'ovn-ic-server' } },
    template: {
      metadata: { labels: { app: 'ovn-ic-server', component: 'network', type: 'infra' } },
      spec: {
        tolerations: [
          { effect: 'NoSchedule', operator: 'Exists' },
          { effect: 'NoExecute', operator: 'Exists' },
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
        ],
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'ovn-ic-server' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
        priorityClassName: 'system-cluster-critical',
        serviceAccountName: 'ovn',
        hostNetwork: true,
        initContainers: [{
          name: 'hostpath-init',
          image: 'kubeovn/kube-ovn:v1.13.15',
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', 'chown -R nobody: /var/run/ovn /etc/ovn /var/log/ovn'],
          securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] }, privileged: true, runAsUser: 0 },
          volumeMounts: [
            { mountPath: '/var/run/ovn', name: 'host-run-ovn' },
            { mountPath: '/etc/ovn', name: 'host-config-ovn' },
            { mountPath: '/var/log/ovn', name: 'host-log-ovn' },
          ],
        }],
        containers: [{
          name: 'ovn-ic-server',
          image: 'kubeovn/kube-ovn:v1.13.15',
          imagePullPolicy: 'IfNotPresent',
          command: ['/kube-ovn/start-ic-db.sh'],
          securityContext: { privileged: false, runAsUser: 65534, capabilities: { add: ['NET_BIND_SERVICE', 'SYS_NICE'] } },
          env: [
            { name: 'ENABLE_SSL', value: 'false' },
            { name: 'TS_NUM', value: '3' },
            { name: 'NODE_IPS', value: '192.168.0.11,192.168.0.12,192.168.0.13' },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'OVN_LEADER_PROBE_INTERVAL', value: '5' },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'POD_IPS', valueFrom: { fieldRef: { fieldPath: 'status.podIPs' } } },
          ],
          resources: { requests: { cpu: '300m', memory: '200Mi' }, limits: { cpu: 3, memory: '1Gi' } },
          volumeMounts: [
            { mountPath: '/var/run/ovn', name: 'host-run-ovn' },
            { mountPath: '/etc/ovn', name: 'host-config-ovn' },
            { mountPath: '/var/log/ovn', name: 'host-log-ovn' },
            { mountPath: '/etc/localtime', name: 'localtime' },
            { mountPath: '/var/run/tls', name: 'kube-ovn-tls' },
          ],
          readinessProbe: { exec: { command: ['bash', '/kube-ovn/ovn-ic-healthcheck.sh'] }, periodSeconds: 15, timeoutSeconds: 45 },
          livenessProbe: {
            exec: { command: ['bash', '/kube-ovn/ovn-ic-healthcheck.sh'] },
            initialDelaySeconds: 30, periodSeconds: 15, failureThreshold: 5, timeoutSeconds: 4,
          },
        }],
        nodeSelector: { 'kubernetes.io/os': 'linux', 'kube-ovn/role': 'master' },
        volumes: [
          { name: 'host-run-ovn', hostPath: { path: '/run/ovn' } },
          { name: 'host-config-ovn', hostPath: { path: '/etc/origin/ovn' } },
          { name: 'host-log-ovn', hostPath: { path: '/var/log/ovn' } },
          { name: 'localtime', hostPath: { path: '/etc/localtime' } },
          { name: 'kube-ovn-tls', secret: { optional: true, secretName: 'kube-ovn-tls' } },
        ],
      },
    },
  },
};

const UPSTREAM_IMAGE = KubeOvnImage.of({ registry: 'kubeovn', tag: 'v1.13.15' });

describe('IcServer', () => {
  test('renders exactly what install-ic-server.sh renders', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new IcServer(chart, 'IcServer', { nodeIps: ['192.168.0.11', '192.168.0.12', '192.168.0.13'], tsNum: 3, image: UPSTREAM_IMAGE });
    // THEN
    const docs = Testing.synth(chart);
    expect(docs).toStrictEqual([UPSTREAM]);
    expectValidManifests(docs);
  });

  test('defaults: TS_NUM 3, docker.io image, replicas and NODE_IPS follow nodeIps in the given order', () => {
    const chart = Testing.chart();
    new IcServer(chart, 'IcServer', { nodeIps: ['192.168.65.3', '192.168.65.2', '192.168.65.1'] });
    const [deploy] = Testing.synth(chart);
    const container = deploy.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
    expect(deploy.spec.replicas).toBe(3);
    expect(env.NODE_IPS).toBe('192.168.65.3,192.168.65.2,192.168.65.1');
    expect(env.TS_NUM).toBe('3');
    expect(container.image).toBe('docker.io/kubeovn/kube-ovn:v1.13.15');
    expect(deploy.spec.template.spec.initContainers[0].image).toBe('docker.io/kubeovn/kube-ovn:v1.13.15');
  });

  test('a single master gives one replica (still Raft, as upstream)', () => {
    const chart = Testing.chart();
    new IcServer(chart, 'IcServer', { nodeIps: ['10.0.0.1'], tsNum: 1 });
    expect(Testing.synth(chart)[0].spec.replicas).toBe(1);
  });

  test('only the init container is privileged, and it cannot be combined with allowPrivilegeEscalation=false', () => {
    const chart = Testing.chart();
    new IcServer(chart, 'IcServer', { nodeIps: ['10.0.0.1'] });
    const spec = Testing.synth(chart)[0].spec.template.spec;
    expect(spec.initContainers[0].securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true });
    expect(spec.containers[0].securityContext.privileged).toBe(false);
  });

  test('transit switches follow the leader checker naming and subnets', () => {
    expect(transitSwitches(3).map((t) => [t.name, `${t.ipv4}`, `${t.ipv6}`])).toEqual([
      ['ts', '169.254.100.0/24', 'fe80:a9fe:64::/112'],
      ['ts1', '169.254.101.0/24', 'fe80:a9fe:65::/112'],
      ['ts2', '169.254.102.0/24', 'fe80:a9fe:66::/112'],
    ]);
  });

  test.each([
    [{ nodeIps: [] }, 'nodeIps is empty; list the IPs of the master nodes'],
    [{ nodeIps: ['10.0.0.1', '10.0.0.1'] }, 'nodeIps (NODE_IPS): 10.0.0.1 is listed more than once'],
    [{ nodeIps: ['10.0.0.300'] }, 'nodeIps (NODE_IPS)[0]: "10.0.0.300" is not an IP address'],
    [{ nodeIps: ['FD00::1'] }, 'must be lowercase'],
    [{ nodeIps: ['10.0.0.1'], tsNum: 0 }, 'tsNum (TS_NUM) must be an integer from 1 to 156, got 0'],
    [{ nodeIps: ['10.0.0.1'], tsNum: 2.5 }, 'got 2.5'],
    [{ nodeIps: ['10.0.0.1'], leaderProbeInterval: 0 }, 'leaderProbeInterval (OVN_LEADER_PROBE_INTERVAL) must be an integer from 1 to 9223372036 seconds (upstream default 5), got number 0'],
    [undefined, 'nodeIps is empty; list the IPs of the master nodes'],
  ])('fails for %j', (props, message) => {
    const chart = Testing.chart();
    new IcServer(chart, 'IcServer', props as any);
    expect(() => Testing.synth(chart)).toThrow(message);
  });

  test('the IC database it runs: its nodes in order, TS_NUM, the cluster, the masters\' /etc/origin/ovn; the same as a fleet\'s addIcServer', () => {
    const server = new IcServer(plainChart('az1'), 'IcServer', { nodeIps: ['192.168.65.3', '192.168.65.2', '192.168.65.1'], tsNum: 2, cluster: AZ1 });
    const db = IcDatabase.fromServer(server);
    expect([db.hostList, db.nbPort, db.sbPort, db.tsNum, db.runsAsServer, db.serverCluster, db.hostDataDir])
      .toEqual(['192.168.65.3,192.168.65.2,192.168.65.1', 6645, 6646, 2, true, 'az1', '/etc/origin/ovn']);
    const fromFleet = new Fleet().addCluster('az1', { podCidr: '10.16.0.0/16', serviceCidr: '10.96.0.0/12', masterNodeIps: ['192.168.65.3'] })
      .addIcServer({ nodeIps: ['192.168.65.3', '192.168.65.2', '192.168.65.1'], tsNum: 2 });
    expect(fromFleet).toEqual(db);
    expect(fromFleet.domainKey).toBe(db.domainKey);
  });

  test('messages name the cluster it was given, else its chart\'s id; an even replica count is a warning', () => {
    const named = plainChart('chart-id');
    new IcServer(named, 'IcServer', { nodeIps: ['10.0.0.1', '10.0.0.2'], tsNum: 0, cluster: AZ1 });
    expect(problemsOf(named)).toEqual({
      errors: ['[chart-id/IcServer] cluster "az1", IcServer: tsNum (TS_NUM) must be an integer from 1 to 156, got 0; it is the number of transit switches (ECMP paths), upstream default 3'],
      warnings: ['[chart-id/IcServer] cluster "az1", IcServer: 2 database replicas tolerate no more failures than 1; use an odd number of master nodes (1, 3 or 5)'],
    });
    const anonymous = plainChart('az9');
    new IcServer(anonymous, 'IcServer', { nodeIps: [] });
    expect(problemsOf(anonymous).errors).toEqual([
      '[az9/IcServer] cluster "az9", IcServer: nodeIps is empty; list the IPs of the master nodes that run the IC database (1, 3 or 5)',
    ]);
  });
});
