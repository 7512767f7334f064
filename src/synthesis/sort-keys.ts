/**
 * Sorts strings in place as `Array.prototype.sort()` without a comparator sorts them (by UTF-16
 * code units, which is what `<` compares for strings), and returns the array: insertion sort for
 * the few keys most objects have, the built-in sort beyond.
 */
export function sortKeys(keys: string[]): string[] {
  const n = keys.length;
  if (n > 12) return keys.sort();
  for (let i = 1; i < n; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}
