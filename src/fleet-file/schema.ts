import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';

/** The committed JSON Schema of the fleet file, at the package root (`npm run schema:fleet-file` writes it). */
export const FLEET_FILE_SCHEMA = 'fleet-file.schema.json';

/** A JSON Schema object, as far as the loader reads it. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | string[];
  readonly description?: string;
  readonly enum?: unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly anyOf?: SchemaNode[];
  readonly required?: string[];
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

/**
 * The schema file shipped with this package, found from this file whether it runs from `src/fleet-file`
 * (ts-jest), `lib/src/fleet-file` (the build) or an installed package.
 */
export function fleetFileSchemaPath(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, FLEET_FILE_SCHEMA);
    if (fs.existsSync(candidate) && fs.existsSync(path.join(dir, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${FLEET_FILE_SCHEMA} not found above ${__dirname}; reinstall the package`);
  }
}

let compiled: { schema: SchemaNode; validate: ValidateFunction } | undefined;

/** The schema and its compiled validator (compiled once per process). */
export function fleetFileSchema(): { schema: SchemaNode; validate: ValidateFunction } {
  if (!compiled) {
    const schema = JSON.parse(fs.readFileSync(fleetFileSchemaPath(), 'utf8')) as SchemaNode;
    // allErrors: every problem at once; verbose: the errors carry their schema (unions are reported as one);
    // strict off: the schema carries TSDoc annotations Ajv does not know
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    compiled = { schema, validate: ajv.compile(schema) };
  }
  return compiled;
}

/** Follows `$ref`s of the schema's own definitions. */
export function deref(schema: SchemaNode, node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node;
  for (let i = 0; n?.$ref !== undefined && i < 20; i++) n = schema.definitions?.[n.$ref.replace('#/definitions/', '')];
  return n;
}

/** The schema of the value at `segments` (object keys and list indices) below the root, if the schema describes one. */
export function schemaAt(schema: SchemaNode, segments: readonly (string | number)[]): SchemaNode | undefined {
  let node = deref(schema, schema);
  for (const s of segments) {
    if (!node) return undefined;
    if (typeof s === 'number') node = deref(schema, node.items);
    else if (node.properties?.[s]) node = deref(schema, node.properties[s]);
    else if (typeof node.additionalProperties === 'object') node = deref(schema, node.additionalProperties);
    else return undefined;
  }
  return node;
}

export type { ErrorObject };
