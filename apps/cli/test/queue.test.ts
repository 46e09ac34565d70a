import { startPostgres, startRedis, type ThrowawayServer } from '@tikrx/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, runCli, startCli } from './cli-process.js';

const PASSWORD = 'redis-s3cret-pw';

/** Real Redis (with a password) and PostgreSQL, started for this file. */
describe('tikrx queue (real Redis and PostgreSQL)', () => {
  let redis: ThrowawayServer;
  let postgres: ThrowawayServer;
  let env: Record<string, string>;
  const outputs: string[] = [];
  const cli = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const result = await runCli(['queue', ...args], { ...env, ...extraEnv });
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis({ password: PASSWORD }), startPostgres()]);
    env = { REDIS_URL: redis.url, DATABASE_URL: postgres.url, TIKRX_QUEUE_PREFIX: 'cli' };
  }, 60_000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), postgres?.stop()]);
    // No output of any command ever showed the Redis password.
    expect(outputs.join('\n')).not.toContain(PASSWORD);
  });

  it('adds a crawl, works it off, shows its status, drains a schedule', async () => {
    const added = await cli([
      'add',
      'research',
      '--hashtag',
      'cat',
      '--from',
      '2023-01-01',
      '--to',
      '2023-01-20',
      '--window-days',
      '5',
      '--owner',
      'ana',
      '--id',
      'cats',
    ]);
    expect(added).toMatchObject({ code: 0, stdout: 'cats\n' });

    const worker = startCli(['queue', 'work', '--simulator', '--concurrency', '2'], env);
    const workerDone = finished(worker);
    type Status = { crawls: Array<Record<string, unknown>> };
    let status: Status | undefined;
    for (let i = 0; i < 300 && status === undefined; i++) {
      const result = await cli(['status', '--json']);
      const parsed = JSON.parse(result.stdout) as Status;
      if (parsed.crawls[0]?.lastRun !== undefined) status = parsed;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status?.crawls[0]).toMatchObject({
      crawlId: 'cats',
      owner: 'ana',
      windows: { done: 4, running: 0, waiting: 0, delayed: 0, gaps: 0 },
      lastRun: { status: 'done', coversUntil: '20230120' },
    });
    expect(status?.crawls[0]?.videos).toBeGreaterThan(0);

    const table = await cli(['status']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^cats\s+ana\s+4\s+0\s+0\s+0\s+0\s+\d+\s+done to 20230120/m);
    expect(table.stdout).toMatch(/research requests today: \d+ of 1000/);

    await cli(['add', 'research', '--hashtag', 'dog', '--from', '2023-01-01', '--every', '1h']);
    const drained = await cli(['drain']);
    expect(drained.stderr).toMatch(/drained: 1 schedules/);

    worker.kill('SIGTERM');
    const stopped = await workerDone;
    outputs.push(stopped.stdout, stopped.stderr);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('working: redis redis://:***@127.0.0.1:');
  }, 120_000);

  it('refuses bad input and missing connection variables with exit 2, before connecting', async () => {
    const backwards = await cli(
      ['add', 'research', '--hashtag', 'cat', '--from', '2023-02-01', '--to', '2023-01-01'],
      { REDIS_URL: 'redis://:other-pw@127.0.0.1:1' },
    );
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/to \(20230101\) is before from \(20230201\)/);
    expect(backwards.stderr).not.toContain('other-pw');

    const every = await cli([
      'add',
      'research',
      '--hashtag',
      'cat',
      '--from',
      '2023-01-01',
      '--every',
      'often',
    ]);
    expect(every.code).toBe(2);
    expect(every.stderr).toMatch(/every must be a number and a unit/);

    const missing = await cli(['status'], { DATABASE_URL: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Missing DATABASE_URL/);
  }, 60_000);
});
