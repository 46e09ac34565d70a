import { type ColumnDefinition, quoteIdentifier, type TableDefinition } from './tables.js';

/**
 * How a batch reaches a table: the records, as NDJSON text bound to one parameter (`$3`), are
 * split and parsed by one `INSERT … SELECT` with `json_transform` into the typed columns.
 * Parsing in DuckDB's native code is several times faster than appending field by field from
 * JavaScript, where every value is a native call. (A staging table filled by the appender, the
 * first way, cost a table per batch that DuckDB kept in memory.)
 */

const JSON_TRANSFORM_TYPES = {
  text: 'VARCHAR',
  'text[]': ['VARCHAR'],
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  // Unix seconds; turned into a TIMESTAMP by the select.
  timestamp: 'DOUBLE',
  json: 'JSON',
} as const;

type Shape = { [key: string]: Shape | string | string[] };

/** The `json_transform` structure holding every column's path, nested as in the record. */
function transformShape(columns: readonly ColumnDefinition[]): Shape {
  const shape: Shape = {};
  for (const column of columns) {
    if (column.path === undefined) continue;
    const parts = column.path.split('.');
    let node = shape;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Shape;
    }
    const type = JSON_TRANSFORM_TYPES[column.type];
    node[parts.at(-1)!] = typeof type === 'string' ? type : [...type];
  }
  return shape;
}

function valueExpression(column: ColumnDefinition): string {
  const access = `j.${column.path!.split('.').map(quoteIdentifier).join('.')}`;
  // Microseconds, so a fractional second survives; TIMESTAMP holds UTC as written.
  if (column.type === 'timestamp') return `make_timestamp(CAST(round(${access} * 1e6) AS BIGINT))`;
  return access;
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Moves the records of `$3` into `table`. `upsert`: a row with the same key gets every value
 * the new record has (counts refreshed) and keeps those it lacks (absent is never invented);
 * `first_seen_at` stays. It is a `MERGE` on the key columns, not `ON CONFLICT`: a primary key
 * is an ART index that DuckDB keeps in memory (about 200 bytes a video), past any
 * `memory_limit` at a few million videos; the merge's hash join needs only the batch.
 * `append`: plain insert. `$1` is the write time (microseconds since the epoch), `$2` the
 * crawl run id or NULL, `$3` the records (JSON lines).
 */
export function moveStagedSql(table: TableDefinition, mode: 'upsert' | 'append'): string {
  const names = table.columns.map((column) => quoteIdentifier(column.name));
  const values = table.columns.map((column) => {
    if (column.path !== undefined) return valueExpression(column);
    if (column.name === 'run_id') return '$2';
    return 'make_timestamp($1)';
  });
  const shape = sqlString(JSON.stringify(transformShape(table.columns)));
  const staged = `SELECT ${values.map((value, i) => `${value} AS ${names[i]}`).join(', ')}
FROM (SELECT json_transform(line, ${shape}) AS j
      FROM (SELECT unnest(string_split($3::VARCHAR, chr(10))) AS line))`;
  const target = quoteIdentifier(table.name);
  if (mode === 'append') return `INSERT INTO ${target} (${names.join(', ')})\n${staged}`;
  const on = table.key
    .map((key) => `t.${quoteIdentifier(key)} = s.${quoteIdentifier(key)}`)
    .join(' AND ');
  const updates = table.columns
    .filter((column) => !table.key.includes(column.name) && column.name !== 'first_seen_at')
    .map((column) => {
      const name = quoteIdentifier(column.name);
      return column.name === 'fetched_at'
        ? `${name} = s.${name}`
        : `${name} = COALESCE(s.${name}, t.${name})`;
    });
  return `MERGE INTO ${target} AS t
USING (${staged}) AS s
ON ${on}
WHEN MATCHED THEN UPDATE SET ${updates.join(', ')}
WHEN NOT MATCHED THEN INSERT (${names.join(', ')}) VALUES (${names.map((name) => `s.${name}`).join(', ')})`;
}
