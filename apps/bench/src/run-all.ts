/**
 * `pnpm bench`: runs every `./*.bench.ts` beside this file, one after the other, and prints one
 * table of figures. A bench that fails to import or run becomes an error row (the others still
 * run) and makes the exit code 1. `--only <name>` runs the benches whose file name contains
 * `<name>` (`--only core`); `--timeout-sec <n>` (default 600) fails a bench that takes longer.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFigure } from './figure.js';

interface Row {
  bench: string;
  figure: string;
  value: string;
  unit: string;
  target: string;
  note: string;
}

const HEADER: Row = {
  bench: 'bench',
  figure: 'figure',
  value: 'value',
  unit: 'unit',
  target: 'target',
  note: 'note',
};

function parseArgs(argv: readonly string[]): { only: string | undefined; timeoutSec: number } {
  let only: string | undefined;
  let timeoutSec = 600;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') only = argv[++i];
    else if (arg.startsWith('--only=')) only = arg.slice('--only='.length);
    else if (arg === '--timeout-sec') timeoutSec = Number(argv[++i]);
  }
  return { only, timeoutSec };
}

/** `promise`, or a rejection after `seconds` (a hung bench must not hang the table). */
function withTimeout<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${seconds} s`)), seconds * 1000);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  return value.toFixed(magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function printTable(rows: readonly Row[]): void {
  const columns = Object.keys(HEADER) as (keyof Row)[];
  const all = [HEADER, ...rows];
  const widths = columns.map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (row: Row) =>
    columns
      .map((c, i) => (c === 'value' ? row[c].padStart(widths[i]!) : row[c].padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(HEADER)}\n`);
  process.stdout.write(`${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

async function main(): Promise<void> {
  const { only, timeoutSec } = parseArgs(process.argv.slice(2));
  const here = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(here)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => only === undefined || name.includes(only))
    .sort();
  if (files.length === 0) {
    process.stderr.write(`no bench files${only === undefined ? '' : ` matching "${only}"`}\n`);
    process.exitCode = 1;
    return;
  }

  const rows: Row[] = [];
  let failed = 0;
  for (const file of files) {
    const bench = file.replace(/\.bench\.ts$/, '');
    process.stderr.write(`running ${file}…\n`);
    const started = performance.now();
    try {
      // Imported here, not at the top, so a half-written bench breaks only its own row.
      const module = (await import(pathToFileURL(`${here}/${file}`).href)) as { run?: unknown };
      if (typeof module.run !== 'function') {
        throw new Error('does not export `async function run(): Promise<BenchFigure[]>`');
      }
      const figures = (await withTimeout(
        (module.run as () => Promise<unknown>)(),
        timeoutSec,
      )) as BenchFigure[];
      if (!Array.isArray(figures)) throw new Error('run() did not resolve to an array of figures');
      for (const figure of figures) {
        rows.push({
          bench,
          figure: oneLine(String(figure.name)),
          value: formatValue(figure.value),
          unit: figure.unit,
          target: figure.target ?? '',
          note: oneLine(figure.note ?? ''),
        });
      }
      process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (error) {
      failed += 1;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      rows.push({
        bench,
        figure: 'ERROR',
        value: '',
        unit: '',
        target: '',
        note: oneLine(reason).slice(0, 160),
      });
      process.stderr.write(
        `  failed: ${error instanceof Error ? (error.stack ?? reason) : reason}\n`,
      );
    }
  }

  printTable(rows);
  if (failed > 0) {
    process.stderr.write(`\n${failed} of ${files.length} bench file(s) failed\n`);
  }
  // Exit explicitly once stdout is flushed: a bench that left a socket or timer open must not
  // keep the runner alive.
  process.stdout.write('', () => process.exit(failed > 0 ? 1 : 0));
}

await main();
