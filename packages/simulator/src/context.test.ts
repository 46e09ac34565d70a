import { describe, expect, it } from 'vitest';
import { SearchStore } from './context.js';
import { Dataset } from './dataset.js';
import { type CompiledQuery, compileQuery, ResultSet } from './research-query.js';

const dataset = new Dataset({
  seed: 1,
  size: 20_000,
  quirks: { shortPages: true, emptyPages: true },
});
const query = compileQuery(
  { and: [{ field_name: 'region_code', operation: 'IN', field_values: ['US'] }] },
  dataset,
) as CompiledQuery;

/** A search whose result list holds `size` matches. */
function searchHolding(size: number) {
  const results = new ResultSet(dataset, query, 19_358, 19_447);
  results.hasMoreThan(size - 1);
  return { key: 'k', results, issuedAtMs: 0 };
}

describe('SearchStore', () => {
  it('evicts the oldest search beyond its capacity', () => {
    const store = new SearchStore(2);
    store.set('a', searchHolding(10));
    store.set('b', searchHolding(10));
    store.set('c', searchHolding(10));
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBeDefined();
    expect(store.get('c')).toBeDefined();
  });

  it('evicts the oldest searches once their result lists hold too many matches', () => {
    const store = new SearchStore(2_000, 250);
    store.set('a', searchHolding(100));
    store.set('b', searchHolding(100));
    store.set('c', searchHolding(100));
    // a + b = 200 matches: within the budget, both kept.
    expect(store.get('a')).toBeDefined();
    store.set('d', searchHolding(100));
    // a + b + c = 300: over it, so the oldest goes until it is met.
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBeDefined();
    expect(store.get('d')).toBeDefined();
  });
});
