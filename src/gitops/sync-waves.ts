import { IcController } from '../ovn-ic/ic-controller';
import { IcServer } from '../ovn-ic/ic-server';
import { InterconnectedCluster } from '../ovn-ic/interconnected-cluster';
import { isCustomResource, ObjectRef } from './objects';

/**
 * The Argo CD sync wave of an object inside one cluster's Application. Argo CD ignores file
 * order; within a sync it applies wave by wave (and prunes in reverse), so each wave states what
 * must exist before the next one starts.
 *
 * The wave is a pure function of API group, kind and name ({@link SyncWave.of}), so the output is
 * deterministic and a new construct's objects get a sensible wave without knowing about waves.
 */
export class SyncWave {
  /** Namespaces: everything namespaced lives in one. */
  public static readonly NAMESPACES = new SyncWave('namespaces', -50);
  /** CustomResourceDefinitions rendered in the cluster folder, before any of their objects. */
  public static readonly CRDS = new SyncWave('crds', -45);
  /** ServiceAccounts, (Cluster)Roles, (Cluster)RoleBindings and PriorityClasses pods refer to. */
  public static readonly RBAC = new SyncWave('rbac', -40);
  /** ConfigMaps and Secrets that workloads mount (ovn-ic-config has its own, later wave). */
  public static readonly CONFIG = new SyncWave('config', -30);
  /** The OVN-IC database (`ovn-ic-server`): up before any cluster's IC config points at it. */
  public static readonly IC_DATABASE = new SyncWave('ic-database', -20);
  /** Operators and other workloads (Deployments, DaemonSets, StatefulSets, Services, Jobs). */
  public static readonly OPERATORS = new SyncWave('operators', -10);
  /** Anything not listed elsewhere. */
  public static readonly DEFAULT = new SyncWave('default', 0);
  /** Kube-OVN ProviderNetworks: the host NICs bridged into OVS, before any Vlan uses them. */
  public static readonly PROVIDER_NETWORKS = new SyncWave('provider-networks', 10);
  /** Kube-OVN Vlans (on a ProviderNetwork) and Vpcs, before the Subnets that name them. */
  public static readonly VLANS = new SyncWave('vlans', 20);
  /** Subnets and IP pools: Kube-OVN Subnets, Spiderpool SpiderSubnets and SpiderIPPools. */
  public static readonly SUBNETS = new SyncWave('subnets', 30);
  /** Objects that use a subnet or pool: Kube-OVN IPs/IPPools/Vips..., SpiderMultusConfigs, NADs. */
  public static readonly ADDRESSING = new SyncWave('addressing', 35);
  /** `ovn-ic-config`: connects the cluster once its own network exists and the IC DB runs. */
  public static readonly IC_CONFIG = new SyncWave('ic-config', 40);
  /** `ovn-ic-controller`, which acts on ovn-ic-config. */
  public static readonly IC_CONTROLLER = new SyncWave('ic-controller', 45);
  /** Submariner (and MCS) custom resources, after the operator that reconciles them. */
  public static readonly MULTI_CLUSTER = new SyncWave('multi-cluster', 50);

  /** Every wave, in apply order. */
  public static get all(): SyncWave[] {
    return [
      SyncWave.NAMESPACES, SyncWave.CRDS, SyncWave.RBAC, SyncWave.CONFIG, SyncWave.IC_DATABASE, SyncWave.OPERATORS,
      SyncWave.DEFAULT, SyncWave.PROVIDER_NETWORKS, SyncWave.VLANS, SyncWave.SUBNETS, SyncWave.ADDRESSING,
      SyncWave.IC_CONFIG, SyncWave.IC_CONTROLLER, SyncWave.MULTI_CLUSTER,
    ];
  }

  /** The wave of an object, from its API group, kind and name only. */
  public static of(ref: Pick<ObjectRef, 'apiGroup' | 'kind' | 'name'>): SyncWave {
    const { apiGroup: group, kind, name } = ref;
    if (group === '' && kind === 'ConfigMap' && name === InterconnectedCluster.CONFIG_MAP_NAME) return SyncWave.IC_CONFIG;
    if (group === 'apps' && kind === 'Deployment' && name === IcServer.NAME) return SyncWave.IC_DATABASE;
    if (group === 'apps' && kind === 'Deployment' && name === IcController.NAME) return SyncWave.IC_CONTROLLER;
    if (!isCustomResource(ref)) return BUILT_IN[`${group}/${kind}`] ?? SyncWave.DEFAULT;
    switch (group) {
      case 'kubeovn.io':
        if (kind === 'ProviderNetwork') return SyncWave.PROVIDER_NETWORKS;
        if (kind === 'Vlan' || kind === 'Vpc') return SyncWave.VLANS;
        if (kind === 'Subnet') return SyncWave.SUBNETS;
        return SyncWave.ADDRESSING;
      case 'spiderpool.spidernet.io':
        return kind === 'SpiderIPPool' || kind === 'SpiderSubnet' ? SyncWave.SUBNETS : SyncWave.ADDRESSING;
      case 'k8s.cni.cncf.io':
        return SyncWave.ADDRESSING;
      case 'submariner.io':
      case 'multicluster.x-k8s.io':
        return SyncWave.MULTI_CLUSTER;
      default:
        return SyncWave.DEFAULT;
    }
  }

  private constructor(
    /** Short name, used in docs and messages. */
    public readonly name: string,
    /** The `argocd.argoproj.io/sync-wave` value. */
    public readonly wave: number,
  ) {}

  /** The annotation value (a string, as Argo CD requires). */
  public toString(): string {
    return String(this.wave);
  }
}

const BUILT_IN: Record<string, SyncWave> = {
  '/Namespace': SyncWave.NAMESPACES,
  'apiextensions.k8s.io/CustomResourceDefinition': SyncWave.CRDS,
  '/ServiceAccount': SyncWave.RBAC,
  'rbac.authorization.k8s.io/ClusterRole': SyncWave.RBAC,
  'rbac.authorization.k8s.io/Role': SyncWave.RBAC,
  'rbac.authorization.k8s.io/ClusterRoleBinding': SyncWave.RBAC,
  'rbac.authorization.k8s.io/RoleBinding': SyncWave.RBAC,
  'scheduling.k8s.io/PriorityClass': SyncWave.RBAC,
  '/ConfigMap': SyncWave.CONFIG,
  '/Secret': SyncWave.CONFIG,
  'apps/Deployment': SyncWave.OPERATORS,
  'apps/DaemonSet': SyncWave.OPERATORS,
  'apps/StatefulSet': SyncWave.OPERATORS,
  '/Service': SyncWave.OPERATORS,
  'batch/Job': SyncWave.OPERATORS,
};
