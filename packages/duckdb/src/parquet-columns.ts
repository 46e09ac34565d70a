import type { ParquetWriter } from 'hyparquet-writer';
import type { ColumnDefinition, ColumnType, TableDefinition } from './tables.js';

/**
 * A table of `tables.ts` as a Parquet schema and as column arrays, for the streamed Parquet
 * writer (`hyparquet-writer`). The physical and logical types are those DuckDB writes for the
 * same table (`COPY … (FORMAT parquet)`), so DuckDB, Polars, pandas and R's arrow read the
 * same column types from either: ids `VARCHAR`, `create_time` `TIMESTAMP` (microseconds, not
 * adjusted to UTC: shown as written), lists of `VARCHAR`, counts `BIGINT`, `raw` `JSON`.
 */

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];
type ColumnSource = Parameters<ParquetWriter['write']>[0]['columnData'][number];

const STRING: Omit<SchemaElement, 'name'> = {
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
};

const LEAF_TYPES: Record<Exclude<ColumnType, 'text[]'>, Omit<SchemaElement, 'name'>> = {
  text: STRING,
  integer: { type: 'INT32' },
  bigint: { type: 'INT64' },
  double: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
  timestamp: {
    type: 'INT64',
    converted_type: 'TIMESTAMP_MICROS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
  },
  // The converted type is added to the footer only (`markJsonColumns`): the cells are JSON
  // text already (see cellOf), and with it the writer would stringify them again.
  json: { type: 'BYTE_ARRAY', logical_type: { type: 'JSON' } },
};

/** The Parquet schema of `table`: every column optional (absent is never invented). */
export function parquetSchema(table: TableDefinition): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: table.columns.length }];
  for (const column of table.columns) {
    if (column.type === 'text[]') {
      // The three-level LIST of the Parquet spec, as DuckDB writes it.
      schema.push(
        {
          name: column.name,
          repetition_type: 'OPTIONAL',
          num_children: 1,
          converted_type: 'LIST',
          logical_type: { type: 'LIST' },
        },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', ...STRING },
      );
    } else {
      schema.push({
        name: column.name,
        repetition_type: 'OPTIONAL',
        ...LEAF_TYPES[column.type],
      });
    }
  }
  return schema;
}

/**
 * Gives the JSON columns of `schema` their converted type, which DuckDB reads as `JSON` (the
 * logical type alone reads as `BLOB`). Called on the writer's schema just before the footer.
 */
export function markJsonColumns(schema: SchemaElement[]): void {
  for (const element of schema) {
    if (element.logical_type?.type === 'JSON') element.converted_type = 'JSON';
  }
}

/** Bookkeeping values the sink fills (`first_seen_at`, `fetched_at`, `run_id`). */
export interface WriteStamp {
  /** Microseconds since the epoch. */
  writtenAtMicros: bigint;
  runId?: number;
}

/** The field at `parts` (a dotted path, split once per column rather than once per cell). */
function valueAt(record: object, parts: readonly string[]): unknown {
  let value: unknown = record;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** One column's cell for one record, in the form the writer takes for its type. */
function cellOf(record: object, column: ColumnDefinition, parts: readonly string[]): unknown {
  const value = valueAt(record, parts);
  if (value === undefined || value === null) return null;
  switch (column.type) {
    // Unix seconds; microseconds so a fractional second survives.
    case 'timestamp':
      return BigInt(Math.round(Number(value) * 1e6));
    case 'bigint':
      return BigInt(Math.trunc(Number(value)));
    // UTF-8 bytes made here by Buffer (native, pooled): the writer would make a TextEncoder
    // per cell.
    case 'text':
      return Buffer.from(String(value));
    case 'text[]':
      return (value as unknown[]).map((item) => Buffer.from(String(item)));
    case 'json':
      return Buffer.from(JSON.stringify(value));
    default:
      return value;
  }
}

/** The records as one column array per table column, in schema order. */
export function parquetColumns(
  table: TableDefinition,
  records: readonly object[],
  stamp: WriteStamp,
): ColumnSource[] {
  return table.columns.map((column) => {
    if (column.path === undefined) {
      // Filled by the sink: the write time, or the run.
      const value =
        column.name !== 'run_id'
          ? stamp.writtenAtMicros
          : stamp.runId === undefined
            ? null
            : BigInt(stamp.runId);
      return { name: column.name, data: records.map(() => value) };
    }
    const parts = column.path.split('.');
    return { name: column.name, data: records.map((record) => cellOf(record, column, parts)) };
  });
}
