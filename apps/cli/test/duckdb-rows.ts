import { openDuckdb } from '@tikrx/duckdb';

/** The rows of a query on a DuckDB file (read-only: a crawl may write it next), or on `:memory:`. */
export async function duckdbRows(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const store = await openDuckdb(path, { readOnly: path !== ':memory:' });
  try {
    return await store.query(sql);
  } finally {
    store.close();
  }
}
