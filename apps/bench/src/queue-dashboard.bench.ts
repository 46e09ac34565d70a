/**
 * What `tikrx queue dashboard` costs a queued crawl: the same 90-window crawl on two
 * `tikrx queue work` processes, with and without a dashboard process (a page's event stream
 * connected) reading the same Redis and PostgreSQL, interleaved pairs in one run. Needs
 * Debian's redis-server and postgresql (`.ci/run`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { connect, submitCrawl } from '@tikrx/queue';
import { startPostgres, startRedis } from '@tikrx/queue/testing';
import { q } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';
import pg from 'pg';
import { interrupt, readDashboardEvents } from './dashboard-client.js';
import { type BenchFigure, median } from './figure.js';

const ROUNDS = 3;
const WORKERS = 2;
/** Short enough that the queue's own Redis and PostgreSQL work is a good share of the time. */
const LATENCY_MS = 50;
const query = q.query(q.and(q.eq('hashtag_name', 'fyp')));

const bin = join(
  dirname(createRequire(import.meta.url).resolve('@tikrx/cli/package.json')),
  'dist/bin.js',
);

interface Servers {
  redisUrl: string;
  postgresUrl: string;
  sim: Simulator;
}

interface Crawl {
  wallMs: number;
  /** CPU time of the dashboard process, user + system (0 without it). */
  dashboardCpuMs: number;
  /** State messages the connected page received. */
  messages: number;
}

export async function run(): Promise<BenchFigure[]> {
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  // No search warm-up: the crawl's time is its requests and the queue's work, which is what a
  // reader of the same stores could slow down.
  const sim = await startSimulator({
    seed: 1,
    latencyMs: LATENCY_MS,
    quirks: { searchWarmupMs: 0 },
    // Seven crawls of ~170 requests: more than the API's 1,000 a day, which would delay the
    // last windows to midnight.
    limits: { research: { perDay: 1_000_000 } },
  });
  const servers = { redisUrl: redis.url, postgresUrl: postgres.url, sim };
  try {
    let round = 0;
    const next = (dashboard: boolean) => crawl(servers, `r${round++}`, dashboard);
    await next(false); // warm-up: PostgreSQL's caches, the simulator's pages
    const ratios: number[] = [];
    const plainMs: number[] = [];
    const dashboardMs: number[] = [];
    let last: Crawl | undefined;
    for (let pair = 0; pair < ROUNDS; pair++) {
      // ABBA: which of the pair runs first alternates, so an order effect cancels out.
      let plain: Crawl;
      if (pair % 2 === 0) {
        plain = await next(false);
        last = await next(true);
      } else {
        last = await next(true);
        plain = await next(false);
      }
      plainMs.push(plain.wallMs);
      dashboardMs.push(last.wallMs);
      ratios.push(last.wallMs / plain.wallMs);
      process.stderr.write(
        `pair ${pair}: ${Math.round(plain.wallMs)} / ${Math.round(last.wallMs)} ms; dashboard CPU ${last.dashboardCpuMs} ms, ${last.messages} messages\n`,
      );
    }
    return [
      {
        name: `90-window queued crawl, ${WORKERS} workers, without a dashboard`,
        value: Math.round(median(plainMs)),
        unit: 'ms',
        note: `${LATENCY_MS} ms latency; from submit to the run recorded`,
      },
      {
        name: 'the same, with `tikrx queue dashboard` and a connected page',
        value: Math.round(median(dashboardMs)),
        unit: 'ms',
        note: `the page got ${last?.messages} state messages; the dashboard process used ${last?.dashboardCpuMs} ms of CPU`,
      },
      {
        name: 'cost of the queue dashboard to the crawl',
        value: Number(((median(ratios) - 1) * 100).toFixed(1)),
        unit: '% wall time',
        target: '< 5',
        note: `median of ${ROUNDS} interleaved pairs (ABBA); it reads Redis and PostgreSQL once a second`,
      },
    ];
  } finally {
    await sim.close();
    await Promise.all([redis.stop(), postgres.stop()]);
  }
}

/** One crawl on a fresh prefix and database, the workers (and the dashboard) already up. */
async function crawl(servers: Servers, name: string, dashboard: boolean): Promise<Crawl> {
  const databaseUrl = await createDatabase(servers.postgresUrl, `qd_${name}`);
  const env = {
    REDIS_URL: servers.redisUrl,
    DATABASE_URL: databaseUrl,
    TIKRX_QUEUE_PREFIX: name,
    TIKTOK_CLIENT_KEY: SIMULATOR_CREDENTIALS.clientKey,
    TIKTOK_CLIENT_SECRET: SIMULATOR_CREDENTIALS.clientSecret,
  };
  const crawlId = `bench-${name}`;
  const children = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      startTikrx(['queue', 'work', '--base-url', servers.sim.url], env, /^working:/m),
    ),
  );
  let messages = 0;
  let page: ChildProcess | undefined;
  if (dashboard) {
    page = await startTikrx(['queue', 'dashboard', '--crawl', crawlId], env, /^dashboard: /m);
    const url = /^dashboard: (http:\S+\/)/m.exec(outputOf.get(page) ?? '')?.[1];
    readDashboardEvents(`${url}events`, () => messages++);
  }
  const connections = connect({ redisUrl: servers.redisUrl, databaseUrl, prefix: name });
  const pool = new pg.Pool({ connectionString: databaseUrl });
  try {
    const startedAt = performance.now();
    await submitCrawl(
      connections,
      {
        kind: 'research.videos',
        query,
        from: servers.sim.dataset.firstDay,
        to: servers.sim.dataset.lastDay,
        windowDays: 1,
        maxCount: 40,
      },
      { crawlId },
    );
    for (;;) {
      const done = await pool
        .query("SELECT 1 FROM crawl_runs WHERE status <> 'running'")
        .catch(() => undefined);
      if (done?.rowCount === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const wallMs = performance.now() - startedAt;
    const dashboardCpuMs = page === undefined ? 0 : cpuMsOf(page.pid!);
    return { wallMs, dashboardCpuMs, messages };
  } finally {
    await Promise.all([...children, ...(page === undefined ? [] : [page])].map(interrupt));
    await connections.close();
    await pool.end();
  }
}

const outputOf = new WeakMap<ChildProcess, string>();

/** The built `tikrx`, resolved once its stderr matches `ready`. */
function startTikrx(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH, ...env },
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      outputOf.set(child, stderr);
      if (ready.test(stderr)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`tikrx ${args[1]} exited (${code}): ${stderr}`)));
  });
}

/** User + system CPU time of a running process (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name.replaceAll('-', '_')}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name.replaceAll('-', '_')}`;
  return url.toString();
}
