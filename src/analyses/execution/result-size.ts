/**
 * The approximate memory an analysis result holds, for the result cache's byte bound
 * (ANALYSIS_CACHE_MB; analysis-cache.ts), by one walk over the value instead of serializing it:
 *
 *   number, boolean, null    8 bytes (a tagged value or a pointer to a heap number)
 *   string                   16 + 2 per UTF-16 code unit (header and two-byte characters, an upper bound)
 *   array                    16 + 8 per element, plus the elements
 *   typed array, ArrayBuffer 64 + its bytes
 *   object                   16 + 8 per own enumerable property, plus the values (keys are
 *                            shared by the objects of one shape, so not counted per object)
 *
 * A value reached twice (shared by two parts of the result) is counted once; functions and
 * symbols count nothing (a result crosses threads and caches as plain data). The figures follow
 * V8's layout on 64-bit builds without pointer compression (Node's default) closely enough for a
 * bound: within a small factor of the heap the value takes, and of its JSON as UTF-16.
 */
const WORD = 8;
const HEADER = 16;

export function approximateBytes(value: unknown): number {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  let bytes = 0;
  while (pending.length > 0) {
    const next = pending.pop();
    switch (typeof next) {
      case 'string':
        bytes += HEADER + 2 * next.length;
        continue;
      case 'number':
      case 'boolean':
      case 'bigint':
      case 'undefined':
        bytes += WORD;
        continue;
      case 'object':
        break;
      default:
        continue;
    }
    if (next === null) {
      bytes += WORD;
      continue;
    }
    if (seen.has(next)) continue;
    seen.add(next);
    if (Array.isArray(next)) {
      bytes += HEADER + WORD * next.length;
      for (let i = 0; i < next.length; i++) {
        const element: unknown = next[i];
        if (typeof element === 'number') bytes += WORD;
        else pending.push(element);
      }
    } else if (ArrayBuffer.isView(next) || next instanceof ArrayBuffer) {
      bytes += 64 + next.byteLength;
    } else if (next instanceof Map) {
      bytes += HEADER + 2 * WORD * next.size;
      for (const [key, entry] of next) pending.push(key, entry);
    } else {
      bytes += HEADER;
      for (const key in next) {
        if (!Object.hasOwn(next, key)) continue;
        const entry: unknown = (next as Record<string, unknown>)[key];
        bytes += WORD;
        if (typeof entry === 'number') bytes += WORD;
        else pending.push(entry);
      }
    }
  }
  return bytes;
}
