import { HeapBudget } from '../../src/fleet/heap';

// The heap budget forces a major collection only where it pays: at the end of a phase once the heap grew by the budget,
// and as a backstop at twice what is alive. A simulated heap: `heap` MB in use, each collection leaves `alive` MB.
describe('HeapBudget', () => {
  const MB = 1024 * 1024;
  let heap = 0;
  let alive = 0;
  let collections = 0;
  const budget = (mb: number) => new HeapBudget(mb, () => { collections++; heap = alive; }, () => heap * MB);
  beforeEach(() => {
    heap = 100;
    alive = 60;
    collections = 0;
  });

  test('collect() collects once the heap grew by the budget since the start or the last collection', () => {
    const b = budget(32);
    heap = 131;
    b.collect();
    expect(collections).toBe(0);
    heap = 133;
    b.collect();
    expect(collections).toBe(1);
    expect(heap).toBe(60);
    heap = 91;
    b.collect();
    expect(collections).toBe(1);
    heap = 93;
    b.collect();
    expect(collections).toBe(2);
    b.finish();
  });

  test('check() is a backstop at twice what is alive (at least the budget more)', () => {
    const b = budget(32);
    heap = 200;
    b.check();
    expect(collections).toBe(0);
    heap = 201;
    b.check();
    expect(collections).toBe(1);
    // after it: 60 MB alive, the next limit 60 + max(32, 60)
    heap = 120;
    b.check();
    expect(collections).toBe(1);
    heap = 121;
    b.check();
    expect(collections).toBe(2);
    b.finish();
  });

  test('checked() checks before each item', () => {
    const b = budget(32);
    const seen: number[] = [];
    for (const n of b.checked([1, 2, 3])) {
      seen.push(n);
      heap = 300;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(collections).toBe(2);
    b.finish();
  });

  test('finish() collects what the work left, once, even when called twice', () => {
    const b = budget(32);
    heap = 150;
    b.finish();
    b.finish();
    expect(collections).toBe(1);
  });

  test('finish() after a small render collects nothing', () => {
    const b = budget(32);
    heap = 110;
    b.finish();
    expect(collections).toBe(0);
  });
});
