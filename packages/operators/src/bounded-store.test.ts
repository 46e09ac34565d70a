import { describe, expect, it } from 'vitest';
import { createBoundedStore } from './bounded-store.js';

describe('createBoundedStore', () => {
  it('forgets the least recently seen key beyond maxEntries', () => {
    const store = createBoundedStore({ maxEntries: 2 });
    expect(store.addIfAbsent('a')).toBe(true);
    expect(store.addIfAbsent('b')).toBe(true);
    expect(store.has('a')).toBe(true); // a is now the most recent
    expect(store.addIfAbsent('c')).toBe(true); // evicts b
    expect(store.has('b')).toBe(false);
    expect(store.has('a')).toBe(true);
    expect(store.has('c')).toBe(true);
    expect(store.size).toBe(2);
    expect(store.evicted).toBe(1);
  });

  it('keeps its estimated bytes under maxBytes', () => {
    const store = createBoundedStore({ maxBytes: 1000 });
    for (let i = 0; i < 1000; i += 1) store.add(`7${String(i).padStart(18, '0')}`);
    expect(store.byteLength).toBeLessThanOrEqual(1000);
    expect(store.size).toBe(Math.floor(1000 / (2 * 19 + 64)));
  });

  it('needs a bound', () => {
    expect(() => createBoundedStore({})).toThrow(/maxEntries/);
  });
});
