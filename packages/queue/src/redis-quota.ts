import { type RateLimiter, type RateLimitPermit, TikrxError } from '@tikrx/core';
import type { Redis } from 'ioredis';
import { Observable } from 'rxjs';
import { dayOf, nextUtcMidnightMs } from './days.js';
import type { QuotaApi } from './job-data.js';

/** One organisation's limits for one API, shared by every worker through Redis. */
export interface SharedQuotaOptions {
  redis: Redis;
  /** Key prefix, the same as the queues'. Default `tikrx`. */
  prefix?: string;
  api: QuotaApi;
  /** Requests a UTC day, failures included (the Research API: 1,000). */
  perDay: number;
  /** Requests a minute for all workers together; default: no rate limit. */
  perMinute?: number;
  /** Clock, ms since the epoch; the day rolls over at its 00:00 UTC. Default `Date.now`. */
  now?: () => number;
}

/** Where the day's quota stands. */
export interface QuotaUsage {
  api: QuotaApi;
  usedToday: number;
  limit: number | undefined;
  /** ISO time of the next 00:00 UTC. */
  resetsAt: string;
}

/** A limiter every worker shares; a spent quota fails `acquire` with `quota_exhausted`. */
export interface SharedQuota extends RateLimiter {
  /** Requests spent today (UTC day) against the daily limit, read from Redis. */
  usage(): Promise<QuotaUsage>;
}

// One atomic step for every request of every worker: refuse when the day's count is spent;
// else, when a rate is set, follow GCRA (a "theoretical arrival time" that each request pushes
// one interval ahead) and answer how long to wait; else count the request. Counting before the
// request is sent is what makes failures count too.
// KEYS: day counter, arrival time, limit. ARGV: now ms, daily limit, interval ms, ttl ms.
const ACQUIRE_LUA = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[3], ARGV[2])
if used >= tonumber(ARGV[2]) then return {-1, used} end
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[3])
if interval > 0 then
  local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
  if tat > now then return {tat - now, used} end
  redis.call('SET', KEYS[2], now + interval, 'PX', math.max(1, interval * 2 + 60000))
end
used = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {0, used}`;

// A 429: nobody sends before now + delay.
const PENALIZE_LUA = `
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local until_ms = tonumber(ARGV[1]) + tonumber(ARGV[2])
if until_ms > tat then redis.call('SET', KEYS[1], until_ms, 'PX', tonumber(ARGV[2]) + 60000) end
return 0`;

/** Pause after a 429 without Retry-After. */
const DEFAULT_PENALTY_MS = 5_000;

/** Keys of one API's quota. */
export function quotaKeys(prefix: string, api: QuotaApi, day: string) {
  return {
    used: `${prefix}:quota:${api}:${day}`,
    arrival: `${prefix}:quota:${api}:arrival`,
    limit: `${prefix}:quota:${api}:limit`,
  };
}

/**
 * The organisation's rate limit and daily quota for one API, in Redis: every worker that
 * creates one with the same `redis`, `prefix` and `api` shares them. Pass it as a client's
 * `limiter`. When the day's requests are spent, `acquire` fails with `quota_exhausted`
 * (not retried) naming the reset time; the worker then delays its job until 00:00 UTC.
 */
export function createSharedQuota(options: SharedQuotaOptions): SharedQuota {
  const { redis, api, perDay } = options;
  const prefix = options.prefix ?? 'tikrx';
  const now = options.now ?? Date.now;
  const intervalMs = options.perMinute === undefined ? 0 : 60_000 / options.perMinute;

  const tryOnce = async (): Promise<number> => {
    const nowMs = now();
    const keys = quotaKeys(prefix, api, dayOf(nowMs));
    const ttlMs = nextUtcMidnightMs(nowMs) - nowMs + 86_400_000;
    const [waitMs] = (await redis.eval(
      ACQUIRE_LUA,
      3,
      keys.used,
      keys.arrival,
      keys.limit,
      nowMs,
      perDay,
      intervalMs,
      ttlMs,
    )) as [number, number];
    if (waitMs === -1) {
      throw new TikrxError({
        kind: 'quota_exhausted',
        message: `the shared daily quota of ${perDay} ${api} requests is spent; it resets at ${new Date(nextUtcMidnightMs(nowMs)).toISOString()}`,
        retryable: false,
      });
    }
    return waitMs;
  };

  const acquire = (): Observable<RateLimitPermit> =>
    new Observable<RateLimitPermit>((subscriber) => {
      const startedAt = performance.now();
      let cancelled = false;
      const loop = async () => {
        for (;;) {
          const waitMs = await tryOnce();
          if (cancelled) return;
          if (waitMs === 0) break;
          await sleep(waitMs);
          if (cancelled) return;
        }
        subscriber.next({ waitedMs: Math.round(performance.now() - startedAt), release() {} });
        subscriber.complete();
      };
      loop().catch((error: unknown) => subscriber.error(error));
      return () => {
        cancelled = true;
      };
    });

  return {
    acquire,
    penalize(retryAfterMs) {
      const keys = quotaKeys(prefix, api, dayOf(now()));
      // Fire and forget: a lost penalty only means one more 429, which penalizes again.
      redis
        .eval(PENALIZE_LUA, 1, keys.arrival, now(), retryAfterMs ?? DEFAULT_PENALTY_MS)
        .catch(() => {});
    },
    usage: () => readQuotaUsage(redis, prefix, api, now()),
  };
}

/** The day's count and limit of one API as the workers left them in Redis. */
export async function readQuotaUsage(
  redis: Redis,
  prefix: string,
  api: QuotaApi,
  nowMs: number,
): Promise<QuotaUsage> {
  const keys = quotaKeys(prefix, api, dayOf(nowMs));
  const [used, limit] = await redis.mget(keys.used, keys.limit);
  return {
    api,
    usedToday: Number(used ?? 0),
    limit: limit === null ? undefined : Number(limit),
    resetsAt: new Date(nextUtcMidnightMs(nowMs)).toISOString(),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
