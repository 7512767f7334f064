import { Construct } from 'constructs';
import { ExternalSecret, ExternalSecretRemoteRef, ExternalSecretStoreRef } from './external-secret';

/** Options of {@link SecretSource.externalSecret}. */
export interface ExternalSecretSourceOptions {
  /** The SecretStore or ClusterSecretStore ESO reads from. */
  readonly store: ExternalSecretStoreRef;
  /** Key (path) of the value in the provider, e.g. `submariner/ipsec`. */
  readonly remoteKey: string;
  /**
   * Property of a map-valued provider secret (e.g. a Vault KV field).
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * Provider-specific version.
   * @default - the latest
   */
  readonly version?: string;
  /**
   * How ESO decodes the fetched value. Each consumer documents what it expects; the IPsec PSK is
   * stored as the base64 text of `ceIPSecPSK` and decoded into raw bytes (`Base64`).
   * @default - the consumer's default
   */
  readonly decodingStrategy?: ExternalSecretRemoteRef['decodingStrategy'];
  /**
   * How often ESO re-reads the provider (Go duration).
   * @default '1h'
   */
  readonly refreshInterval?: string;
}

/** Options of {@link SecretSource.argocdVaultPlugin}. */
export interface ArgocdVaultPluginOptions {
  /**
   * Key inside the Vault secret at `path`.
   * @default - the consumer's conventional key (`token`, `ca`, `psk`)
   */
  readonly key?: string;
  /**
   * Version of the Vault secret (KV v2).
   * @default - the latest
   */
  readonly version?: string;
}

/** The explicit acknowledgement {@link SecretSource.plainText} requires. */
export interface PlainTextAcknowledgement {
  /** Must be `true`: the value ends up in `dist/` and so in Git history. */
  readonly iUnderstandThisIsWrittenToGit: true;
}

/** Where a secret value (broker token, broker CA, IPsec PSK) comes from. */
export enum SecretSourceMode {
  /** An External Secrets Operator `ExternalSecret` materialises a Kubernetes Secret. */
  EXTERNAL_SECRET = 'externalSecret',
  /** A Kubernetes Secret materialised by anything else (Sealed Secrets, SOPS, by hand). */
  EXISTING_SECRET = 'existingSecret',
  /** An argocd-vault-plugin placeholder, replaced inline when Argo CD renders the manifest. */
  ARGOCD_VAULT_PLUGIN = 'argocdVaultPlugin',
  /** The value itself, written into the manifest (explicit opt-in only). */
  PLAIN_TEXT = 'plainText',
}

/** Where a consumer wants the Secret that a Secret-backed source materialises. */
export interface SecretBinding {
  /** Namespace of the consumer. */
  readonly namespace: string;
  /** Name the consumer gives the Secret when the source creates one. */
  readonly secretName: string;
  /** Key the consumer reads. */
  readonly key: string;
  /** Default ESO decoding for this value. */
  readonly decodingStrategy?: ExternalSecretRemoteRef['decodingStrategy'];
  /** Labels for rendered objects. */
  readonly labels?: Record<string, string>;
}

/**
 * A secret input. Two kinds exist, and Submariner needs to know which one it got:
 * - Secret-backed (`externalSecret`, `existingSecret`): a Kubernetes Secret in the cluster holds
 *   the value; a CR can only reference it by name.
 * - Inline (`argocdVaultPlugin`, `plainText`): a string that goes into a CR field.
 *
 * The value of a plain-text source is never part of `toString()`/`JSON.stringify`, so it cannot
 * leak into error messages.
 */
export class SecretSource {
  /** Render an ESO `ExternalSecret` that writes the value into a Kubernetes Secret. */
  public static externalSecret(options: ExternalSecretSourceOptions): SecretSource {
    return new SecretSource(SecretSourceMode.EXTERNAL_SECRET, { external: options });
  }

  /**
   * Reference a Kubernetes Secret that something else materialises (Sealed Secrets, SOPS, ...):
   * nothing is rendered. The consumer documents the key it reads.
   */
  public static existingSecret(name: string): SecretSource {
    return new SecretSource(SecretSourceMode.EXISTING_SECRET, { name });
  }

  /**
   * An argocd-vault-plugin placeholder `<path:PATH#KEY>` (or `<path:PATH#KEY#VERSION>`) written
   * inline; Argo CD with the plugin replaces it at sync time. `path` is the Vault API path (KV v2:
   * `secret/data/...`).
   */
  public static argocdVaultPlugin(path: string, options: ArgocdVaultPluginOptions = {}): SecretSource {
    return new SecretSource(SecretSourceMode.ARGOCD_VAULT_PLUGIN, { path, avp: options });
  }

  /**
   * The value itself, written into `dist/` (and Git). Only with the explicit acknowledgement; the
   * consumer reports a warning.
   */
  public static plainText(value: string, acknowledgement: PlainTextAcknowledgement): SecretSource {
    return new SecretSource(SecretSourceMode.PLAIN_TEXT, { acknowledged: acknowledgement?.iUnderstandThisIsWrittenToGit === true }, value);
  }

  readonly #value?: string;

  private constructor(
    public readonly mode: SecretSourceMode,
    private readonly options: {
      readonly external?: ExternalSecretSourceOptions;
      readonly name?: string;
      readonly path?: string;
      readonly avp?: ArgocdVaultPluginOptions;
      readonly acknowledged?: boolean;
    },
    value?: string,
  ) {
    this.#value = value;
  }

  /**
   * The ESO options of an `externalSecret` source, or undefined.
   * @internal
   */
  public get _external(): ExternalSecretSourceOptions | undefined {
    return this.mode === SecretSourceMode.EXTERNAL_SECRET ? this.options.external : undefined;
  }

  /**
   * The Secret name of an `existingSecret` source, or undefined.
   * @internal
   */
  public get _existingName(): string | undefined {
    return this.mode === SecretSourceMode.EXISTING_SECRET ? this.options.name : undefined;
  }

  /** True when the value can be written into a CR field (argocd-vault-plugin, plain text). */
  public get isInline(): boolean {
    return this.mode === SecretSourceMode.ARGOCD_VAULT_PLUGIN || this.mode === SecretSourceMode.PLAIN_TEXT;
  }

  /** True when a Kubernetes Secret holds the value (ESO, existing Secret). */
  public get isSecretBacked(): boolean {
    return !this.isInline;
  }

  /** `SecretSource.externalSecret(...)` etc., for messages; never the value. */
  public toString(): string {
    return `SecretSource.${this.mode}(...)`;
  }

  public toJSON(): string {
    return this.toString();
  }

  /**
   * Problems with the source itself, for the consumer's validation (`what` names the field).
   * @internal
   */
  public _problems(what: string): string[] {
    const errors: string[] = [];
    switch (this.mode) {
      case SecretSourceMode.PLAIN_TEXT:
        if (!this.options.acknowledged) {
          errors.push(`${what} is SecretSource.plainText without { iUnderstandThisIsWrittenToGit: true }; the value would be committed to Git. Use SecretSource.argocdVaultPlugin, externalSecret or existingSecret, or acknowledge explicitly`);
        }
        if (!this.#value) errors.push(`${what} is SecretSource.plainText with an empty value; give the value`);
        break;
      case SecretSourceMode.ARGOCD_VAULT_PLUGIN:
        if (!this.options.path || /[<>#\s]/.test(this.options.path)) {
          errors.push(`${what}: argocd-vault-plugin path "${this.options.path}" must be a Vault path without spaces, '<', '>' or '#' (e.g. secret/data/submariner)`);
        }
        if (this.options.avp?.key !== undefined && (this.options.avp.key === '' || /[<>#\s]/.test(this.options.avp.key))) {
          errors.push(`${what}: argocd-vault-plugin key "${this.options.avp.key}" must be non-empty without spaces, '<', '>' or '#'`);
        }
        break;
      case SecretSourceMode.EXISTING_SECRET:
        if (!this.options.name || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(this.options.name) || this.options.name.length > 253) {
          errors.push(`${what}: existing Secret name "${this.options.name}" is not a valid object name (lowercase letters, digits, '-' and '.')`);
        }
        break;
      case SecretSourceMode.EXTERNAL_SECRET: {
        const ext = this.options.external!;
        if (!ext.store?.name) errors.push(`${what}: externalSecret needs store.name (the SecretStore or ClusterSecretStore)`);
        if (!ext.remoteKey) errors.push(`${what}: externalSecret needs remoteKey (the key of the value in the provider)`);
        break;
      }
    }
    return errors;
  }

  /**
   * The string for an inline CR field, or undefined for Secret-backed sources.
   * @internal
   */
  public _inline(defaultKey: string): string | undefined {
    if (this.mode === SecretSourceMode.PLAIN_TEXT) return this.#value;
    if (this.mode !== SecretSourceMode.ARGOCD_VAULT_PLUGIN) return undefined;
    const key = this.options.avp?.key ?? defaultKey;
    const version = this.options.avp?.version;
    return `<path:${this.options.path}#${key}${version ? `#${version}` : ''}>`;
  }

  /**
   * Binds a Secret-backed source to its consumer: renders the ExternalSecret (ESO) under `scope`
   * and returns the name of the Secret that will hold the value; undefined for inline sources.
   * @internal
   */
  public _bind(scope: Construct, id: string, binding: SecretBinding): string | undefined {
    switch (this.mode) {
      case SecretSourceMode.EXISTING_SECRET:
        return this.options.name;
      case SecretSourceMode.EXTERNAL_SECRET: {
        const ext = this.options.external!;
        new ExternalSecret(scope, id, {
          metadata: {
            name: binding.secretName,
            namespace: binding.namespace,
            labels: binding.labels,
            annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
          },
          spec: {
            refreshInterval: ext.refreshInterval ?? '1h',
            secretStoreRef: { name: ext.store.name, kind: ext.store.kind ?? 'SecretStore' },
            target: { name: binding.secretName, creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { type: 'Opaque' } },
            data: [{
              secretKey: binding.key,
              remoteRef: {
                key: ext.remoteKey,
                property: ext.property,
                version: ext.version,
                decodingStrategy: ext.decodingStrategy ?? binding.decodingStrategy ?? 'None',
                conversionStrategy: 'Default',
              },
            }],
          },
        });
        return binding.secretName;
      }
      default:
        return undefined;
    }
  }

  /** True for a plain-text source (the consumer adds a warning). */
  public get isPlainText(): boolean {
    return this.mode === SecretSourceMode.PLAIN_TEXT;
  }
}
