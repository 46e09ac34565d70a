import { badRequest } from '@tikrx/core/internal';
import type { QueueConfig } from '@tikrx/queue';

/**
 * @tikrx/queue (BullMQ, ioredis, pg) is loaded by the queue commands only: every other
 * command starts without it (it was about half of the CLI's start-up time).
 */
export const loadQueue = () => import('@tikrx/queue');

/** `REDIS_URL` and `DATABASE_URL`, or a usage error naming the one missing. */
export function queueConfigFromEnv(env: NodeJS.ProcessEnv = process.env): QueueConfig {
  const read = (name: 'REDIS_URL' | 'DATABASE_URL', example: string) => {
    const value = env[name]?.trim();
    if (!value) throw badRequest(`Missing ${name} (${example}): set it to reach the queue`);
    return value;
  };
  return {
    redisUrl: read('REDIS_URL', 'redis://host:6379'),
    databaseUrl: read('DATABASE_URL', 'postgres://user@host:5432/db'),
    ...(env.TIKRX_QUEUE_PREFIX ? { prefix: env.TIKRX_QUEUE_PREFIX } : {}),
  };
}
