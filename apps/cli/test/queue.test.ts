import { startPostgres, startRedis, type ThrowawayServer } from '@tikrx/queue/testing';
import { type Simulator, startSimulator } from '@tikrx/simulator';
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

  it('queues the other kinds (Display, Social Fetch, Research lists) and works them off', async () => {
    // The same dataset as the worker's embedded simulator (default seed), for the expected ids.
    const sim: Simulator = await startSimulator();
    const own = { TIKRX_QUEUE_PREFIX: 'cli-kinds' };
    try {
      const creator = sim.dataset.featuredCreator;
      const videoIds = sim.expected.socialfetch(creator).slice(0, 3);
      for (const args of [
        ['followers', creator, '--max-count', '10', '--id', 'fol'],
        ['socialfetch', `@${creator}`, '--sort', 'latest', '--id', 'sf'],
        ['display', '--max-count', '5', '--id', 'disp'],
        ['comments', ...videoIds, '--max-count', '20', '--id', 'com'],
      ]) {
        expect(await cli(['add', ...args], own)).toMatchObject({ code: 0 });
      }
      const worker = startCli(['queue', 'work', '--simulator', '--concurrency', '4'], {
        ...env,
        ...own,
      });
      const workerDone = finished(worker);
      type Crawl = { crawlId: string; videos: number; records: number; lastRun?: unknown };
      let crawls: Crawl[] = [];
      for (let i = 0; i < 300; i++) {
        crawls = (JSON.parse((await cli(['status', '--json'], own)).stdout) as { crawls: Crawl[] })
          .crawls;
        // The database is the first test's too: its crawl shows up beside these four.
        const ours = crawls.filter((crawl) => ['fol', 'sf', 'disp', 'com'].includes(crawl.crawlId));
        if (ours.length === 4 && ours.every((crawl) => crawl.lastRun !== undefined)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const byId = Object.fromEntries(crawls.map((crawl) => [crawl.crawlId, crawl]));
      expect(byId['fol']?.records).toBe(sim.expected.followers(creator).length);
      expect(byId['sf']?.videos).toBe(sim.expected.socialfetch(creator).length);
      expect(byId['disp']?.videos).toBe(sim.expected.display().length);
      expect(byId['com']?.records).toBe(videoIds.flatMap((id) => sim.expected.comments(id)).length);
      worker.kill('SIGTERM');
      const stopped = await workerDone;
      outputs.push(stopped.stdout, stopped.stderr);
      expect(stopped.code).toBe(0);
    } finally {
      await sim.close();
    }
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

    const badId = await cli(['add', 'comments', '7300000000000000001', 'x2']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/videoIds\[1\]/);
    const badSort = await cli(['add', 'socialfetch', 'ana', '--sort', 'oldest']);
    expect(badSort.code).toBe(2);
    const badHandle = await cli(['add', 'followers', 'not a name']);
    expect(badHandle.code).toBe(2);
    expect(badHandle.stderr).toMatch(/username/);

    const missing = await cli(['status'], { DATABASE_URL: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Missing DATABASE_URL/);
  }, 60_000);
});
