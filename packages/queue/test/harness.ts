import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIMULATOR_CREDENTIALS } from '@tikrx/simulator';
import type pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));

/** A worker process (test/worker-process.ts) and how to stop it. */
export interface WorkerProcess {
  pid: number;
  child: ChildProcess;
  /** Resolves when it exits. */
  exited: Promise<number | null>;
  stderr(): string;
}

/** Environment of a worker process: servers, prefix, simulator, quota, clock offset. */
export interface WorkerEnv {
  redisUrl: string;
  databaseUrl: string;
  prefix?: string;
  baseUrl: string;
  concurrency?: number;
  quotaPerDay?: number;
  clockOffsetMs?: number;
}

/** Starts `node test/worker-process.ts` and resolves once it is taking jobs. */
export function spawnWorker(env: WorkerEnv): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@tikrx/source', '--import', 'tsx', join(here, 'worker-process.ts')],
    {
      cwd: join(here, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        REDIS_URL: env.redisUrl,
        DATABASE_URL: env.databaseUrl,
        TIKRX_PREFIX: env.prefix ?? 'tikrx',
        TIKRX_BASE_URL: env.baseUrl,
        TIKTOK_CLIENT_KEY: SIMULATOR_CREDENTIALS.clientKey,
        TIKTOK_CLIENT_SECRET: SIMULATOR_CREDENTIALS.clientSecret,
        TIKTOK_ACCESS_TOKEN: SIMULATOR_CREDENTIALS.displayAccessToken,
        SOCIALFETCH_API_KEY: SIMULATOR_CREDENTIALS.apiKey,
        TIKRX_CONCURRENCY: String(env.concurrency ?? 1),
        TIKRX_QUOTA_PER_DAY: String(env.quotaPerDay ?? 1_000_000),
        TIKRX_CLOCK_OFFSET_MS: String(env.clockOffsetMs ?? 0),
      },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (process.env.TIKRX_DEBUG_WORKERS) process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () =>
      resolve({ pid: child.pid!, child, exited, stderr: () => stderr }),
    );
    exited.then((code) => reject(new Error(`worker exited (${code}) before ready: ${stderr}`)));
  });
}

/** Stops workers gracefully (SIGTERM) and waits for them. */
export async function stopWorkers(workers: readonly WorkerProcess[]): Promise<void> {
  await Promise.all(
    workers.map((worker) => {
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.child.kill('SIGTERM');
      }
      return worker.exited;
    }),
  );
}

/** Polls `check` every 100 ms until it returns a value other than `undefined`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every video id in the database, sorted, and the row count (which a duplicate would exceed). */
export async function storedIds(pool: pg.Pool): Promise<{ ids: string[]; rows: number }> {
  const result = await pool.query<{ id: string }>('SELECT id FROM videos');
  return { ids: result.rows.map((row) => row.id).sort(), rows: result.rowCount ?? 0 };
}
