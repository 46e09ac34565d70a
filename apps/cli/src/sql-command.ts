import { csvCell, csvField } from '@tikrx/operators/internal';
import { Command, Option } from 'commander';
import { formatOfPath } from './output.js';
import { EXIT_OK, exitCodeFor, reportError } from './run-crawl.js';

type SqlFormat = 'table' | 'ndjson' | 'csv';

/**
 * `tikrx sql FILE "SELECT …"`: a query on a crawl's DuckDB file (opened read-only), or on a
 * Parquet file, which the query sees as the table `videos`.
 */
export function sqlCommand(onExit: (code: number) => void): Command {
  return new Command('sql')
    .summary('run a SQL query on a crawl (.duckdb or .parquet)')
    .description(
      'Runs one SQL query (DuckDB dialect) on a --out FILE.duckdb database, read-only, or on a\n' +
        '.parquet file, seen as the table `videos`. Tables: videos, crawl_runs (and comments,\n' +
        'users, user_relations, playlists when written).',
    )
    .argument('<file>', 'a .duckdb or .parquet file a crawl wrote')
    .argument('<query>', 'the SQL query')
    .addOption(
      new Option('--format <format>', 'aligned columns, one JSON object a line, or CSV')
        .choices(['table', 'ndjson', 'csv'])
        .default('table'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ tikrx sql crawl.duckdb "SELECT create_time::DATE AS day, count(*) AS videos FROM videos GROUP BY day ORDER BY day"
  $ tikrx sql crawl.duckdb "SELECT tag, count(*) AS n FROM (SELECT unnest(hashtags) AS tag FROM videos) GROUP BY tag ORDER BY n DESC LIMIT 10"
  $ tikrx sql videos.parquet "SELECT username, sum(view_count) AS views FROM videos GROUP BY username ORDER BY views DESC LIMIT 10"`,
    )
    .action(async (file: string, query: string, flags: { format: SqlFormat }) => {
      try {
        const rows = await runQuery(file, query);
        process.stdout.write(render(rows, flags.format));
        onExit(EXIT_OK);
      } catch (error) {
        reportError(error);
        onExit(exitCodeFor(error));
      }
    });
}

async function runQuery(file: string, query: string): Promise<Record<string, unknown>[]> {
  const parquet = formatOfPath(file) === 'parquet';
  // DuckDB (a native module) is loaded by this command only.
  const { openDuckdb } = await import('@tikrx/duckdb');
  const store = await openDuckdb(parquet ? ':memory:' : file, { readOnly: !parquet });
  try {
    if (parquet) {
      await store.connection.run(
        `CREATE VIEW videos AS SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`,
      );
    }
    return await store.query(query);
  } finally {
    store.close();
  }
}

/** A cell as JSON has it: exact integers as numbers when safe, else as text; times as ISO. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

function render(rows: Record<string, unknown>[], format: SqlFormat): string {
  const plainRows = rows.map((row) => plain(row) as Record<string, unknown>);
  if (format === 'ndjson') return plainRows.map((row) => `${JSON.stringify(row)}\n`).join('');
  const columns = Object.keys(plainRows[0] ?? {});
  const cells = plainRows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      return typeof value === 'object' && value !== null ? JSON.stringify(value) : csvCell(value);
    }),
  );
  if (format === 'csv') {
    return [columns, ...cells].map((line) => `${line.map(csvField).join(',')}\r\n`).join('');
  }
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (values: string[]) =>
    `${values
      .map((value, i) => value.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`;
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join(
    '',
  );
}
