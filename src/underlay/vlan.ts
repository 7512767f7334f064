import { Construct } from 'constructs';
import { Vlan as VlanResource } from '../../imports/kubeovn.io';
import { resolveInstallUnderlay } from '../kube-ovn/install-underlay';
import { checkKubeOvnCluster } from '../kube-ovn/kube-ovn-cluster';
import { checkExtraSpec, kubeOvnExtraSpecTarget, mergeExtraSpec } from '../kube-ovn/extra-spec';
import { checkVlanId } from '../kube-ovn/names';
import { checkDnsSubdomain, ClusterNetwork, clusterLabel } from '../rules';
import type { IProviderNetwork } from './provider-network';
import { UnderlayRegistry } from './registry';
import { otherCluster } from './same-cluster';
import { UnderlaySubnet, UnderlaySubnetOptions } from './underlay-subnet';

/** A VLAN an underlay subnet can be bound to: a {@link Vlan} or the install-time one. */
export interface IVlan {
  /** Object name of the Vlan. */
  readonly vlanName: string;
  /** The 802.1Q tag, 0 for untagged. */
  readonly vlanId: number;
  /** Name of the ProviderNetwork the VLAN runs on. */
  readonly providerNetworkName: string;
  /**
   * The cluster it belongs to, when known; an underlay subnet on it that is given no cluster takes this one.
   * @default - unknown
   */
  readonly cluster?: ClusterNetwork;
}

/** Options of {@link ProviderNetwork.addVlan}. */
export interface VlanOptions {
  /**
   * Object name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * 802.1Q tag Kube-OVN adds to the subnets' traffic, 0-4095; 0 adds no tag (untagged).
   * Optional, as upstream has it: the Vlan CRD (Kube-OVN v1.13.15 charts/kube-ovn/templates/kube-ovn-crd.yaml)
   * requires only `provider`, and `VlanSpec.ID` (`pkg/apis/kubeovn/v1/types.go`, a Go int) reads a
   * missing id as 0. Rendered explicitly so Git and the live object agree.
   * @default 0
   */
  readonly id?: number;
  /**
   * `spec.vlanId`, the field `id` replaced. kube-ovn-controller copies it to `id` only when it starts and only
   * while `id` is 0 (pkg/controller/init.go initSyncCrdVlans), and this package always renders `id`, so a value
   * here is reported with the fix (use `id`).
   * @deprecated use `id`
   * @default - not rendered
   */
  readonly vlanId?: number;
  /**
   * `spec.providerInterfaceName`, the field `provider` replaced. kube-ovn-controller copies it to `provider` only
   * when it starts and only while `provider` is empty (pkg/controller/init.go initSyncCrdVlans), and this package
   * always renders `provider`, so a value here is reported with the fix (bind the Vlan to a ProviderNetwork).
   * @deprecated bind the Vlan to a ProviderNetwork (`provider`)
   * @default - not rendered
   */
  readonly providerInterfaceName?: string;
  /**
   * Spec fields the typed props do not cover, rendered as given and checked against the Vlan CRD schema of the
   * bundle at synth (see {@link SubnetBaseProps.extraSpec}).
   * @default - none
   */
  readonly extraSpec?: Readonly<Record<string, unknown>>;
}

/** Typed-props keys of the Vlan spec. */
const VLAN_SPEC_FIELDS: Readonly<Record<string, string>> = {
  id: 'id', provider: 'providerNetwork (ProviderNetwork.addVlan)', vlanId: 'vlanId', providerInterfaceName: 'providerInterfaceName',
};

/** The L1 Vlan with extraSpec fields. */
class VlanObject extends VlanResource {
  /** The extra spec fields, as given (checked by the construct's validation). */
  public extraSpec?: unknown;

  public override toJson(): any {
    return mergeExtraSpec(super.toJson(), this.extraSpec, VLAN_SPEC_FIELDS);
  }
}

/** Props of {@link Vlan}. */
export interface VlanProps extends VlanOptions {
  /** The provider network (node NICs) the VLAN runs on. */
  readonly providerNetwork: IProviderNetwork;
  /**
   * The cluster the VLAN belongs to (see {@link ProviderNetworkProps.cluster}); passed on to its subnets.
   * @default - the provider network's cluster (`providerNetwork.cluster`); without one no install-time underlay is assumed
   */
  readonly cluster?: ClusterNetwork;
}

/**
 * A Kube-OVN `Vlan`: a tag on a provider network. Underlay subnets bind to it with
 * {@link addSubnet}; several subnets may share one VLAN, and several VLANs one provider network.
 */
export class Vlan extends Construct implements IVlan {
  /**
   * The Vlan Kube-OVN created at install time for ovn-default (installUnderlay, VLAN_NAME), to
   * put more subnets on it. Throws when the cluster has no install-time underlay.
   */
  public static fromInstallUnderlay(cluster: ClusterNetwork): IVlan {
    const install = cluster.installUnderlay;
    if (!install) {
      throw new Error(`Vlan.fromInstallUnderlay: cluster "${cluster.name}" has no installUnderlay, so Kube-OVN creates no Vlan at install; declare a Vlan instead`);
    }
    const u = resolveInstallUnderlay(install);
    return { vlanName: u.vlanName, vlanId: u.vlanId, providerNetworkName: u.providerName, cluster };
  }

  /** Object name. */
  public readonly vlanName: string;
  /** The 802.1Q tag, 0 for untagged. */
  public readonly vlanId: number;
  /** Name of the provider network the VLAN runs on. */
  public readonly providerNetworkName: string;
  /** The cluster, when given. */
  public readonly cluster?: ClusterNetwork;
  /** The generated L1 object (construct id `Resource`). */
  protected readonly resource: VlanResource;
  private readonly providerNetwork?: IProviderNetwork;
  private readonly props: VlanProps;

  constructor(scope: Construct, id: string, props: VlanProps) {
    super(scope, id);
    // JavaScript callers have no type checker: missing props are reported, not a crash
    props = props ?? ({} as VlanProps);
    this.props = props;
    this.vlanName = props.name ?? id;
    this.vlanId = props.id ?? 0;
    this.cluster = props.cluster ?? props.providerNetwork?.cluster;
    this.providerNetwork = props.providerNetwork;
    // a missing provider network is reported by validateVlan; the name stays undefined until then
    this.providerNetworkName = props.providerNetwork?.providerNetworkName as string;
    const resource = new VlanObject(this, 'Resource', {
      metadata: { name: this.vlanName },
      spec: { id: this.vlanId, provider: this.providerNetworkName, vlanId: props.vlanId, providerInterfaceName: props.providerInterfaceName },
    });
    resource.extraSpec = props.extraSpec;
    this.resource = resource;
    UnderlayRegistry.of(this).useCluster(this.cluster);
    UnderlayRegistry.of(this).addVlan({ construct: this, name: this.vlanName, id: this.vlanId, provider: this.providerNetworkName });
    this.node.addValidation({ validate: () => this.validateVlan().map((e) => `${clusterLabel(this, this.cluster)}, Vlan "${this.vlanName}": ${e}`) });
  }

  /** Adds an underlay subnet on this VLAN. */
  public addSubnet(id: string, options: UnderlaySubnetOptions): UnderlaySubnet {
    return new UnderlaySubnet(this, id, { cluster: this.cluster, ...options, vlan: this });
  }

  private validateVlan(): string[] {
    const errors = checkKubeOvnCluster(this.cluster, 'Vlan');
    const nameError = checkDnsSubdomain(this.vlanName);
    if (nameError) errors.push(`metadata.name ${nameError}`);
    const idError = checkVlanId(this.vlanId);
    if (idError) errors.push(`spec.id ${idError}`);
    // pkg/controller/init.go initSyncCrdVlans: the legacy fields move to id/provider only at controller start, and
    // only while those are unset; id and provider are always rendered, so the legacy value would never apply
    if (this.props.vlanId !== undefined) {
      errors.push(`spec.vlanId is deprecated and Kube-OVN ignores it while spec.id is set (which this package always renders); use id: ${JSON.stringify(this.props.vlanId)} instead`);
    }
    if (this.props.providerInterfaceName !== undefined) {
      errors.push(`spec.providerInterfaceName is deprecated and Kube-OVN ignores it while spec.provider is set; bind the Vlan to a ProviderNetwork with providerNetwork.addVlan(id, { id }) instead`);
    }
    errors.push(...checkExtraSpec(this.props.extraSpec, VLAN_SPEC_FIELDS, kubeOvnExtraSpecTarget('Vlan', this.vlanName, this.resource)));
    if (!this.providerNetwork || typeof this.providerNetworkName !== 'string') {
      // the Vlan CRD requires spec.provider (Kube-OVN v1.13.15 kube-ovn-crd.yaml, vlans.kubeovn.io)
      errors.push('spec.provider is missing: providerNetwork must be the ProviderNetwork the VLAN runs on; create the Vlan with providerNetwork.addVlan(id, { id }) or pass providerNetwork');
      return errors;
    }
    const owner = otherCluster(this, this.cluster, this.providerNetwork);
    if (owner) {
      errors.push(`spec.provider "${this.providerNetworkName}" is a ProviderNetwork of ${owner}; a Vlan can only use a provider network of its own cluster, declare one there`);
    }
    errors.push(...UnderlayRegistry.of(this).problemsFor(this));
    return errors;
  }
}
