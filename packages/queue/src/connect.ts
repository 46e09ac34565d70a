import { FlowProducer, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { PlanJobData, RunJobData, WindowJobData, WindowResult } from './job-data.js';

/** Where the queue lives. The same values on every machine make one organisation's queue. */
export interface QueueConfig {
  /** `redis://[:password@]host:port[/db]` (`REDIS_URL`). */
  redisUrl: string;
  /** `postgres://user[:password]@host:port/db` (`DATABASE_URL`); the sink and run history. */
  databaseUrl: string;
  /** Namespace of every Redis key, so several queues can share one Redis. Default `tikrx`. */
  prefix?: string;
}

/** The queue of plan jobs and of runs (the flows' parents). */
export const CRAWLS_QUEUE = 'crawls';
/** The window jobs' queue (each run's children). */
export const WINDOWS_QUEUE = 'windows';

/** Open connections to Redis and PostgreSQL and the BullMQ handles on them. */
export interface QueueConnections {
  prefix: string;
  redis: Redis;
  pool: pg.Pool;
  crawls: Queue<PlanJobData | RunJobData>;
  windows: Queue<WindowJobData, WindowResult>;
  flows: FlowProducer;
  /** Closes everything opened here. */
  close(): Promise<void>;
}

/** Opens Redis (one connection shared by the queue handles) and a PostgreSQL pool. */
export function connect(config: QueueConfig): QueueConnections {
  const prefix = config.prefix ?? 'tikrx';
  // BullMQ's blocking commands need `maxRetriesPerRequest: null`; ioredis reconnects on its own.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  // A connection dropped while idle (PostgreSQL restarted) is an 'error' on the pool; the next
  // query opens a new one. Without a listener Node would crash the worker.
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  pool.on('error', () => {});
  const crawls = new Queue<PlanJobData | RunJobData>(CRAWLS_QUEUE, { connection: redis, prefix });
  const windows = new Queue<WindowJobData, WindowResult>(WINDOWS_QUEUE, {
    connection: redis,
    prefix,
  });
  const flows = new FlowProducer({ connection: redis, prefix });
  return {
    prefix,
    redis,
    pool,
    crawls,
    windows,
    flows,
    async close() {
      await Promise.allSettled([crawls.close(), windows.close(), flows.close()]);
      await Promise.allSettled([pool.end(), redis.quit()]);
    },
  };
}
