import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdStore } from './id-store.js';

const MAX_U64 = (1n << 64n) - 1n;

/** Ids as they come (19-digit video ids), near the edges, and keys that are not such ids. */
const key = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_U64 }).map(String),
  fc.bigInt({ min: 7_000_000_000_000_000_000n, max: 7_000_000_000_000_000_050n }).map(String),
  fc.bigInt({ min: MAX_U64 - 5n, max: MAX_U64 + 5n }).map(String),
  fc.integer({ min: 0, max: 40 }).map(String),
  fc.constantFrom(
    '',
    '0',
    '00',
    '01',
    '-1',
    ' 1',
    '1 ',
    '1.0',
    '1e3',
    'abc',
    '٣',
    '18446744073709551616',
  ),
  fc.string({ maxLength: 21 }),
  fc.stringMatching(/^0[0-9]{1,19}$/),
);

describe('createIdStore', () => {
  it('answers has/add exactly like a Set<string> on random ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('add', 'has', 'addIfAbsent'), key), { maxLength: 400 }),
        (operations) => {
          const store = createIdStore({ expectedSize: 1 });
          const reference = new Set<string>();
          for (const [operation, k] of operations) {
            if (operation === 'add') {
              store.add(k);
              reference.add(k);
            } else if (operation === 'addIfAbsent') {
              expect(store.addIfAbsent(k)).toBe(!reference.has(k));
              reference.add(k);
            } else {
              expect(store.has(k)).toBe(reference.has(k));
            }
            expect(store.size).toBe(reference.size);
          }
          for (const k of reference) expect(store.has(k)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells apart ids that differ only in the high or the low 32 bits, and keeps 0 and 2^64-1', () => {
    const store = createIdStore();
    store.add(String(1n << 32n));
    expect(store.has('1')).toBe(false);
    expect(store.has(String(1n << 32n))).toBe(true);
    expect(store.has('0')).toBe(false);
    store.add('0');
    expect(store.has('0')).toBe(true);
    store.add(MAX_U64.toString());
    expect(store.has(MAX_U64.toString())).toBe(true);
    expect(store.has((MAX_U64 - 1n).toString())).toBe(false);
    // beyond 64 bits: kept exactly, through the fallback
    store.add('18446744073709551616');
    expect(store.has('18446744073709551616')).toBe(true);
    expect(store.has('0')).toBe(true);
    expect(store.size).toBe(4);
  });

  it('stays within 16 bytes per id at every size (canonical ids)', () => {
    const store = createIdStore({ expectedSize: 1 });
    const base = 7_300_000_000_000_000_000n;
    let worst = 0;
    for (let i = 0n; i < 100_000n; i += 1n) {
      store.add(String(base + i * 7919n));
      if (i > 100n) worst = Math.max(worst, store.byteLength / store.size);
    }
    expect(store.size).toBe(100_000);
    expect(worst).toBeLessThanOrEqual(16);
    // One assertion over the lot: 100,000 `expect` calls took over 20 s on a loaded machine.
    const missing: string[] = [];
    for (let i = 0n; i < 100_000n; i += 1n) {
      const id = String(base + i * 7919n);
      if (!store.has(id)) missing.push(id);
    }
    expect(missing).toEqual([]);
    expect(store.has(String(base + 1n))).toBe(false);
  });
});
