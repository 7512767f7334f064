import { checkDnsSubdomain, duplicates } from '../rules';
import {
  checkBool, checkInt, checkInterfaceName, checkOneOf, checkString, checkStringList, isRecord, show,
} from './checks';

/**
 * The CNI a SpiderMultusConfig configures (`spec.cniType`; the enum of the Spiderpool v1.2.2 CRD
 * charts/spiderpool/crds/spiderpool.spidernet.io_spidermultusconfigs.yaml).
 */
export enum CniType {
  MACVLAN = 'macvlan',
  IPVLAN = 'ipvlan',
  VLAN = 'vlan',
  SRIOV = 'sriov',
  OVS = 'ovs',
  IB_SRIOV = 'ib-sriov',
  IPOIB = 'ipoib',
  CUSTOM = 'custom',
}

/** How the vlan CNI tags traffic (`spec.vlan.vlanMode`). */
export enum VlanMode {
  /** The VLAN is `vlanId`. */
  MANUAL = 'manual',
  /** The VLAN comes from the pod's IP pool; `vlanId` must not be set. */
  AUTO = 'auto',
}

/** Link state of an InfiniBand SR-IOV virtual function (`spec.ibsriov.linkState`). */
export enum IbLinkState {
  AUTO = 'auto',
  ENABLE = 'enable',
  DISABLE = 'disable',
}

/** A Linux bond over several masters (macvlan, ipvlan, vlan). */
export interface BondConfig {
  /** Name of the bond interface Spiderpool creates, e.g. `bond0`. */
  readonly name: string;
  /** Bonding mode 0-6 (e.g. 1 active-backup, 4 802.3ad). */
  readonly mode: number;
  /**
   * Extra bonding options, e.g. `primary=ens224`.
   * @default - none
   */
  readonly options?: string;
}

/**
 * IP pools of the network named directly (pools managed outside this app). Pools created here
 * (SpiderMultusConfig `ippools` / `addIpPool`) are added to these by family.
 */
export interface SpiderpoolPools {
  /**
   * Names of IPv4 SpiderIPPools.
   * @default - none
   */
  readonly ipv4?: string[];
  /**
   * Names of IPv6 SpiderIPPools.
   * @default - none
   */
  readonly ipv6?: string[];
  /**
   * Take the pool whose subnet matches the master's (sriov, ovs, ib-sriov, ipoib; Spiderpool rejects it for
   * macvlan, ipvlan and vlan).
   * @default false
   */
  readonly matchMasterSubnet?: boolean;
}

/** Options shared by macvlan and ipvlan (`spec.macvlan`, `spec.ipvlan`). */
export interface MacvlanOptions {
  /** Host interfaces the pods attach to; two or more need a `bond`. */
  readonly master: string[];
  /**
   * VLAN tag (0 = untagged); with a tag the master becomes `<master>.<vlanId>`.
   * @default 0
   */
  readonly vlanId?: number;
  /**
   * Bond over the masters; required with two or more masters.
   * @default - none
   */
  readonly bond?: BondConfig;
  /**
   * MTU of the pod interface (0 = the master's).
   * @default - the master's MTU
   */
  readonly mtu?: number;
  /**
   * RDMA shared-device resource to request for pods (with the `rdmaResourceInject` annotation).
   * @default - none
   */
  readonly rdmaResourceName?: string;
  /**
   * Pools named directly.
   * @default - only the pools added on the SpiderMultusConfig
   */
  readonly ippools?: SpiderpoolPools;
}

/** Options of ipvlan (`spec.ipvlan`), the same as macvlan's. */
export type IpvlanOptions = MacvlanOptions;

/** Options of the vlan CNI (`spec.vlan`). */
export interface VlanCniOptions extends MacvlanOptions {
  /**
   * How the VLAN is chosen; with `AUTO` leave `vlanId` unset.
   * @default VlanMode.MANUAL
   */
  readonly vlanMode?: VlanMode;
}

/** Options of SR-IOV (`spec.sriov`). */
export interface SriovOptions {
  /** The device-plugin resource of the virtual functions, e.g. `spidernet.io/sriov_netdevice`. */
  readonly resourceName: string;
  /**
   * VLAN of the virtual function (0 = untagged).
   * @default 0
   */
  readonly vlanId?: number;
  /**
   * MTU of the virtual function (0 = unchanged).
   * @default - unchanged
   */
  readonly mtu?: number;
  /**
   * Minimum transmit rate in Mbps (0 = no limit); at most `maxTxRateMbps`.
   * @default - no limit
   */
  readonly minTxRateMbps?: number;
  /**
   * Maximum transmit rate in Mbps (0 = no limit).
   * @default - no limit
   */
  readonly maxTxRateMbps?: number;
  /**
   * Isolate the RDMA device per network namespace.
   * @default false
   */
  readonly rdmaIsolation?: boolean;
  /**
   * Pools named directly.
   * @default - only the pools added on the SpiderMultusConfig
   */
  readonly ippools?: SpiderpoolPools;
}

/** A trunk entry of an OVS port: one VLAN `id`, or a range `minId`-`maxId`. */
export interface OvsTrunk {
  /**
   * One VLAN id 0-4094.
   * @default - none
   */
  readonly id?: number;
  /**
   * First VLAN of a range, 0-4094.
   * @default - none
   */
  readonly minId?: number;
  /**
   * Last VLAN of a range, 0-4094, not below `minId` (needs `minId`).
   * @default - none
   */
  readonly maxId?: number;
}

/** Options of OVS (`spec.ovs`). */
export interface OvsOptions {
  /** The OVS bridge the pods attach to, e.g. `br1`. */
  readonly bridge: string;
  /**
   * Access VLAN tag (0 = untagged).
   * @default 0
   */
  readonly vlan?: number;
  /**
   * Trunk VLANs of the port.
   * @default - none
   */
  readonly trunk?: OvsTrunk[];
  /**
   * PCI address of a hardware-offload VF.
   * @default - none
   */
  readonly deviceId?: string;
  /**
   * Pools named directly.
   * @default - only the pools added on the SpiderMultusConfig
   */
  readonly ippools?: SpiderpoolPools;
}

/** Options of InfiniBand SR-IOV (`spec.ibsriov`). */
export interface IbSriovOptions {
  /** The device-plugin resource of the InfiniBand virtual functions. */
  readonly resourceName: string;
  /**
   * InfiniBand partition key, e.g. `0x7fff`.
   * @default - none
   */
  readonly pkey?: string;
  /**
   * Link state of the virtual function.
   * @default IbLinkState.ENABLE
   */
  readonly linkState?: IbLinkState;
  /**
   * Isolate the RDMA device per network namespace.
   * @default true
   */
  readonly rdmaIsolation?: boolean;
  /**
   * Let ib-kubernetes manage the GUIDs.
   * @default false
   */
  readonly enableIbKubernetes?: boolean;
  /**
   * Pools named directly.
   * @default - only the pools added on the SpiderMultusConfig
   */
  readonly ippools?: SpiderpoolPools;
}

/** Options of IPoIB (`spec.ipoib`). */
export interface IpoibOptions {
  /** The host's IPoIB interface, e.g. `ibs5f1`. */
  readonly master: string;
  /**
   * Pools named directly.
   * @default - only the pools added on the SpiderMultusConfig
   */
  readonly ippools?: SpiderpoolPools;
}

/**
 * Which CRD field each option sets, per block. `Record<keyof ...>` makes the compiler insist on an entry
 * for every option; test/spiderpool/crd-coverage.test.ts checks that every field of the CRD schema has one.
 * @internal
 */
export const CNI_BLOCK_FIELDS = {
  macvlan: { master: 'master', vlanId: 'vlanID', bond: 'bond', mtu: 'mtu', rdmaResourceName: 'rdmaResourceName', ippools: 'ippools' } satisfies Record<keyof MacvlanOptions, string>,
  ipvlan: { master: 'master', vlanId: 'vlanID', bond: 'bond', mtu: 'mtu', rdmaResourceName: 'rdmaResourceName', ippools: 'ippools' } satisfies Record<keyof IpvlanOptions, string>,
  vlan: {
    master: 'master', vlanId: 'vlanID', bond: 'bond', mtu: 'mtu', rdmaResourceName: 'rdmaResourceName', ippools: 'ippools', vlanMode: 'vlanMode',
  } satisfies Record<keyof VlanCniOptions, string>,
  sriov: {
    resourceName: 'resourceName', vlanId: 'vlanID', mtu: 'mtu', minTxRateMbps: 'minTxRateMbps', maxTxRateMbps: 'maxTxRateMbps',
    rdmaIsolation: 'rdmaIsolation', ippools: 'ippools',
  } satisfies Record<keyof SriovOptions, string>,
  ovs: { bridge: 'bridge', vlan: 'vlan', trunk: 'trunk', deviceId: 'deviceID', ippools: 'ippools' } satisfies Record<keyof OvsOptions, string>,
  ibsriov: {
    resourceName: 'resourceName', pkey: 'pkey', linkState: 'linkState', rdmaIsolation: 'rdmaIsolation', enableIbKubernetes: 'enableIbKubernetes',
    ippools: 'ippools',
  } satisfies Record<keyof IbSriovOptions, string>,
  ipoib: { master: 'master', ippools: 'ippools' } satisfies Record<keyof IpoibOptions, string>,
  /** nested objects */
  bond: { name: 'name', mode: 'mode', options: 'options' } satisfies Record<keyof BondConfig, string>,
  ippools: { ipv4: 'ipv4', ipv6: 'ipv6', matchMasterSubnet: 'matchMasterSubnet' } satisfies Record<keyof SpiderpoolPools, string>,
  trunk: { id: 'id', minId: 'minID', maxId: 'maxID' } satisfies Record<keyof OvsTrunk, string>,
} as const;

/** The spec block (`spec.<block>`) of each cniType; custom has none. */
const BLOCK: Record<CniType, keyof typeof CNI_BLOCK_FIELDS | undefined> = {
  [CniType.MACVLAN]: 'macvlan',
  [CniType.IPVLAN]: 'ipvlan',
  [CniType.VLAN]: 'vlan',
  [CniType.SRIOV]: 'sriov',
  [CniType.OVS]: 'ovs',
  [CniType.IB_SRIOV]: 'ibsriov',
  [CniType.IPOIB]: 'ipoib',
  [CniType.CUSTOM]: undefined,
};

/** Every CNI config block of the spec (all but the one of the cniType must be absent). */
export const CNI_BLOCKS: readonly string[] = Object.values(BLOCK).filter((b): b is keyof typeof CNI_BLOCK_FIELDS => b !== undefined);

/** Pool names by family, as the block's `ippools` renders them. */
export interface PoolNames {
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

/**
 * The CNI of a SpiderMultusConfig and its config block, one static factory per `cniType`:
 * `CniConfig.macvlan({ master: ['ens224'] })`, `.ipvlan`, `.vlan`, `.sriov`, `.ovs`, `.ibSriov`, `.ipoib`,
 * `.custom(json)`.
 */
export class CniConfig {
  /** macvlan on host interfaces (`spec.macvlan`). */
  public static macvlan(options: MacvlanOptions): CniConfig {
    return new CniConfig(CniType.MACVLAN, options);
  }

  /** ipvlan on host interfaces (`spec.ipvlan`). */
  public static ipvlan(options: IpvlanOptions): CniConfig {
    return new CniConfig(CniType.IPVLAN, options);
  }

  /** The vlan CNI: a VLAN sub-interface per pod (`spec.vlan`). */
  public static vlan(options: VlanCniOptions): CniConfig {
    return new CniConfig(CniType.VLAN, options);
  }

  /** SR-IOV virtual functions (`spec.sriov`). */
  public static sriov(options: SriovOptions): CniConfig {
    return new CniConfig(CniType.SRIOV, options);
  }

  /** Open vSwitch (`spec.ovs`). */
  public static ovs(options: OvsOptions): CniConfig {
    return new CniConfig(CniType.OVS, options);
  }

  /** InfiniBand SR-IOV (`spec.ibsriov`). */
  public static ibSriov(options: IbSriovOptions): CniConfig {
    return new CniConfig(CniType.IB_SRIOV, options);
  }

  /** IPoIB (`spec.ipoib`). */
  public static ipoib(options: IpoibOptions): CniConfig {
    return new CniConfig(CniType.IPOIB, options);
  }

  /**
   * A CNI configuration of your own (`spec.customCNI`, JSON text or an object rendered as JSON). Spiderpool
   * runs no coordinator for it.
   * @param config the CNI configuration
   * @default - none (an empty customCNI)
   */
  public static custom(config?: string | Record<string, unknown>): CniConfig {
    return new CniConfig(CniType.CUSTOM, {}, config);
  }

  private constructor(
    /** `spec.cniType`. */
    public readonly cniType: CniType,
    /** The options of the block. */
    public readonly options: object,
    private readonly customConfig?: unknown,
  ) {}

  /** The spec block of this cniType (`macvlan`, `ibsriov`, ...), undefined for custom. */
  public get block(): string | undefined {
    return BLOCK[this.cniType];
  }

  /** The `spec.customCNI` text, when custom. */
  public get customCni(): string | undefined {
    const c = this.customConfig;
    if (c === undefined) return undefined;
    return typeof c === 'string' ? c : JSON.stringify(c);
  }

  /** Pools named in the options (`ippools`). */
  public get namedPools(): PoolNames {
    const p: unknown = isRecord(this.options) ? (this.options as { ippools?: SpiderpoolPools }).ippools : undefined;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return isRecord(p) ? { ipv4: list(p.ipv4), ipv6: list(p.ipv6) } : { ipv4: [], ipv6: [] };
  }

  /** The resource name the inject annotations use: rdmaResourceName, resourceName or (ipoib) master. */
  public get resourceName(): string {
    const o = (isRecord(this.options) ? this.options : {}) as Record<string, unknown>;
    const v = this.cniType === CniType.IPOIB ? o.master : (o.rdmaResourceName ?? o.resourceName);
    return typeof v === 'string' ? v : '';
  }

  /**
   * The block as the CRD spells it: the options given, `vlanID` explicit where the webhook defaults it
   * (macvlan, ipvlan, vlan in manual mode), and `ippools` from `pools` (the names given plus the pools
   * added on the SpiderMultusConfig).
   */
  public renderBlock(pools: PoolNames): Record<string, unknown> | undefined {
    const block = this.block as Exclude<keyof typeof CNI_BLOCK_FIELDS, 'bond' | 'ippools' | 'trunk'> | undefined;
    if (block === undefined) return undefined;
    const fields = CNI_BLOCK_FIELDS[block] as Record<string, string>;
    const o = (isRecord(this.options) ? this.options : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) {
      const v = o[key];
      if (v === undefined || key === 'ippools') continue;
      if (key === 'bond' && isRecord(v)) out[field] = { name: v.name, mode: v.mode, options: v.options };
      else if (key === 'trunk' && Array.isArray(v)) out[field] = v.map((t) => (isRecord(t) ? { id: t.id, minID: t.minId, maxID: t.maxId } : t));
      else out[field] = v;
    }
    const manual = block !== 'vlan' || (o.vlanMode ?? VlanMode.MANUAL) === VlanMode.MANUAL;
    if (['macvlan', 'ipvlan', 'vlan'].includes(block) && manual && out.vlanID === undefined) out.vlanID = 0;
    if (block === 'vlan' && out.vlanMode === undefined) out.vlanMode = VlanMode.MANUAL;
    const given = isRecord(o.ippools) ? o.ippools : {};
    if (pools.ipv4.length + pools.ipv6.length > 0 || given.matchMasterSubnet !== undefined) {
      out.ippools = {
        ipv4: pools.ipv4.length ? [...pools.ipv4] : undefined,
        ipv6: pools.ipv6.length ? [...pools.ipv6] : undefined,
        matchMasterSubnet: given.matchMasterSubnet,
      };
    }
    return out;
  }

  /**
   * Problems of the options, as Spiderpool v1.2.2's MultusConfig webhook reports them after its mutating
   * webhook defaulted them (pkg/multuscniconfig/multusconfig_validate.go validateCNIConfig,
   * multusconfig_mutate.go), plus the CRD schema's bounds (charts/spiderpool/crds/..._spidermultusconfigs.yaml).
   */
  public problems(): string[] {
    const errors: string[] = [];
    const block = this.block;
    if (block === undefined) {
      // validateCNIConfig case CustomCNI: a non-empty customCNI must be valid JSON (json.Valid)
      const c = this.customConfig;
      if (c !== undefined && typeof c !== 'string' && !isRecord(c)) {
        errors.push(`spec.customCNI must be the CNI configuration as JSON text or an object, got ${show(c)}`);
      } else if (typeof c === 'string' && c !== '') {
        try {
          JSON.parse(c);
        } catch (e) {
          errors.push(`spec.customCNI is not valid JSON (${(e as Error).message}); Spiderpool's webhook rejects it ("customCniConfig isn't a valid JSON encoding"), fix the text or pass an object`);
        }
      }
      return errors;
    }
    const at = `spec.${block}`;
    if (!isRecord(this.options)) return [`${at} must be the options of ${this.cniType} (CniConfig.${factoryOf(this.cniType)}({...})), got ${show(this.options)}`];
    const o = this.options as Record<string, unknown>;
    const fields = CNI_BLOCK_FIELDS[block as keyof typeof CNI_BLOCK_FIELDS] as Record<string, string>;
    for (const key of Object.keys(o)) {
      if (!(key in fields)) errors.push(`${at}: ${key} is no option of ${this.cniType} (options: ${Object.keys(fields).join(', ')})`);
    }
    switch (this.cniType) {
      case CniType.MACVLAN:
      case CniType.IPVLAN:
      case CniType.VLAN:
        vlanLikeProblems(this.cniType, at, o, errors);
        break;
      case CniType.SRIOV:
        // validateCNIConfig case SriovCNI: vlanID 0-4094 (validateVlanID), mtu >= 0 (CRD minimum 0),
        // minTxRateMbps <= maxTxRateMbps, resourceName required (the mutating webhook defaults it to "")
        checkString(errors, `${at}.resourceName`, o.resourceName, true, 'spidernet.io/sriov_netdevice');
        checkInt(errors, `${at}.vlanID`, o.vlanId, 0, 4094, ' (0 = untagged)');
        checkInt(errors, `${at}.mtu`, o.mtu, 0, 2147483647, ' (0 = unchanged)');
        checkInt(errors, `${at}.minTxRateMbps`, o.minTxRateMbps, 0, Number.MAX_SAFE_INTEGER, ' Mbps');
        checkInt(errors, `${at}.maxTxRateMbps`, o.maxTxRateMbps, 0, Number.MAX_SAFE_INTEGER, ' Mbps');
        if (typeof o.minTxRateMbps === 'number' && typeof o.maxTxRateMbps === 'number' && o.minTxRateMbps > o.maxTxRateMbps) {
          errors.push(`${at}.minTxRateMbps ${o.minTxRateMbps} is above maxTxRateMbps ${o.maxTxRateMbps}; Spiderpool's webhook rejects it ("minTxRateMbps must be less than maxTxRateMbps"), lower it or raise maxTxRateMbps`);
        }
        checkBool(errors, `${at}.rdmaIsolation`, o.rdmaIsolation);
        break;
      case CniType.OVS:
        ovsProblems(at, o, errors);
        break;
      case CniType.IB_SRIOV:
        // validateCNIConfig case IBSriovCNI: resourceName required; linkState is a CRD enum
        checkString(errors, `${at}.resourceName`, o.resourceName, true, 'spidernet.io/mellanox_ib');
        checkString(errors, `${at}.pkey`, o.pkey);
        checkOneOf(errors, `${at}.linkState`, o.linkState, Object.values(IbLinkState), 'IbLinkState');
        checkBool(errors, `${at}.rdmaIsolation`, o.rdmaIsolation);
        checkBool(errors, `${at}.enableIbKubernetes`, o.enableIbKubernetes);
        break;
      case CniType.IPOIB: {
        // validateCNIConfig case IPoIBCNI: master required (one interface, a string in the CRD)
        if (checkString(errors, `${at}.master`, o.master, true, 'ibs5f1')) {
          const e = checkInterfaceName(o.master);
          if (e) errors.push(`${at}.master ${e}`);
        }
        break;
      }
    }
    poolsProblems(this.cniType, at, o.ippools, errors);
    return errors;
  }
}

function factoryOf(t: CniType): string {
  return t === CniType.IB_SRIOV ? 'ibSriov' : t;
}

/** macvlan, ipvlan, vlan: validateVlanCNIConfig, validateVlanID, validateVlanMode and the MTU rule. */
function vlanLikeProblems(type: CniType, at: string, o: Record<string, unknown>, errors: string[]): void {
  const master = o.master;
  if (!Array.isArray(master)) {
    errors.push(`${at}.master must list the host interfaces ${type} attaches to, e.g. ['ens224'], got ${show(master)}`);
  } else if (master.length === 0) {
    // validateVlanCNIConfig: "master can't be empty"
    errors.push(`${at}.master is empty; name the host interface ${type} attaches to, e.g. ens224`);
  }
  const masters: unknown[] = Array.isArray(master) ? master : [];
  masters.forEach((m, i) => {
    const e = checkInterfaceName(m);
    if (e) errors.push(`${at}.master[${i}] ${e}`);
  });
  for (const d of duplicates(masters)) errors.push(`${at}.master lists ${show(d)} twice; list each interface once`);
  // validateVlanMode (after the mutating webhook's setVlanDefaultConfig: vlanMode manual, then vlanID 0)
  const auto = type === CniType.VLAN && o.vlanMode === VlanMode.AUTO;
  if (type === CniType.VLAN) checkOneOf(errors, `${at}.vlanMode`, o.vlanMode, Object.values(VlanMode), 'VlanMode');
  if (auto && o.vlanId !== undefined) {
    errors.push(`${at}.vlanID is set but vlanMode is auto; Spiderpool's webhook rejects it ("vlanId must not be specified when vlanMode is auto"), drop vlanId or use VlanMode.MANUAL`);
  } else {
    checkInt(errors, `${at}.vlanID`, o.vlanId, 0, 4094, ' (0 = untagged)');
  }
  // "MTU must be greater than or equal to 0" (and the CRD minimum 0); 0 keeps the master's MTU. A non-zero MTU
  // below 68 (the IPv4 minimum) or above 65535 is refused by the kernel when the pod's interface is created.
  if (o.mtu !== undefined && o.mtu !== 0) checkInt(errors, `${at}.mtu`, o.mtu, 68, 65535, ' (0 = the master\'s MTU)');
  if (masters.length >= 2 && o.bond === undefined) {
    errors.push(`${at}.master lists ${masters.length} interfaces (${masters.join(', ')}) but no bond; Spiderpool needs a bond to use several masters, set bond { name: 'bond0', mode: 1 } or keep one master`);
  }
  if (o.bond !== undefined) {
    const bond = o.bond;
    if (!isRecord(bond)) {
      errors.push(`${at}.bond must be { name, mode, options? }, got ${show(bond)}`);
    } else {
      const e = checkInterfaceName(bond.name);
      // validateVlanCNIConfig: "bond name can't be empty"; the CRD requires name and mode
      if (e) errors.push(`${at}.bond.name ${e}`);
      if (typeof bond.mode !== 'number' || !Number.isInteger(bond.mode) || bond.mode < 0 || bond.mode > 6) {
        errors.push(`${at}.bond.mode must be a Linux bonding mode 0-6, got ${show(bond.mode)}`);
      }
      checkString(errors, `${at}.bond.options`, bond.options);
    }
  }
  checkString(errors, `${at}.rdmaResourceName`, o.rdmaResourceName);
}

/** validateCNIConfig case OvsCNI: vlan tag 0-4094 (validateVlanID), trunk minID/maxID/id bounds and order. */
function ovsProblems(at: string, o: Record<string, unknown>, errors: string[]): void {
  if (checkString(errors, `${at}.bridge`, o.bridge, true, 'br1')) {
    const e = checkInterfaceName(o.bridge);
    if (e) errors.push(`${at}.bridge ${e}`);
  }
  checkInt(errors, `${at}.vlan`, o.vlan, 0, 4094, ' (0 = untagged)');
  checkString(errors, `${at}.deviceID`, o.deviceId);
  if (o.trunk !== undefined && !Array.isArray(o.trunk)) errors.push(`${at}.trunk must be a list of { id } or { minId, maxId }, got ${show(o.trunk)}`);
  (Array.isArray(o.trunk) ? o.trunk : []).forEach((t: unknown, i: number) => {
    const ti = `${at}.trunk[${i}]`;
    if (!isRecord(t)) {
      errors.push(`${ti} must be { id } or { minId, maxId }, got ${show(t)}`);
      return;
    }
    const ok = [checkInt(errors, `${ti}.minID`, t.minId, 0, 4094), checkInt(errors, `${ti}.maxID`, t.maxId, 0, 4094), checkInt(errors, `${ti}.id`, t.id, 0, 4094)];
    if (!ok.every(Boolean)) return;
    if (t.maxId !== undefined && t.minId === undefined) {
      // the webhook compares maxID with minID without a nil check: it fails instead of answering
      errors.push(`${ti}.maxID needs minID; Spiderpool's webhook cannot judge a trunk range without its start, set minId`);
    } else if (t.maxId !== undefined && (t.maxId as number) < (t.minId as number)) {
      errors.push(`${ti}: minID ${t.minId} is greater than maxID ${t.maxId}; Spiderpool's webhook rejects it, swap them`);
    }
  });
}

/** The block's `ippools`: names valid; matchMasterSubnet refused for macvlan, ipvlan and vlan. */
function poolsProblems(type: CniType, at: string, pools: unknown, errors: string[]): void {
  if (pools === undefined) return;
  if (!isRecord(pools)) {
    errors.push(`${at}.ippools must be { ipv4?, ipv6?, matchMasterSubnet? }, got ${show(pools)}`);
    return;
  }
  for (const family of ['ipv4', 'ipv6'] as const) {
    checkStringList(errors, `${at}.ippools.${family}`, pools[family], `['pool-${family}']`).forEach((n, i) => {
      const e = checkDnsSubdomain(n);
      if (e) errors.push(`${at}.ippools.${family}[${i}] (a SpiderIPPool name) ${e}`);
    });
  }
  checkBool(errors, `${at}.ippools.matchMasterSubnet`, pools.matchMasterSubnet);
  if (pools.matchMasterSubnet === true && [CniType.MACVLAN, CniType.IPVLAN, CniType.VLAN].includes(type)) {
    errors.push(`${at}.ippools.matchMasterSubnet is true; Spiderpool's webhook rejects it for ${type} ("MatchMasterSubnet feature is not supported"), drop it and name the pools`);
  }
}
