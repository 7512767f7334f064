import * as v8 from 'v8';
import * as vm from 'vm';
import { isMainThread } from 'worker_threads';

/**
 * Keeps the heap of a long render near what is alive. A render allocates fast and keeps little (each cluster's chart
 * is dropped once written), and V8 lets the old space grow to several times the live size between major
 * collections: measured at N = 4000 clusters, ~60 MB alive and 430 MB peak RSS. A cap (`--max-old-space-size`) can
 * only be set when the process starts and would crash a fleet whose model is larger. Instead:
 *
 * - **V8 keeps the heap within {@link GROWING_PERCENT}% of what is alive while a render runs**: the render sets V8's
 *   `--heap-growing-percent` (read at each major collection to size the next limit) and puts the default back when it
 *   is done. V8 then collects on its own, marking concurrently on another core. A user who set that flag keeps it.
 *   Collections forced from JavaScript are not used for this: each is a full, atomic collection on the render's
 *   thread, and one every 32 MB cost about a quarter of the render's CPU at N = 8000 (measured on one thread: 62 s of
 *   CPU against 39-51 s, at about the same peak RSS).
 * - **A forced collection where much has just become garbage** ({@link collect}): after the clusters, before the
 *   fleet-wide files, and once the render is done ({@link finish}, after its model is dropped), so that V8 sizes its
 *   next limit from what is alive then. Only when the heap grew by at least `budgetMb` since the last one, so small
 *   renders never collect. `gc` is reached through a new context once `--expose-gc` is set: that flag only adds the
 *   function, it changes nothing else.
 * - **A backstop** ({@link check}, between clusters): a forced collection once the heap is twice what is alive (at
 *   least `budgetMb` more), which V8 reaches only if it ignores the growing limit.
 */
export class HeapBudget {
  /** The heap's size at the start or after the last forced collection. */
  private mark: number;
  private limit: number;
  private finished = false;

  /**
   * @param budgetMb the growth, in MB, that a collection is worth
   * @param collectGarbage a full collection (V8's `gc`)
   * @param used the heap's size in bytes (V8's `used_heap_size`)
   */
  constructor(
    private readonly budgetMb = 32,
    private readonly collectGarbage: () => void = fullCollection,
    private readonly used: () => number = usedHeapSize,
  ) {
    this.mark = this.used();
    this.limit = this.next();
    holdGrowingLimit();
  }

  /** Call between units of work (clusters): the backstop. */
  public check(): void {
    if (this.used() > this.limit) this.collectNow();
  }

  /** Call where much has just become garbage (the end of a phase): collects if the heap grew by the budget since the last one. */
  public collect(): void {
    if (this.used() > this.mark + this.budgetMb * MB) this.collectNow();
  }

  /**
   * Call once the work is done and what it held is garbage: the last {@link collect}, then V8's own growing limit
   * again. Runs once; call it even when the work threw.
   */
  public finish(): void {
    if (this.finished) return;
    this.finished = true;
    try {
      this.collect();
    } finally {
      releaseGrowingLimit();
    }
  }

  /** The items, with a {@link check} before each. */
  public* checked<T>(items: Iterable<T>): Generator<T> {
    for (const item of items) {
      this.check();
      yield item;
    }
  }

  private collectNow(): void {
    this.collectGarbage();
    this.mark = this.used();
    this.limit = this.next();
  }

  /** The backstop's next limit: twice what is alive, at least `budgetMb` more. */
  private next(): number {
    const alive = this.used();
    return alive + Math.max(this.budgetMb * MB, alive);
  }
}

/**
 * How far V8 lets the heap grow past what a major collection left while a render runs (`--heap-growing-percent`).
 * Measured at N = 8000 on one thread, with the collections at the end of each phase and the writer thread, in single
 * runs side by side: 20% 40.7-42.8 s of CPU and 272-280 MB peak RSS, 25% 32.8-35.4 s and 281-289 MB, 30% 35.9-36.8 s
 * and 292-294 MB (the old budget: ~62 s and 294 MB). 25% leaves room under 300 MB.
 */
export const GROWING_PERCENT = 25;

const MB = 1024 * 1024;
const usedHeapSize = () => v8.getHeapStatistics().used_heap_size;

let gc: (() => void) | undefined;

/** A full collection now (V8's `gc`, reached once `--expose-gc` is set). */
export function fullCollection(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

// V8's flags are the process's: the calling thread sets the limit (render threads render inside its render) while at
// least one render holds it, renders inside a render included; a flag the user set on the command line stays as it is
const userSetsGrowth = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]
  .some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg));
let growingLimitHolders = 0;

function holdGrowingLimit(): void {
  if (!isMainThread || userSetsGrowth) return;
  if (growingLimitHolders++ === 0) v8.setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
}

function releaseGrowingLimit(): void {
  if (!isMainThread || userSetsGrowth) return;
  if (--growingLimitHolders === 0) v8.setFlagsFromString('--heap-growing-percent=0');
}
