// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import {
  fieldEnv, hostPathVolume, masterDeployment, OVN_CONTAINER_SECURITY, OVN_RESOURCES, TLS_VOLUME,
} from '../kube-ovn/master-pod';
import { checkImage, KubeOvnImage } from '../kube-ovn/image';
import { addWarnings, checkInteger, checkIpList, ClusterNetwork, clusterLabel, describeValue } from '../rules';
import { DEFAULT_TS_NUM, transitSwitches, TS_NUM_MAX } from './transit-switch';


/** Props of {@link IcServer}. */
export interface IcServerProps {
  /**
   * IPs of the nodes labelled `kube-ovn/role=master` that run the IC databases, one replica each.
   * Order matters: the first address bootstraps the Raft cluster (upstream ignores LEADER_IP).
   */
  readonly nodeIps: string[];
  /**
   * Number of transit switches (`ts`, `ts1`, ...), i.e. ECMP paths between clusters. The IC-NB
   * leader adds or deletes switches to match it.
   * @default 3
   */
  readonly tsNum?: number;
  /**
   * Kube-OVN image.
   * @default KubeOvnImage.DEFAULT (docker.io/kubeovn/kube-ovn:v1.13.15)
   */
  readonly image?: KubeOvnImage;
  /**
   * Seconds between leader checks (OVN_LEADER_PROBE_INTERVAL).
   * @default 5
   */
  readonly leaderProbeInterval?: number;
  /**
   * The cluster the server runs in (named in messages and in the {@link IcDatabase} it defines).
   * @default - the chart's id names it
   */
  readonly cluster?: Pick<ClusterNetwork, 'name'>;
}

/** The longest leader probe interval in seconds Go's time.Duration (int64 nanoseconds) holds. */
export const MAX_PROBE_INTERVAL = 9223372036;

/**
 * The OVN-IC database as upstream's `install-ic-server.sh` (v1.13.15) renders it: the
 * `ovn-ic-server` Deployment in `kube-system`, one replica per master node, Raft across them.
 */
export class IcServer extends Construct {
  public static readonly NAME = 'ovn-ic-server';
  public static readonly NAMESPACE = 'kube-system';

  public readonly nodeIps: readonly string[];
  public readonly tsNum: number;
  public readonly image: KubeOvnImage;
  /** The cluster, when given. */
  public readonly cluster?: Pick<ClusterNetwork, 'name'>;
  public readonly resource: k8s.KubeDeployment;
  private readonly givenNodeIps: unknown;

  constructor(scope: Construct, id: string, props: IcServerProps) {
    super(scope, id);
    // JavaScript callers may pass nothing: the validation then reports the empty nodeIps
    props = props ?? ({} as IcServerProps);
    this.givenNodeIps = props.nodeIps;
    this.nodeIps = Array.isArray(props.nodeIps) ? [...props.nodeIps] : []; // a non-list is reported by the validation
    this.tsNum = props.tsNum ?? DEFAULT_TS_NUM;
    this.cluster = props.cluster;
    this.image = props.image ?? KubeOvnImage.DEFAULT;
    const image = this.image.uri;
    const hostMounts: k8s.VolumeMount[] = [
      { mountPath: '/var/run/ovn', name: 'host-run-ovn' },
      { mountPath: '/etc/ovn', name: 'host-config-ovn' },
      { mountPath: '/var/log/ovn', name: 'host-log-ovn' },
    ];
    const healthcheck = { command: ['bash', '/kube-ovn/ovn-ic-healthcheck.sh'] };

    this.resource = masterDeployment(this, 'Resource', {
      name: IcServer.NAME,
      description: 'OVN IC Server\n',
      replicas: this.nodeIps.length,
      initContainers: [{
        // the only privileged container: it hands the host directories to uid 65534
        name: 'hostpath-init',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c', 'chown -R nobody: /var/run/ovn /etc/ovn /var/log/ovn'],
        securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] }, privileged: true, runAsUser: 0 },
        volumeMounts: hostMounts,
      }],
      containers: [{
        name: 'ovn-ic-server',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['/kube-ovn/start-ic-db.sh'],
        securityContext: OVN_CONTAINER_SECURITY,
        env: [
          { name: 'ENABLE_SSL', value: 'false' },
          { name: 'TS_NUM', value: String(this.tsNum) },
          { name: 'NODE_IPS', value: this.nodeIps.join(',') },
          fieldEnv('POD_IP', 'status.podIP'),
          { name: 'OVN_LEADER_PROBE_INTERVAL', value: String(props.leaderProbeInterval ?? 5) },
          fieldEnv('POD_NAME', 'metadata.name'),
          fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
          fieldEnv('POD_IPS', 'status.podIPs'),
        ],
        resources: OVN_RESOURCES,
        volumeMounts: [
          ...hostMounts,
          { mountPath: '/etc/localtime', name: 'localtime' },
          { mountPath: '/var/run/tls', name: 'kube-ovn-tls' },
        ],
        readinessProbe: { exec: healthcheck, periodSeconds: 15, timeoutSeconds: 45 },
        livenessProbe: { exec: healthcheck, initialDelaySeconds: 30, periodSeconds: 15, failureThreshold: 5, timeoutSeconds: 4 },
      }],
      volumes: [
        hostPathVolume('host-run-ovn', '/run/ovn'),
        hostPathVolume('host-config-ovn', '/etc/origin/ovn'),
        hostPathVolume('host-log-ovn', '/var/log/ovn'),
        hostPathVolume('localtime', '/etc/localtime'),
        TLS_VOLUME,
      ],
    });

    this.node.addValidation({ validate: () => this.validateServer(props) });
    addWarnings(this, () => {
      const n = this.nodeIps.length;
      return n > 1 && n % 2 === 0
        ? [`${clusterLabel(this, this.cluster)}, IcServer: ${n} database replicas tolerate no more failures than ${n - 1}; use an odd number of master nodes (1, 3 or 5)`]
        : [];
    });
  }

  /** The transit switches the IC-NB leader maintains for this server's TS_NUM. */
  public get transitSwitches() {
    return transitSwitches(this.tsNum);
  }

  private validateServer(props: IcServerProps): string[] {
    const errors: string[] = [];
    if (this.givenNodeIps !== undefined && !Array.isArray(this.givenNodeIps)) {
      errors.push(`nodeIps (NODE_IPS) must be a list of the master node IPs, e.g. ['192.168.0.11'], got ${describeValue(this.givenNodeIps)}`);
    } else if (this.nodeIps.length === 0) {
      errors.push('nodeIps is empty; list the IPs of the master nodes that run the IC database (1, 3 or 5)');
    }
    checkIpList(this.nodeIps, 'nodeIps (NODE_IPS)', errors);
    if (!Number.isInteger(this.tsNum) || this.tsNum < 1 || this.tsNum > TS_NUM_MAX) {
      errors.push(`tsNum (TS_NUM) must be an integer from 1 to ${TS_NUM_MAX}, got ${this.tsNum}; it is the number of transit switches (ECMP paths), upstream default 3`);
    }
    // Kube-OVN v1.13.15 pkg/ovn_leader_checker/ovn.go: pflag.Int("probeInterval") (a float or "1e+21" does not
    // parse, the pod crash-loops) and time.Duration(ProbeInterval) * time.Second, which overflows past MAX_PROBE_INTERVAL
    const interval = props.leaderProbeInterval;
    if (interval !== undefined) {
      const e = checkInteger(interval, 'leaderProbeInterval (OVN_LEADER_PROBE_INTERVAL)', 1, MAX_PROBE_INTERVAL, ' seconds (upstream default 5)');
      if (e) errors.push(e);
    }
    errors.push(...checkImage(this.image, 'image'));
    return errors.map((e) => `${clusterLabel(this, this.cluster)}, IcServer: ${e}`);
  }
}
