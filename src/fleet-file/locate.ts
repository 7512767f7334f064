import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, Document } from 'yaml';

/** A path into the file's data: mapping keys and list indices. */
export type DataPath = ReadonlyArray<string | number>;

/** `clusters.az1.interconnection.peerRoutes[0].peer` (keys that are no identifiers quoted). */
export function fieldPath(segments: DataPath): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Where something is in the file: 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The key and value nodes at a data path (what exists of them). */
export interface NodeAt {
  /** The mapping key whose value is at the path (undefined for the root and list items). */
  readonly key?: Node;
  readonly value?: Node;
  /** How many segments of the path exist in the file. */
  readonly depth: number;
}

/** Reads positions of a parsed YAML (or JSON) document. */
export class SourceMap {
  constructor(private readonly doc: Document, private readonly lines: LineCounter) {}

  /** The position of a character offset. */
  public position(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** The deepest existing nodes along `segments`. */
  public nodeAt(segments: DataPath): NodeAt {
    let node: unknown = this.doc.contents;
    let key: Node | undefined;
    let depth = 0;
    for (const s of segments) {
      const current = this.resolve(node);
      let next: unknown;
      let nextKey: Node | undefined;
      if (isMap(current)) {
        const pair = current.items.find((p) => isPair(p) && keyText(this.resolve(p.key)) === String(s));
        if (!pair) break;
        nextKey = pair.key as Node;
        next = pair.value;
      } else if (isSeq(current) && typeof s === 'number' && s < current.items.length) {
        next = current.items[s];
      } else {
        break;
      }
      node = next;
      key = nextKey;
      depth++;
    }
    return { key: depth === 0 ? undefined : key, value: this.resolve(node) as Node | undefined, depth };
  }

  /** Where the value at `segments` starts; for a missing key, where its mapping (or the deepest existing parent) is. */
  public positionOf(segments: DataPath, prefer: 'key' | 'value' = 'value'): Position {
    const at = this.nodeAt(segments);
    const exact = at.depth === segments.length;
    // a missing key: point at the key of the mapping it belongs in, the line a reader looks at
    const node = !exact ? at.key ?? at.value : prefer === 'key' ? at.key ?? at.value : at.value ?? at.key;
    const offset = node?.range?.[0] ?? 0;
    return this.position(offset);
  }

  /** The position of the key `name` inside the mapping at `segments` (an unknown key, a duplicate). */
  public keyPosition(segments: DataPath, name: string): Position {
    return this.positionOf([...segments, name], 'key');
  }

  /** Keys of the mapping at `segments` present in the file. */
  public keysAt(segments: DataPath): string[] {
    const at = this.nodeAt(segments);
    if (at.depth !== segments.length || !isMap(at.value)) return [];
    return at.value.items.map((p) => keyText(this.resolve(p.key))).filter((k): k is string => k !== undefined);
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
