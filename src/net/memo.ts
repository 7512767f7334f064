/**
 * A bounded memo of a pure parse keyed by its input text: successes only (a failing input is parsed again on every
 * call, so its error is thrown fresh). The cached values are frozen, so one caller cannot change what another gets;
 * each is equal to a fresh parse of its text, so no result depends on what was parsed before.
 *
 * Two generations of at most `max` entries each: a hit in the older one moves the entry to the newer, and when the
 * newer is full the older is dropped (least recently used, roughly, in O(1); evicting the oldest key of one Map one
 * at a time is not O(1) in V8: deleted entries stay as holes its iteration skips).
 */
export class ParseMemo<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(private readonly max: number) {}

  public get(text: string): V | undefined {
    const hit = this.current.get(text);
    if (hit !== undefined) return hit;
    const old = this.previous.get(text);
    if (old !== undefined) this.store(text, old);
    return old;
  }

  /** Caches `value` (frozen) for `text` and returns it. */
  public set(text: string, value: V): V {
    this.store(text, Object.freeze(value));
    return value;
  }

  private store(text: string, value: V): void {
    if (this.current.size >= this.max) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(text, value);
  }
}
