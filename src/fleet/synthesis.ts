import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { toYaml } from './yaml';

/** An object's document as it is written: file name parts, YAML text and what the delivery rules ask of it. */
export interface SynthesizedObject {
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  /** The YAML text; dropped once written ({@link releaseText}). */
  readonly yaml?: string;
  /** Holds argocd-vault-plugin placeholders (`<path:...>` anywhere, or the `avp.kubernetes.io/path` annotation). */
  readonly vaultPlaceholders: boolean;
}

/** An argocd-vault-plugin placeholder, `<path:secret/data/x#key>`. */
const VAULT_PLACEHOLDER = /<path:[^<>\s]+>/;
/** The annotation that turns `<key>` placeholders of an object into argocd-vault-plugin ones. */
const VAULT_PATH_ANNOTATION = 'avp.kubernetes.io/path';

/**
 * Placeholders in a rendered document; `text` is its YAML or JSON (every string of the document
 * appears in it verbatim, so a document without `<path:` there has none).
 */
function vaultPlaceholdersIn(doc: any, text: string): boolean {
  return doc?.metadata?.annotations?.[VAULT_PATH_ANNOTATION] !== undefined || (text.includes('<path:') && VAULT_PLACEHOLDER.test(JSON.stringify(doc)));
}

/**
 * One synthesis of a fleet: from the end of its preparers until its files are written the construct
 * tree does not change, so what is derived from it is derived once. The constructs below each root
 * are listed once (every check, preparer and the renderer walk the same trees), and every object is
 * synthesized (`toJson()`, YAML) once: a check that needs the rendered document (are there vault
 * placeholders?) and the renderer share it, and the renderer drops the text once written.
 */
class Synthesis {
  private readonly constructs = new WeakMap<IConstruct, IConstruct[]>();
  private readonly objects = new WeakMap<ApiObject, { -readonly [K in keyof SynthesizedObject]: SynthesizedObject[K] }>();

  public descendants(scope: IConstruct): IConstruct[] {
    let list = this.constructs.get(scope);
    if (!list) {
      list = scope.node.findAll();
      this.constructs.set(scope, list);
    }
    return list;
  }

  public synthesize(obj: ApiObject): SynthesizedObject {
    let result = this.objects.get(obj);
    if (!result) {
      result = synthesizeNow(obj);
      this.objects.set(obj, result);
    }
    return result;
  }

  public releaseText(obj: ApiObject): void {
    const found = this.objects.get(obj);
    if (found) found.yaml = undefined;
  }
}

function synthesizeNow(obj: ApiObject): SynthesizedObject {
  const doc = obj.toJson();
  const yaml = toYaml(doc);
  return {
    kind: doc.kind,
    name: doc.metadata?.name,
    namespace: doc.metadata?.namespace,
    yaml,
    vaultPlaceholders: vaultPlaceholdersIn(doc, yaml),
  };
}

let current: Synthesis | undefined;

/**
 * Runs `work` as one synthesis (or as part of the one already running). Call it only once the
 * tree is complete: after the fleet's preparers, with nothing added or changed until it returns.
 */
export function withSynthesis<T>(work: () => T): T {
  if (current) return work();
  current = new Synthesis();
  try {
    return work();
  } finally {
    current = undefined;
  }
}

/** Every construct below `scope` (itself included), in tree order; walked once per synthesis. */
export function descendants(scope: IConstruct): IConstruct[] {
  return current ? current.descendants(scope) : scope.node.findAll();
}

/** The constructs of a class below `scope`, in tree order. */
export function descendantsOfType<T extends IConstruct>(scope: IConstruct, type: Function & { prototype: T }): T[] {
  return descendants(scope).filter((c): c is T => c instanceof type);
}

/** The ApiObjects below `scope`, in tree order. */
export function apiObjectsOf(scope: IConstruct): ApiObject[] {
  return descendants(scope).filter((c): c is ApiObject => c instanceof ApiObject);
}

/** The object as it is written; computed once per synthesis, else every time. */
export function synthesize(obj: ApiObject): SynthesizedObject {
  return current ? current.synthesize(obj) : synthesizeNow(obj);
}

/**
 * True when the object's document holds argocd-vault-plugin placeholders (`<path:...>` anywhere, or
 * the `avp.kubernetes.io/path` annotation). Read from the synthesized document during a synthesis.
 */
export function hasVaultPlaceholders(obj: ApiObject): boolean {
  if (current) return current.synthesize(obj).vaultPlaceholders;
  const doc = obj.toJson();
  return vaultPlaceholdersIn(doc, JSON.stringify(doc));
}

/** Drops the YAML text of a written object (its facts stay). */
export function releaseText(obj: ApiObject): void {
  current?.releaseText(obj);
}
