/** Every video but those of one region the dataset never uses: the whole dataset. */
export const BENCH_QUERY = {
  not: [{ field_name: 'region_code', operation: 'EQ', field_values: ['AQ'] }],
} as const;

/** The sinks `sinks.bench.ts` measures, each in a child process (`sink-case.ts`). */
export type SinkCase = 'ndjson' | 'ndjson-slow' | 'duckdb' | 'duckdb-append' | 'parquet';
