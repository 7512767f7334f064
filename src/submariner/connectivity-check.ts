import { Lazy } from 'cdk8s';
// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { Cidr } from '../net';
import { addWarnings, checkDnsLabel, Cni, tryIp } from '../rules';
import { SpiderIpPool } from '../spiderpool/ip-pool';
import { SpiderMultusConfig } from '../spiderpool/multus-config';
import type { SubmarinerJoin } from './join';

/** A peer's test targets, as its own connectivity check declares them. */
export interface ConnectivityPeer {
  /** The peer cluster's name. */
  readonly cluster: string;
  /** Its test Service's ClusterIP. */
  readonly serviceIp: string;
  /**
   * Its test pod's address.
   * @default - only the Service is checked
   */
  readonly podIp?: string;
}

/** Options of {@link SubmarinerJoin.addConnectivityCheck}. */
export interface ConnectivityCheckOptions {
  /**
   * The other members of the broker whose test app and Service the Job reaches. The fleet fills in
   * every other member of the same broker that has a connectivity check.
   */
  readonly peers: ConnectivityPeer[];
  /**
   * Fixed ClusterIP of this cluster's `test-app-svc`, inside the service CIDR, so peers can reach it
   * by address (no DNS across clusters needed). Pick one no other Service uses.
   */
  readonly serviceIp: string;
  /**
   * Fixed address of this cluster's test pod, inside the cluster CIDR. Pinned through a one-address
   * SpiderIPPool on Spiderpool clusters, through `ovn.kubernetes.io/ip_address` on Kube-OVN.
   * @default - none: peers check only this cluster's Service
   */
  readonly podIp?: string;
  /**
   * The macvlan network test pods use as their primary interface (Spiderpool clusters: without it
   * the pods would not be underlay pods and not use the coordinator's hijack routes).
   * @default - the CNI's default network
   */
  readonly multusConfig?: SpiderMultusConfig;
  /**
   * Namespace of the test objects.
   * @default 'submariner-check'
   */
  readonly namespace?: string;
  /**
   * Image of the test app (listens on 8080 as a non-root user).
   * @default 'docker.io/nginxinc/nginx-unprivileged:1.27-alpine'
   */
  readonly appImage?: string;
  /**
   * Image of the checking Job (needs `curl` and `sh`).
   * @default 'docker.io/curlimages/curl:8.11.1'
   */
  readonly clientImage?: string;
}

/** Props of {@link ConnectivityCheck}. */
export interface ConnectivityCheckProps extends ConnectivityCheckOptions {
  /** The join whose peers are checked. */
  readonly join: SubmarinerJoin;
}

const APP = 'test-app';
const APP_PORT = 8080;
const RESTRICTED: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * The seed's test app and Service in one cluster, and an Argo CD PostSync hook Job that reaches the
 * test pod and Service of every peer joined to the same broker. Off unless added.
 */
export class ConnectivityCheck extends Construct {
  public static readonly POOL_NAME = 'submariner-check';
  public readonly namespace: string;
  public readonly serviceIp: string;
  public readonly podIp?: string;
  /** The checked peers, sorted by cluster name. */
  public readonly peers: readonly ConnectivityPeer[];
  /** The checking Job. */
  public readonly resource: k8s.KubeJob;
  private readonly join: SubmarinerJoin;

  constructor(scope: Construct, id: string, props: ConnectivityCheckProps) {
    super(scope, id);
    this.join = props.join;
    this.namespace = props.namespace ?? 'submariner-check';
    this.serviceIp = props.serviceIp;
    this.podIp = props.podIp;
    this.peers = [...(props.peers ?? [])].sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
    const ns = this.namespace;
    const cni = props.join.cluster.cni;
    const networkAnnotations = props.multusConfig?.podAnnotations() ?? {};
    const pinAnnotations: Record<string, string> = {};
    const problems: string[] = [];

    if (this.podIp !== undefined) {
      const basePool = props.multusConfig?.ippools[0];
      if (props.multusConfig) {
        if (!basePool?.cidr) {
          problems.push('podIp needs a multusConfig with at least one valid pool (its subnet and gateway are reused for the pinned address)');
        } else {
          new SpiderIpPool(this, 'Pool', {
            name: ConnectivityCheck.POOL_NAME,
            subnet: basePool.subnet,
            gateway: basePool.gateway,
            ips: [this.podIp],
            multusNames: [props.multusConfig.networkName],
          });
          pinAnnotations['ipam.spidernet.io/ippool'] = JSON.stringify({ [basePool.ipVersion === 6 ? 'ipv6' : 'ipv4']: [ConnectivityCheck.POOL_NAME] });
        }
      } else if (cni === Cni.KUBE_OVN) {
        pinAnnotations['ovn.kubernetes.io/ip_address'] = this.podIp;
      } else {
        problems.push(`podIp is set but the test pod's address cannot be pinned on CNI ${cni?.name ?? 'unknown'}; pass multusConfig (Spiderpool) or leave podIp unset`);
      }
    }

    // its pods run with the restricted security context (RESTRICTED): the namespace enforces that level
    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    new k8s.KubeDeployment(this, 'App', {
      metadata: { name: APP, namespace: ns, labels: { app: APP } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: APP } },
        template: {
          metadata: { labels: { app: APP }, annotations: { ...networkAnnotations, ...pinAnnotations } },
          spec: {
            containers: [{
              name: APP,
              image: props.appImage ?? 'docker.io/nginxinc/nginx-unprivileged:1.27-alpine',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: APP_PORT, protocol: 'TCP' }],
              securityContext: { ...RESTRICTED, runAsUser: 101 },
            }],
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: `${APP}-svc`, namespace: ns, labels: { app: APP } },
      spec: {
        type: 'ClusterIP',
        clusterIp: this.serviceIp,
        selector: { app: APP },
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(APP_PORT) }],
      },
    });
    this.resource = new k8s.KubeJob(this, 'Resource', {
      metadata: {
        name: 'submariner-connectivity-check',
        namespace: ns,
        annotations: {
          'argocd.argoproj.io/hook': 'PostSync',
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
          // Flux has no hooks: it applies the Job like any object and recreates it on change
          'kustomize.toolkit.fluxcd.io/force': 'enabled',
        },
      },
      spec: {
        backoffLimit: 6,
        activeDeadlineSeconds: 900,
        template: {
          metadata: { annotations: networkAnnotations },
          spec: {
            restartPolicy: 'Never',
            containers: [{
              name: 'check',
              image: props.clientImage ?? 'docker.io/curlimages/curl:8.11.1',
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '-c'],
              args: Lazy.any({ produce: () => [this.script()] }),
              securityContext: { ...RESTRICTED, runAsUser: 100 },
            }],
          },
        },
      },
    });

    this.node.addValidation({ validate: () => [...problems, ...this.validateCheck()].map((e) => `cluster "${this.join.cluster.name}", ConnectivityCheck: ${e}`) });
    addWarnings(this, () => this.peers.filter((p) => !p.podIp).map((p) => `cluster "${this.join.cluster.name}", ConnectivityCheck: peer "${p.cluster}" has no podIp; only its Service is checked`));
  }

  /** The Job's shell script: one curl per peer target; exits non-zero when any fails. */
  public script(): string {
    const lines = ['set -u', 'failed=0', 'check() { if curl -fsS -o /dev/null --max-time 5 "$2"; then echo "ok   $1 $2"; else echo "FAIL $1 $2"; failed=1; fi; }'];
    for (const peer of this.peers) {
      const name = peer.cluster;
      lines.push(`check "${name} service" "http://${urlHost(peer.serviceIp)}:80/"`);
      if (peer.podIp) lines.push(`check "${name} pod" "http://${urlHost(peer.podIp)}:${APP_PORT}/"`);
    }
    lines.push('exit $failed');
    return lines.join('\n');
  }

  private validateCheck(): string[] {
    const errors: string[] = [];
    const nsError = checkDnsLabel(this.namespace);
    if (nsError) errors.push(`namespace ${nsError}`);
    const [serviceCidr] = this.join.serviceCidrs;
    if (this.serviceIp === undefined) errors.push(`serviceIp is missing; give the test Service a free ClusterIP${serviceCidr ? ` inside the service CIDR ${serviceCidr}` : ''}`);
    const svc = this.serviceIp === undefined ? undefined : tryIp(this.serviceIp, 'serviceIp', errors);
    if (svc && serviceCidr && !serviceCidr.contains(svc)) errors.push(`serviceIp ${svc.text} is outside the service CIDR ${serviceCidr}; pick a free address inside it`);
    if (this.podIp !== undefined) {
      const pod = tryIp(this.podIp, 'podIp', errors);
      const [clusterCidr]: Cidr[] = this.join.clusterCidrs;
      if (pod && clusterCidr && !clusterCidr.contains(pod)) errors.push(`podIp ${pod.text} is outside the cluster CIDR ${clusterCidr}; peers reach only that range`);
    }
    if (this.peers.length === 0) errors.push('no other cluster on this broker has a connectivity check; add one to at least one peer');
    return errors;
  }
}

function urlHost(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}
