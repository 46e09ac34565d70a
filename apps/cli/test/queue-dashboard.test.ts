import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, startRedis, type ThrowawayServer } from '@tikrx/queue/testing';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { finished, runCli, SIMULATOR_ENV, startCli, stderrMatch } from './cli-process.js';
import { counterOf, stripOf } from './dashboard-page.js';

const OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));
const PASSWORD = 'redis-dashboard-pw';

/**
 * `tikrx queue dashboard` on real Redis (with a password) and PostgreSQL, a crawl run by a
 * `tikrx queue work` process against the simulator, the page in Debian's Chromium.
 */
describe('tikrx queue dashboard, in Chromium', () => {
  let redis: ThrowawayServer;
  let postgres: ThrowawayServer;
  let sim: Simulator;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    [redis, postgres, sim, browser] = await Promise.all([
      startRedis({ password: PASSWORD }),
      startPostgres(),
      // Slow enough pages that the windows are seen running, then done, one by one.
      startSimulator({ seed: 5, latencyMs: 150, quirks: { searchWarmupMs: 0 } }),
      launchChromium(),
    ]);
    env = { REDIS_URL: redis.url, DATABASE_URL: postgres.url, TIKRX_QUEUE_PREFIX: 'dash' };
    await mkdir(OUTPUT_DIR, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await Promise.all([redis?.stop(), postgres?.stop()]);
  });

  it("draws the windows as a worker runs them, and ends on PostgreSQL's count", async () => {
    const added = await runCli(
      [
        ...'queue add research --hashtag fyp --from 2023-01-01 --to 2023-01-30'.split(' '),
        ...'--window-days 3 --max-count 20 --id fyp --owner ana'.split(' '),
      ],
      env,
    );
    expect(added).toMatchObject({ code: 0, stdout: 'fyp\n' });

    const dashboard = startCli(['queue', 'dashboard', '--crawl', 'fyp'], env);
    const dashboardDone = finished(dashboard);
    const worker = startCli(['queue', 'work', '--concurrency', '1', '--base-url', sim.url], {
      ...env,
      ...SIMULATOR_ENV,
    });
    const workerDone = finished(worker);
    try {
      const [, url] = await stderrMatch(dashboard, /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/) /m);
      const page = await browser.context.newPage();
      await page.goto(url!);
      await page.locator('[data-testid="title"]', { hasText: 'crawl fyp of ana' }).waitFor();

      // Mid-crawl: some days done, others not yet, the worker shown with its window.
      await page.waitForFunction(
        `document.querySelectorAll('[data-testid="day-strip"] > [data-state="done"]').length >= 6`,
      );
      const midStrip = await stripOf(page);
      expect(midStrip).toMatch(/^20230101:\w+ .* 20230130:\w+$/);
      expect(midStrip.split(' ')).toHaveLength(30);
      expect(midStrip).toMatch(/:(waiting|running|retrying)/);
      expect(await page.locator('#status').textContent()).toBe('running');
      expect(await page.locator('[data-testid="queue"]').textContent()).toMatch(
        /crawl fyp of ana · 1 worker on the queue/,
      );
      await page.screenshot({ path: join(OUTPUT_DIR, 'queue-dashboard-mid-crawl.png') });

      // The end: every window done, and the videos are PostgreSQL's distinct count.
      await page.locator('[data-status="done"]').waitFor({ timeout: 90_000 });
      const finalStrip = await stripOf(page);
      expect(finalStrip.match(/:done/g)).toHaveLength(30);
      expect(await page.locator('[data-testid="windows"]').textContent()).toBe('10');
      const status = JSON.parse((await runCli(['queue', 'status', '--json'], env)).stdout) as {
        crawls: Array<{ crawlId: string; videos: number }>;
        quota: Array<{ usedToday: number }>;
      };
      const stored = status.crawls.find((crawl) => crawl.crawlId === 'fyp')?.videos;
      expect(stored).toBeGreaterThan(0);
      expect(await counterOf(page, 'videos')).toBe(stored);
      const videosPerDay = await page
        .locator('[data-testid="videos-per-day"] > [data-videos]')
        .evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('data-videos'))));
      expect(videosPerDay.reduce((sum, videos) => sum + videos, 0)).toBe(stored);
      expect(await page.locator('[data-testid="top-hashtags"] li').first().textContent()).toMatch(
        /^#fyp/,
      );
      expect(await page.locator('[data-testid="quota"]').textContent()).toMatch(
        new RegExp(`^${status.quota[0]?.usedToday} used · `),
      );
      await page.screenshot({ path: join(OUTPUT_DIR, 'queue-dashboard-final.png') });
      expect(await page.content()).not.toContain(PASSWORD);

      // The page keeps the final state until the command is stopped.
      await page.reload();
      await page.locator('[data-status="done"]').waitFor();
      expect(await counterOf(page, 'videos')).toBe(stored);
    } finally {
      dashboard.kill('SIGINT');
      worker.kill('SIGTERM');
    }
    const [stopped, work] = await Promise.all([dashboardDone, workerDone]);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('redis redis://:***@127.0.0.1:');
    expect(`${stopped.stdout}${stopped.stderr}${work.stderr}`).not.toContain(PASSWORD);
  }, 150_000);
});
