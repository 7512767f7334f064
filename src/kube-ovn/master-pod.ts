// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

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
