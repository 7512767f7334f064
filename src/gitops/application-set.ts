import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationSpec, toJson_ApplicationSpec } from '../../imports/application-argoproj.io';

/*
 * A hand-written L1 for Argo CD's ApplicationSet (argoproj.io/v1alpha1, CRD at v3.5.1). The
 * generated class would be 3.3 MB, so only the fields this package renders are typed: the list and
 * git-directory generators, the template (an Application spec, reusing the generated Application
 * types) and the sync policy. Field names follow the CRD; `repoUrl` is rendered as `repoURL`.
 */

/** One parameter set of the list generator: template parameters by name. */
export interface ApplicationSetListElement {
  readonly [param: string]: string;
}

/** `spec.generators[].list`: one Application per element. */
export interface ApplicationSetListGenerator {
  readonly elements: ApplicationSetListElement[];
}

/** `spec.generators[].git.directories[]`. */
export interface ApplicationSetGitDirectory {
  /** Path glob inside the repository, e.g. `dist/clusters/*`. */
  readonly path: string;
  /**
   * Exclude matching directories (exclusions win over inclusions).
   * @default false
   */
  readonly exclude?: boolean;
}

/** `spec.generators[].git`: one Application per matching directory. */
export interface ApplicationSetGitGenerator {
  /** Git repository (`repoURL`). */
  readonly repoUrl: string;
  /** Branch, tag or commit. */
  readonly revision: string;
  readonly directories: ApplicationSetGitDirectory[];
}

/** One entry of `spec.generators`; set exactly one field. */
export interface ApplicationSetGenerator {
  /** @default - not a list generator */
  readonly list?: ApplicationSetListGenerator;
  /** @default - not a git generator */
  readonly git?: ApplicationSetGitGenerator;
}

/** `spec.template.metadata`. */
export interface ApplicationSetTemplateMetadata {
  /** Application name; may use template parameters. */
  readonly name: string;
  /** @default - the ApplicationSet's namespace */
  readonly namespace?: string;
  /** @default - none */
  readonly labels?: { readonly [key: string]: string };
  /** @default - none */
  readonly annotations?: { readonly [key: string]: string };
  /** @default - none */
  readonly finalizers?: string[];
}

/** `spec.template`: the Application each parameter set becomes. */
export interface ApplicationSetTemplate {
  readonly metadata: ApplicationSetTemplateMetadata;
  readonly spec: ApplicationSpec;
}

/** What the ApplicationSet controller may do to the Applications it generated. */
export enum ApplicationSetApplicationsSync {
  CREATE_ONLY = 'create-only',
  CREATE_UPDATE = 'create-update',
  CREATE_DELETE = 'create-delete',
  SYNC = 'sync',
}

/** `spec.syncPolicy`. */
export interface ApplicationSetSyncPolicy {
  /**
   * Keep the Applications' resources when the ApplicationSet (or a generated Application) is deleted.
   * @default false
   */
  readonly preserveResourcesOnDeletion?: boolean;
  /**
   * Restricts changes to generated Applications (honoured only when the controller allows policy
   * overrides).
   * @default - the controller's policy (sync)
   */
  readonly applicationsSync?: ApplicationSetApplicationsSync;
}

/** `spec` of an ApplicationSet. */
export interface ApplicationSetSpec {
  readonly generators: ApplicationSetGenerator[];
  readonly template: ApplicationSetTemplate;
  /**
   * Use Go templates (`{{.param}}`).
   * @default false
   */
  readonly goTemplate?: boolean;
  /**
   * Go template options, e.g. `missingkey=error`.
   * @default - none
   */
  readonly goTemplateOptions?: string[];
  /** @default - none */
  readonly syncPolicy?: ApplicationSetSyncPolicy;
}

/** Props of {@link ApplicationSet}. */
export interface ApplicationSetProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: ApplicationSetSpec;
}

/** An Argo CD ApplicationSet. */
export class ApplicationSet extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet' };

  constructor(scope: Construct, id: string, props: ApplicationSetProps) {
    super(scope, id, { ...ApplicationSet.GVK, ...props });
  }

  public override toJson(): any {
    const resolved = super.toJson();
    return { ...ApplicationSet.GVK, metadata: resolved.metadata, spec: toJsonSpec(resolved.spec) };
  }
}

function compact<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function toJsonSpec(spec: ApplicationSetSpec): Record<string, unknown> {
  return compact({
    generators: spec.generators.map((g) => compact({
      git: g.git && { directories: g.git.directories.map((d) => compact({ exclude: d.exclude, path: d.path })), repoURL: g.git.repoUrl, revision: g.git.revision },
      list: g.list && { elements: g.list.elements },
    })),
    goTemplate: spec.goTemplate,
    goTemplateOptions: spec.goTemplateOptions,
    syncPolicy: spec.syncPolicy && compact({ applicationsSync: spec.syncPolicy.applicationsSync, preserveResourcesOnDeletion: spec.syncPolicy.preserveResourcesOnDeletion }),
    template: { metadata: compact({ ...spec.template.metadata }), spec: toJson_ApplicationSpec(spec.template.spec) },
  });
}
