import type { QueueStatus } from '@tikrx/queue';

/** `tikrx queue status` as a table: one line per crawl, then the quota and the workers. */
export function formatQueueStatus(status: QueueStatus): string {
  const header = [
    'crawl',
    'owner',
    'done',
    'running',
    'waiting',
    'delayed',
    'gaps',
    'videos',
    'last run',
    'every',
    'records',
  ];
  const rows = status.crawls.map((crawl) => [
    crawl.crawlId,
    crawl.owner,
    String(crawl.windows.done),
    String(crawl.windows.running),
    String(crawl.windows.waiting),
    String(crawl.windows.delayed),
    crawl.gaps.length > 0 ? crawl.gaps.join(',') : String(crawl.windows.gaps),
    String(crawl.videos),
    crawl.lastRun === undefined
      ? '-'
      : `${crawl.lastRun.status} to ${crawl.lastRun.coversUntil ?? '-'}`,
    crawl.every === undefined ? '-' : `${Math.round(crawl.every.ms / 60_000)}m`,
    // Comments, users, follower entries, playlists (crawls of other kinds than videos).
    String(crawl.records ?? 0),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    `${row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`;
  const quota = status.quota
    .map(
      (q) => `${q.api} requests today: ${q.usedToday} of ${q.limit ?? '?'} (resets ${q.resetsAt})`,
    )
    .join('\n');
  return `${[header, ...rows].map(line).join('')}${quota}\nworkers: ${status.workers}\n`;
}
