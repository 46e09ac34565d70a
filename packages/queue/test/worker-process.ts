// A worker process for the integration tests and the bench: configured by environment
// variables, stopped by SIGTERM (graceful) or SIGKILL (the point of the tests).
import { startQueueWorker } from '../src/start-worker.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const offsetMs = Number(process.env.TIKRX_CLOCK_OFFSET_MS ?? 0);
const worker = await startQueueWorker({
  redisUrl: env('REDIS_URL'),
  databaseUrl: env('DATABASE_URL'),
  prefix: env('TIKRX_PREFIX'),
  concurrency: Number(process.env.TIKRX_CONCURRENCY ?? 1),
  research: {
    clientKey: env('TIKTOK_CLIENT_KEY'),
    clientSecret: env('TIKTOK_CLIENT_SECRET'),
    baseUrl: env('TIKRX_BASE_URL'),
  },
  display: { accessToken: env('TIKTOK_ACCESS_TOKEN'), baseUrl: env('TIKRX_BASE_URL') },
  socialfetch: { apiKey: env('SOCIALFETCH_API_KEY'), baseUrl: env('TIKRX_BASE_URL') },
  quota: { research: { perDay: Number(process.env.TIKRX_QUOTA_PER_DAY ?? 1000) } },
  now: () => Date.now() + offsetMs,
  lockDurationMs: Number(process.env.TIKRX_LOCK_MS ?? 2_000),
  stalledIntervalMs: Number(process.env.TIKRX_STALLED_MS ?? 1_000),
  onJobFailed: ({ jobId, message }) => process.stderr.write(`job ${jobId} failed: ${message}\n`),
});
process.on('SIGTERM', () => {
  worker.close().then(() => process.exit(0));
});
process.stdout.write('ready\n');
