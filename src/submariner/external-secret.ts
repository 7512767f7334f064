import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Hand-written L1 for the External Secrets Operator `ExternalSecret` (`external-secrets.io/v1`, the version
 * ESO v2.9.0 serves; v1beta1 is no longer served).
 * No CRD for it is pinned in this project, so only the fields this package renders are typed; their
 * names and enums follow ESO v2.9.0's CRD (the schema bundle validates what is rendered).
 */

/** `spec.secretStoreRef`: the store ESO reads from. */
export interface ExternalSecretStoreRef {
  /** Name of the SecretStore or ClusterSecretStore. */
  readonly name: string;
  /** `SecretStore` (same namespace) or `ClusterSecretStore`. ESO defaults to `SecretStore`. */
  readonly kind?: 'SecretStore' | 'ClusterSecretStore';
}

/** `spec.data[].remoteRef`: one value in the provider. */
export interface ExternalSecretRemoteRef {
  /** Key (path) in the provider. */
  readonly key: string;
  /** Property of a map-valued secret. */
  readonly property?: string;
  /** Provider-specific version. */
  readonly version?: string;
  /** How the fetched value is decoded before it is written into the Secret. */
  readonly decodingStrategy?: 'Auto' | 'Base64' | 'Base64URL' | 'None';
  /** Conversion of the value. */
  readonly conversionStrategy?: 'Default' | 'Unicode';
}

/** `spec.data[]`. */
export interface ExternalSecretData {
  /** Key in the resulting Kubernetes Secret. */
  readonly secretKey: string;
  readonly remoteRef: ExternalSecretRemoteRef;
}

/** `spec.target`: the Kubernetes Secret ESO writes. */
export interface ExternalSecretTarget {
  /** Secret name; ESO defaults it to the ExternalSecret's name. */
  readonly name?: string;
  readonly creationPolicy?: 'Owner' | 'Orphan' | 'Merge' | 'None';
  readonly deletionPolicy?: 'Delete' | 'Merge' | 'Retain';
  readonly immutable?: boolean;
  /** Blueprint of the Secret: its type and, with engine v2, Go templates of its keys (sprig functions, e.g. `b64enc`). */
  readonly template?: { readonly type?: string; readonly engineVersion?: 'v1' | 'v2'; readonly data?: Record<string, string> };
}

/** `spec` of an ExternalSecret. */
export interface ExternalSecretSpec {
  readonly secretStoreRef: ExternalSecretStoreRef;
  readonly target: ExternalSecretTarget;
  readonly data: ExternalSecretData[];
  /** Go duration ("1h", "15m"; "0" fetches once). ESO defaults to 1h. */
  readonly refreshInterval?: string;
}

/** Props of the {@link ExternalSecret} L1. */
export interface ExternalSecretProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: ExternalSecretSpec;
}

/** An ESO `ExternalSecret` (L1). */
export class ExternalSecret extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' };

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id, { ...ExternalSecret.GVK, metadata: props.metadata, spec: props.spec });
  }
}
