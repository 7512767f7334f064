/**
 * A bounded memo of a pure parse keyed by its input text: successes only (a failing input is parsed again on every
 * call, so its error is thrown fresh), first in first out past `max` entries. The cached values are frozen, so one
 * caller cannot change what another gets; they are equal to a fresh parse, so no result depends on what ran before.
 */
export class ParseMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  public get(text: string): V | undefined {
    return this.entries.get(text);
  }

  public set(text: string, value: V): V {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(text, Object.freeze(value));
    return value;
  }
}
