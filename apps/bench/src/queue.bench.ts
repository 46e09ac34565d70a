// The queue across worker processes: the same 90-day crawl with 1, 2 and 4 `tikrx queue work`
// processes (concurrency 1 each) on a simulator answering in 300 ms, against real Redis and
// PostgreSQL started for the bench. Needs Debian's redis-server and postgresql (`.ci/run`).
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, submitCrawl } from '@tikrx/queue';
import { startPostgres, startRedis } from '@tikrx/queue/testing';
import { q } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';
import pg from 'pg';
import type { BenchFigure } from './figure.js';

const LATENCY_MS = 300;
/** One day a window: 90 window jobs, so four workers get equal shares (22 or 23 each). */
const WINDOW_DAYS = 1;
/** #fyp has 44-46 videos a day in this dataset: two pages a window, so the latency dominates. */
const MAX_COUNT = 40;
const WORKER_COUNTS = [1, 2, 4] as const;
const CLI_BIN = join(dirname(fileURLToPath(import.meta.url)), '../../cli/src/bin.ts');
const query = q.query(q.and(q.eq('hashtag_name', 'fyp')));

interface Measured {
  workers: number;
  elapsedMs: number;
  requests: number;
  windows: number;
}

export async function run(): Promise<BenchFigure[]> {
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  // No search warm-up (a simulator with latency has 3 s of it by default): each of the 90
  // windows would wait for its fresh search_id, and its refused pages would count as requests.
  // This bench measures the queue, not the API's warm-up.
  const sim = await startSimulator({
    seed: 1,
    latencyMs: LATENCY_MS,
    quirks: { searchWarmupMs: 0 },
  });
  try {
    const results: Measured[] = [];
    for (const workers of WORKER_COUNTS) {
      results.push(await crawlWith(workers, sim, redis.url, postgres.url));
    }
    const [one, two, four] = results as [Measured, Measured, Measured];
    // In the single-process run everything but the simulator's latency is overhead: the queue
    // (Redis round trips, job locks, checkpoints in the job), PostgreSQL upserts, the client.
    const overheadPerWindowMs = (one.elapsedMs - one.requests * LATENCY_MS) / one.windows;
    return [
      ...results.map((r) => ({
        name: `90-day crawl, ${r.workers} worker process(es)`,
        value: r.elapsedMs / 1000,
        unit: 's',
        note: `${r.windows} window jobs, ${r.requests} requests, ${LATENCY_MS} ms latency`,
      })),
      { name: 'speed-up, 2 workers vs 1', value: one.elapsedMs / two.elapsedMs, unit: 'x' },
      {
        name: 'speed-up, 4 workers vs 1',
        value: one.elapsedMs / four.elapsedMs,
        unit: 'x',
        target: '>= 3.5',
      },
      {
        name: 'requests, 4 workers vs 1',
        value: four.requests / one.requests,
        unit: 'ratio',
        target: '<= 1.05',
      },
      {
        name: 'queue overhead per window job',
        value: overheadPerWindowMs,
        unit: 'ms',
        note: 'single process: (elapsed - requests x latency) / windows',
      },
    ];
  } finally {
    await sim.close();
    await Promise.all([redis.stop(), postgres.stop()]);
  }
}

/** One crawl on fresh keys and a fresh database, `workers` processes already taking jobs. */
async function crawlWith(
  workers: number,
  sim: Simulator,
  redisUrl: string,
  serverUrl: string,
): Promise<Measured> {
  const databaseUrl = await createDatabase(serverUrl, `bench_${workers}`);
  const config = { redisUrl, databaseUrl, prefix: `bench${workers}` };
  const processes = await Promise.all(
    Array.from({ length: workers }, () => startWorker(config, sim.url)),
  );
  const connections = connect(config);
  const pool = new pg.Pool({ connectionString: databaseUrl });
  try {
    sim.resetStats();
    const startedAt = performance.now();
    await submitCrawl(connections, {
      kind: 'research.videos',
      query,
      from: sim.dataset.firstDay,
      to: sim.dataset.lastDay,
      windowDays: WINDOW_DAYS,
      maxCount: MAX_COUNT,
    });
    for (;;) {
      const done = await pool.query("SELECT windows FROM crawl_runs WHERE status <> 'running'");
      if (done.rowCount === 1) {
        return {
          workers,
          elapsedMs: performance.now() - startedAt,
          requests: sim.stats().byEndpoint['research.video.query'] ?? 0,
          windows: done.rows[0].windows as number,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await Promise.all(processes.map(stopWorker));
    await connections.close();
    await pool.end();
  }
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `tikrx queue work` as a user runs it, resolved once it has started. */
function startWorker(
  config: { redisUrl: string; databaseUrl: string; prefix: string },
  baseUrl: string,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@tikrx/source',
      '--import',
      'tsx',
      CLI_BIN,
      'queue',
      'work',
      '--base-url',
      baseUrl,
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        REDIS_URL: config.redisUrl,
        DATABASE_URL: config.databaseUrl,
        TIKRX_QUEUE_PREFIX: config.prefix,
        TIKTOK_CLIENT_KEY: SIMULATOR_CREDENTIALS.clientKey,
        TIKTOK_CLIENT_SECRET: SIMULATOR_CREDENTIALS.clientSecret,
      },
    },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('working:')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
  });
}

function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
