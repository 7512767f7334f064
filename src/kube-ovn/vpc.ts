import { Construct } from 'constructs';
import { Vpc as VpcResource } from '../../imports/kubeovn.io';
import { addWarnings, checkDnsLabel, checkDnsSubdomain, ClusterNetwork, clusterLabel, duplicates, tryIp } from '../rules';
import { checkExtraSpec, kubeOvnExtraSpecTarget, mergeExtraSpec } from './extra-spec';
import { checkKubeOvnCluster } from './kube-ovn-cluster';
import { registerVpc } from './subnet';
import {
  checkBoolean, checkEnum, checkInteger, checkToken, describeValue, ipProblem, objectList, parseLooseCidr, stringList,
} from './spec-values';

/** Kube-OVN's own VPC; this construct declares custom ones (see DefaultVpcRoutes for routes of ovn-cluster). */
const DEFAULT_VPC_NAME = 'ovn-cluster';

/** Which address a static route matches (`spec.staticRoutes[].policy`, pkg/apis/kubeovn/v1/types.go RoutePolicy). */
export enum VpcRoutePolicy {
  /** Match the destination address (OVN `dst-ip`, Kube-OVN's default). */
  DESTINATION = 'policyDst',
  /** Match the source address (OVN `src-ip`). */
  SOURCE = 'policySrc',
}

/** A static route of a VPC's router (`spec.staticRoutes[]`). */
export interface VpcStaticRoute {
  /** Destination (or, with VpcRoutePolicy.SOURCE, source): a CIDR or a single address. */
  readonly cidr: string;
  /** The next hop address. */
  readonly nextHopIp: string;
  /**
   * Which address the route matches.
   * @default VpcRoutePolicy.DESTINATION
   */
  readonly policy?: VpcRoutePolicy;
  /**
   * `ecmpMode`, e.g. `ecmp_symmetric_reply` (the mode Kube-OVN itself uses with BFD).
   * @default '' (rendered: the field has no omitempty upstream)
   */
  readonly ecmpMode?: string;
  /**
   * `bfdId`: the UUID of an OVN BFD entry that guards the route.
   * @default ''
   */
  readonly bfdId?: string;
  /**
   * The route table of the router the route goes into.
   * @default '' (the main route table)
   */
  readonly routeTable?: string;
}

/** What a policy route does (`spec.policyRoutes[].action`, ValidateVpc). */
export enum VpcPolicyRouteAction {
  ALLOW = 'allow',
  DROP = 'drop',
  /** Send to `nextHopIp` (several, comma-joined, for ECMP). */
  REROUTE = 'reroute',
}

/** A logical router policy of a VPC's router (`spec.policyRoutes[]`). */
export interface VpcPolicyRoute {
  /** OVN router policy priority, 0-32767 (OVN Logical_Router_Policy). */
  readonly priority: number;
  /** An OVN match expression, e.g. `ip4.src == 10.0.1.0/24`. */
  readonly match: string;
  /** What the policy does. */
  readonly action: VpcPolicyRouteAction;
  /**
   * Next hops, only (and required) for REROUTE; rendered comma-separated.
   * @default - none
   */
  readonly nextHopIps?: readonly string[];
}

/** A peering with another VPC of the cluster (`spec.vpcPeerings[]`). */
export interface VpcPeering {
  /** The other VPC's name. */
  readonly remoteVpc: string;
  /** This VPC's address on the peering link, as a CIDR (`10.100.0.1/24`; dual stack `"v4cidr,v6cidr"`). */
  readonly localConnectIp: string;
}

/** Props of {@link Vpc}. */
export interface VpcProps {
  /**
   * Object name (cluster-scoped).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * `spec.namespaces`: namespaces whose pods use this VPC.
   * @default - none
   */
  readonly namespaces?: readonly string[];
  /**
   * `spec.defaultSubnet`: the subnet of this VPC pods of its namespaces get when they name none.
   * @default - none
   */
  readonly defaultSubnet?: string;
  /**
   * `spec.staticRoutes`.
   * @default - none
   */
  readonly staticRoutes?: readonly VpcStaticRoute[];
  /**
   * `spec.policyRoutes`.
   * @default - none
   */
  readonly policyRoutes?: readonly VpcPolicyRoute[];
  /**
   * `spec.vpcPeerings`.
   * @default - none
   */
  readonly vpcPeerings?: readonly VpcPeering[];
  /**
   * `spec.enableExternal`: connect the VPC to the external network (the `ovn-external` subnet).
   * @default false
   */
  readonly enableExternal?: boolean;
  /**
   * `spec.extraExternalSubnets`: further external (underlay) subnets the VPC router connects to. Only with
   * enableExternal.
   * @default - none
   */
  readonly extraExternalSubnets?: readonly string[];
  /**
   * `spec.enableBfd`: BFD on the VPC router's external routes.
   * @default false
   */
  readonly enableBfd?: boolean;
  /**
   * The cluster the VPC belongs to (it must run Kube-OVN).
   * @default - not checked
   */
  readonly cluster?: ClusterNetwork;
  /**
   * Spec fields the typed props do not cover, checked against the Vpc CRD schema of the bundle at synth.
   * @default - none
   */
  readonly extraSpec?: Readonly<Record<string, unknown>>;
}

/** Typed-props keys of the Vpc spec. */
const VPC_SPEC_FIELDS: Readonly<Record<string, string>> = {
  defaultSubnet: 'defaultSubnet', enableExternal: 'enableExternal', enableBfd: 'enableBfd', namespaces: 'namespaces',
  extraExternalSubnets: 'extraExternalSubnets', staticRoutes: 'staticRoutes', policyRoutes: 'policyRoutes', vpcPeerings: 'vpcPeerings',
};

/** The L1 Vpc with extraSpec fields. */
class VpcObject extends VpcResource {
  /** The extra spec fields, as given (checked by the construct's validation). */
  public extraSpec?: unknown;

  public override toJson(): any {
    return mergeExtraSpec(super.toJson(), this.extraSpec, VPC_SPEC_FIELDS);
  }
}

/**
 * A custom Kube-OVN `Vpc`: an isolated router with its own subnets (`OverlaySubnet({ vpc })`, or the VPC an
 * underlay subnet's u2oInterconnection connects to). OVN-IC interconnects only the default VPC `ovn-cluster`, so a
 * custom VPC and its subnets stay inside their cluster. Its rules are Kube-OVN v1.13.15's `ValidateVpc`
 * (pkg/util/validator.go) and the Vpc CRD.
 */
export class Vpc extends Construct {
  /** Object name; subnets refer to it with `vpc`. */
  public readonly vpcName: string;
  /** The cluster, when given. */
  public readonly cluster?: ClusterNetwork;
  /** The generated L1 object (construct id `Resource`). */
  protected readonly resource: VpcResource;
  private readonly props: VpcProps;

  constructor(scope: Construct, id: string, props: VpcProps = {}) {
    super(scope, id);
    props = props ?? {};
    this.props = props;
    this.vpcName = props.name ?? id;
    this.cluster = props.cluster;
    const list = <T>(v: readonly T[] | undefined) => (Array.isArray(v) && v.length > 0 ? [...v] : undefined);
    const resource = new VpcObject(this, 'Resource', {
      metadata: { name: this.vpcName },
      spec: {
        defaultSubnet: props.defaultSubnet,
        enableExternal: props.enableExternal,
        enableBfd: props.enableBfd,
        namespaces: list(props.namespaces),
        extraExternalSubnets: list(props.extraExternalSubnets),
        // ecmpMode, bfdId and routeTable have no omitempty upstream (pkg/apis/kubeovn/v1/types.go StaticRoute): the
        // controller's writes add them as "", so they are rendered that way and Git matches the live object
        staticRoutes: list(props.staticRoutes)?.map((r) => ({
          policy: r?.policy, cidr: r?.cidr, nextHopIp: r?.nextHopIp, ecmpMode: r?.ecmpMode ?? '', bfdId: r?.bfdId ?? '', routeTable: r?.routeTable ?? '',
        })),
        policyRoutes: list(props.policyRoutes)?.map((r) => ({
          priority: r?.priority, action: r?.action, match: r?.match, nextHopIp: Array.isArray(r?.nextHopIps) ? r.nextHopIps.join(',') : undefined,
        })),
        vpcPeerings: list(props.vpcPeerings)?.map((p) => ({ remoteVpc: p?.remoteVpc, localConnectIp: p?.localConnectIp })),
      },
    });
    resource.extraSpec = props.extraSpec;
    this.resource = resource;
    registerVpc({ construct: this, name: this.vpcName, namespaces: Array.isArray(props.namespaces) ? props.namespaces.filter((n) => typeof n === 'string') : [] });
    this.node.addValidation({ validate: () => this.validateVpc().map((e) => `${this.label}: ${e}`) });
    addWarnings(this, () => this.warnings().map((w) => `${this.label}: ${w}`));
  }

  private get label(): string {
    return `${clusterLabel(this, this.cluster)}, Vpc "${this.vpcName}"`;
  }

  private validateVpc(): string[] {
    const p = this.props;
    const errors = checkKubeOvnCluster(this.cluster, 'Vpc');
    const nameError = checkDnsSubdomain(this.vpcName);
    if (nameError) errors.push(`metadata.name ${nameError}`);
    if (this.vpcName === DEFAULT_VPC_NAME) {
      errors.push(`metadata.name "${DEFAULT_VPC_NAME}" is the default VPC, which kube-ovn-controller creates and owns; choose another name (routes of the default VPC come from the manual-route mode)`);
    }
    errors.push(...checkBoolean(p.enableExternal, 'spec.enableExternal'), ...checkBoolean(p.enableBfd, 'spec.enableBfd'));
    if (p.defaultSubnet !== undefined) {
      const e = typeof p.defaultSubnet === 'string' ? checkDnsSubdomain(p.defaultSubnet) : `must be a subnet name, got ${describeValue(p.defaultSubnet)}`;
      if (e) errors.push(`spec.defaultSubnet ${e}`);
    }
    const namespaces = stringList(p.namespaces, 'spec.namespaces', 'team-a', errors);
    namespaces?.forEach((ns, i) => {
      const e = checkDnsLabel(ns);
      if (e) errors.push(`spec.namespaces[${i}] ${e}`);
    });
    for (const d of duplicates(namespaces ?? [])) errors.push(`spec.namespaces lists "${d}" more than once; list each namespace once`);
    const external = stringList(p.extraExternalSubnets, 'spec.extraExternalSubnets', 'external204', errors);
    external?.forEach((s, i) => {
      const e = checkDnsSubdomain(s);
      if (e) errors.push(`spec.extraExternalSubnets[${i}] ${e}`);
    });
    this.checkStaticRoutes(errors);
    this.checkPolicyRoutes(errors);
    this.checkPeerings(errors);
    errors.push(...checkExtraSpec(p.extraSpec, VPC_SPEC_FIELDS, kubeOvnExtraSpecTarget('Vpc', this.vpcName, this.resource)));
    return errors;
  }

  /** ValidateVpc: policy "" | policyDst | policySrc; cidr a CIDR (net.ParseCIDR) or an IP; nextHopIP an IP. */
  private checkStaticRoutes(errors: string[]): void {
    const routes = objectList<Record<string, unknown>>(this.props.staticRoutes, 'spec.staticRoutes', "{ cidr: '0.0.0.0/0', nextHopIp: '10.0.1.254' }", errors);
    routes?.forEach((r, i) => {
      const field = `spec.staticRoutes[${i}]`;
      errors.push(...checkEnum(r.policy, `${field}.policy`, Object.values(VpcRoutePolicy), 'VpcRoutePolicy'));
      if (typeof r.cidr !== 'string') {
        errors.push(`${field}.cidr must be a CIDR or an address, e.g. '10.0.0.0/8', got ${describeValue(r.cidr)}`);
      } else {
        const problem = r.cidr.includes('/') ? parseLooseCidr(r.cidr) : ipProblem(r.cidr);
        if (problem) errors.push(`${field}.cidr: ${problem}; Kube-OVN rejects it (ValidateVpc)`);
      }
      if (typeof r.nextHopIp !== 'string') errors.push(`${field}.nextHopIP must be an IP address, e.g. '10.0.1.254', got ${describeValue(r.nextHopIp)}`);
      else tryIp(r.nextHopIp, `${field}.nextHopIP`, errors);
      // '' is what the controller writes for unset (no omitempty), so it is accepted as unset
      errors.push(...checkToken(r.ecmpMode === '' ? undefined : r.ecmpMode, `${field}.ecmpMode`, 'ecmp_symmetric_reply'));
      errors.push(...checkToken(r.bfdId === '' ? undefined : r.bfdId, `${field}.bfdId`, 'a BFD entry UUID'));
      errors.push(...checkToken(r.routeTable === '' ? undefined : r.routeTable, `${field}.routeTable`, 'rtb1'));
    });
  }

  /** ValidateVpc: action allow | drop | reroute; reroute needs next hops that are IPs. OVN priorities are 0-32767. */
  private checkPolicyRoutes(errors: string[]): void {
    const routes = objectList<Record<string, unknown>>(this.props.policyRoutes, 'spec.policyRoutes', "{ priority: 31000, match: 'ip4.dst == 10.0.0.0/8', action: VpcPolicyRouteAction.ALLOW }", errors);
    routes?.forEach((r, i) => {
      const field = `spec.policyRoutes[${i}]`;
      if (r.action === undefined) errors.push(`${field}.action is missing; give VpcPolicyRouteAction.ALLOW, DROP or REROUTE`);
      errors.push(...checkEnum(r.action, `${field}.action`, Object.values(VpcPolicyRouteAction), 'VpcPolicyRouteAction'));
      errors.push(...checkInteger(r.priority ?? NaN, `${field}.priority`, 0, 32767, 'OVN Logical_Router_Policy'));
      if (typeof r.match !== 'string' || r.match.trim() === '') {
        errors.push(`${field}.match must be an OVN match expression, e.g. 'ip4.dst == 10.0.0.0/8', got ${describeValue(r.match)}`);
      }
      const hops = stringList(r.nextHopIps, `${field}.nextHopIps`, '10.0.1.254', errors);
      if (!hops) return;
      if (r.action === VpcPolicyRouteAction.REROUTE) {
        if (hops.length === 0) errors.push(`${field}: action reroute needs nextHopIps; Kube-OVN rejects a reroute without a valid next hop (ValidateVpc)`);
        hops.forEach((h, j) => tryIp(h, `${field}.nextHopIps[${j}]`, errors));
      } else if (hops.length > 0) {
        errors.push(`${field}.nextHopIps is set but action is ${String(r.action)}; next hops are for reroute only, drop them`);
      }
    });
  }

  /** ValidateVpc: localConnectIP a CIDR list (CheckCidrs); remoteVpc another VPC's name. */
  private checkPeerings(errors: string[]): void {
    const peerings = objectList<Record<string, unknown>>(this.props.vpcPeerings, 'spec.vpcPeerings', "{ remoteVpc: 'vpc-2', localConnectIp: '169.254.0.1/30' }", errors);
    peerings?.forEach((p, i) => {
      const field = `spec.vpcPeerings[${i}]`;
      const remote = typeof p.remoteVpc === 'string' ? checkDnsSubdomain(p.remoteVpc) : `must be a VPC name, got ${describeValue(p.remoteVpc)}`;
      if (remote) errors.push(`${field}.remoteVpc ${remote}`);
      else if (p.remoteVpc === this.vpcName) errors.push(`${field}.remoteVpc is this VPC itself; peer with another VPC`);
      if (typeof p.localConnectIp !== 'string' || p.localConnectIp === '') {
        errors.push(`${field}.localConnectIP must be a CIDR, e.g. '169.254.0.1/30', got ${describeValue(p.localConnectIp)}`);
        return;
      }
      for (const part of p.localConnectIp.split(',')) {
        const problem = parseLooseCidr(part);
        if (problem) errors.push(`${field}.localConnectIP: ${problem}; Kube-OVN rejects it (ValidateVpc CheckCidrs)`);
      }
    });
  }

  private warnings(): string[] {
    const external = this.props.extraExternalSubnets;
    if (Array.isArray(external) && external.length > 0 && this.props.enableExternal !== true) {
      // pkg/controller/vpc.go handleAddOrUpdateVpc: extra external subnets are connected only with enableExternal
      return ['spec.extraExternalSubnets is set but spec.enableExternal is not true, so Kube-OVN connects none of them; set enableExternal: true or drop them'];
    }
    return [];
  }
}
