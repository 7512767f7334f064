import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * Keeps the heap of a long render near what is alive. A render allocates fast and keeps little (each
 * cluster's chart is dropped once written), and V8 lets the old space grow to several times the
 * live size between major collections: measured at N = 4000 clusters, ~60 MB alive and 430 MB peak
 * RSS. A cap (`--max-old-space-size`) can only be set when the process starts and would crash a fleet
 * whose model is larger; instead, once the heap has grown past what the last collection left by a quarter of
 * it (at least `budgetMb`, 32 MB; see {@link next}), the render runs a major collection itself (V8's `gc`, reached through a new context once
 * `--expose-gc` is set: that flag only adds the function, it changes nothing else), so memory follows
 * the live size, not the fleet's allocation rate.
 */
export class HeapBudget {
  private gc: (() => void) | undefined;
  private limit: number;

  constructor(private readonly budgetMb = 32) {
    this.limit = this.next();
  }

  /** Call between units of work (clusters); collects when the budget is spent. */
  public check(): void {
    if (used() <= this.limit) return;
    this.gc ??= exposeGc();
    this.gc();
    this.limit = this.next();
  }

  /**
   * The next limit: `budgetMb` past what is alive, or a quarter of what is alive when that is more. A fixed
   * budget would make the render quadratic: the collections grow with the fleet's allocations and each costs
   * in proportion to what is alive, which grows with the fleet too (measured N = 2000 -> 4000: time slope 1.28).
   * A share of what is alive keeps the number of collections independent of the fleet's size (and logarithmic
   * for a caller that keeps what it renders, like `renderFleetFiles`). A quarter, not a half: measured at
   * N = 8000, peak RSS 412 MB with a half.
   */
  private next(): number {
    const alive = used();
    return alive + Math.max(this.budgetMb * MB, alive / 4);
  }

  /**
   * Call when the work is done: if the budget made any collection, one more, so that the garbage of the
   * work's last phase is gone and V8 sizes its next limit from what is alive now (after a collection
   * in a phase where much is alive, V8 would otherwise let the heap grow far past it again).
   */
  public finish(): void {
    if (!this.gc) return;
    this.gc();
    this.limit = this.next();
  }

  /** The items, with a {@link check} before each. */
  public* checked<T>(items: Iterable<T>): Generator<T> {
    for (const item of items) {
      this.check();
      yield item;
    }
  }
}

const MB = 1024 * 1024;
const used = () => v8.getHeapStatistics().used_heap_size;

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
