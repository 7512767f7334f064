import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDnsSubdomain, clusterLabel, compareCodeUnits } from '../rules';

/**
 * The label Kube-OVN's chart v1.13.15 schedules its control plane by: `MASTER_NODES_LABEL`
 * (`values.yaml`, default `kube-ovn/role=master`) is the nodeSelector of ovn-central and kube-ovn-monitor
 * (`templates/central-deploy.yaml`, `monitor-deploy.yaml`), `ic-controller-deploy.yaml` pins
 * `kube-ovn/role: "master"`, and the chart's `kubeovn.nodeIPs` helper finds MASTER_NODES by it when
 * the value is not given. install.sh labels the nodes itself; the chart does not.
 */
export const KUBE_OVN_MASTER_LABEL = { key: 'kube-ovn/role', value: 'master' } as const;

/** A node and the labels it must carry. */
export interface LabelledNode {
  /** The Node's name (RFC 1123 subdomain), as `kubectl get nodes` lists it. */
  readonly name: string;
  /** Labels to set; other labels of the node are left alone. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Props of {@link NodeLabels}. */
export interface NodeLabelsProps {
  /** The nodes to label; a node listed twice gets the labels of both entries. */
  readonly nodes: readonly LabelledNode[];
  /**
   * The cluster, for messages.
   * @default - the chart's id
   */
  readonly cluster?: { readonly name: string };
}

/**
 * Argo CD: server-side apply, so the partial manifest only owns the labels it names (a client-side
 * apply would still leave the rest alone, but SSA records the ownership); never pruned, never deleted
 * with its Application (deleting a Node object takes the node out of the cluster).
 */
export const NODE_ARGOCD_SYNC_OPTIONS = 'ServerSideApply=true,Prune=false,Delete=false';

/**
 * Partial `Node` manifests that set labels declaratively: one per node name, `metadata.name` and
 * `metadata.labels` only, never `spec` or `status` (those belong to the kubelet and the node
 * controller). Each carries `argocd.argoproj.io/sync-options: ServerSideApply=true,Prune=false,Delete=false`
 * ({@link NODE_ARGOCD_SYNC_OPTIONS}) and `kustomize.toolkit.fluxcd.io/prune: disabled`, so neither tool ever
 * deletes a Node: removing a label from the fleet leaves it on the node (remove it with `kubectl label`).
 *
 * Applying a Node that does not exist creates an empty Node object: the names must be the cluster's
 * real node names.
 */
export class NodeLabels extends Construct {
  /** The node names, sorted, each once. */
  public readonly nodeNames: readonly string[];

  constructor(scope: Construct, id: string, props: NodeLabelsProps) {
    super(scope, id);
    const merged = new Map<string, Record<string, string>>();
    const errors: string[] = [];
    const nodes = Array.isArray(props?.nodes) ? props.nodes : [];
    if (!Array.isArray(props?.nodes)) errors.push(`nodes must be a list of { name, labels }, got ${JSON.stringify(props?.nodes)}`);
    nodes.forEach((node, i) => {
      const nameError = checkDnsSubdomain(node?.name);
      if (nameError) {
        errors.push(`nodes[${i}].name: node name ${nameError}`);
        return;
      }
      const labels = merged.get(node.name) ?? {};
      for (const [key, value] of Object.entries(node.labels ?? {}) as Array<[string, unknown]>) {
        const e = checkLabel(key, value);
        if (e) errors.push(`nodes[${i}] (${node.name}): label ${e}`);
        else if (labels[key] !== undefined && labels[key] !== value) {
          errors.push(`nodes[${i}] (${node.name}): label ${key} is set to both "${labels[key]}" and "${value}"; give the node one value`);
        } else labels[key] = value as string;
      }
      merged.set(node.name, labels);
    });
    this.node.addValidation({ validate: () => errors.map((e) => `${clusterLabel(this, props?.cluster)}, NodeLabels: ${e}`) });
    this.nodeNames = [...merged.keys()].sort(compareCodeUnits);
    for (const name of this.nodeNames) {
      const labels = merged.get(name)!;
      new ApiObject(this, name, {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          labels: Object.fromEntries(Object.keys(labels).sort(compareCodeUnits).map((k) => [k, labels[k]])),
          annotations: {
            'argocd.argoproj.io/sync-options': NODE_ARGOCD_SYNC_OPTIONS,
            'kustomize.toolkit.fluxcd.io/prune': 'disabled',
          },
        },
      });
    }
  }
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A label key (`[prefix/]name`) and value as the API server checks them (apimachinery IsQualifiedName, IsValidLabelValue). */
function checkLabel(key: string, value: unknown): string | undefined {
  const [prefix, name] = key.includes('/') ? [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)] : [undefined, key];
  if (prefix !== undefined && checkDnsSubdomain(prefix)) return `key "${key}": the prefix must be a DNS subdomain, e.g. example.com/role`;
  if (!LABEL_NAME.test(name)) return `key "${key}": the name must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  if (typeof value !== 'string' || (value !== '' && !LABEL_NAME.test(value))) {
    return `${key}: value ${JSON.stringify(value)} must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** The master nodes of a Kube-OVN cluster, labelled for the chart's control plane ({@link KUBE_OVN_MASTER_LABEL}). */
export function kubeOvnMasterNodes(names: readonly string[]): LabelledNode[] {
  return names.map((name) => ({ name, labels: { [KUBE_OVN_MASTER_LABEL.key]: KUBE_OVN_MASTER_LABEL.value } }));
}
