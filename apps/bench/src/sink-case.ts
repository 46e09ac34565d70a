/**
 * One case of `sinks.bench.ts`, run in a child process of its own so that its peak RSS is the
 * pipeline's alone: `queryVideos(...).pipe(<sink>)` against the simulator at `url`, the README
 * pipeline. Prints one JSON line: `{ videos, seconds, maxRssMb, maxHeapMb, bytes }`.
 *
 * `node dist/sink-case.js <case> <url> <dir> <startDate> <endDate>` (built: what a user runs)
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Video } from '@tikrx/core';
import { writeNdjson } from '@tikrx/operators';
import { createResearchClient } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS } from '@tikrx/simulator';
import { lastValueFrom, type Observable, type OperatorFunction } from 'rxjs';
import { BENCH_QUERY, type SinkCase } from './sink-query.js';

/** A disk that takes `bytesPerSecond`: each batch of writes completes after its share of time. */
function slowWritable(bytesPerSecond: number): Writable {
  return new Writable({
    highWaterMark: 64 * 1024,
    writev(chunks, callback) {
      let bytes = 0;
      for (const { chunk } of chunks) bytes += (chunk as Buffer).length;
      setTimeout(callback, (bytes / bytesPerSecond) * 1000);
    },
  });
}

/**
 * The case's sink. `@tikrx/duckdb` only for its cases, as a user who writes NDJSON never loads
 * it (DuckDB's native library alone is ~20 MB of RSS).
 */
async function sinkFor(
  kind: SinkCase,
  path: string,
): Promise<OperatorFunction<Video, { written: number }>> {
  if (kind === 'ndjson') return writeNdjson(createWriteStream(path), { end: true });
  if (kind === 'ndjson-slow') return writeNdjson(slowWritable(5 * 1024 * 1024), { end: true });
  const { writeDuckdb, writeParquet } = await import('@tikrx/duckdb');
  switch (kind) {
    case 'duckdb':
      return writeDuckdb(path);
    case 'duckdb-append':
      return writeDuckdb(path, { mode: 'append' });
    case 'parquet':
      return writeParquet(path);
  }
}

const EXTENSIONS: Record<SinkCase, string> = {
  ndjson: 'ndjson',
  'ndjson-slow': 'ndjson',
  duckdb: 'duckdb',
  'duckdb-append': 'duckdb',
  parquet: 'parquet',
};

async function main(): Promise<void> {
  const [kind, url, dir, startDate, endDate] = process.argv.slice(2) as [
    SinkCase,
    string,
    string,
    string,
    string,
  ];
  const path = join(dir, `${kind}.${EXTENSIONS[kind]}`);
  const research = createResearchClient({
    clientKey: SIMULATOR_CREDENTIALS.clientKey,
    clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
    baseUrl: url,
  });
  const videos$: Observable<Video> = research.queryVideos({
    query: BENCH_QUERY as never,
    startDate,
    endDate,
  });
  // The JS heap's peak, sampled: the rest of the peak RSS is native (DuckDB, buffers).
  let maxHeapMb = 0;
  const sampler = setInterval(() => {
    maxHeapMb = Math.max(maxHeapMb, process.memoryUsage().heapTotal / 2 ** 20);
  }, 100);
  const sink = await sinkFor(kind, path);
  const started = performance.now();
  const { written } = await lastValueFrom(videos$.pipe(sink));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const bytes = kind === 'ndjson-slow' ? 0 : (await stat(path)).size;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ videos: written, seconds, maxRssMb, maxHeapMb, bytes })}\n`,
  );
}

await main();
