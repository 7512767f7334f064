import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
// plain data (no cdk8s): the RBAC tables the operator renders
import { COMPONENT_RBAC, ComponentRbac, OPERATOR_RBAC } from '../src/submariner/operator-rbac';
// plain string builders (no imports) the runbook shares with npm run plan
import {
  azCleanupSteps, disconnectSteps, icDbFileCleanupStep, recomputeStep, transitSwitchCleanupStep, transitSwitchNames,
} from '../src/ovn-ic/runbook-steps';
import { ARGOCD_DIR, BenchCluster, BenchFleet, BenchSubmariner, FLUX_DIR, PSK_SECRET, REPO_URL, REVISION } from './spec';

/*
 * The floor: the documents the package renders for the bench fleet, written as plain object literals
 * (keys in the order the package emits them) and serialised with `yaml` exactly as cdk8s's
 * `Yaml.stringify` does, one file per object. No constructs, no validation, no resolution: what is
 * left is the cost of producing and writing the YAML. It loads only `yaml`, `fs` and `path`.
 */

/** cdk8s 2.70's `Yaml.stringify` options. */
export const YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

type Doc = Record<string, unknown>;
export interface FloorFile {
  readonly file: string;
  readonly doc?: Doc;
  readonly text?: string;
}

const IMAGE = 'docker.io/kubeovn/kube-ovn:v1.13.15';
const CHART_REPO = 'https://kubeovn.github.io/kube-ovn/';
const WAVE = 'argocd.argoproj.io/sync-wave';
const OPTIONS = 'argocd.argoproj.io/sync-options';
const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
const CONFIRM = 'Prune=confirm,Delete=confirm';
const OPERATOR_NS = 'submariner-operator';
const BROKER_NS = 'submariner-k8s-broker';
const WRITE = ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'];

type Delivery = 'argocd' | 'flux';

/** Annotations of a cluster-folder object: Argo CD wave (+ options), or Flux's prune marker. */
function annotations(delivery: Delivery, wave: string, own: Record<string, string>, argoOptions?: string, critical = false): Record<string, string> | undefined {
  if (delivery === 'argocd') {
    const options = argoOptions ?? own[OPTIONS];
    return sortedKeys({ ...own, ...(options ? { [OPTIONS]: options } : {}), [WAVE]: wave });
  }
  const result = critical ? sortedKeys({ ...own, [FLUX_PRUNE]: 'disabled' }) : own;
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Annotation maps are a handful of keys; cdk8s sorts them. */
function sortedKeys(map: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const k of Object.keys(map).sort()) result[k] = map[k];
  return result;
}

function meta(name: string, namespace: string | undefined, ann: Record<string, string> | undefined, labels?: Record<string, string>): Doc {
  const m: Doc = {};
  if (ann) m.annotations = ann;
  if (labels) m.labels = labels;
  m.name = name;
  if (namespace) m.namespace = namespace;
  return m;
}

function file(cluster: string, kind: string, namespace: string | undefined, name: string): string {
  return `clusters/${cluster}/${kind}.${namespace ? `${namespace}.` : ''}${name}.k8s.yaml`;
}

const masterPodSpec = (app: string) => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }] } },
});
const tolerations = () => [
  { effect: 'NoSchedule', operator: 'Exists' },
  { effect: 'NoExecute', operator: 'Exists' },
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
];
const ovnResources = () => ({ limits: { cpu: 3, memory: '1Gi' }, requests: { cpu: '300m', memory: '200Mi' } });
const ovnSecurity = () => ({ capabilities: { add: ['NET_BIND_SERVICE', 'SYS_NICE'] }, privileged: false, runAsUser: 65534 });
const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
const hostPath = (name: string, p: string) => ({ hostPath: { path: p }, name });
const tls = () => ({ name: 'kube-ovn-tls', secret: { optional: true, secretName: 'kube-ovn-tls' } });
const strategy = () => ({ rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' });
const masterLabels = (app: string) => ({ app, component: 'network', type: 'infra' });
const nodeSelector = () => ({ 'kube-ovn/role': 'master', 'kubernetes.io/os': 'linux' });

function icServer(c: BenchCluster, delivery: Delivery): Doc {
  const app = 'ovn-ic-server';
  const mounts = () => [
    { mountPath: '/var/run/ovn', name: 'host-run-ovn' },
    { mountPath: '/etc/ovn', name: 'host-config-ovn' },
    { mountPath: '/var/log/ovn', name: 'host-log-ovn' },
  ];
  const probe = () => ({ exec: { command: ['bash', '/kube-ovn/ovn-ic-healthcheck.sh'] } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app, 'kube-system', annotations(delivery, '-20', { 'kubernetes.io/description': 'OVN IC Server\n' })),
    spec: {
      replicas: 3,
      selector: { matchLabels: { app } },
      strategy: strategy(),
      template: {
        metadata: { labels: masterLabels(app) },
        spec: {
          ...masterPodSpec(app),
          containers: [{
            command: ['/kube-ovn/start-ic-db.sh'],
            env: [
              { name: 'ENABLE_SSL', value: 'false' },
              { name: 'TS_NUM', value: '3' },
              { name: 'NODE_IPS', value: c.masterNodeIps.join(',') },
              fieldEnv('POD_IP', 'status.podIP'),
              { name: 'OVN_LEADER_PROBE_INTERVAL', value: '5' },
              fieldEnv('POD_NAME', 'metadata.name'),
              fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
              fieldEnv('POD_IPS', 'status.podIPs'),
            ],
            image: IMAGE,
            imagePullPolicy: 'IfNotPresent',
            livenessProbe: { ...probe(), failureThreshold: 5, initialDelaySeconds: 30, periodSeconds: 15, timeoutSeconds: 4 },
            name: app,
            readinessProbe: { ...probe(), periodSeconds: 15, timeoutSeconds: 45 },
            resources: ovnResources(),
            securityContext: ovnSecurity(),
            volumeMounts: [...mounts(), { mountPath: '/etc/localtime', name: 'localtime' }, { mountPath: '/var/run/tls', name: 'kube-ovn-tls' }],
          }],
          hostNetwork: true,
          initContainers: [{
            command: ['sh', '-c', 'chown -R nobody: /var/run/ovn /etc/ovn /var/log/ovn'],
            image: IMAGE,
            imagePullPolicy: 'IfNotPresent',
            name: 'hostpath-init',
            securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] }, privileged: true, runAsUser: 0 },
            volumeMounts: mounts(),
          }],
          nodeSelector: nodeSelector(),
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'ovn',
          tolerations: tolerations(),
          volumes: [
            hostPath('host-run-ovn', '/run/ovn'), hostPath('host-config-ovn', '/etc/origin/ovn'), hostPath('host-log-ovn', '/var/log/ovn'),
            hostPath('localtime', '/etc/localtime'), tls(),
          ],
        },
      },
    },
  };
}

function icController(c: BenchCluster, delivery: Delivery): Doc {
  const app = 'ovn-ic-controller';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app, 'kube-system', annotations(delivery, '45', { 'kubernetes.io/description': 'OVN IC Client\n' })),
    spec: {
      replicas: 1,
      selector: { matchLabels: { app } },
      strategy: strategy(),
      template: {
        metadata: { labels: masterLabels(app) },
        spec: {
          ...masterPodSpec(app),
          containers: [{
            args: ['--log_file=/var/log/kube-ovn/kube-ovn-ic-controller.log', '--log_file_max_size=200', '--logtostderr=false', '--alsologtostderr=true'],
            command: ['/kube-ovn/start-ic-controller.sh'],
            env: [{ name: 'ENABLE_SSL', value: 'false' }, fieldEnv('POD_NAMESPACE', 'metadata.namespace'), { name: 'OVN_DB_IPS', value: c.masterNodeIps.join(',') }],
            image: IMAGE,
            imagePullPolicy: 'IfNotPresent',
            name: app,
            resources: ovnResources(),
            securityContext: ovnSecurity(),
            volumeMounts: [
              { mountPath: '/var/run/ovn', name: 'host-run-ovn' }, { mountPath: '/var/log/ovn', name: 'host-log-ovn' },
              { mountPath: '/etc/localtime', name: 'localtime' }, { mountPath: '/var/run/tls', name: 'kube-ovn-tls' },
              { mountPath: '/var/log/kube-ovn', name: 'kube-ovn-log' },
            ],
          }],
          hostNetwork: true,
          nodeSelector: nodeSelector(),
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'ovn',
          tolerations: tolerations(),
          volumes: [
            hostPath('host-run-ovn', '/run/ovn'), hostPath('host-log-ovn', '/var/log/ovn'), hostPath('localtime', '/etc/localtime'),
            hostPath('kube-ovn-log', '/var/log/kube-ovn'), tls(),
          ],
        },
      },
    },
  };
}

function kubeOvnObjects(c: BenchCluster, icDbHosts: string, delivery: Delivery): FloorFile[] {
  const out: FloorFile[] = [];
  const add = (doc: Doc) => {
    const m = doc.metadata as { name: string; namespace?: string };
    out.push({ file: file(c.name, doc.kind as string, m.namespace, m.name), doc });
  };
  add({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('ovn-ic-config', 'kube-system', annotations(delivery, '40', {
      [OPTIONS]: 'Force=true,ServerSideApply=false',
      'kustomize.toolkit.fluxcd.io/force': 'enabled',
    }, `Force=true,ServerSideApply=false,${CONFIRM}`, true)),
    data: {
      'auto-route': 'true',
      'az-name': c.name,
      'enable-ic': 'true',
      'gw-nodes': c.gatewayNodes.join(','),
      'ic-db-host': icDbHosts,
      'ic-nb-port': '6645',
      'ic-sb-port': '6646',
    },
    immutable: true,
  });
  if (c.index === 0) add(icServer(c, delivery));
  if (!c.chartInstall) add(icController(c, delivery));
  add({
    apiVersion: 'kubeovn.io/v1',
    kind: 'ProviderNetwork',
    metadata: meta('net1', undefined, annotations(delivery, '10', {}, CONFIRM, true)),
    spec: { defaultInterface: 'eth1', exchangeLinkName: false },
  });
  for (const s of c.overlaySubnets) {
    add({
      apiVersion: 'kubeovn.io/v1',
      kind: 'Subnet',
      metadata: meta(s.name, undefined, annotations(delivery, '30', {}, CONFIRM, true)),
      spec: {
        vpc: 'ovn-cluster',
        protocol: 'IPv4',
        cidrBlock: s.cidrBlock,
        namespaces: [...s.namespaces],
        gateway: s.gateway,
        excludeIps: [s.gateway],
        ...(s.natOutgoing === undefined ? {} : { natOutgoing: s.natOutgoing }),
        disableInterConnection: false,
      },
    });
  }
  add({
    apiVersion: 'kubeovn.io/v1',
    kind: 'Subnet',
    metadata: meta('underlay1', undefined, annotations(delivery, '30', {}, CONFIRM, true)),
    spec: {
      vpc: 'ovn-cluster',
      protocol: 'IPv4',
      cidrBlock: c.underlay.cidrBlock,
      gateway: c.underlay.gateway,
      excludeIps: [c.underlay.gateway, ...c.underlay.excludeIps],
      vlan: 'vlan1',
      logicalGateway: false,
      disableInterConnection: true,
      u2oInterconnection: false,
    },
  });
  add({
    apiVersion: 'kubeovn.io/v1',
    kind: 'Vlan',
    metadata: meta('vlan1', undefined, annotations(delivery, '20', {}, CONFIRM, true)),
    spec: { id: c.vlanId, provider: 'net1' },
  });
  return out;
}

function rules(list: ComponentRbac['namespaced']): Doc[] {
  return list.map((r) => ({
    apiGroups: [...(r.apiGroups ?? [])],
    ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
    resources: [...(r.resources ?? [])],
    verbs: [...r.verbs],
  }));
}

/** The operator's RBAC objects (the same in every member): built once, shared between documents. */
const rbacTemplates = new Map<Delivery, Array<{ kind: string; namespace?: string; name: string; doc: Doc }>>();
function operatorRbac(delivery: Delivery): Array<{ kind: string; namespace?: string; name: string; doc: Doc }> {
  let list = rbacTemplates.get(delivery);
  if (list) return list;
  list = [];
  for (const r of [OPERATOR_RBAC, ...COMPONENT_RBAC]) {
    const subjects = () => [{ kind: 'ServiceAccount', name: r.name, namespace: OPERATOR_NS }];
    const own: Record<string, string> = r === OPERATOR_RBAC ? { 'kubernetes.io/enforce-mountable-secrets': 'true' } : {};
    const rbac = (kind: string, namespace: string | undefined, body: Doc) => list!.push({
      kind, namespace, name: r.name,
      doc: { apiVersion: kind === 'ServiceAccount' ? 'v1' : 'rbac.authorization.k8s.io/v1', kind, metadata: meta(r.name, namespace, annotations(delivery, '-40', kind === 'ServiceAccount' ? own : {})), ...body },
    });
    rbac('ServiceAccount', OPERATOR_NS, {});
    rbac('Role', OPERATOR_NS, { rules: rules(r.namespaced) });
    rbac('RoleBinding', OPERATOR_NS, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: r.name }, subjects: subjects() });
    rbac('ClusterRole', undefined, { rules: rules(r.cluster) });
    rbac('ClusterRoleBinding', undefined, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: r.name }, subjects: subjects() });
  }
  rbacTemplates.set(delivery, list);
  return list;
}

function brokerObjects(set: BenchSubmariner, delivery: Delivery): FloorFile[] {
  const c = set.brokerCluster;
  const out: FloorFile[] = [
    { file: file(c, 'Namespace', undefined, BROKER_NS), doc: { apiVersion: 'v1', kind: 'Namespace', metadata: meta(BROKER_NS, undefined, annotations(delivery, '-50', {}), { 'pod-security.kubernetes.io/enforce': 'restricted' }) } },
    {
      file: file(c, 'Broker', BROKER_NS, 'submariner-broker'),
      doc: {
        apiVersion: 'submariner.io/v1alpha1',
        kind: 'Broker',
        metadata: meta('submariner-broker', BROKER_NS, annotations(delivery, '50', { [OPTIONS]: 'SkipDryRunOnMissingResource=true' })),
        spec: { components: ['service-discovery', 'connectivity'], defaultGlobalnetClusterSize: 65536, globalnetCIDRRange: '242.0.0.0/8', globalnetEnabled: false },
      },
    },
    {
      file: file(c, 'Role', BROKER_NS, 'submariner-k8s-broker-cluster'),
      doc: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta('submariner-k8s-broker-cluster', BROKER_NS, annotations(delivery, '-40', {})),
        rules: [
          { apiGroups: ['submariner.io'], resources: ['clusters', 'endpoints'], verbs: [...WRITE] },
          { apiGroups: ['submariner.io'], resources: ['brokers'], verbs: ['get', 'list'] },
          { apiGroups: ['multicluster.x-k8s.io'], resources: ['serviceimports', 'serviceimports/status'], verbs: [...WRITE] },
          { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices', 'endpointslices/restricted'], verbs: [...WRITE] },
          { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
        ],
      },
    },
    {
      file: file(c, 'ConfigMap', BROKER_NS, 'submariner-globalnet-info'),
      doc: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta('submariner-globalnet-info', BROKER_NS, annotations(delivery, '-30', {}), { component: 'submariner-globalnet' }),
        data: { clusterinfo: '[]', globalnetEnabled: 'false' },
      },
    },
  ];
  for (const m of set.members) {
    const sa = `cluster-${m}`;
    out.push(
      { file: file(c, 'ServiceAccount', BROKER_NS, sa), doc: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(sa, BROKER_NS, annotations(delivery, '-40', {})) } },
      {
        file: file(c, 'RoleBinding', BROKER_NS, `${sa}-submariner-k8s-broker-cluster`),
        doc: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: meta(`${sa}-submariner-k8s-broker-cluster`, BROKER_NS, annotations(delivery, '-40', {})),
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'submariner-k8s-broker-cluster' },
          subjects: [{ kind: 'ServiceAccount', name: sa, namespace: BROKER_NS }],
        },
      },
      {
        file: file(c, 'Secret', BROKER_NS, `${sa}-token`),
        doc: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: meta(`${sa}-token`, BROKER_NS, annotations(delivery, '-30', { 'kubernetes.io/service-account.name': sa })),
          type: 'kubernetes.io/service-account-token',
        },
      },
    );
  }
  return out;
}

function submarinerObjects(c: BenchCluster, set: BenchSubmariner, delivery: Delivery): FloorFile[] {
  const out: FloorFile[] = [
    { file: file(c.name, 'Namespace', undefined, OPERATOR_NS), doc: { apiVersion: 'v1', kind: 'Namespace', metadata: meta(OPERATOR_NS, undefined, annotations(delivery, '-50', {}), { 'pod-security.kubernetes.io/enforce': 'privileged' }) } },
  ];
  for (const t of operatorRbac(delivery)) out.push({ file: file(c.name, t.kind, t.namespace, t.name), doc: t.doc });
  const selector = () => ({ name: 'submariner-operator' });
  out.push({
    file: file(c.name, 'Deployment', OPERATOR_NS, 'submariner-operator'),
    doc: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('submariner-operator', OPERATOR_NS, annotations(delivery, '-10', {})),
      spec: {
        replicas: 1,
        selector: { matchLabels: selector() },
        template: {
          metadata: { labels: selector() },
          spec: {
            containers: [{
              command: ['submariner-operator', '-v=1'],
              env: [fieldEnv('WATCH_NAMESPACE', 'metadata.namespace'), fieldEnv('POD_NAME', 'metadata.name'), { name: 'OPERATOR_NAME', value: 'submariner-operator' }],
              image: 'quay.io/submariner/submariner-operator:0.18.1',
              imagePullPolicy: 'IfNotPresent',
              name: 'submariner-operator',
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true },
            }],
            serviceAccountName: 'submariner-operator',
          },
        },
      },
    },
  });
  out.push({
    file: file(c.name, 'Submariner', OPERATOR_NS, 'submariner'),
    doc: {
      apiVersion: 'submariner.io/v1alpha1',
      kind: 'Submariner',
      metadata: meta('submariner', OPERATOR_NS, annotations(delivery, '50', { [OPTIONS]: 'SkipDryRunOnMissingResource=true' }, `SkipDryRunOnMissingResource=true,${CONFIRM}`)),
      spec: {
        airGappedDeployment: false,
        broker: 'k8s',
        brokerK8sApiServer: set.brokerApiServer,
        brokerK8sApiServerToken: `<path:secret/data/submariner/${c.name}#token>`,
        brokerK8sCA: `<path:secret/data/submariner/${set.brokerCluster}#ca>`,
        brokerK8sInsecure: false,
        brokerK8sRemoteNamespace: BROKER_NS,
        brokerK8sSecret: 'submariner-broker-secret',
        cableDriver: 'libreswan',
        ceIPSecDebug: false,
        ceIPSecForceUDPEncaps: false,
        ceIPSecNATTPort: 4500,
        ceIPSecPSKSecret: PSK_SECRET,
        ceIPSecPreferredServer: false,
        clusterCIDR: c.podCidr,
        clusterID: c.name,
        connectionHealthCheck: { enabled: true, intervalSeconds: 1, maxPacketLossCount: 5 },
        debug: false,
        loadBalancerEnabled: false,
        namespace: OPERATOR_NS,
        natEnabled: true,
        repository: 'quay.io/submariner',
        serviceCIDR: c.serviceCidr,
        serviceDiscoveryEnabled: true,
        version: '0.18.1',
      },
    },
  });
  return out;
}

/** `a.b.c.d/n` as a sortable number pair: the package sorts hijack CIDRs by address, then prefix. */
function cidrKey(cidr: string): number {
  const [addr, prefix] = cidr.split('/');
  const n = addr.split('.').reduce((v, o) => v * 256 + Number(o), 0);
  return n * 64 + Number(prefix);
}

function spiderpoolObjects(c: BenchCluster, peers: BenchCluster[], delivery: Delivery): FloorFile[] {
  const sp = c.spiderpool!;
  const hijack = peers.flatMap((p) => [p.serviceCidr, p.podCidr]).sort((a, b) => cidrKey(a) - cidrKey(b));
  return [
    {
      file: file(c.name, 'SpiderIPPool', undefined, `${c.name}-pool`),
      doc: {
        apiVersion: 'spiderpool.spidernet.io/v2beta1',
        kind: 'SpiderIPPool',
        metadata: meta(`${c.name}-pool`, undefined, annotations(delivery, '30', {}, CONFIRM, true)),
        spec: { default: false, gateway: sp.gateway, ipVersion: 4, ips: [sp.ips], subnet: sp.subnet },
      },
    },
    {
      file: file(c.name, 'SpiderMultusConfig', 'kube-system', 'macvlan-conf'),
      doc: {
        apiVersion: 'spiderpool.spidernet.io/v2beta1',
        kind: 'SpiderMultusConfig',
        metadata: meta('macvlan-conf', 'kube-system', annotations(delivery, '35', {}, CONFIRM, true)),
        spec: {
          cniType: 'macvlan',
          coordinator: { hijackCIDR: hijack, mode: 'auto', tunePodRoutes: true },
          enableCoordinator: true,
          macvlan: { ippools: { ipv4: [`${c.name}-pool`] }, master: ['ens224'], vlanID: 0 },
        },
      },
    },
  ];
}

function chartValues(c: BenchCluster): Doc {
  return {
    MASTER_NODES: c.masterNodeIps.join(','),
    func: { ENABLE_IC: true },
    global: { images: { kubeovn: { repository: 'kube-ovn', tag: 'v1.13.15' } }, registry: { address: 'docker.io/kubeovn' } },
    ipv4: { JOIN_CIDR: c.joinCidr, POD_CIDR: c.podCidr, POD_GATEWAY: c.podGateway, SVC_CIDR: c.serviceCidr },
    networking: { ENABLE_ECMP: false, NET_STACK: 'ipv4', TUNNEL_TYPE: 'geneve' },
  };
}

const RETRY = () => ({ backoff: { duration: '30s', factor: 2, maxDuration: '10m' }, limit: 10 });

/** Delivery levels: everything after the IC server's cluster; with one broker, its members after it. */
function argoWave(c: BenchCluster, spec: BenchFleet): string {
  if (c.index === 0) return '0';
  const set = c.submariner;
  if (spec.clustersets.length === 1 && set && set.brokerCluster !== c.name) return '20';
  return '10';
}

function argoObjects(spec: BenchFleet, clusterDocs: FloorFile[]): FloorFile[] {
  const out: FloorFile[] = [];
  const clusterKinds = new Set<string>();
  const namespacedKinds = new Set<string>();
  const namespaces = new Map<string, Set<string>>();
  for (const f of clusterDocs) {
    const doc = f.doc!;
    const m = doc.metadata as { namespace?: string };
    const slash = (doc.apiVersion as string).indexOf('/');
    const key = `${slash < 0 ? '' : (doc.apiVersion as string).slice(0, slash)}/${doc.kind}`;
    const cluster = f.file.split('/')[1];
    if (m.namespace) {
      namespacedKinds.add(key);
      let set = namespaces.get(cluster);
      if (!set) namespaces.set(cluster, (set = new Set()));
      set.add(m.namespace);
    } else {
      clusterKinds.add(key);
    }
  }
  const restriction = (key: string) => ({ group: key.slice(0, key.lastIndexOf('/')), kind: key.slice(key.lastIndexOf('/') + 1) });
  const project = (name: string, spec2: Doc): FloorFile => ({
    file: `argocd/AppProject.argocd.${name}.k8s.yaml`,
    doc: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { annotations: { [WAVE]: '-20' }, finalizers: ['resources-finalizer.argocd.argoproj.io'], name, namespace: 'argocd' },
      spec: spec2,
    },
  });
  out.push(project('ovn-ic-fleet', {
    clusterResourceWhitelist: [...clusterKinds].sort().map(restriction),
    description: 'Cluster folders of the OVN-IC fleet; generated by cdk8s-ovn-ic',
    destinations: spec.clusters.flatMap((c) => [...new Set(['kube-system', ...(namespaces.get(c.name) ?? [])])].sort().map((namespace) => ({ name: c.name, namespace }))),
    namespaceResourceWhitelist: [...namespacedKinds].sort().map(restriction),
    sourceRepos: [REPO_URL],
  }));
  const installs = spec.clusters.filter((c) => c.chartInstall);
  out.push(project('ovn-ic-fleet-kube-ovn', {
    clusterResourceWhitelist: [
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    description: 'Kube-OVN installed from the kube-ovn Helm chart; generated by cdk8s-ovn-ic',
    destinations: installs.map((c) => ({ name: c.name, namespace: 'kube-system' })),
    namespaceResourceWhitelist: [
      { group: '', kind: 'ConfigMap' }, { group: '', kind: 'Service' }, { group: '', kind: 'ServiceAccount' }, { group: 'apps', kind: 'DaemonSet' },
      { group: 'apps', kind: 'Deployment' }, { group: 'batch', kind: 'Job' }, { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
    sourceRepos: [CHART_REPO],
  }));
  for (const c of spec.clusters) {
    const vault = c.submariner !== undefined;
    out.push({
      file: `argocd/Application.argocd.${c.name}.k8s.yaml`,
      doc: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { annotations: { [WAVE]: argoWave(c, spec) }, finalizers: ['resources-finalizer.argocd.argoproj.io'], name: c.name, namespace: 'argocd' },
        spec: {
          destination: { name: c.name, namespace: 'kube-system' },
          project: 'ovn-ic-fleet',
          source: vault
            ? { path: `dist/clusters/${c.name}`, plugin: { name: 'argocd-vault-plugin' }, repoURL: REPO_URL, targetRevision: REVISION }
            : { directory: { include: '*.k8s.yaml', recurse: false }, path: `dist/clusters/${c.name}`, repoURL: REPO_URL, targetRevision: REVISION },
          syncPolicy: { automated: { allowEmpty: false, prune: true, selfHeal: true }, retry: RETRY(), syncOptions: ['FailOnSharedResource=true', 'PruneLast=true'] },
        },
      },
    });
    if (!c.chartInstall) continue;
    out.push({
      file: `argocd/Application.argocd.${c.name}-kube-ovn.k8s.yaml`,
      doc: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { annotations: { [WAVE]: '-10' }, name: `${c.name}-kube-ovn`, namespace: 'argocd' },
        spec: {
          destination: { name: c.name, namespace: 'kube-system' },
          project: 'ovn-ic-fleet-kube-ovn',
          source: { chart: 'kube-ovn', helm: { releaseName: 'kube-ovn', valuesObject: chartValues(c) }, repoURL: CHART_REPO, targetRevision: 'v1.13.15' },
          syncPolicy: { automated: { allowEmpty: false, prune: false, selfHeal: true }, retry: RETRY(), syncOptions: ['FailOnSharedResource=true'] },
        },
      },
    });
  }
  return out;
}

function fluxObjects(spec: BenchFleet): FloorFile[] {
  const out: FloorFile[] = [
    {
      file: 'flux/GitRepository.flux-system.ovn-ic-fleet.k8s.yaml',
      doc: { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'ovn-ic-fleet', namespace: 'flux-system' }, spec: { interval: '1m', ref: { branch: REVISION }, url: REPO_URL } },
    },
    {
      file: 'flux/HelmRepository.flux-system.kube-ovn.k8s.yaml',
      doc: { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'kube-ovn', namespace: 'flux-system' }, spec: { interval: '1h', url: CHART_REPO } },
    },
  ];
  const sourceRef = () => ({ kind: 'GitRepository', name: 'ovn-ic-fleet' });
  const kubeConfig = (c: BenchCluster) => ({ secretRef: { key: 'value', name: `${c.name}-kubeconfig` } });
  for (const c of spec.clusters) {
    const dependsOn: Array<{ name: string }> = [];
    if (c.chartInstall) {
      out.push({
        file: `flux-kube-ovn/${c.name}/HelmRelease.flux-system.${c.name}-kube-ovn.k8s.yaml`,
        doc: {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata: { annotations: { [FLUX_PRUNE]: 'disabled' }, name: `${c.name}-kube-ovn`, namespace: 'flux-system' },
          spec: {
            chart: { spec: { chart: 'kube-ovn', sourceRef: { kind: 'HelmRepository', name: 'kube-ovn', namespace: 'flux-system' }, version: 'v1.13.15' } },
            install: { remediation: { retries: 3 } },
            interval: '30m',
            kubeConfig: kubeConfig(c),
            releaseName: 'kube-ovn',
            storageNamespace: 'kube-system',
            targetNamespace: 'kube-system',
            upgrade: { remediation: { retries: 3 } },
            values: chartValues(c),
          },
        },
      });
      out.push({
        file: `flux/Kustomization.flux-system.${c.name}-kube-ovn.k8s.yaml`,
        doc: {
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
          kind: 'Kustomization',
          metadata: { name: `${c.name}-kube-ovn`, namespace: 'flux-system' },
          spec: {
            deletionPolicy: 'Orphan', interval: '10m', path: `./dist/flux-kube-ovn/${c.name}`, prune: true, retryInterval: '1m', sourceRef: sourceRef(), timeout: '15m', wait: true,
          },
        },
      });
      dependsOn.push({ name: `${c.name}-kube-ovn` });
    }
    if (c.index !== 0) dependsOn.push({ name: spec.clusters[0].name });
    const workloads = [
      ...(c.index === 0 ? ['ovn-ic-server'] : []),
      ...(!c.chartInstall ? ['ovn-ic-controller'] : []),
    ].sort().map((name) => ({ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace: 'kube-system' }));
    out.push({
      file: `flux/Kustomization.flux-system.${c.name}.k8s.yaml`,
      doc: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: c.name, namespace: 'flux-system' },
        spec: {
          deletionPolicy: 'MirrorPrune',
          ...(dependsOn.length > 0 ? { dependsOn } : {}),
          ...(workloads.length > 0 ? { healthChecks: workloads } : {}),
          interval: '10m',
          kubeConfig: kubeConfig(c),
          path: `./dist/clusters/${c.name}`,
          prune: true,
          retryInterval: '1m',
          sourceRef: sourceRef(),
          timeout: '5m',
        },
      },
    });
  }
  return out;
}

const WAVES = [
  [-50, 'namespaces'], [-45, 'crds'], [-40, 'rbac'], [-30, 'config'], [-20, 'ic-database'], [-10, 'operators'], [0, 'default'],
  [10, 'provider-networks'], [20, 'vlans'], [30, 'subnets'], [35, 'addressing'], [40, 'ic-config'], [45, 'ic-controller'], [50, 'multi-cluster'],
] as const;

const TS = [['ts', '169.254.100.0/24'], ['ts1', '169.254.101.0/24'], ['ts2', '169.254.102.0/24']] as const;

function readme(spec: BenchFleet, delivery: Delivery): string {
  const server = spec.clusters[0];
  const hosts = server.masterNodeIps;
  const withSubmariner = delivery === 'argocd';
  const lines = [
    '# OVN-IC fleet',
    '',
    'Generated by `npm run synth` (cdk8s-ovn-ic) from the fleet model: edit the source, not this file.',
    'Argo CD and Flux never read it; they sync only the folders named under *Delivery*.',
    '',
    '## Clusters',
    '',
    '| Cluster | CNI | Pod CIDR | Service CIDR | Join CIDR | Masters | Gateway nodes | az-name | IC database | Submariner cluster ID |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of spec.clusters) {
    const id = withSubmariner && c.submariner ? c.name : '-';
    lines.push(`| ${c.name} | kube-ovn | ${c.podCidr} | ${c.serviceCidr} | ${c.joinCidr} | ${c.masterNodeIps.join(', ')} | ${c.gatewayNodes.join(', ')} | ${c.name} | ovn-ic-server in ${server.name} | ${id} |`);
  }
  lines.push('', '## Topology', '', '```mermaid', 'flowchart LR');
  const brokerClusters = new Set(withSubmariner ? spec.clustersets.map((s) => s.brokerCluster) : []);
  for (const c of spec.clusters) {
    const i = c.index;
    lines.push(`  subgraph c${i}["${c.name}"]`);
    c.gatewayNodes.forEach((g, k) => lines.push(`    c${i}g${k}["gateway ${g}"]`));
    if (brokerClusters.has(c.name)) lines.push(`    c${i}b0[["Submariner broker"]]`);
    lines.push('  end');
  }
  lines.push(`  subgraph d0s["OVN-IC ${hosts.join(',')} nb 6645 sb 6646"]`, `    d0[("IC DB ovn-ic-server in ${server.name}")]`);
  TS.forEach(([name, cidr], t) => lines.push(`    d0t${t}{{"${name} ${cidr}"}}`));
  lines.push('  end');
  for (const c of spec.clusters) {
    const i = c.index;
    for (let t = 0; t < 3; t++) {
      for (let g = 0; g < 3; g++) lines.push(g === t ? `  c${i}g${g} -->|"primary"| d0t${t}` : `  c${i}g${g} -.->|"backup"| d0t${t}`);
    }
    lines.push(`  c${i}g0 -.->|"${c.name} ic-db-host"| d0`);
  }
  if (withSubmariner) {
    const indexOf = new Map(spec.clusters.map((c) => [c.name, c.index]));
    for (const c of spec.clusters) {
      if (c.submariner) lines.push(`  c${c.index}g0 -.->|"${c.name} joins broker"| c${indexOf.get(c.submariner.brokerCluster)}b0`);
    }
    for (const set of spec.clustersets) {
      for (let a = 0; a < set.members.length; a++) {
        for (let b = a + 1; b < set.members.length; b++) {
          lines.push(`  c${indexOf.get(set.members[a])}g0 ---|"Submariner tunnel libreswan"| c${indexOf.get(set.members[b])}g0`);
        }
      }
    }
  }
  lines.push('```', '');
  lines.push(
    `OVN-IC database ${hosts.join(', ')} (nb 6645, sb 6646), run by ovn-ic-server in ${server.name}: 3 transit switch(es) ${TS.map(([n, c]) => `\`${n}\` ${c}`).join(', ')}; `
    + `members ${spec.clusters.map((c) => `${c.name} (az ${c.name}, gw ${c.gatewayNodes.join(', ')})`).join(', ')}.`,
    '',
    '## Delivery',
    '',
    'Every cluster has its manifests in `clusters/<cluster>/`, one object per file. Inside a cluster folder Argo CD applies the objects in these sync waves (pruning runs in reverse):',
    '',
    '| Wave | Objects |',
    '|---|---|',
    ...WAVES.map(([w, n]) => `| ${w} | ${n} |`),
    '',
  );
  if (delivery === 'argocd') {
    lines.push(
      '### Argo CD',
      '',
      `1. Register every cluster in Argo CD under its fleet name (the Application destination is the cluster name): \`argocd cluster add <kube-context> --name <cluster>\` for ${spec.clusters.map((c) => `\`${c.name}\``).join(', ')}.`,
      '2. Label the master nodes of each Kube-OVN cluster `kube-ovn/role=master` (ovn-central and ovn-ic-server are pinned to them) and give the gateway nodes their names as listed above.',
      `3. Restore the Application health check in \`argocd-cm\` (\`resource.customizations.health.argoproj.io_Application\`) so an app of apps waits for each wave; then create the app of apps over \`dist/argocd\`: \`argocd app create ovn-ic-fleet-root --project default --repo ${REPO_URL} --revision ${REVISION} --path dist/argocd --dest-name in-cluster --dest-namespace argocd --sync-policy automated\`.`,
      '4. Argo CD then applies, in waves: the AppProjects (-20), Kube-OVN on every Kube-OVN cluster (-10), the cluster folders of clusters that others depend on (0: e.g. the one running the IC database), then the rest (10, 20, ...). Inside a cluster folder the objects follow their sync waves (see docs/gitops.md): namespaces, CRDs, RBAC, config, the IC database, operators, ProviderNetworks, Vlans, Subnets, ovn-ic-config, ovn-ic-controller, Submariner.',
      '5. Network-critical objects (ovn-ic-config, ProviderNetwork, Vlan, Subnet, Submariner, SpiderIPPool, SpiderMultusConfig) wait for a human before Argo CD prunes or deletes them: "Confirm Pruning" in the UI, the CLI, or the annotation `argocd.argoproj.io/deletion-approved: <timestamp>` on the Application.',
    );
  } else {
    lines.push(
      '### Flux',
      '',
      `1. In the management cluster, store each cluster's kubeconfig as Secret \`<cluster>-kubeconfig\` (key \`value\`) in \`flux-system\`: ${spec.clusters.map((c) => `\`${c.name}-kubeconfig\``).join(', ')}.`,
      '2. Label the master nodes of each Kube-OVN cluster `kube-ovn/role=master` and give the gateway nodes their names as listed above.',
      `3. Bootstrap Flux in the management cluster as usual, on a path outside \`dist/\` (every render replaces that folder), then let it apply \`./dist/flux\`: \`flux create source git ovn-ic-fleet --url=${REPO_URL} --branch=${REVISION}\` and \`flux create kustomization ovn-ic-fleet --source=GitRepository/ovn-ic-fleet --path=./dist/flux --prune=true --interval=10m\` (the GitRepository in that folder then takes over the one created by hand). Do not point a Kustomization at \`./dist\` itself: Flux reads folders recursively, and the HelmReleases under \`flux-kube-ovn/\` and the cluster folders are applied by their own Kustomizations.`,
      '4. Flux then reconciles per cluster: `<cluster>-kube-ovn` (the kube-ovn HelmRelease, waited for), then `<cluster>` (the cluster folder, after `<cluster>-kube-ovn` and after the clusters it depends on, e.g. the one running the IC database), then `<cluster>-operands` where a folder has objects whose CRD an operator installs.',
      '5. Network-critical objects carry `kustomize.toolkit.fluxcd.io/prune: disabled`: removing them from Git leaves them in the cluster until deleted by hand.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `runbooks/ovn-ic.md` for the bench fleet (one IC database run by ovn-ic-server in the first cluster, auto-route everywhere). */
function runbook(spec: BenchFleet): string {
  const server = spec.clusters[0];
  const hosts = server.masterNodeIps.join(',');
  const location = { hosts, serverCluster: server.name };
  const tsNames = transitSwitchNames(3);
  const numbered = (steps: readonly string[]) => steps.map((s, i) => `${i + 1}. ${s}`);
  const out = [
    '# OVN-IC runbook',
    '',
    'Rendered by cdk8s-ovn-ic from the fleet (`npm run synth`); do not edit. `[az1]` marks a command run with',
    'that cluster\'s kubeconfig; `kubectl ko` is Kube-OVN\'s kubectl plugin. `npm run plan` prints the steps',
    'that a pending change needs. Background: docs/day2.md.',
    '',
    `## IC database ${hosts}`,
    '',
    `- runs as ovn-ic-server in cluster ${server.name}; the first NODE_IPS entry (${server.masterNodeIps[0]}) bootstraps Raft`,
    `- transit switches (TS_NUM 3): ${TS.map(([n, c]) => `${n} ${c}`).join(', ')}`,
    `- clusters: ${spec.clusters.map((c) => `${c.name} (az-name ${c.name}, gw-nodes ${c.gatewayNodes.join(',')}, auto-route true)`).join('; ')}`,
  ];
  for (const { name: c } of spec.clusters) {
    out.push('', `### Cluster ${c}`, '');
    out.push('Disconnect it, e.g. before removing it from the fleet:', '', ...numbered(disconnectSteps(c, c, tsNames, location)), '');
    out.push('If it was removed without disconnecting (Argo CD deletes ovn-ic-controller and ovn-ic-config in no particular order, so the AZ may stay registered):', '');
    out.push(...numbered([...azCleanupSteps(c, location), `if the cluster still exists: ${transitSwitchCleanupStep(c, tsNames)}`]), '');
    out.push('After a change of its az-name has synced (the ConfigMap is recreated, the controller rebuilds):', '', ...numbered([recomputeStep(c)]));
  }
  out.push('', '### Reset the whole interconnection', '');
  out.push(...numbered([
    `disconnect every cluster first (\`enabled: false\`, sync, verify), as above: ${spec.clusters.map((c) => c.name).join(', ')}`,
    ...spec.clusters.map((c) => transitSwitchCleanupStep(c.name, tsNames)),
    `remove the IcServer from the fleet and sync: Argo CD / Flux prune Deployment kube-system/ovn-ic-server in cluster ${server.name}`,
    icDbFileCleanupStep(server.masterNodeIps, '/etc/origin/ovn'),
    'the next start of a database on those nodes creates an empty IC database; reconnect clusters by re-enabling them',
  ]));
  return `${out.join('\n')}\n`;
}

/** Every file of one delivery variant of the bench fleet, paths relative to its output folder. */
export function floorFiles(spec: BenchFleet, delivery: Delivery): FloorFile[] {
  const icDbHosts = spec.clusters[0].masterNodeIps.join(',');
  const byName = new Map(spec.clusters.map((c) => [c.name, c]));
  const clusterDocs: FloorFile[] = [];
  for (const c of spec.clusters) {
    clusterDocs.push(...kubeOvnObjects(c, icDbHosts, delivery));
    const set = delivery === 'argocd' ? c.submariner : undefined;
    if (set && set.brokerCluster === c.name) clusterDocs.push(...brokerObjects(set, delivery));
    if (set) clusterDocs.push(...submarinerObjects(c, set, delivery));
    if (c.spiderpool) {
      const peers = set ? set.members.filter((m) => m !== c.name).map((m) => byName.get(m)!) : [];
      clusterDocs.push(...spiderpoolObjects(c, peers, delivery));
    }
  }
  const deliveryDocs = delivery === 'argocd' ? argoObjects(spec, clusterDocs) : fluxObjects(spec);
  return [...clusterDocs, ...deliveryDocs, { file: 'README.md', text: readme(spec, delivery) }, { file: 'runbooks/ovn-ic.md', text: runbook(spec) }];
}

/** Serialises and writes the files under `outdir` (one mkdir per folder). Returns the number of files. */
export function writeFloor(spec: BenchFleet, outdir: string, serialize: (doc: Doc) => string = (doc) => stringify(doc, YAML_OPTIONS)): number {
  let count = 0;
  for (const [delivery, dir] of [['argocd', ARGOCD_DIR], ['flux', FLUX_DIR]] as const) {
    const root = path.join(outdir, dir);
    const made = new Set<string>();
    for (const f of floorFiles(spec, delivery)) {
      const full = path.join(root, f.file);
      const parent = path.dirname(full);
      if (!made.has(parent)) {
        fs.mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      fs.writeFileSync(full, f.text ?? serialize(f.doc!));
      count++;
    }
  }
  return count;
}
