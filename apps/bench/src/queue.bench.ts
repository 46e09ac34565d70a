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
  /** From the submit to the first window job taken (plan job, flow of 90 windows, pickup). */
  firstWindowMs: number;
  /** From the last window job finished to the run recorded done (parent job, PostgreSQL). */
  finishMs: number;
  /** Time a window job ran beyond its requests' latency (stores, client, job bookkeeping), per job. */
  inJobMs: number;
  /** Time workers sat idle between the first window's start and the last's end (pickup gaps and the uneven tail), per job. */
  betweenJobsMs: number;
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
      // Where the time beyond the latency goes (from the jobs' own processedOn/finishedOn).
      ...results.flatMap((r) => [
        {
          name: `${r.workers} worker(s): submit to first window, last window to run done`,
          value: r.firstWindowMs,
          unit: 'ms',
          note: `then ${Math.round(r.finishMs)} ms to record the run`,
        },
        {
          name: `${r.workers} worker(s): per window job, time in the job beyond latency`,
          value: r.inJobMs,
          unit: 'ms',
          note: `idle ${r.betweenJobsMs.toFixed(1)} ms per job (pickup gaps, uneven tail)`,
        },
      ]),
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
    const submittedAt = Date.now();
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
        const elapsedMs = performance.now() - startedAt;
        const doneAt = submittedAt + elapsedMs;
        const requests = sim.stats().byEndpoint['research.video.query'] ?? 0;
        const jobs = await connections.windows.getJobs(['completed']);
        const started = jobs.map((job) => job.processedOn ?? 0);
        const finished = jobs.map((job) => job.finishedOn ?? 0);
        const busyMs = jobs.reduce(
          (sum, job) => sum + (job.finishedOn ?? 0) - (job.processedOn ?? 0),
          0,
        );
        const spanMs = Math.max(...finished) - Math.min(...started);
        return {
          workers,
          elapsedMs,
          requests,
          windows: done.rows[0].windows as number,
          firstWindowMs: Math.min(...started) - submittedAt,
          finishMs: doneAt - Math.max(...finished),
          inJobMs: (busyMs - requests * LATENCY_MS) / jobs.length,
          betweenJobsMs: Math.max(0, workers * spanMs - busyMs) / jobs.length,
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
