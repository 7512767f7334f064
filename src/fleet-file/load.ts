import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { BrokerModel, Fleet, FleetCluster, MultusConfigModel } from '../fleet/model';
import { ArgoCdApplicationMode } from '../gitops/argocd';
import { GatewayHa, KubeOvnChart, TunnelType } from '../gitops/kube-ovn-chart';
import { KubeOvnImage } from '../kube-ovn/image';
import { IcDbProtocol, IcDbRuntime } from '../ovn-ic/external-ic-database';
import type { IcDatabase } from '../ovn-ic/ic-database';
import { Cni } from '../rules/cluster';
import { BrokerComponent, CableDriver } from '../submariner/cable-driver';
import { SubmarinerCrds } from '../submariner/operator';
import { SecretSource } from '../submariner/secret-source';
import type {
  ArgoCdDeliverySpec, ClusterSpec, FleetFile, FluxDeliverySpec, KubeOvnInstallSpec, KubeOvnInstallSpecOptions, OperatorSpec, SecretSourceSpec,
  VlanSpec,
} from './format';
import { DataPath, fieldPath, Position, SourceMap } from './locate';
import { schemaErrors } from './schema-errors';
import { deref, fleetFileSchema, SchemaNode } from './schema';

/** One problem of a fleet file, at a place in the file. */
export interface FleetFileProblem {
  readonly file: string;
  /** 1-based; undefined when the problem has no place in the file. */
  readonly position?: Position;
  /** The field path (`clusters.az1.podCidr`), empty for the whole file. */
  readonly field: string;
  /** What is wrong and the fix (model problems keep their `[construct path]`). */
  readonly message: string;
  /**
   * True for a problem the render found on an object as a whole (its message names none of its fields):
   * `field` is then the object's path.
   * @default false
   */
  readonly wholeObject?: boolean;
}

/** `fleet.yaml:12:5: clusters.az1.podCidr: message` */
export function formatFileProblem(p: FleetFileProblem): string {
  const where = p.position ? `${p.file}:${p.position.line}:${p.position.column}` : p.file;
  return `${where}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/** An object of the model and where the file declares it: model problems at its construct path are shown there. */
interface Anchor {
  readonly constructPath: string;
  readonly segments: DataPath;
  /** The schema definition of the object (its field names are looked for in messages). */
  readonly definition: string;
}

/** A loaded fleet file: the fleet built from it (when the file could be read) and what was wrong. */
export interface LoadedFleetFile {
  /** The file as given (messages name it like this). */
  readonly file: string;
  /** The fleet, built through the public builder API; undefined when the file is no YAML mapping. */
  readonly fleet?: Fleet;
  /** Problems of the file itself: YAML syntax, schema, unknown references. */
  readonly problems: readonly FleetFileProblem[];
  /**
   * Places a problem the render reported (`[az1/Interconnection] message`) in the file: at the object
   * that produced it, and at its field when the message names one.
   */
  locate(problem: string): FleetFileProblem;
}

const YAML_FIXES: Record<string, string> = {
  DUPLICATE_KEY: 'a key may appear once per mapping: keep one of them',
  MULTIPLE_DOCS: 'a fleet file is one YAML document: remove the `---` and what follows, or merge it',
  BAD_INDENT: 'indent the lines of one mapping or list alike (spaces, no tabs)',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
};

/** Reads a fleet file's text (YAML or JSON) and builds the fleet; never throws for any input. */
export function loadFleetFileText(text: string, file: string, options: { readonly baseDir?: string } = {}): LoadedFleetFile {
  const lines = new LineCounter();
  const docs = parseAllDocuments(String(text ?? ''), { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const list = Array.isArray(docs) ? docs : [];
  const problems: FleetFileProblem[] = [];
  const at = (offset: number | undefined): Position => {
    const p = lines.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  const none = (problem: string): FleetFileProblem => ({ file, field: '', message: problem });
  const whole = (message: string, position: Position = { line: 1, column: 1 }): LoadedFleetFile => ({
    file, problems: [{ file, position, field: '', message }], locate: none,
  });
  const mapping = 'a fleet file is a mapping with `clusters:` (see examples/default-fleet.yaml)';
  if (list.length === 0) return whole(`the file is empty; ${mapping}`);
  for (const doc of list) {
    for (const e of [...doc.errors]) {
      const fix = YAML_FIXES[e.code] ?? 'fix the YAML syntax';
      problems.push({ file, position: at(e.pos?.[0]), field: '', message: `YAML: ${firstLine(e.message)} (${fix})` });
    }
  }
  if (list.length > 1) {
    const message = `the file holds ${list.length} YAML documents; ${YAML_FIXES.MULTIPLE_DOCS}`;
    problems.push({ file, position: at(list[1].range?.[0]), field: '', message });
  }
  if (problems.length > 0) return { file, problems: sortProblems(problems), locate: none };

  const doc = list[0];
  const source = new SourceMap(doc, lines);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return whole(`YAML: ${firstLine((e as Error).message)} (remove the aliases that expand without bound)`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const got = data === null || data === undefined ? 'nothing' : Array.isArray(data) ? 'a list' : `a ${typeof data}`;
    return whole(`the file holds ${got}; ${mapping}`, source.positionOf([]));
  }

  const { schema, validate } = fleetFileSchema();
  if (!validate(data)) problems.push(...schemaErrors(validate.errors ?? [], data, schema, source, file));
  const builder = new FleetBuilder(data as FleetFile, file, source, options.baseDir ?? path.dirname(file), schema);
  let fleet: Fleet | undefined;
  try {
    fleet = builder.build();
  } catch (e) {
    // wrong types the schema already reports can reach a builder that does not expect them
    if (problems.length === 0) problems.push({ file, field: '', message: `the fleet cannot be built: ${firstLine((e as Error).message)}` });
  }
  problems.push(...builder.problems);
  return { file, fleet, problems: sortProblems(dedupe(problems)), locate: (p) => builder.locate(p) };
}

function firstLine(message: string): string {
  return String(message).split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function dedupe(problems: FleetFileProblem[]): FleetFileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(formatFileProblem(p)) && seen.add(formatFileProblem(p)) !== undefined);
}

/** By position, then field: the order the file is read in. */
export function sortProblems<T extends FleetFileProblem>(problems: T[]): T[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.position?.line ?? Infinity) - (b.p.position?.line ?? Infinity)
      || (a.p.position?.column ?? 0) - (b.p.position?.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

type Entries<T> = Array<[string, T]>;

/** The entries of a mapping of the file (nothing for any other value). */
function entries<T>(value: { readonly [k: string]: T } | undefined): Entries<T> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}

/** An object of the file, or an empty one for any other value (the schema reports it). */
function obj<T extends object>(value: T | undefined): Partial<T> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** Without the keys whose value is undefined: the props look as a TypeScript caller writes them. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const CNIS: Record<string, Cni> = { 'kube-ovn': Cni.KUBE_OVN, 'ovn-kubernetes': Cni.OVN_KUBERNETES, 'spiderpool-macvlan': Cni.SPIDERPOOL_MACVLAN };
const CABLE_DRIVERS: Record<string, CableDriver> = { libreswan: CableDriver.LIBRESWAN, wireguard: CableDriver.WIREGUARD, vxlan: CableDriver.VXLAN };
const COMPONENTS: Record<string, BrokerComponent> = {
  'service-discovery': BrokerComponent.SERVICE_DISCOVERY, connectivity: BrokerComponent.CONNECTIVITY,
};
const RUNTIMES: Record<string, IcDbRuntime> = { 'docker-compose': IcDbRuntime.DOCKER_COMPOSE, 'containerd-systemd': IcDbRuntime.CONTAINERD_SYSTEMD };
const PROTOCOLS: Record<string, IcDbProtocol> = { ipv4: IcDbProtocol.IPV4, ipv6: IcDbProtocol.IPV6, dual: IcDbProtocol.DUAL };
const GATEWAY_HA: Record<string, GatewayHa> = { 'active-backup': GatewayHa.ACTIVE_BACKUP, ecmp: GatewayHa.ECMP };
const TUNNELS: Record<string, TunnelType> = { geneve: TunnelType.GENEVE, vxlan: TunnelType.VXLAN, stt: TunnelType.STT };
const APP_MODES: Record<string, ArgoCdApplicationMode> = {
  'applications': ArgoCdApplicationMode.APPLICATIONS,
  'application-set-list': ArgoCdApplicationMode.APPLICATION_SET_LIST,
  'application-set-git': ArgoCdApplicationMode.APPLICATION_SET_GIT,
};

/** A name the schema checks against an enum; anything else becomes undefined (the schema reports it). */
function named<T>(table: Record<string, T>, value: unknown): T | undefined {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value) ? table[value] : undefined;
}

/** Builds the fleet from the file's data through the public builder API only, and keeps where each object came from. */
class FleetBuilder {
  public readonly problems: FleetFileProblem[] = [];
  private readonly anchors = new Map<string, Anchor>();

  constructor(
    private readonly data: FleetFile,
    private readonly file: string,
    private readonly source: SourceMap,
    private readonly baseDir: string,
    private readonly schema: SchemaNode,
  ) {}

  public build(): Fleet {
    const fleet = new Fleet();
    const clusterSpecs = entries(this.data.clusters);
    const clusters = new Map<string, { model: FleetCluster; spec: ClusterSpec; multusConfigs: Map<string, MultusConfigModel> }>();
    const databases = new Map<string, IcDatabase>();
    const brokers = new Map<string, BrokerModel>();

    // first every object others refer to: clusters, their IC servers, brokers and multus configs, the external IC databases
    for (const [name, raw] of clusterSpecs) {
      const spec = obj(raw) as ClusterSpec;
      const at = ['clusters', name];
      this.anchor(name, at, 'ClusterSpec');
      const {
        cni, kubeOvnImage, icServer, interconnection: _ic, providerNetworks: _pn, installUnderlayVlans: _iv, installUnderlaySubnets: _is,
        submarinerBroker, submariner: _s, multusConfigs: _m, ...props
      } = spec;
      const model = fleet.addCluster(name, defined({ ...props, cni: this.cni(cni), kubeOvnImage: this.image(kubeOvnImage) }));
      const multusConfigs = new Map<string, MultusConfigModel>();
      clusters.set(name, { model, spec, multusConfigs });
      if (icServer !== undefined) {
        this.anchor(`${name}/${FleetCluster.IC_SERVER_ID}`, [...at, 'icServer'], 'IcServerSpec');
        const { image, ...rest } = obj(icServer);
        databases.set(name, model.addIcServer(defined({ ...rest, image: this.image(image) }) as Parameters<FleetCluster['addIcServer']>[0]));
      }
      if (submarinerBroker !== undefined) {
        this.anchor(`${name}/${BrokerModel.ID}`, [...at, 'submarinerBroker'], 'BrokerSpec');
        const { components, operator, ...rest } = obj(submarinerBroker);
        brokers.set(name, model.addSubmarinerBroker(defined({
          ...rest,
          components: Array.isArray(components) ? components.map((c) => named(COMPONENTS, c)!).filter((c) => c !== undefined) : undefined,
          operator: this.operator(operator),
        }) as Parameters<FleetCluster['addSubmarinerBroker']>[0]));
      }
      for (const [id, rawConfig] of entries(spec.multusConfigs)) {
        const { ipPools, ...rest } = obj(rawConfig);
        this.anchor(`${name}/${id}`, [...at, 'multusConfigs', id], 'MultusConfigSpec');
        const config = model.addSpiderMultusConfig(id, defined(rest) as Parameters<FleetCluster['addSpiderMultusConfig']>[1]);
        multusConfigs.set(id, config);
        for (const [poolId, pool] of entries(ipPools)) {
          this.anchor(`${name}/${id}/${poolId}`, [...at, 'multusConfigs', id, 'ipPools', poolId], 'IpPoolSpec');
          config.addIpPool(poolId, defined(obj(pool)) as Parameters<MultusConfigModel['addIpPool']>[1]);
        }
      }
    }
    for (const [id, raw] of entries(this.data.externalIcDatabases)) {
      const at = ['externalIcDatabases', id];
      this.anchor(`hosts/${id}`, at, 'ExternalIcDatabaseSpec');
      if (databases.has(id)) {
        this.problem(at, 'key', `"${id}" is both an external IC database and a cluster with icServer, so \`icDatabase: ${id}\` would be `
          + 'ambiguous; give the external database another id');
        continue;
      }
      const { runtime, image, protocol, ...rest } = obj(raw);
      databases.set(id, fleet.addExternalIcDatabase(id, defined({
        ...rest, runtime: named(RUNTIMES, runtime), image: this.image(image), protocol: named(PROTOCOLS, protocol),
      }) as Parameters<Fleet['addExternalIcDatabase']>[1]));
    }

    for (const [name, { model, spec, multusConfigs }] of clusters) {
      this.addClusterObjects(name, model, spec, { clusters, databases, brokers, multusConfigs });
    }

    if (this.data.addressPlan !== undefined) {
      this.anchor('addressPlan', ['addressPlan'], 'AddressPlanOptions');
      const plan = obj(this.data.addressPlan);
      // the lock file sits beside the fleet file, wherever the command runs
      const lockFile = typeof plan.lockFile === 'string' && plan.lockFile !== '' ? path.resolve(this.baseDir, plan.lockFile) : plan.lockFile;
      fleet.planAddresses(defined({ ...plan, lockFile }) as Parameters<Fleet['planAddresses']>[0]);
    }

    const delivery = obj(this.data.delivery);
    if (delivery.argoCd !== undefined) {
      this.anchor('argoCd', ['delivery', 'argoCd'], 'ArgoCdDeliverySpec');
      this.anchor('argocd', ['delivery', 'argoCd'], 'ArgoCdDeliverySpec');
      const { kubeOvn, applicationMode, ...rest } = obj(delivery.argoCd) as ArgoCdDeliverySpec;
      fleet.deliverWithArgoCd(defined({
        ...rest, applicationMode: named(APP_MODES, applicationMode), kubeOvn: this.kubeOvn(kubeOvn, ['delivery', 'argoCd', 'kubeOvn'], clusters),
      }) as Parameters<Fleet['deliverWithArgoCd']>[0]);
    }
    if (delivery.flux !== undefined) {
      this.anchor('flux', ['delivery', 'flux'], 'FluxDeliverySpec');
      const { kubeOvn, ...rest } = obj(delivery.flux) as FluxDeliverySpec;
      const kubeOvnProps = this.kubeOvn(kubeOvn, ['delivery', 'flux', 'kubeOvn'], clusters);
      fleet.deliverWithFlux(defined({ ...rest, kubeOvn: kubeOvnProps }) as Parameters<Fleet['deliverWithFlux']>[0]);
    }
    return fleet;
  }

  private addClusterObjects(
    name: string,
    model: FleetCluster,
    spec: ClusterSpec,
    refs: {
      readonly clusters: ReadonlyMap<string, { readonly model: FleetCluster; readonly spec: ClusterSpec }>;
      readonly databases: ReadonlyMap<string, IcDatabase>;
      readonly brokers: ReadonlyMap<string, BrokerModel>;
      /** This cluster's multus configs, by id. */
      readonly multusConfigs: ReadonlyMap<string, MultusConfigModel>;
    },
  ): void {
    const at = ['clusters', name];
    if (spec.interconnection !== undefined) {
      const icAt = [...at, 'interconnection'];
      this.anchor(`${name}/Interconnection`, icAt, 'InterconnectionSpec');
      const { icDatabase, image, subnets, peerRoutes, ...rest } = obj(spec.interconnection);
      const database = typeof icDatabase === 'string' ? refs.databases.get(icDatabase) : undefined;
      if (typeof icDatabase === 'string' && database === undefined) {
        this.problem([...icAt, 'icDatabase'], 'value', `unknown IC database "${icDatabase}"; name a cluster with icServer or an id of externalIcDatabases`
          + ` (${listOf([...refs.databases.keys()])})`);
      }
      const ic = model.interconnect(defined({ ...rest, icDatabase: database, image: this.image(image) }) as Parameters<FleetCluster['interconnect']>[0]);
      for (const [id, subnet] of entries(subnets)) {
        this.anchor(`${name}/Interconnection/${id}`, [...icAt, 'subnets', id], 'OverlaySubnetSpec');
        ic.addSubnet(id, defined(obj(subnet)) as Parameters<typeof ic.addSubnet>[1]);
      }
      (Array.isArray(peerRoutes) ? peerRoutes : []).forEach((raw, i) => {
        const { peer, ...route } = obj(raw);
        const target = typeof peer === 'string' ? refs.clusters.get(peer) : undefined;
        if (typeof peer === 'string' && target === undefined) {
          const others = [...refs.clusters.keys()].filter((c) => c !== name);
          this.problem([...icAt, 'peerRoutes', i, 'peer'], 'value', `unknown cluster "${peer}"; name an interconnected cluster of this file (${listOf(others)})`);
        }
        if (target !== undefined) ic.routeToPeer({ ...route, peer: target.model } as Parameters<typeof ic.routeToPeer>[0]);
      });
    }
    for (const [id, raw] of entries(spec.providerNetworks)) {
      const { vlans, ...rest } = obj(raw);
      this.anchor(`${name}/${id}`, [...at, 'providerNetworks', id], 'ProviderNetworkSpec');
      const pn = model.addProviderNetwork(id, defined(rest) as Parameters<FleetCluster['addProviderNetwork']>[1]);
      this.vlans(vlans, [...at, 'providerNetworks', id], `${name}/${id}`, (vid, props) => pn.addVlan(vid, props));
    }
    if (spec.installUnderlayVlans !== undefined) {
      const pn = model.installUnderlayProviderNetwork();
      this.vlans(spec.installUnderlayVlans, at, name, (vid, props) => pn.addVlan(vid, props), 'installUnderlayVlans');
    }
    if (spec.installUnderlaySubnets !== undefined) {
      const vlan = model.installUnderlayVlan();
      for (const [sid, subnet] of entries(spec.installUnderlaySubnets)) {
        this.anchor(`${name}/${sid}`, [...at, 'installUnderlaySubnets', sid], 'UnderlaySubnetSpec');
        vlan.addSubnet(sid, defined(obj(subnet)) as Parameters<typeof vlan.addSubnet>[1]);
      }
    }
    if (spec.submariner !== undefined) {
      const sAt = [...at, 'submariner'];
      this.anchor(`${name}/SubmarinerJoin`, sAt, 'MembershipSpec');
      const { broker, brokerToken, brokerCa, psk, cableDriver, operator, connectivityCheck, ...rest } = obj(spec.submariner);
      const brokerModel = typeof broker === 'string' ? refs.brokers.get(broker) : undefined;
      if (typeof broker === 'string' && brokerModel === undefined) {
        this.problem([...sAt, 'broker'], 'value',
          `unknown broker "${broker}"; name the cluster whose submarinerBroker this cluster joins (${listOf([...refs.brokers.keys()])})`);
      }
      const membership = model.joinSubmariner(defined({
        ...rest,
        broker: brokerModel,
        brokerToken: this.secret(brokerToken),
        brokerCa: this.secret(brokerCa),
        psk: this.secret(psk),
        cableDriver: named(CABLE_DRIVERS, cableDriver),
        operator: this.operator(operator),
      }) as Parameters<FleetCluster['joinSubmariner']>[0]);
      if (connectivityCheck !== undefined) {
        this.anchor(`${name}/SubmarinerJoin/ConnectivityCheck`, [...sAt, 'connectivityCheck'], 'ConnectivityCheckSpec');
        const { multusConfig, ...check } = obj(connectivityCheck);
        const config = typeof multusConfig === 'string' ? refs.multusConfigs.get(multusConfig) : undefined;
        if (typeof multusConfig === 'string' && config === undefined) {
          this.problem([...sAt, 'connectivityCheck', 'multusConfig'], 'value',
            `unknown multus config "${multusConfig}"; name one of this cluster's multusConfigs (${listOf(entries(spec.multusConfigs).map(([id]) => id))})`);
        }
        membership.addConnectivityCheck(defined({ ...check, multusConfig: config }) as Parameters<typeof membership.addConnectivityCheck>[0]);
      }
    }
  }

  private vlans(
    vlans: { readonly [id: string]: VlanSpec } | undefined,
    at: DataPath,
    scope: string,
    add: (id: string, props: Omit<VlanSpec, 'subnets'>) => { addSubnet(id: string, props: never): unknown },
    key = 'vlans',
  ): void {
    for (const [vid, raw] of entries(vlans)) {
      const { subnets, ...rest } = obj(raw);
      const vAt = [...at, key, vid];
      this.anchor(`${scope}/${vid}`, vAt, 'VlanSpec');
      const vlan = add(vid, defined(rest));
      for (const [sid, subnet] of entries(subnets)) {
        this.anchor(`${scope}/${vid}/${sid}`, [...vAt, 'subnets', sid], 'UnderlaySubnetSpec');
        vlan.addSubnet(sid, defined(obj(subnet)) as never);
      }
    }
  }

  private cni(value: ClusterSpec['cni']): Cni | undefined {
    if (typeof value === 'string') return named(CNIS, value);
    const other = obj(value as object) as { of?: unknown };
    if (typeof other.of !== 'string') return undefined;
    return named(CNIS, other.of) ?? Cni.of(other.of);
  }

  private image(value: unknown): KubeOvnImage | undefined {
    if (value === undefined) return undefined;
    const props = obj(value as object) as { tag?: unknown };
    return typeof props.tag === 'string' ? KubeOvnImage.of(props as Parameters<typeof KubeOvnImage.of>[0]) : undefined;
  }

  private operator(value: OperatorSpec | undefined): Parameters<FleetCluster['addSubmarinerBroker']>[0]['operator'] {
    if (value === undefined) return undefined;
    const { crds, ...rest } = obj(value);
    const c = obj(crds);
    const files = Array.isArray(c.fromFiles)
      ? c.fromFiles.filter((f): f is string => typeof f === 'string').map((f) => path.resolve(this.baseDir, f))
      : undefined;
    return defined({ ...rest, crds: files ? SubmarinerCrds.fromFiles(files) : c.preinstalled === true ? SubmarinerCrds.preinstalled() : undefined });
  }

  /** The SecretSource of a `{ <factory>: options }` mapping; none for no key (the schema reports it). */
  private secret(value: SecretSourceSpec | undefined): SecretSource | undefined {
    if (value === undefined) return undefined;
    const s = obj(value);
    if (s.argocdVaultPlugin !== undefined) {
      const { path: vaultPath, ...options } = obj(s.argocdVaultPlugin);
      return SecretSource.argocdVaultPlugin(vaultPath as string, defined(options));
    }
    if (s.externalSecret !== undefined) {
      return SecretSource.externalSecret(defined(obj(s.externalSecret)) as Parameters<typeof SecretSource.externalSecret>[0]);
    }
    if (s.existingSecret !== undefined) return SecretSource.existingSecret(obj(s.existingSecret).name as string);
    if (s.plainText !== undefined) {
      const { value: text, iUnderstandThisIsWrittenToGit } = obj(s.plainText);
      return SecretSource.plainText(text as string, { iUnderstandThisIsWrittenToGit } as Parameters<typeof SecretSource.plainText>[1]);
    }
    return undefined;
  }

  private kubeOvn(
    value: KubeOvnInstallSpec | undefined,
    at: DataPath,
    clusters: ReadonlyMap<string, unknown>,
  ): Parameters<Fleet['deliverWithArgoCd']>[0]['kubeOvn'] {
    if (value === undefined) return undefined;
    const install = (o: KubeOvnInstallSpecOptions | undefined) => {
      const { gatewayHa, tunnelType, chart, ...rest } = obj(o);
      return defined({
        ...rest,
        gatewayHa: named(GATEWAY_HA, gatewayHa),
        tunnelType: named(TUNNELS, tunnelType),
        chart: chart === undefined ? undefined : KubeOvnChart.of(obj(chart) as Parameters<typeof KubeOvnChart.of>[0]),
      });
    };
    const { clusters: perCluster, ...fleetWide } = obj(value);
    const own = entries(perCluster);
    for (const [name] of own) {
      if (!clusters.has(name)) {
        this.problem([...at, 'clusters', name], 'key', `unknown cluster "${name}"; name a cluster of this file (${listOf([...clusters.keys()])})`);
      }
    }
    const clustersProps = perCluster === undefined ? undefined : Object.fromEntries(own.map(([n, o]) => [n, install(o)]));
    return defined({ ...install(fleetWide), clusters: clustersProps });
  }

  private anchor(constructPath: string, segments: DataPath, definition: string): void {
    if (!this.anchors.has(constructPath)) this.anchors.set(constructPath, { constructPath, segments, definition });
  }

  private problem(segments: DataPath, prefer: 'key' | 'value', message: string): void {
    this.problems.push({ file: this.file, position: this.source.positionOf(segments, prefer), field: fieldPath(segments), message });
  }

  public locate(problem: string): FleetFileProblem {
    const m = /^\[([^\]]*)\] ([\s\S]*)$/.exec(problem);
    if (!m) return { file: this.file, field: '', message: problem };
    const parts = m[1].split('/');
    let anchor: Anchor | undefined;
    for (let n = parts.length; n > 0 && !anchor; n--) anchor = this.anchors.get(parts.slice(0, n).join('/'));
    if (!anchor) return { file: this.file, field: '', message: problem };
    const own = this.rangeIn(anchor, m[2]);
    const field = own === undefined ? this.fieldIn(anchor, m[2]) : undefined;
    const segments = own ?? (field === undefined ? anchor.segments : [...anchor.segments, field]);
    const present = segments !== anchor.segments && this.source.nodeAt(segments).depth === segments.length;
    return {
      file: this.file,
      // the value of the field named; else the key that declares the object
      position: this.source.positionOf(present ? segments : anchor.segments, present ? 'value' : 'key'),
      field: fieldPath(segments),
      message: problem,
      ...(segments === anchor.segments ? { wholeObject: true } : {}),
    };
  }

  /**
   * The cross-cluster rules name a cluster's ranges as subnets (`subnet "ovn-default" 10.16.0.0/16 overlaps ...`):
   * the first one named in an interconnection's problem is the podCidr, joinCidr or subnet of the file to change.
   */
  private rangeIn(anchor: Anchor, message: string): DataPath | undefined {
    if (anchor.definition !== 'InterconnectionSpec') return undefined;
    const named = /^[^;]*?subnet "([^"]+)"/.exec(message)?.[1];
    if (named === undefined) return undefined;
    const cluster = anchor.segments.slice(0, 2);
    if (named === 'ovn-default') return [...cluster, 'podCidr'];
    if (named === 'join') return [...cluster, 'joinCidr'];
    const subnets = obj(obj(obj(this.data.clusters)[cluster[1] as string]).interconnection?.subnets);
    const id = Object.keys(subnets).find((k) => k === named || obj(subnets[k]).name === named);
    return id === undefined ? undefined : [...anchor.segments, 'subnets', id];
  }

  /** The field of the object that the message names first (`serviceCidr 10.96.0.0/12 overlaps podCidr ...` -> serviceCidr). */
  private fieldIn(anchor: Anchor, message: string): string | undefined {
    // what is wrong comes before the first "; ", the fix (which may name other fields) after it
    const wrong = message.split('; ')[0];
    const definition = deref(this.schema, this.schema.definitions?.[anchor.definition]);
    let best: { field: string; index: number } | undefined;
    for (const field of Object.keys(definition?.properties ?? {})) {
      const found = new RegExp(`(?<![\\w-])${field.replace(/[$]/g, '\\$')}(?![\\w-])`).exec(wrong);
      const earlier = !best || found !== null && (found.index < best.index || (found.index === best.index && field.length > best.field.length));
      if (found && earlier) best = { field, index: found.index };
    }
    return best?.field;
  }
}

function listOf(names: string[]): string {
  return names.length === 0 ? 'there are none' : `known: ${names.join(', ')}`;
}
