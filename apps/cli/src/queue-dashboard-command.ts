import type { QueueConfig } from '@tikrx/queue';
import { Command } from 'commander';
import { portNumber } from './common-options.js';
import { startDashboard } from './dashboard/dashboard-server.js';
import { EXIT_OK } from './exit-codes.js';
import { queueConfigFromEnv } from './queue-config.js';

/** Credentials a queue dashboard's environment may hold, scrubbed from the page besides the URLs' passwords. */
const CREDENTIAL_VARIABLES = [
  'TIKTOK_CLIENT_KEY',
  'TIKTOK_CLIENT_SECRET',
  'TIKTOK_ACCESS_TOKEN',
  'SOCIALFETCH_API_KEY',
] as const;

/** `tikrx queue dashboard [--port N] [--crawl id]`. */
export function queueDashboardCommand(onExit: (code: number) => void): Command {
  return new Command('dashboard')
    .description(
      'serve the live dashboard of a queued crawl on 127.0.0.1, read from Redis and PostgreSQL ' +
        'every second, until Ctrl-C (or SIGTERM)',
    )
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)', portNumber)
    .option('--crawl <crawl-id>', 'the crawl to show (default: the crawl queued last)')
    .action(async (flags: { port?: number; crawl?: string }) => {
      const config = queueConfigFromEnv();
      // Loaded here, not at start-up: BullMQ, ioredis and pg are for the queue commands only.
      const { connect, safeUrl } = await import('@tikrx/queue');
      const { queueDashboardSource } = await import('./queue-dashboard/queue-dashboard-source.js');
      const connections = connect(config);
      const server = await startDashboard({
        inputs: queueDashboardSource(
          connections,
          flags.crawl === undefined ? {} : { crawlId: flags.crawl },
        ),
        port: flags.port ?? 0,
        secrets: secretsOf(config),
      });
      process.stderr.write(
        `dashboard: ${server.url} (crawl ${flags.crawl ?? 'queued last'}; redis ${safeUrl(config.redisUrl)}, postgres ${safeUrl(config.databaseUrl)})\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      await connections.close();
      onExit(EXIT_OK);
    });
}

/** The connection URLs' passwords and any credential in the environment. */
function secretsOf(config: QueueConfig): string[] {
  const secrets: string[] = [];
  for (const url of [config.redisUrl, config.databaseUrl]) {
    try {
      const password = new URL(url).password;
      if (password !== '') secrets.push(password, decodeURIComponent(password));
    } catch {
      // Not a URL: connect() reports it.
    }
  }
  for (const name of CREDENTIAL_VARIABLES) {
    const value = process.env[name]?.trim();
    if (value) secrets.push(value);
  }
  return secrets;
}
