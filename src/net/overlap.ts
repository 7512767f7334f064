import { Cidr } from './cidr';

/** A CIDR with whatever identifies where it came from. */
export interface OwnedCidr<T> {
  readonly cidr: Cidr;
  readonly owner: T;
}

/** Two entries whose ranges overlap; `first` sorts before `second`. */
export interface Overlap<T> {
  readonly first: OwnedCidr<T>;
  readonly second: OwnedCidr<T>;
}

/**
 * Every overlapping pair among `items` for which `relevant(a, b)` holds, in O(n log n + k).
 * CIDR blocks never partially overlap: two blocks are either disjoint or one contains the other.
 * After sorting by (family, start, widest first), a stack of the blocks enclosing the current
 * one holds exactly the blocks it overlaps.
 */
export function findOverlaps<T>(items: ReadonlyArray<OwnedCidr<T>>, relevant: (a: T, b: T) => boolean = () => true): Overlap<T>[] {
  const sorted = [...items].sort((a, b) => {
    if (a.cidr.family !== b.cidr.family) return a.cidr.family < b.cidr.family ? -1 : 1;
    if (a.cidr.network !== b.cidr.network) return a.cidr.network < b.cidr.network ? -1 : 1;
    return a.cidr.prefix - b.cidr.prefix;
  });
  const result: Overlap<T>[] = [];
  const stack: OwnedCidr<T>[] = [];
  for (const item of sorted) {
    while (stack.length > 0 && !stack[stack.length - 1].cidr.overlaps(item.cidr)) stack.pop();
    for (const enclosing of stack) {
      if (relevant(enclosing.owner, item.owner)) result.push({ first: enclosing, second: item });
    }
    stack.push(item);
  }
  return result;
}
