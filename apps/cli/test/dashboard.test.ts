import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { finished, idsOfNdjson, SIMULATOR_ENV, startCli, stderrMatch } from './cli-process.js';
import { counterOf, numberOf, stripOf } from './dashboard-page.js';

/** Where the test writes its screenshots; the README's `docs/dashboard.png` is a copy of `dashboard-mid-crawl.png`. */
const OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));

let browser: Awaited<ReturnType<typeof launchChromium>>;
let workDir: string;

beforeAll(async () => {
  browser = await launchChromium();
  workDir = await mkdtemp(join(tmpdir(), 'tikrx-dashboard-'));
  await mkdir(OUTPUT_DIR, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** A day the simulator always fails (the field reports such days): the crawl gives it up. */
const FAILING_DAY = '20230212';

describe('the --dashboard page of a running simulator crawl, in Chromium', () => {
  it('moves as the crawl does, shows the failing day as a gap, and ends on the summary', async () => {
    // A slow simulator, small pages and short windows: the crawl takes seconds, long enough
    // to watch its days go from waiting to done.
    const sim = await startSimulator({
      seed: 5,
      latencyMs: 100,
      quirks: { failingDays: [FAILING_DAY], searchWarmupMs: 0 },
      faults: { rate: 0.05, kinds: ['500', '429'], seed: 4 },
    });
    const out = join(workDir, 'videos.ndjson');
    const cli = startCli(
      [
        ...'research --hashtag fyp --from 2023-01-01 --to 2023-02-28 --max-count 25'.split(' '),
        ...'--concurrency 3 --window-days 6 --base-url'.split(' '),
        sim.url,
        ...['--out', out, '--dashboard'],
      ],
      SIMULATOR_ENV,
    );
    const result = finished(cli);
    try {
      const [, url] = await stderrMatch(cli, /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
      // The crawl fails for its gap day, after every other day is done.
      const summaryLine = stderrMatch(cli, /^failed: (.*)$/m);

      const page = await browser.context.newPage();
      await page.goto(url!);
      await page.locator('[data-status="running"]').waitFor();
      const firstVideos = await counterOf(page, 'videos');
      const firstStrip = await stripOf(page);
      expect(firstStrip).toMatch(/^20230101:\w+ .* 20230228:\w+$/);

      // Live: the counters and the strip change while the crawl runs, pushed by the server.
      await page.waitForFunction(
        `Number(document.querySelector('[data-counter="videos"]').textContent.replaceAll(',', '')) > ${firstVideos}`,
      );
      await page.locator('[data-testid="day-strip"] > [data-state="done"]').first().waitFor();
      expect(await stripOf(page)).not.toBe(firstStrip);
      // Well into the crawl, for the README's picture.
      await page.waitForFunction(
        `document.querySelectorAll('[data-testid="day-strip"] > [data-state="done"]').length >= 20`,
      );
      expect(await page.locator('#status').textContent()).toBe('running');
      await page.screenshot({ path: join(OUTPUT_DIR, 'dashboard-mid-crawl.png') });

      // The end: the outcome, the gap, and the numbers of the closing summary line.
      await page.locator('[data-status="failed"]').waitFor({ timeout: 60_000 });
      const [, summary] = await summaryLine;
      const figures = Object.fromEntries(
        [...summary!.matchAll(/([\d,.]+)s? ([a-z]+)/g)].map((match) => [
          match[2],
          numberOf(match[1]!),
        ]),
      );
      for (const name of ['videos', 'pages', 'retries', 'duplicates']) {
        expect(await counterOf(page, name), name).toBe(figures[name]);
      }
      const written = idsOfNdjson(await readFile(out, 'utf8'));
      expect(await counterOf(page, 'videos')).toBe(written.length);

      const finalStrip = await stripOf(page);
      expect(finalStrip).toContain(`${FAILING_DAY}:gap`);
      expect(finalStrip.match(/:gap/g)).toHaveLength(1);
      expect(finalStrip.match(/:done/g)).toHaveLength(58);
      await expect
        .poll(() => page.locator('[data-testid="notices"] li[data-level="gap"]').textContent())
        .toContain(FAILING_DAY);

      const perDay = await page
        .locator('[data-testid="videos-per-day"] > [data-videos]')
        .evaluateAll((bars) =>
          bars.map((bar) => [
            bar.getAttribute('data-day'),
            Number(bar.getAttribute('data-videos')),
          ]),
        );
      expect(perDay.reduce((sum, [, videos]) => sum + Number(videos), 0)).toBe(written.length);
      expect(perDay.map(([day]) => day)).not.toContain(FAILING_DAY);
      expect(await page.locator('[data-testid="top-hashtags"] li').first().textContent()).toMatch(
        /^#fyp/,
      );
      expect(await page.locator('[data-testid="quota"]').textContent()).toMatch(/ used · /);
      await page.screenshot({ path: join(OUTPUT_DIR, 'dashboard-final.png') });

      // The page stays up with the final state until the process is told to stop.
      await page.reload();
      await page.locator('[data-status="failed"]').waitFor();
      expect(await counterOf(page, 'videos')).toBe(figures['videos']);
      cli.kill('SIGINT');
      expect((await result).code).toBe(1);
      await page.locator('#banner', { hasText: 'final state' }).waitFor();
      expect(await counterOf(page, 'videos')).toBe(figures['videos']);
    } finally {
      cli.kill('SIGKILL');
      await sim.close();
    }
  }, 120_000);
});
