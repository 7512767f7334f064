// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';

/**
 * Pieces shared by the OVN control-plane pods that upstream pins to `kube-ovn/role=master` nodes
 * (ovn-ic-server, ovn-ic-controller): same tolerations, one replica per node, host network.
 */
export const COMPONENT_LABELS = { component: 'network', type: 'infra' } as const;

export const MASTER_TOLERATIONS: k8s.Toleration[] = [
  { effect: 'NoSchedule', operator: 'Exists' },
  { effect: 'NoExecute', operator: 'Exists' },
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
];

export const MASTER_NODE_SELECTOR = { 'kubernetes.io/os': 'linux', 'kube-ovn/role': 'master' } as const;

/** Required anti-affinity on the pod's own `app` label: never two replicas on one node. */
export function onePerNode(app: string): k8s.Affinity {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  };
}

/** Upstream's rolling update for singleton-per-node control planes: never surge onto a busy node. */
export const ONE_AT_A_TIME: k8s.DeploymentStrategy = {
  type: 'RollingUpdate',
  rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: k8s.IntOrString.fromNumber(1) },
};

export const OVN_RESOURCES: k8s.ResourceRequirements = {
  requests: { cpu: k8s.Quantity.fromString('300m'), memory: k8s.Quantity.fromString('200Mi') },
  limits: { cpu: k8s.Quantity.fromNumber(3), memory: k8s.Quantity.fromString('1Gi') },
};

/** The non-root OVN container context: uid 65534 with the two capabilities OVSDB needs. */
export const OVN_CONTAINER_SECURITY: k8s.SecurityContext = {
  privileged: false,
  runAsUser: 65534,
  capabilities: { add: ['NET_BIND_SERVICE', 'SYS_NICE'] },
};

export function hostPathVolume(name: string, path: string): k8s.Volume {
  return { name, hostPath: { path } };
}

/** TLS material of the main install; optional so plain-TCP clusters start without it. */
export const TLS_VOLUME: k8s.Volume = { name: 'kube-ovn-tls', secret: { optional: true, secretName: 'kube-ovn-tls' } };

export function fieldEnv(name: string, fieldPath: string): k8s.EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** What differs between the master-node Deployments; the rest is upstream's common skeleton. */
export interface MasterDeploymentProps {
  /** Object name, also the `app` label the selector and anti-affinity use. */
  readonly name: string;
  /** `kubernetes.io/description`, as upstream writes it. */
  readonly description: string;
  readonly replicas: number;
  readonly initContainers?: k8s.Container[];
  readonly containers: k8s.Container[];
  readonly volumes: k8s.Volume[];
}

/**
 * A Deployment in `kube-system` pinned to the master nodes, one replica per node, host network,
 * system-cluster-critical, ServiceAccount `ovn`: the skeleton ovn-ic-server and ovn-ic-controller share.
 */
export function masterDeployment(scope: Construct, id: string, props: MasterDeploymentProps): k8s.KubeDeployment {
  const app = props.name;
  return new k8s.KubeDeployment(scope, id, {
    metadata: { name: app, namespace: 'kube-system', annotations: { 'kubernetes.io/description': props.description } },
    spec: {
      replicas: props.replicas,
      strategy: ONE_AT_A_TIME,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app, ...COMPONENT_LABELS } },
        spec: {
          tolerations: MASTER_TOLERATIONS,
          affinity: onePerNode(app),
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'ovn',
          hostNetwork: true,
          initContainers: props.initContainers,
          containers: props.containers,
          nodeSelector: MASTER_NODE_SELECTOR,
          volumes: props.volumes,
        },
      },
    },
  });
}
