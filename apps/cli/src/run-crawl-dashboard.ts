import { type CrawlDashboard, openCrawlDashboard } from './crawl-dashboard.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';
import type { ProgressReporter } from './progress-reporter.js';
import type { CrawlDefinition, OutputFlags } from './run-crawl.js';

/** `--dashboard [port]`: the page of this crawl, its URL printed first; absent without the flag. */
export async function openDashboardOfCrawl(
  definition: CrawlDefinition,
  flags: OutputFlags,
  reporter: ProgressReporter,
  secrets: readonly string[],
): Promise<CrawlDashboard | undefined> {
  if (flags.dashboard === undefined) return undefined;
  const dashboard = await openCrawlDashboard({
    port: flags.dashboard,
    // The command as typed reads better than the crawl's key; it holds no credential
    // (those come from the environment), and the page redacts it all the same.
    title: ['tikrx', ...process.argv.slice(2)].join(' '),
    ...(definition.range === undefined ? {} : { range: definition.range }),
    summary: reporter.snapshot,
    secrets,
  });
  reporter.note(`dashboard: ${dashboard.url}`);
  return dashboard;
}

/**
 * After the crawl: an interrupted crawl closes its page at once; otherwise the page keeps the
 * final state until Ctrl-C (or SIGTERM).
 */
export async function closeDashboardAfterCrawl(
  dashboard: CrawlDashboard | undefined,
  code: number,
  reporter: ProgressReporter,
): Promise<void> {
  if (dashboard === undefined) return;
  if (code === EXIT_INTERRUPTED) {
    await dashboard.close();
    return;
  }
  reporter.note(`dashboard: ${dashboard.url} shows the final state until Ctrl-C`);
  await dashboard.holdUntilInterrupted();
}
