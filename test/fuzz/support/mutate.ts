// Mutations of a valid-ish value: a mutation names a place (the n-th node of the
// value, walking it in order) and what to do there. Plain data, so fast-check can
// shrink it and print it.
import fc from 'fast-check';
import { NUMBERS, anyJson, deeplyNested, junkString, word } from './values.ts';

export type Mutation =
  | { at: number; kind: 'replace'; value: unknown }
  | { at: number; kind: 'drop-key' }
  | { at: number; kind: 'extra-key'; key: string; value: unknown }
  | { at: number; kind: 'nest'; depth: number }
  | { at: number; kind: 'big-list'; length: number; item: unknown };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    at: fc.nat(),
    kind: fc.constant('replace' as const),
    value: fc.oneof(junkString, fc.constantFrom(...NUMBERS), fc.constantFrom(null, true, false, [], {}, [null], { '': null }), anyJson),
  }),
  fc.record({ at: fc.nat(), kind: fc.constant('drop-key' as const) }),
  fc.record({
    at: fc.nat(),
    kind: fc.constant('extra-key' as const),
    key: fc.oneof(junkString, fc.constantFrom('id', 'created', 'bogus', '__proto__', 'constructor')),
    value: anyJson,
  }),
  fc.record({ at: fc.nat(), kind: fc.constant('nest' as const), depth: fc.integer({ min: 2, max: 40 }) }),
  fc.record({ at: fc.nat(), kind: fc.constant('big-list' as const), length: fc.constantFrom(0, 1, 60, 300), item: fc.oneof(word, fc.integer(), fc.uuid()) }),
);

type Slot = { get: () => unknown; set: (v: unknown) => void; parent?: Record<string, unknown>; key?: string };

function slots(root: { v: unknown }): Slot[] {
  const out: Slot[] = [{ get: () => root.v, set: (v) => (root.v = v) }];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push({ get: () => value[i], set: (v) => (value[i] = v) });
        walk(item);
      });
    } else if (value !== null && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        out.push({ get: () => obj[key], set: (v) => (obj[key] = v), parent: obj, key });
        walk(obj[key]);
      }
    }
  };
  walk(root.v);
  return out;
}

export function applyMutations(value: unknown, mutations: Mutation[]): unknown {
  const root = { v: structuredClone(value) };
  for (const m of mutations) {
    const all = slots(root);
    const slot = all[m.at % all.length];
    switch (m.kind) {
      case 'replace':
        slot.set(structuredClone(m.value));
        break;
      case 'drop-key':
        if (slot.parent && slot.key !== undefined) delete slot.parent[slot.key];
        break;
      case 'extra-key': {
        const target = slot.get();
        if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
          Object.defineProperty(target, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
        }
        break;
      }
      case 'nest':
        slot.set(deeplyNested(m.depth, slot.get() ?? 1));
        break;
      case 'big-list': {
        slot.set(Array.from({ length: m.length }, () => m.item));
        break;
      }
    }
  }
  return root.v;
}
