import { checkInstallUnderlay } from '../kube-ovn/install-underlay';
import { kubeOvnMasterNodes, type LabelledNode } from '../kube-ovn/node-labels';
import { submarinerGatewayNodes } from '../submariner/gateway-nodes';
import { OverlaySubnet } from '../kube-ovn/overlay-subnet';
import { DEFAULT_VPC } from '../kube-ovn/subnet';
import { Cidr, findOverlaps, parseCidrList } from '../net';
import { checkInterconnections, IcMember, IcRange, implicitRanges } from '../ovn-ic/fleet-checks';
import { IcDatabase } from '../ovn-ic/ic-database';
import type { IcServerProps } from '../ovn-ic/ic-server';
import type { InterconnectedClusterProps, PeerRoute } from '../ovn-ic/interconnected-cluster';
import {
  checkCidrList, checkDnsLabel, checkDnsSubdomain, checkIpList, checkNodeNames, CLUSTER_RESERVED, ClusterNetwork, compareCodeUnits,
  describeValue, duplicates, FleetProblem,
} from '../rules';
import type { OverlaySubnetProps } from '../kube-ovn/overlay-subnet';
import type { SpiderIpPoolProps } from '../spiderpool/ip-pool';
import type { SpiderMultusConfigProps } from '../spiderpool/multus-config';
import { brokerConnection, SubmarinerBrokerProps } from '../submariner/broker';
import { CableDriver } from '../submariner/cable-driver';
import type { ConnectivityCheckOptions } from '../submariner/connectivity-check';
import {
  brokerMemberIds, checkClusterset, checkPoolsInClusterCidr, peerCidrsOf, SubmarinerClusterset, SubmarinerMember,
} from '../submariner/fleet-checks';
import type { SubmarinerJoinProps } from '../submariner/join';
import { UnderlaySubnet } from '../underlay/underlay-subnet';
import {
  BrokerModel, clusterNetworkOf, ExternalIcDatabaseEntry, Fleet, ModelEntry, FleetCluster, FleetClusterProps, FleetDelivery, Interconnection,
  MultusConfigModel, ProviderNetworkModel,
} from './model';
import { kubeOvnInstalled } from '../gitops/kube-ovn-chart';
import { planFleetAddresses, ResolvedAddressPlan } from './address-plan';

/** A SpiderMultusConfig of a cluster with what the fleet adds (its Submariner peers' CIDRs). */
export interface ResolvedMultusConfig {
  readonly id: string;
  readonly props: SpiderMultusConfigProps;
  readonly pools: ReadonlyArray<ModelEntry<SpiderIpPoolProps>>;
}

/** A cluster's Submariner join with the fleet's facts: its broker's connection and its check's peers. */
export interface ResolvedJoin {
  readonly props: SubmarinerJoinProps;
  /** The connectivity check, with the peers the fleet found and the id of the multus config it uses. */
  readonly connectivityCheck?: Omit<ConnectivityCheckOptions, 'multusConfig'> & { readonly multusConfigId?: string };
  /** The cluster running the broker. */
  readonly brokerCluster: string;
}

/** One cluster's slice of the resolved fleet: everything its chart is built from, as construct props. */
export interface ResolvedCluster {
  readonly name: string;
  /** The cluster as declared. */
  readonly model: FleetCluster;
  /** Its network with the fleet's defaults (what constructs get as `cluster`). */
  readonly network: ClusterNetwork;
  readonly icServer?: IcServerProps;
  readonly interconnection?: {
    readonly props: InterconnectedClusterProps;
    readonly subnets: ReadonlyArray<ModelEntry<OverlaySubnetProps>>;
  };
  readonly providerNetworks: readonly ProviderNetworkModel[];
  readonly broker?: SubmarinerBrokerProps;
  readonly join?: ResolvedJoin;
  readonly multusConfigs: readonly ResolvedMultusConfig[];
  /** Clusters whose delivery must be ready before this one's (IC database, Submariner broker hosts), sorted. */
  readonly dependsOn: readonly string[];
  /** Delivery level: 0 without dependencies, else one more than the deepest dependency. */
  readonly level: number;
  /** The nodes to label declaratively (`masterNodes`, a Submariner member's `gatewayNodes`); none with `labelNodes: false`. */
  readonly labelledNodes: readonly LabelledNode[];
}

/** A Submariner broker with its members. */
export interface ResolvedClusterset extends SubmarinerClusterset {
  /** The cluster running the broker. */
  readonly brokerCluster: string;
  readonly apiServer: string;
  readonly namespace: string;
}

/** The fleet with every cross-cluster fact computed once. */
export interface ResolvedFleet {
  /**
   * The clusters to build, sorted by name (clusters with an unusable name, and those the address plan
   * could not give their ranges, are left out and reported).
   */
  readonly clusters: readonly ResolvedCluster[];
  /** Every interconnected cluster; their IC domains by `icDatabase.domainKey`. */
  readonly icMembers: readonly IcMember[];
  /** Every Submariner broker with its members, by broker cluster. */
  readonly clustersets: readonly ResolvedClusterset[];
  readonly externalIcDatabases: readonly ExternalIcDatabaseEntry[];
  readonly delivery: FleetDelivery;
  /** The address plan ({@link Fleet.planAddresses}) with the lock before and after; undefined without one. */
  readonly addressPlan?: ResolvedAddressPlan;
  /** Problems found on the model (before any construct is built), formatted `[path] message`. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

const format = (p: FleetProblem) => `[${p.path}] ${p.message}`;

/**
 * Resolves the fleet model: defaults, IC domains, broker memberships, each cluster's peer CIDRs,
 * delivery dependencies and levels, and every problem that spans clusters or concerns a cluster's own
 * props. Pure: reads the model, builds nothing.
 */
export function resolveFleet(fleet: Fleet): ResolvedFleet {
  const errors: FleetProblem[] = [];
  const warnings: FleetProblem[] = [];
  const delivery: FleetDelivery = { argoCd: fleet._argoCd, flux: fleet._flux };
  // a delivery installs Submariner from its upstream charts (the operator and broker constructs render the rest)
  const fromChart = delivery.argoCd !== undefined || delivery.flux !== undefined;
  for (const [tool, calls] of Object.entries(fleet._deliveryCalls)) {
    if (calls > 1) errors.push({ path: tool, message: `deliverWith${tool === 'argoCd' ? 'ArgoCd' : 'Flux'} is called ${calls} times; a fleet has one delivery per tool, call it once` });
  }

  for (const id of duplicates(fleet._externalIcDatabases.map((d) => d.id))) {
    errors.push({ path: `hosts/${id}`, message: `addExternalIcDatabase is called twice with the id "${id}"; give each IC database its own id (it is the construct id)` });
  }
  const names = fleet._clusters.map((c) => c.name);
  for (const name of duplicates(names)) {
    errors.push({ path: String(name), message: `cluster name "${name}" is used twice in the fleet; cluster names must be unique (they name the output folders)` });
  }
  const usable: FleetCluster[] = [];
  const seen = new Set<string>();
  for (const c of fleet.clusters) {
    const nameError = checkDnsLabel(c.name);
    if (nameError) {
      const path = typeof c.name !== 'string' ? '(unnamed cluster)' : /^\S+$/.test(c.name) ? c.name : JSON.stringify(c.name);
      errors.push({ path, message: `cluster name ${nameError} (it names the dist/clusters/<name> folder and the Argo CD destination)` });
    } else if (!seen.has(c.name)) {
      seen.add(c.name);
      usable.push(c);
    }
  }

  if (fleet._addressPlanCalls > 1) {
    errors.push({ path: 'addressPlan', message: `planAddresses is called ${fleet._addressPlanCalls} times; a fleet has one address plan, call it once (the first call's options are used)` });
  }
  const addresses = fleet._addressPlan ? planFleetAddresses(fleet._addressPlan, usable) : undefined;
  errors.push(...addresses?.errors ?? []);
  warnings.push(...addresses?.warnings ?? []);
  const networks = new Map(usable.map((c) => [c, clusterNetworkOf(c, addresses?.ranges.get(c.name), !!fleet._addressPlan?.join)]));
  for (const c of usable) {
    const own = [...checkCluster(networks.get(c)!, c.props, addresses !== undefined), ...checkNodeLabelProps(c.props, networks.get(c)!)];
    errors.push(...own.map((message) => ({ path: c.name, message: `cluster "${c.name}": ${message}` })));
  }
  const inFleet: ReadonlySet<FleetCluster> = new Set(usable);
  for (const c of usable) errors.push(...checkModelUse(c, inFleet));

  const icMembers = usable.filter((c) => c._interconnection).map((c) => icMemberOf(c, networks.get(c)!));
  const ic = checkInterconnections(icMembers);
  errors.push(...ic.errors);
  warnings.push(...ic.warnings);

  const clustersets = resolveClustersets(usable, networks);
  for (const set of clustersets) errors.push(...checkClusterset(set));

  const deps = dependencies(usable, clustersets);
  const { levels, cycles } = deliveryLevels(deps);
  for (const name of cycles) {
    errors.push({ path: name, message: `cluster "${name}" depends on itself through ${deps.get(name)!.map((d) => `"${d}"`).join(', ')} (IC database or Submariner broker hosts); the delivery cannot order the clusters, run the IC database and the broker in clusters that do not depend on the others` });
  }

  // each cluster's clusterset and membership, and each broker's members, indexed once
  const memberships = new Map<string, { set: ResolvedClusterset; member: SubmarinerMember }>();
  for (const set of clustersets) for (const member of set.members) if (!memberships.has(member.cluster)) memberships.set(member.cluster, { set, member });
  const brokerSets = new Map(clustersets.map((s) => [s.brokerCluster, s]));
  const joining = membersByBroker(usable);
  // a cluster left without a range by the address plan (reported) is not built: its constructs would only repeat it
  const unplanned = new Set([...addresses?.failed ?? []].map((k) => k.split('\u0000')[0]));
  const clusters = usable.filter((c) => !unplanned.has(c.name)).map((c): ResolvedCluster => {
    const installPair = c._providerNetworks.some((p) => p.installed) && !c.props.installUnderlay;
    const network = networks.get(c)!;
    const { set, member } = memberships.get(c.name) ?? {};
    const join = c._membership && set && member ? resolveJoin(c, network, set, joining, fromChart) : undefined;
    const multusConfigs = c._multusConfigs.map((m): ResolvedMultusConfig => ({
      id: m.id,
      props: { ...m.props, cluster: network, peerCidrs: set && member ? peerCidrsOf(set, member) : [] },
      pools: m._pools,
    }));
    if (member) {
      errors.push(...checkPoolsInClusterCidr(member, multusConfigs.flatMap((m) => m.pools.map((p) => ({
        path: `${c.name}/${m.id}/${p.id}`,
        label: `cluster "${c.name}", SpiderIPPool "${p.props?.name ?? p.id}"`,
        cidr: parseCidrList(p.props?.subnet)?.[0],
      })))));
    }
    const interconnection = c._interconnection && {
      props: {
        ...c._interconnection.props,
        cluster: network,
        installedWithEnableIc: kubeOvnInstalled(network, delivery),
        peerRoutes: peerRoutesOf(c._interconnection),
      },
      subnets: c._interconnection._subnets,
    };
    const brokerSet = brokerSets.get(c.name);
    const brokerMembers = brokerSet && brokerMemberIds(brokerSet);
    return {
      name: c.name,
      model: c,
      network,
      icServer: c._icServer && { ...c._icServer, cluster: network },
      interconnection,
      // bound to an install-time pair that does not exist: reported above, not built
      providerNetworks: installPair ? c._providerNetworks.filter((p) => !p.installed) : c._providerNetworks,
      broker: c._broker && { ...c._broker.props, cluster: network, members: brokerMembers ?? [], installedFromChart: fromChart },
      join,
      multusConfigs,
      dependsOn: deps.get(c.name) ?? [],
      level: levels.get(c.name) ?? 0,
      labelledNodes: labelledNodesOf(c, network, join !== undefined),
    };
  });

  return {
    clusters,
    icMembers,
    clustersets,
    externalIcDatabases: fleet._externalIcDatabases.filter((d, i, all) => all.findIndex((x) => x.id === d.id) === i),
    delivery,
    addressPlan: addresses?.plan,
    errors: errors.map(format),
    warnings: warnings.map(format),
  };
}

/**
 * The nodes a cluster labels declaratively: its Kube-OVN masters (`kube-ovn/role=master`) and, when it joins
 * Submariner, its gateway nodes (`submariner.io/gateway=true`); none with `labelNodes: false`.
 */
function labelledNodesOf(c: FleetCluster, network: ClusterNetwork, submariner: boolean): LabelledNode[] {
  if (c.props.labelNodes === false) return [];
  // bad names are the cluster's own errors (checkNodeLabelProps, checkCluster): only valid ones, each once
  const valid = (names: unknown) => (Array.isArray(names) ? [...new Set(names)].filter((n) => checkDnsSubdomain(n) === undefined) : []);
  const masters = network.cni?.isKubeOvn ? kubeOvnMasterNodes(valid(c.props.masterNodes)) : [];
  return [...masters, ...(submariner ? submarinerGatewayNodes(valid(network.gatewayNodes)) : [])];
}

/** `masterNodes` and `labelNodes` (JavaScript input included). Messages without the `cluster "x": ` prefix. */
function checkNodeLabelProps(p: FleetClusterProps, n: ClusterNetwork): string[] {
  const errors: string[] = [];
  if (p.labelNodes !== undefined && typeof p.labelNodes !== 'boolean') {
    errors.push(`labelNodes must be true or false, got ${JSON.stringify(p.labelNodes)}; set false when the nodes are labelled at provisioning time`);
  }
  if (p.masterNodes === undefined) return errors;
  if (!Array.isArray(p.masterNodes)) {
    errors.push(`masterNodes must be a list of node names, got ${JSON.stringify(p.masterNodes)}; e.g. ['master-1', 'master-2', 'master-3']`);
    return errors;
  }
  if (!n.cni?.isKubeOvn) errors.push(`masterNodes is set but the CNI is ${n.cni?.name}; only Kube-OVN masters are labelled kube-ovn/role=master, remove masterNodes`);
  checkNodeNames(p.masterNodes, 'masterNodes', errors);
  if (n.cni?.isKubeOvn && p.masterNodes.length !== n.masterNodeIps.length) {
    errors.push(`masterNodes has ${p.masterNodes.length} name(s) for ${n.masterNodeIps.length} masterNodeIps; give the name of each master node, one per IP`);
  }
  return errors;
}

/**
 * The rules of a cluster's own props (`given` as the caller passed them, JavaScript input included). Messages
 * without the `cluster "x": ` prefix. With an address plan, a missing range is the plan's to fill (or to report).
 */
function checkCluster(n: ClusterNetwork, given: FleetClusterProps, planned: boolean): string[] {
  const errors: string[] = [];
  // JavaScript may pass anything: clusterNetworkOf reads a non-list as empty, the message shows what was given
  for (const field of ['masterNodeIps', 'gatewayNodes'] as const) {
    const value: unknown = given[field];
    if (value !== undefined && !Array.isArray(value)) errors.push(`${field} must be a list, e.g. ${field === 'gatewayNodes' ? "['node1']" : "['192.168.0.11']"}, got ${describeValue(value)}`);
  }
  const cni = n.cni!;
  const orPlan = (kind: string, example: string) => `, or let the fleet allocate it: fleet.planAddresses({ lockFile: 'fleet.lock.json', ${kind}: { supernets: ['${example}'] } })`;
  if (n.podCidr === undefined && !planned) errors.push(`podCidr is missing; give the default pod network, e.g. 10.16.0.0/16${orPlan('pod', '10.128.0.0/10')}`);
  else if (n.podCidr !== undefined && typeof n.podCidr !== 'string') errors.push(`podCidr must be a CIDR string, got ${JSON.stringify(n.podCidr)}; give the default pod network, e.g. 10.16.0.0/16`);
  if (n.serviceCidr === undefined && !planned) errors.push(`serviceCidr is missing; give the Kubernetes service CIDR, e.g. 10.96.0.0/12${orPlan('service', '10.64.0.0/12')}`);
  else if (n.serviceCidr !== undefined && typeof n.serviceCidr !== 'string') errors.push(`serviceCidr must be a CIDR string, got ${JSON.stringify(n.serviceCidr)}; give the Kubernetes service CIDR, e.g. 10.96.0.0/12`);
  if (n.joinCidr !== undefined && !cni.isKubeOvn) {
    errors.push(`joinCidr is set but the CNI is ${cni.name}; only Kube-OVN has a join subnet, remove joinCidr`);
  }
  // Kube-OVN v1.13.15 pkg/controller/config.go ParseFlags -> pkg/util/net.go CheckSystemCIDR: kube-ovn-controller
  // does not start when the join, pod or service CIDR is not global unicast (CIDRGlobalUnicast) or two overlap
  const ranges: Array<{ cidr: Cidr; owner: string }> = [];
  const fields = [
    ['podCidr', n.podCidr, '10.16.0.0/16'], ['serviceCidr', n.serviceCidr, '10.96.0.0/12'], ['joinCidr', n.joinCidr, '100.64.0.0/16'],
  ] as const;
  for (const [field, value, example] of fields) {
    if (value === undefined || (field !== 'joinCidr' && typeof value !== 'string')) continue; // missing: reported above
    // dual-stack clusters list one CIDR per family
    const cidrs = checkCidrList(value, field, errors, { example, reserved: CLUSTER_RESERVED, noSingleAddress: true });
    for (const cidr of cidrs ?? []) ranges.push({ cidr, owner: field });
  }
  for (const { first, second } of findOverlaps(ranges, (a, b) => a !== b)) {
    errors.push(`${second.owner} ${second.cidr} overlaps ${first.owner} ${first.cidr}; pod, service and join ranges must be disjoint (Kube-OVN routes them differently), choose separate ranges`);
  }
  if (cni.isKubeOvn && n.masterNodeIps.length === 0) {
    errors.push('masterNodeIps is empty; list the IPs of the nodes labelled kube-ovn/role=master (ovn-central runs there)');
  }
  checkIpList(n.masterNodeIps, 'masterNodeIps', errors);
  if (Array.isArray(given.gatewayNodes)) checkNodeNames(n.gatewayNodes, 'gatewayNodes', errors);
  if (n.installUnderlay && !cni.isKubeOvn) {
    errors.push(`installUnderlay is set but the CNI is ${cni.name}; it configures Kube-OVN's default subnet, remove it`);
  } else if (typeof n.podCidr === 'string') {
    errors.push(...checkInstallUnderlay(n));
  }
  return errors;
}

/** Builder calls that the model cannot take: twice the same singleton, references to another fleet. */
function checkModelUse(c: FleetCluster, inFleet: ReadonlySet<FleetCluster>): FleetProblem[] {
  const errors: FleetProblem[] = [];
  const once: Array<[string, number]> = [
    ['addIcServer', c._icServerCalls], ['interconnect', c._interconnectCalls], ['addSubmarinerBroker', c._brokerCalls],
    ['joinSubmariner', c._joinCalls], ['addConnectivityCheck', c._membership?._connectivityCheckCalls ?? 0],
  ];
  for (const [method, calls] of once) {
    if (calls > 1) errors.push({ path: c.name, message: `cluster "${c.name}": ${method} is called ${calls} times; a cluster has one, call it once (the first call's props are used)` });
  }
  // construct ids that clash (two provider networks "net1", ...) are reported by buildCluster, which leaves the later one out
  const broker = c._membership?.props.broker;
  if (c._membership && !(broker instanceof BrokerModel && inFleet.has(broker.cluster))) {
    errors.push({ path: `${c.name}/SubmarinerJoin`, message: `cluster "${c.name}", SubmarinerJoin: broker is not a broker of this fleet (got ${describe(broker)}); pass what addSubmarinerBroker returned` });
  }
  for (const r of c._interconnection?._routes ?? []) {
    if (!(r.peer instanceof FleetCluster) || !inFleet.has(r.peer)) {
      errors.push({ path: `${c.name}/Interconnection`, message: `cluster "${c.name}", InterconnectedCluster: routeToPeer peer is not a cluster of this fleet (got ${describe(r.peer)}); pass what addCluster returned` });
    }
  }
  if (c._providerNetworks.some((p) => p.installed) && !c.props.installUnderlay) {
    errors.push({ path: c.name, message: `cluster "${c.name}": installUnderlayProviderNetwork() or installUnderlayVlan() is used, but the cluster has no installUnderlay, so Kube-OVN creates no provider network or Vlan at install; declare them with addProviderNetwork instead` });
  }
  const check = c._membership?._connectivityCheck;
  if (check?.multusConfig !== undefined && !(check.multusConfig instanceof MultusConfigModel && c._multusConfigs.includes(check.multusConfig))) {
    errors.push({ path: `${c.name}/SubmarinerJoin`, message: `cluster "${c.name}", ConnectivityCheck: multusConfig is not one of this cluster's (got ${describe(check.multusConfig)}); pass what this cluster's addSpiderMultusConfig returned` });
  }
  return errors;
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return JSON.stringify(value);
}

function peerRoutesOf(ic: Interconnection): PeerRoute[] {
  return ic._routes.filter((r) => r.peer instanceof FleetCluster).map((r) => ({
    peerCluster: r.peer.name,
    peerAzName: r.peer._interconnection?.props.azName ?? r.peer.name,
    cidrs: r.cidrs,
    nextHop: r.nextHop,
  }));
}

/** The interconnection of a cluster as the cross-cluster rules see it: its default VPC's ranges from the model. */
function icMemberOf(c: FleetCluster, network: ClusterNetwork): IcMember {
  const ic = c._interconnection!;
  const path = `${c.name}/${Interconnection.ID}`;
  const ranges: IcRange[] = implicitRanges(network, path);
  for (const s of ic._subnets) {
    ranges.push({ name: s.props?.name ?? s.id, path: `${path}/${s.id}`, cidrs: parseCidrList(s.props?.cidrBlock) ?? [], advertised: OverlaySubnet.advertised(s.props ?? {}), underlay: false });
  }
  for (const pn of c._providerNetworks) {
    for (const vlan of pn._vlans) {
      for (const s of vlan._subnets) {
        if ((s.props?.vpc ?? DEFAULT_VPC) !== DEFAULT_VPC) continue;
        // the construct path buildCluster gives it: Kube-OVN's own install-time pair renders no construct
        const scope = vlan.installed ? c.name : pn.installed ? `${c.name}/${vlan.id}` : `${c.name}/${pn.id}/${vlan.id}`;
        ranges.push({ name: s.props?.name ?? s.id, path: `${scope}/${s.id}`, cidrs: parseCidrList(s.props?.cidrBlock) ?? [], advertised: UnderlaySubnet.advertised(s.props ?? {}), underlay: true });
      }
    }
  }
  const props = ic.props ?? ({} as Interconnection['props']);
  return {
    cluster: c.name,
    path,
    icDatabase: props.icDatabase instanceof IcDatabase ? props.icDatabase : IcDatabase.fromHosts([]),
    azName: props.azName ?? c.name,
    // as the construct reads it: a non-list from JavaScript renders nothing (the construct reports it)
    gatewayNodes: Array.isArray(props.gatewayNodes ?? network.gatewayNodes) ? [...(props.gatewayNodes ?? network.gatewayNodes)] : [],
    autoRoute: props.autoRoute ?? true,
    enabled: props.enabled ?? true,
    ranges,
    peerRoutes: peerRoutesOf(ic),
  };
}

/** Brokers with their members (in cluster order). */
function resolveClustersets(usable: readonly FleetCluster[], networks: ReadonlyMap<FleetCluster, ClusterNetwork>): ResolvedClusterset[] {
  const result: ResolvedClusterset[] = [];
  const joining = membersByBroker(usable);
  for (const host of usable.filter((c) => c._broker)) {
    const connection = brokerConnection(host._broker!.props ?? ({} as SubmarinerBrokerProps));
    const members = (joining.get(host._broker!) ?? [])
      .map((c): SubmarinerMember => {
        const p = c._membership!.props;
        const n = networks.get(c)!;
        return {
          cluster: c.name,
          path: `${c.name}/SubmarinerJoin`,
          clusterId: p.clusterId ?? c.name,
          cableDriver: p.cableDriver ?? CableDriver.LIBRESWAN,
          clusterCidrs: parseCidrList(p.clusterCidr ?? n.podCidr) ?? [],
          serviceCidrs: parseCidrList(p.serviceCidr ?? n.serviceCidr) ?? [],
          globalCidrs: parseCidrList(p.globalCidr) ?? [],
        };
      });
    result.push({
      brokerCluster: host.name,
      brokerPath: `${host.name}/${BrokerModel.ID}`,
      apiServer: connection.apiServer,
      namespace: connection.namespace,
      globalnetEnabled: connection.globalnetEnabled,
      members,
    });
  }
  return result;
}

/** The clusters that join each broker, in cluster order (one pass over the fleet). */
function membersByBroker(usable: readonly FleetCluster[]): Map<BrokerModel, FleetCluster[]> {
  const result = new Map<BrokerModel, FleetCluster[]>();
  for (const c of usable) {
    const broker = c._membership?.props.broker;
    if (!(broker instanceof BrokerModel)) continue;
    const list = result.get(broker);
    if (list) list.push(c);
    else result.set(broker, [c]);
  }
  return result;
}

function resolveJoin(
  c: FleetCluster, network: ClusterNetwork, set: ResolvedClusterset, joining: ReadonlyMap<BrokerModel, readonly FleetCluster[]>, fromChart: boolean,
): ResolvedJoin {
  const m = c._membership!;
  const broker = m.props.broker;
  const { broker: _omit, ...rest } = m.props;
  void _omit;
  const check = m._connectivityCheck;
  const peers = (joining.get(broker) ?? [])
    .filter((p) => p !== c && p._membership!._connectivityCheck)
    .map((p) => ({ cluster: p.name, serviceIp: p._membership!._connectivityCheck!.serviceIp, podIp: p._membership!._connectivityCheck!.podIp }));
  const { multusConfig, ...checkRest } = check ?? ({} as NonNullable<typeof check>);
  return {
    props: { ...rest, cluster: network, broker: brokerConnection({ ...broker.props, cluster: { name: broker.cluster.name } }), installedFromChart: fromChart },
    connectivityCheck: check && { ...checkRest, peers, multusConfigId: multusConfig?.id },
    brokerCluster: set.brokerCluster,
  };
}

/**
 * Which clusters must be delivered before which: a cluster connected to an IC database that another
 * fleet cluster runs waits for that cluster; a Submariner member waits for the cluster running its
 * own broker.
 */
function dependencies(usable: readonly FleetCluster[], clustersets: readonly ResolvedClusterset[]): Map<string, string[]> {
  const deps = new Map<string, Set<string>>(usable.map((c) => [c.name, new Set<string>()]));
  for (const c of usable) {
    const host = c._interconnection?.props.icDatabase?.serverCluster;
    if (host && host !== c.name && deps.has(host)) deps.get(c.name)!.add(host);
  }
  for (const set of clustersets) {
    for (const m of set.members) if (m.cluster !== set.brokerCluster) deps.get(m.cluster)?.add(set.brokerCluster);
  }
  return new Map([...deps].map(([name, set]) => [name, [...set].sort(compareCodeUnits)]));
}

/**
 * Delivery level of every cluster: 0 without dependencies, else one more than its deepest
 * dependency. Clusters on a dependency cycle are reported and get level 0.
 */
function deliveryLevels(deps: ReadonlyMap<string, readonly string[]>): { levels: Map<string, number>; cycles: string[] } {
  const levels = new Map<string, number>();
  const cycles = new Set<string>();
  const visiting = new Set<string>();
  const visit = (name: string): number => {
    const known = levels.get(name);
    if (known !== undefined) return known;
    if (visiting.has(name)) {
      cycles.add(name);
      return 0;
    }
    visiting.add(name);
    const level = Math.max(-1, ...(deps.get(name) ?? []).map(visit)) + 1;
    visiting.delete(name);
    levels.set(name, cycles.has(name) ? 0 : level);
    return levels.get(name)!;
  };
  for (const name of [...deps.keys()].sort(compareCodeUnits)) visit(name);
  return { levels, cycles: [...cycles].sort(compareCodeUnits) };
}
