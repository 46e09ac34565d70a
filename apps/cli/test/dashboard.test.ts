import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { finished, idsOfNdjson, startCli } from './cli-process.js';

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

/** Resolves with the first match of `pattern` in the child's stderr. */
function stderrMatch(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = pattern.exec(text);
      if (match !== null) {
        child.stderr?.off('data', onData);
        resolve(match);
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before ${pattern}; stderr:\n${text}`)));
  });
}

const counter = (page: Page, name: string) =>
  page
    .locator(`[data-counter="${name}"]`)
    .textContent()
    .then((text) => toNumber(text ?? ''));

function toNumber(text: string): number {
  return Number(text.replaceAll(',', '').replace(/s$/, ''));
}

/** The day strip as one string, `20230101:done 20230102:running …`. */
const stripOf = (page: Page) =>
  page
    .locator('[data-testid="day-strip"] > [data-day]')
    .evaluateAll((cells) =>
      cells.map((cell) => `${cell.getAttribute('data-day')}:${cell.getAttribute('data-state')}`),
    )
    .then((cells) => cells.join(' '));

describe('the --dashboard page of a running simulator crawl, in Chromium', () => {
  it('moves as the crawl does and ends on the numbers of its summary', async () => {
    const out = join(workDir, 'videos.ndjson');
    // Small pages and a slow simulator: the crawl takes seconds, long enough to watch.
    const cli = startCli([
      ...'research --simulator --sim-seed 5 --sim-latency 120 --hashtag fyp'.split(' '),
      ...'--from 2023-01-01 --to 2023-02-28 --max-count 25 --concurrency 2'.split(' '),
      ...['--sim-faults', 'rate=0.08,kinds=500+429,seed=4'],
      ...['--out', out, '--dashboard'],
    ]);
    const result = finished(cli);
    const [, url] = await stderrMatch(cli, /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
    const summaryLine = stderrMatch(cli, /^done: (.*)$/m);

    const page = await browser.context.newPage();
    await page.goto(url!);
    await page.locator('[data-status="running"]').waitFor();
    const firstVideos = await counter(page, 'videos');
    const firstStrip = await stripOf(page);
    expect(firstStrip).toMatch(/^20230101:\w+ .* 20230228:\w+$/);

    // Live: the counters and the strip change while the crawl runs, pushed by the server.
    await page.waitForFunction(
      `Number(document.querySelector('[data-counter="videos"]').textContent.replaceAll(',', '')) > ${firstVideos}`,
    );
    // Well into the crawl, for the README's picture.
    await page.waitForFunction(
      `Number(document.querySelector('[data-counter="requests"]').textContent) >= 20`,
    );
    expect(await page.locator('#status').textContent()).toBe('running');
    await page.screenshot({ path: join(OUTPUT_DIR, 'dashboard-mid-crawl.png') });

    // The end: the page shows the outcome and the numbers of the closing summary line.
    await page.locator('[data-status="done"]').waitFor({ timeout: 60_000 });
    const [, summary] = await summaryLine;
    const figures = Object.fromEntries(
      [...summary!.matchAll(/([\d,.]+)s? ([a-z]+)/g)].map((match) => [
        match[2],
        toNumber(match[1]!),
      ]),
    );
    expect(await counter(page, 'videos')).toBe(figures['videos']);
    expect(await counter(page, 'pages')).toBe(figures['pages']);
    expect(await counter(page, 'retries')).toBe(figures['retries']);
    expect(await counter(page, 'duplicates')).toBe(figures['duplicates']);
    const written = idsOfNdjson(await readFile(out, 'utf8'));
    expect(await counter(page, 'videos')).toBe(written.length);
    expect(figures['retries']).toBeGreaterThan(0);
    const retryKinds = await page
      .locator('[data-testid="retries-by-kind"] li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
    expect(retryKinds.length).toBeGreaterThan(0);
    const perDay = await page
      .locator('[data-testid="videos-per-day"] > [data-videos]')
      .evaluateAll((bars) =>
        bars.reduce((sum, bar) => sum + Number(bar.getAttribute('data-videos')), 0),
      );
    expect(perDay).toBe(written.length);
    expect(await page.locator('[data-testid="top-hashtags"] li').first().textContent()).toMatch(
      /^#fyp/,
    );
    await page.screenshot({ path: join(OUTPUT_DIR, 'dashboard-final.png') });

    // The page stays up with the final state until the process is told to stop.
    await page.reload();
    await page.locator('[data-status="done"]').waitFor();
    expect(await counter(page, 'videos')).toBe(figures['videos']);
    cli.kill('SIGINT');
    const { code } = await result;
    expect(code).toBe(0);
    await page.locator('#banner', { hasText: 'final state' }).waitFor();
    expect(await counter(page, 'videos')).toBe(figures['videos']);
  }, 90_000);
});
