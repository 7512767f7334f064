import { ChartSecretValue, vaultPlaceholderOf } from '../submariner/credential-store';
import type { ExternalSecretData } from '../submariner/external-secret';
import { OPERATOR_NAMESPACE } from '../submariner/operator';
import { BROKER_RELEASE, OPERATOR_RELEASE, OperatorChartRelease, SubmarinerChartValues } from '../submariner/operator-chart';
import { deepMerge } from './kube-ovn-chart';

/**
 * What the deliveries install of Submariner on one cluster from the upstream charts (plain data, from the built
 * cluster chart): the broker chart where the cluster runs a broker, the operator chart where it joins one.
 */
export interface DeliveredSubmariner extends DeliveredSubmarinerFacts {
  /**
   * The member's operator chart release, for the cluster's own delivery objects; undefined on a broker-only cluster.
   * The fleet-wide delivery objects read only the {@link DeliveredSubmarinerFacts} (plain data: a parallel render
   * passes them between threads, and a release holds secret sources, which do not cross).
   */
  readonly operator?: OperatorChartRelease;
}

/** What the fleet-wide delivery objects need of a cluster's Submariner install (plain data). */
export interface DeliveredSubmarinerFacts {
  /** The cluster joins a broker: the operator chart is installed. */
  readonly member: boolean;
  /** The cluster running the broker this member joins. */
  readonly brokerCluster?: string;
  /** Namespace of the broker this cluster runs (the broker chart's release namespace); undefined without a broker. */
  readonly brokerNamespace?: string;
  /** Argo CD fills argocd-vault-plugin placeholders in the member's operator values. */
  readonly argoCdVault: boolean;
  /** The secret stores the member's operator values are read from, as `Kind/name` (for the bootstrap notes). */
  readonly credentialStores: readonly string[];
}

/** A cluster's Submariner install from its operator release (a member) and the namespace of the broker it runs. */
export function deliveredSubmariner(cluster: string, operator: OperatorChartRelease | undefined, brokerCluster?: string, brokerNamespace?: string): DeliveredSubmariner {
  return {
    operator,
    member: operator !== undefined,
    brokerCluster,
    brokerNamespace,
    argoCdVault: operator !== undefined && argoCdOperatorValues(cluster, operator).vault,
    credentialStores: (operator?.secrets ?? []).flatMap((s) => (s.store ? [`${s.store.ref.store.kind ?? 'SecretStore'}/${s.store.ref.store.name}`] : [])),
  };
}

/** The facts alone (what crosses threads). */
export function submarinerFacts(s: DeliveredSubmariner): DeliveredSubmarinerFacts {
  return { member: s.member, brokerCluster: s.brokerCluster, brokerNamespace: s.brokerNamespace, argoCdVault: s.argoCdVault, credentialStores: s.credentialStores };
}

/** Release names and namespaces the deliveries give the charts (see src/submariner/operator-chart.ts). */
export const SUBMARINER_RELEASES = {
  operator: { release: OPERATOR_RELEASE, namespace: OPERATOR_NAMESPACE },
  broker: { release: BROKER_RELEASE },
} as const;

function setPath(values: SubmarinerChartValues, dotted: string, value: unknown): SubmarinerChartValues {
  const keys = dotted.split('.');
  const nested = keys.reduceRight<unknown>((v, k) => ({ [k]: v }), value) as SubmarinerChartValues;
  return deepMerge(values, nested);
}

/** `cluster "<name>", submariner-operator chart (<tool>): <field> ...`. */
function label(cluster: string, tool: string, value: ChartSecretValue): string {
  const field = value.key === 'token' ? 'brokerToken' : value.key === 'ca' ? 'brokerCa' : 'psk';
  return `cluster "${cluster}", submariner-operator chart (${tool}): ${field} (values ${value.path})`;
}

/**
 * The operator chart's values for Argo CD: every secret value inline, as an argocd-vault-plugin placeholder (the
 * broker's credential store, or `SecretSource.argocdVaultPlugin`) or an acknowledged plain text. Argo CD has no way
 * to read chart values from a Secret, so a Secret-backed source is an error. `vault` tells whether a placeholder is in.
 */
export function argoCdOperatorValues(cluster: string, release: OperatorChartRelease): { values: SubmarinerChartValues; vault: boolean; errors: string[] } {
  let values = release.values;
  let vault = false;
  const errors: string[] = [];
  for (const secret of release.secrets) {
    const inline = secret.source ? secret.source._inline(secret.key) : vaultPlaceholderOf(secret);
    if (inline === undefined) {
      errors.push(secret.source
        ? `${label(cluster, 'Argo CD', secret)} is ${secret.source}, but Argo CD cannot feed a Kubernetes Secret into chart values; give the broker a credentialStore (its PushSecrets write what argocd-vault-plugin reads) or use SecretSource.argocdVaultPlugin(...)`
        : `${label(cluster, 'Argo CD', secret)} has no source; give it on the join or give the broker a credentialStore`);
      continue;
    }
    if (!secret.source?.isPlainText) vault = true;
    values = setPath(values, secret.path, inline);
  }
  return { values, vault, errors };
}

/** A Flux `valuesFrom` entry (helm-controller api/v2 HelmRelease `spec.valuesFrom[]`). */
export interface FluxValuesFrom {
  readonly kind: 'Secret';
  readonly name: string;
  readonly valuesKey: string;
  readonly targetPath: string;
}

/** The ExternalSecret Flux's operator release reads its secret values from (in the Flux namespace). */
export interface FluxCredentialsSecret {
  readonly name: string;
  readonly store: { readonly name: string; readonly kind: 'SecretStore' | 'ClusterSecretStore' };
  readonly refreshInterval: string;
  readonly data: ExternalSecretData[];
  /** ESO v2 templates of the Secret's keys (the CA is base64-encoded with `b64enc`). */
  readonly template: Record<string, string>;
}

/**
 * The operator chart's values for Flux: nothing secret in Git. A store-backed or `externalSecret` value is read by an
 * ExternalSecret in the Flux namespace (one per member, `<cluster>-submariner-credentials`) and fed in with
 * `valuesFrom`; an `existingSecret` is read the same way (key `token`, `ca` or `psk`); an acknowledged plain text stays
 * inline; an argocd-vault-plugin placeholder is an error (Flux has no such plugin).
 */
export function fluxOperatorValues(cluster: string, release: OperatorChartRelease): {
  values: SubmarinerChartValues; valuesFrom: FluxValuesFrom[]; credentials?: FluxCredentialsSecret; errors: string[];
} {
  let values = release.values;
  const valuesFrom: FluxValuesFrom[] = [];
  const errors: string[] = [];
  const name = `${cluster}-submariner-credentials`;
  const data: ExternalSecretData[] = [];
  const template: Record<string, string> = {};
  let store: FluxCredentialsSecret['store'] | undefined;
  let refreshInterval = '1h';
  for (const secret of release.secrets) {
    const source = secret.source;
    if (source?.isPlainText) {
      values = setPath(values, secret.path, source._inline(secret.key));
      continue;
    }
    if (source?._existingName) {
      valuesFrom.push({ kind: 'Secret', name: source._existingName, valuesKey: secret.key, targetPath: secret.path });
      continue;
    }
    const ext = source?._external;
    const ref = ext ? { name: ext.store?.name, kind: ext.store?.kind ?? 'SecretStore' as const } : secret.store && { name: secret.store.ref.store.name, kind: secret.store.ref.store.kind ?? 'SecretStore' as const };
    if (!ref) {
      errors.push(source
        ? `${label(cluster, 'Flux', secret)} is ${source}, an argocd-vault-plugin placeholder Flux would apply verbatim; give the broker a credentialStore or use SecretSource.externalSecret(...) or existingSecret(...)`
        : `${label(cluster, 'Flux', secret)} has no source; give it on the join or give the broker a credentialStore`);
      continue;
    }
    if (store && (store.name !== ref.name || store.kind !== ref.kind)) {
      errors.push(`${label(cluster, 'Flux', secret)} reads store ${ref.kind}/${ref.name}, but another value of this member reads ${store.kind}/${store.name}; one ExternalSecret reads one store, use the same store for the token, CA and PSK`);
      continue;
    }
    store = ref;
    refreshInterval = ext?.refreshInterval ?? secret.store?.ref.refreshInterval ?? refreshInterval;
    data.push({
      secretKey: secret.key,
      remoteRef: {
        key: ext ? ext.remoteKey : secret.store!.remoteKey,
        property: ext ? ext.property : secret.store!.property,
        version: ext?.version,
        decodingStrategy: ext?.decodingStrategy ?? 'None',
        conversionStrategy: 'Default',
      },
    });
    // the store holds the CA as PEM (a PushSecret pushes the decoded ca.crt); brokerK8sCA is its base64. ESO's
    // template engine v2 offers the sprig functions (external-secrets.io guides/templating), among them b64enc
    template[secret.key] = secret.base64 && !ext ? `{{ .${secret.key} | b64enc }}` : `{{ .${secret.key} }}`;
    valuesFrom.push({ kind: 'Secret', name, valuesKey: secret.key, targetPath: secret.path });
  }
  const credentials = store && data.length > 0 ? { name, store, refreshInterval, data, template } : undefined;
  return { values, valuesFrom, credentials, errors };
}

