import { defineConfig } from 'vitest/config';

// Vitest 5's failure reporter calls Map.groupBy, which Node 20 lacks (Node ≥ 21 has it). Without this a
// failing test crashes the reporter instead of printing the failure.
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        const group = groups.get(k);
        if (group) group.push(item);
        else groups.set(k, [item]);
      }
      return groups;
    },
    configurable: true,
    writable: true,
  });
}

export default defineConfig({
  test: {
    projects: ['shared', 'server', 'client', 'tests'],
  },
});
