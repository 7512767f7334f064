import { ApiObject, Chart, Yaml } from 'cdk8s';
// the L1s only: the package index would also load every cdk8s+ L2 construct
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { COMPONENT_RBAC, ComponentRbac, OPERATOR_RBAC } from './operator-rbac';
import { clusterLabel } from '../rules';

/** Submariner release this package renders (operator image tag and `spec.version`). */
export const SUBMARINER_VERSION = '0.18.1';
/** Image repository of every Submariner component (`spec.repository`). */
export const SUBMARINER_REPOSITORY = 'quay.io/submariner';
/** Namespace of the operator and the components it deploys (subctl's constant). */
export const OPERATOR_NAMESPACE = 'submariner-operator';

/** The CRDs the operator itself never installs: `subctl` creates them before it starts the operator. */
export const OPERATOR_CRD_NAMES = ['brokers.submariner.io', 'servicediscoveries.submariner.io', 'submariners.submariner.io'] as const;

/**
 * Where the operator's own CRDs (`submariners`, `servicediscoveries`, `brokers` `.submariner.io`)
 * come from. The operator installs every other Submariner and MCS CRD at start-up, but not these:
 * `subctl` applies them before it starts the operator, so a GitOps install has to supply them.
 */
export class SubmarinerCrds {
  /**
   * The cluster already has them (installed with the cluster's base layer, e.g. from the operator
   * repository's `config/crd/bases` at the pinned tag). Nothing is rendered.
   */
  public static preinstalled(): SubmarinerCrds {
    return new SubmarinerCrds([]);
  }

  /**
   * Render the CRDs from pinned upstream files read at synth time (e.g. a vendored copy outside
   * this package). Every CustomResourceDefinition in the files is rendered; the three operator
   * CRDs must be among them.
   */
  public static fromFiles(files: string[]): SubmarinerCrds {
    return new SubmarinerCrds([...files]);
  }

  private constructor(public readonly files: readonly string[]) {}

  /** True when CRDs are rendered. */
  public get rendered(): boolean {
    return this.files.length > 0;
  }
}

/** Options of the operator, shared by {@link SubmarinerJoin} and {@link SubmarinerBroker}. */
export interface SubmarinerOperatorOptions {
  /**
   * Submariner version: the operator image tag and the Submariner CR's `version`.
   * @default '0.18.1'
   */
  readonly version?: string;
  /**
   * Image repository of the operator and its components.
   * @default 'quay.io/submariner'
   */
  readonly repository?: string;
  /**
   * Where the operator's own CRDs come from.
   * @default SubmarinerCrds.preinstalled()
   */
  readonly crds?: SubmarinerCrds;
}

/** Props of {@link SubmarinerOperator}. */
export interface SubmarinerOperatorProps extends SubmarinerOperatorOptions {}

const SELECTOR = { name: 'submariner-operator' };

/**
 * The Submariner operator as `subctl join` installs it, rendered natively: the
 * `submariner-operator` namespace (pod security `privileged`, for the gateway and route agent the
 * operator starts), the operator's and every component's ServiceAccount with its Role and
 * ClusterRole, and the operator Deployment. One per cluster: {@link SubmarinerOperator.of} finds or
 * creates it at the chart root.
 */
export class SubmarinerOperator extends Construct {
  /** Construct id at the chart root. */
  public static readonly ID = 'SubmarinerOperator';

  /** The cluster's operator, created with `options` on first use. */
  public static of(scope: IConstruct, options: SubmarinerOperatorOptions = {}): SubmarinerOperator {
    const chart = Chart.of(scope);
    const existing = chart.node.tryFindChild(SubmarinerOperator.ID);
    if (existing instanceof SubmarinerOperator) {
      existing.requests.push(options);
      return existing;
    }
    return new SubmarinerOperator(chart, SubmarinerOperator.ID, options);
  }

  public readonly version: string;
  public readonly repository: string;
  public readonly crds: SubmarinerCrds;
  /** The operator Deployment. */
  public readonly resource: k8s.KubeDeployment;
  public readonly namespace: k8s.KubeNamespace;
  private readonly requests: SubmarinerOperatorOptions[] = [];
  private readonly crdErrors: string[] = [];

  constructor(scope: Construct, id: string, props: SubmarinerOperatorProps = {}) {
    super(scope, id);
    this.version = props.version ?? SUBMARINER_VERSION;
    this.repository = props.repository ?? SUBMARINER_REPOSITORY;
    this.crds = props.crds ?? SubmarinerCrds.preinstalled();
    const ns = OPERATOR_NAMESPACE;

    this.namespace = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });

    this.renderRbac(new Construct(this, 'Rbac'), OPERATOR_RBAC, { 'kubernetes.io/enforce-mountable-secrets': 'true' });
    const components = new Construct(this, 'Components');
    for (const c of COMPONENT_RBAC) this.renderRbac(new Construct(components, c.name), c);

    this.resource = new k8s.KubeDeployment(this, 'Resource', {
      metadata: { name: 'submariner-operator', namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: SELECTOR },
        template: {
          metadata: { labels: SELECTOR },
          spec: {
            serviceAccountName: 'submariner-operator',
            containers: [{
              name: 'submariner-operator',
              image: this.image,
              // a pinned tag: pulling it again on every start (subctl's Always) only breaks air-gapped nodes
              imagePullPolicy: 'IfNotPresent',
              command: ['submariner-operator', '-v=1'],
              env: [
                { name: 'WATCH_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'OPERATOR_NAME', value: 'submariner-operator' },
              ],
              securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });

    if (this.crds.rendered) this.renderCrds(new Construct(this, 'Crds'));
    this.node.addValidation({ validate: () => this.validateOperator() });
  }

  /** `quay.io/submariner/submariner-operator:0.18.1`. */
  public get image(): string {
    return `${this.repository}/submariner-operator:${this.version}`;
  }

  private renderRbac(scope: Construct, rbac: ComponentRbac, saAnnotations?: Record<string, string>): void {
    const ns = OPERATOR_NAMESPACE;
    const subjects = [{ kind: 'ServiceAccount', name: rbac.name, namespace: ns }];
    new k8s.KubeServiceAccount(scope, 'ServiceAccount', { metadata: { name: rbac.name, namespace: ns, annotations: saAnnotations } });
    new k8s.KubeRole(scope, 'Role', { metadata: { name: rbac.name, namespace: ns }, rules: rbac.namespaced });
    new k8s.KubeRoleBinding(scope, 'RoleBinding', {
      metadata: { name: rbac.name, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: rbac.name },
      subjects,
    });
    new k8s.KubeClusterRole(scope, 'ClusterRole', { metadata: { name: rbac.name }, rules: rbac.cluster });
    new k8s.KubeClusterRoleBinding(scope, 'ClusterRoleBinding', {
      metadata: { name: rbac.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: rbac.name },
      subjects,
    });
  }

  private renderCrds(scope: Construct): void {
    const found = new Set<string>();
    for (const file of this.crds.files) {
      let docs: any[];
      try {
        docs = Yaml.load(file);
      } catch (e) {
        this.crdErrors.push(`crds: cannot read ${file}: ${(e as Error).message}`);
        continue;
      }
      for (const doc of docs.filter((d) => d?.kind === 'CustomResourceDefinition')) {
        const name = String(doc.metadata?.name);
        if (found.has(name)) continue;
        found.add(name);
        const { status: _status, ...rest } = doc;
        void _status;
        const metadata = { ...rest.metadata };
        delete metadata.creationTimestamp;
        new ApiObject(scope, name, { ...rest, metadata });
      }
    }
    const missing = OPERATOR_CRD_NAMES.filter((n) => !found.has(n));
    if (missing.length > 0) {
      this.crdErrors.push(`crds: ${missing.join(', ')} not found in ${this.crds.files.join(', ')}; give the operator repository's config/crd/bases files (submariner.io_submariners.yaml, submariner.io_servicediscoveries.yaml, submariner.io_brokers.yaml)`);
    }
  }

  private validateOperator(): string[] {
    const errors = [...this.crdErrors];
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(this.version)) {
      errors.push(`version "${this.version}" is not an image tag; use a Submariner release such as ${SUBMARINER_VERSION}`);
    }
    for (const r of this.requests) {
      const differs = (r.version !== undefined && r.version !== this.version)
        || (r.repository !== undefined && r.repository !== this.repository)
        || (r.crds !== undefined && r.crds.files.join(',') !== this.crds.files.join(','));
      if (differs) {
        errors.push('the broker and the join of this cluster ask for different operator settings (version, repository or crds); one operator serves both, give the same operator options to both');
        break;
      }
    }
    return errors.map((e) => `${clusterLabel(this)}, SubmarinerOperator: ${e}`);
  }
}

/** Installed from the submariner-operator chart, the chart's `crds/` install the CRDs: `operator.crds` has no effect. */
export const CHART_CRDS_WARNING = 'operator.crds has no effect: the submariner-operator chart installs its own CRDs (its crds/ folder); remove it';
