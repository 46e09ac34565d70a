import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_MEMORY_LIMIT } from '@tikrx/duckdb';
import { startSimulator } from '@tikrx/simulator';
import type { BenchFigure } from './figure.js';
import { BENCH_QUERY, type SinkCase } from './sink-query.js';

/**
 * The README pipeline, `queryVideos(...).pipe(sink)`, with 1,000,000 videos from the simulator
 * into NDJSON (a file, and a 5 MB/s writable), DuckDB (upsert, append) and Parquet. Each case
 * runs in a child process of its own (its peak RSS is the kernel's `maxRSS` of that process),
 * on the built packages under plain `node`, as a user runs it (tsx's loader and the sources
 * cost ~25 MB of RSS a user never pays); the simulator serves from this one.
 */
// ~91 % of it matches the query: about 1.0 M videos. SINKS_BENCH_SIZE for a quick look.
const DATASET_SIZE = Number(process.env['SINKS_BENCH_SIZE'] ?? 1_100_000);
const JS_HEAP_MB = 160;
const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const CASE_SCRIPT = join(BENCH_DIR, 'dist', 'sink-case.js');

/** Builds the packages the case imports, and the case itself (turbo: a no-op when up to date). */
async function buildCase(): Promise<void> {
  await promisify(execFile)('pnpm', ['turbo', 'run', 'build', '--filter=@tikrx/bench...'], {
    cwd: BENCH_DIR,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    maxBuffer: 16 << 20,
  });
}

interface CaseResult {
  videos: number;
  seconds: number;
  maxRssMb: number;
  maxHeapMb: number;
  bytes: number;
}

async function runCase(kind: SinkCase, url: string, dir: string, range: [string, string]) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      // A fixed JS heap: a pipeline that queued the crawl in memory would fail here; without
      // it V8 lets garbage pile up to a fraction of the machine's memory before collecting.
      `--max-old-space-size=${JS_HEAP_MB}`,
      CASE_SCRIPT,
      kind,
      url,
      dir,
      ...range,
    ],
    { maxBuffer: 1 << 20, cwd: BENCH_DIR },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as CaseResult;
  process.stderr.write(
    `  ${kind}: ${result.videos} videos, ${result.seconds.toFixed(1)} s, ${result.maxRssMb.toFixed(0)} MB (JS heap ${result.maxHeapMb.toFixed(0)} MB)\n`,
  );
  return result;
}

export async function run(): Promise<BenchFigure[]> {
  await buildCase();
  const sim = await startSimulator({
    seed: 14,
    size: DATASET_SIZE,
    limits: { research: { perMinute: 1e9, perDay: 1e9 } },
  });
  const dir = await mkdtemp(join(tmpdir(), 'tikrx-bench-sinks-'));
  try {
    const range: [string, string] = [sim.dataset.firstDay, sim.dataset.lastDay];
    const expected = sim.expected.research({
      query: BENCH_QUERY as never,
      startDate: range[0],
      endDate: range[1],
    }).length;
    const results = {} as Record<SinkCase, CaseResult>;
    for (const kind of ['ndjson', 'duckdb', 'duckdb-append', 'parquet', 'ndjson-slow'] as const) {
      if (process.env['SINKS_BENCH_CASES']?.split(',').includes(kind) === false) continue;
      results[kind] = await runCase(kind, sim.url, dir, range);
      if (results[kind].videos !== expected) {
        throw new Error(`${kind} wrote ${results[kind].videos} videos, expected ${expected}`);
      }
    }
    const rate = (kind: SinkCase) => results[kind].videos / results[kind].seconds;
    const note = `${expected} videos, README pipeline on the built packages, a child process per case, node --max-old-space-size=${JS_HEAP_MB}`;
    return [
      { name: 'NDJSON file', value: rate('ndjson'), unit: 'videos/s', note },
      { name: 'DuckDB (upsert)', value: rate('duckdb'), unit: 'videos/s', note },
      { name: 'Parquet (gzip, streamed)', value: rate('parquet'), unit: 'videos/s', note },
      {
        name: 'DuckDB / NDJSON throughput',
        value: rate('duckdb') / rate('ndjson'),
        unit: 'ratio',
        target: '>= 0.5',
      },
      {
        name: 'Parquet / NDJSON throughput',
        value: rate('parquet') / rate('ndjson'),
        unit: 'ratio',
        target: '>= 0.5',
      },
      {
        name: 'DuckDB upsert / plain append throughput',
        value: rate('duckdb') / rate('duckdb-append'),
        unit: 'ratio',
        target: '>= 0.5',
        note: `append: ${Math.round(rate('duckdb-append'))} videos/s`,
      },
      {
        name: 'peak RSS, NDJSON file',
        value: results.ndjson.maxRssMb,
        unit: 'MB',
        target: '<= 250',
      },
      {
        name: 'peak RSS, NDJSON through a 5 MB/s writable',
        value: results['ndjson-slow'].maxRssMb,
        unit: 'MB',
        target: '<= 250',
        note: `${rate('ndjson-slow').toFixed(0)} videos/s: the crawl slowed to the writable`,
      },
      { name: 'peak RSS, Parquet', value: results.parquet.maxRssMb, unit: 'MB', target: '<= 250' },
      {
        name: 'peak RSS, DuckDB upsert',
        value: results.duckdb.maxRssMb,
        unit: 'MB',
        target: '<= 500',
        note: `memory_limit ${DEFAULT_MEMORY_LIMIT}`,
      },
      {
        name: 'Parquet bytes / NDJSON bytes',
        value: results.parquet.bytes / results.ndjson.bytes,
        unit: 'ratio',
        note: `${(results.parquet.bytes / 1e6).toFixed(1)} MB against ${(results.ndjson.bytes / 1e6).toFixed(0)} MB`,
      },
    ];
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
