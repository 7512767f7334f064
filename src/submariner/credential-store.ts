import { checkDnsLabel } from '../rules';
import { ExternalSecretStoreRef } from './external-secret';
import { SecretSource } from './secret-source';

/**
 * The secret store through which a broker's member credentials travel, configured once on the broker
 * (`SubmarinerBrokerProps.credentialStore`): in the broker cluster a `PushSecret` per member publishes the member's
 * ServiceAccount token and the broker API server's CA (the token controller fills both into the member's
 * `cluster-<clusterID>-token` Secret) to `<remoteKeyPrefix>/<clusterID>` (properties `token` and `ca`); every member
 * reads them back from there (Flux: an `ExternalSecret` feeding the operator chart's values, Argo CD:
 * argocd-vault-plugin placeholders on the same Vault path). The IPsec PSK is the one value no cluster generates: put
 * it once into the store at `pskRemoteKey` (property `psk`).
 */
export interface BrokerCredentialStore {
  /**
   * The SecretStore or ClusterSecretStore, by the same name in the broker cluster (where the PushSecrets write) and
   * where the members' values are read (Flux: the management cluster). A `SecretStore` must sit in the broker's
   * namespace and in the Flux namespace; a `ClusterSecretStore` serves every namespace.
   */
  readonly store: ExternalSecretStoreRef;
  /**
   * Prefix of the provider keys: a member's credentials go to `<remoteKeyPrefix>/<clusterID>`.
   * @default 'submariner/<broker cluster name>' (or 'submariner/<broker namespace>' outside a fleet)
   */
  readonly remoteKeyPrefix?: string;
  /**
   * Provider key holding the IPsec PSK (property `psk`, the same text in every cluster, e.g. the base64 of 48 random
   * bytes as subctl makes it); a person stores it once.
   * @default '<remoteKeyPrefix>/ipsec'
   */
  readonly pskRemoteKey?: string;
  /**
   * For Argo CD: the Vault KV v2 mount of the store's Vault provider (`spec.provider.vault.path`, version v2); the
   * members' placeholders read `<path:<mount>/data/<key>#<property>>`, the path ESO wrote.
   * @default 'secret'
   */
  readonly vaultKvMount?: string;
  /**
   * How often the PushSecrets push and the ExternalSecrets refresh (Go duration).
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

/** A {@link BrokerCredentialStore} with its defaults filled in (plain data, part of a broker's connection). */
export interface ResolvedCredentialStore {
  readonly store: ExternalSecretStoreRef;
  readonly remoteKeyPrefix: string;
  readonly pskRemoteKey: string;
  readonly vaultKvMount: string;
  readonly refreshInterval: string;
}

/** Defaults of a credential store; `owner` names the default prefix (the broker's cluster or namespace). */
export function resolveCredentialStore(store: BrokerCredentialStore | undefined, owner: string): ResolvedCredentialStore | undefined {
  if (store === undefined || store === null) return undefined;
  const prefix = store.remoteKeyPrefix ?? `submariner/${owner}`;
  return {
    store: store.store,
    remoteKeyPrefix: prefix,
    pskRemoteKey: store.pskRemoteKey ?? `${prefix}/ipsec`,
    vaultKvMount: store.vaultKvMount ?? 'secret',
    refreshInterval: store.refreshInterval ?? '1h',
  };
}

/** Provider key of a member's token and CA. */
export function memberRemoteKey(store: ResolvedCredentialStore, clusterId: string): string {
  return `${store.remoteKeyPrefix}/${clusterId}`;
}

/** Problems of a credential store from JavaScript or YAML input; `field` names it. */
export function checkCredentialStore(field: string, store: ResolvedCredentialStore): string[] {
  const errors: string[] = [];
  const name = store.store?.name;
  if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    errors.push(`${field}.store.name must name the SecretStore or ClusterSecretStore (lowercase letters, digits, '-' and '.'), got ${JSON.stringify(name)}`);
  }
  const kind = store.store?.kind;
  if (kind !== undefined && kind !== 'SecretStore' && kind !== 'ClusterSecretStore') {
    errors.push(`${field}.store.kind must be SecretStore or ClusterSecretStore, got ${JSON.stringify(kind)}`);
  }
  for (const [key, value] of [['remoteKeyPrefix', store.remoteKeyPrefix], ['pskRemoteKey', store.pskRemoteKey]] as const) {
    if (typeof value !== 'string' || value === '' || /[\s<>#|]/.test(value) || value.startsWith('/') || value.endsWith('/')) {
      errors.push(`${field}.${key} must be a provider key without spaces, '<', '>', '#', '|' or a leading/trailing '/', e.g. submariner/cluster-a, got ${JSON.stringify(value)}`);
    }
  }
  const mount = checkDnsLabel(String(store.vaultKvMount));
  if (mount) errors.push(`${field}.vaultKvMount ${mount}; give the KV v2 mount of the store's Vault provider, e.g. secret`);
  if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(String(store.refreshInterval))) {
    errors.push(`${field}.refreshInterval "${store.refreshInterval}" is not a Go duration; give e.g. 1h`);
  }
  return errors;
}

/** The three secret values of the operator chart, by the chart's values key. */
export type ChartSecretKey = 'token' | 'ca' | 'psk';

/**
 * The operator chart's values that hold a secret: the key the package gives the value in a Secret, and the chart's
 * values path (submariner-operator v0.18.1 templates/submariner.yaml: `brokerK8sApiServerToken: {{ .Values.broker.token }}`,
 * `brokerK8sCA: {{ .Values.broker.ca }}`, `ceIPSecPSK: {{ .Values.ipsec.psk }}`).
 */
export const CHART_SECRET_PATHS: Readonly<Record<ChartSecretKey, string>> = {
  token: 'broker.token',
  ca: 'broker.ca',
  psk: 'ipsec.psk',
};

/**
 * Where one secret value of a member's operator chart comes from: a {@link SecretSource} given on the join, or the
 * broker's credential store (`store` set). `base64` marks the CA: the store holds the PEM (PushSecret pushes the
 * decoded `ca.crt`), the chart wants its base64 (`brokerK8sCA`, decoded by admiral `BuildRestConfigFromData`).
 */
export interface ChartSecretValue {
  readonly key: ChartSecretKey;
  /** The chart values path, e.g. `broker.token`. */
  readonly path: string;
  /** A source given on the join; takes precedence over the store. */
  readonly source?: SecretSource;
  /** The store's key and property, when the broker's credential store provides the value. */
  readonly store?: { readonly ref: ResolvedCredentialStore; readonly remoteKey: string; readonly property: string };
  readonly base64: boolean;
}

/** The argocd-vault-plugin placeholder for a store-backed value (AVP's `base64encode` modifier for the CA). */
export function vaultPlaceholderOf(value: ChartSecretValue): string | undefined {
  if (!value.store) return undefined;
  const path = `${value.store.ref.vaultKvMount}/data/${value.store.remoteKey}`;
  return `<path:${path}#${value.store.property}${value.base64 ? ' | base64encode' : ''}>`;
}
