import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { ExternalSecretStoreRef } from './external-secret';

/**
 * Hand-written L1 for the External Secrets Operator `PushSecret` (`external-secrets.io/v1alpha1`, the version ESO
 * v2.9.0 serves: config/crds/bases/external-secrets.io_pushsecrets.yaml). Only the fields this package renders are
 * typed; the schema bundle (schemas/external-secrets.io/pushsecret_v1alpha1.json) validates what is rendered.
 */

/** `spec.data[]`: one key of the selected Secret, written to one place in the provider. */
export interface PushSecretData {
  readonly match: {
    /** Key of the Kubernetes Secret to push. */
    readonly secretKey: string;
    readonly remoteRef: {
      /** Key (path) in the provider. */
      readonly remoteKey: string;
      /** Property of a map-valued provider secret (e.g. a Vault KV field). */
      readonly property?: string;
    };
  };
}

/** `spec` of a PushSecret. */
export interface PushSecretSpec {
  readonly secretStoreRefs: ExternalSecretStoreRef[];
  /** The Kubernetes Secret (same namespace) whose keys are pushed. */
  readonly selector: { readonly secret: { readonly name: string } };
  readonly data: PushSecretData[];
  /** Go duration between pushes. ESO defaults to 1h. */
  readonly refreshInterval?: string;
  /** `Delete`: the provider's copy is removed with the PushSecret. ESO defaults to `None`. */
  readonly deletionPolicy?: 'Delete' | 'None';
  /** `Replace` (ESO's default) overwrites the provider's value. */
  readonly updatePolicy?: 'Replace' | 'IfNotExists';
}

/** An ESO `PushSecret` (L1). */
export class PushSecret extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'external-secrets.io/v1alpha1', kind: 'PushSecret' };

  constructor(scope: Construct, id: string, props: { readonly metadata: ApiObjectMetadata; readonly spec: PushSecretSpec }) {
    super(scope, id, { ...PushSecret.GVK, metadata: props.metadata, spec: props.spec });
  }
}
