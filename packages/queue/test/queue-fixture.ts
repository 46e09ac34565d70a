import type { Simulator } from '@tikrx/simulator';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type QueueConfig, type QueueConnections } from '../src/connect.js';
import { freshDatabase, freshPrefix } from './fresh.js';
import { spawnWorker, stopWorkers, type WorkerEnv, type WorkerProcess } from './harness.js';

/** What a worker process takes beyond the fixture's servers, prefix and simulator. */
export type WorkerOptions = Omit<WorkerEnv, 'redisUrl' | 'databaseUrl' | 'prefix' | 'baseUrl'>;

/** A queue on a fresh database and key prefix, with worker processes against one simulator. */
export interface QueueFixture {
  config: Required<QueueConfig>;
  connections: QueueConnections;
  /** A pool on the fixture's database, for the test's own queries. */
  pool: pg.Pool;
  /** The running workers; `close` stops every one pushed here, replacements included. */
  workers: WorkerProcess[];
  /** Starts one more worker process with the fixture's environment. */
  spawnWorker(): Promise<WorkerProcess>;
  /** Stops the workers, then closes the connections and the pool (not the simulator). */
  close(): Promise<void>;
}

/** Starts `count` worker processes on a fresh database and prefix, all against `sim`. */
export async function startQueueFixture(
  sim: Simulator,
  count: number,
  options: WorkerOptions = {},
): Promise<QueueFixture> {
  const config = {
    redisUrl: inject('redisUrl'),
    databaseUrl: await freshDatabase(),
    prefix: freshPrefix(),
  };
  const connections = connect(config);
  const pool = new pg.Pool({ connectionString: config.databaseUrl });
  const spawn = () => spawnWorker({ ...config, ...options, baseUrl: sim.url });
  const workers = await Promise.all(Array.from({ length: count }, spawn));
  return {
    config,
    connections,
    pool,
    workers,
    spawnWorker: spawn,
    async close() {
      await stopWorkers(workers);
      await connections.close();
      await pool.end();
    },
  };
}
