import type { CrawlSpec } from '@tikrx/queue';
import type { ResearchQuery } from '@tikrx/research';
import { Command, Option } from 'commander';
import {
  addTargetOptions,
  checkSimulatorFlags,
  commaList,
  day,
  positiveInteger,
} from './common-options.js';
import {
  addQueueOptions,
  type QueueAddFlags,
  queueAddKindCommands,
  submitFromCli,
} from './queue-add-commands.js';
import { loadQueue, queueConfigFromEnv } from './queue-config.js';
import { formatQueueStatus } from './queue-status-text.js';
import { openWorkerClients } from './queue-worker-clients.js';
import { queryJson, queryOf, type ResearchQueryFlags } from './research-command.js';
import { EXIT_OK } from './run-crawl.js';
import type { TargetFlags } from './target.js';

/** `tikrx queue add|work|status|drain` (`dashboard` is added beside it, in the program). */
export function queueCommand(onExit: (code: number) => void): Command {
  return new Command('queue')
    .summary('crawls as jobs on Redis, run by workers anywhere, results in PostgreSQL')
    .description(
      'Crawls as BullMQ jobs on Redis: submit with `add`, run `work` on as many machines as ' +
        'you have, watch with `status` or `dashboard`. Videos, comments, users, follower entries and ' +
        'playlists are upserted into PostgreSQL. Connection: ' +
        'REDIS_URL and DATABASE_URL (TIKRX_QUEUE_PREFIX namespaces the Redis keys).',
    )
    .addCommand(addCommand(onExit))
    .addCommand(workCommand(onExit))
    .addCommand(statusCommand(onExit))
    .addCommand(drainCommand(onExit));
}

interface AddFlags extends ResearchQueryFlags, QueueAddFlags {
  from: string;
  to?: string;
  windowDays?: number;
  maxCount?: number;
}

function addCommand(onExit: (code: number) => void): Command {
  const research = new Command('research')
    .description('queue a Research API video query (cut into date windows, one job each)')
    .addOption(
      new Option('--hashtag <names>', 'videos with one of these hashtags (a,b)').argParser(
        commaList,
      ),
    )
    .addOption(
      new Option(
        '--keyword <words>',
        'videos whose description has one of these keywords',
      ).argParser(commaList),
    )
    .addOption(new Option('--username <names>', 'videos of these creators').argParser(commaList))
    .addOption(
      new Option('--query <json|@file>', "the API's own query JSON, inline or @file").argParser(
        queryJson,
      ),
    )
    .option('--region <codes>', 'only these region codes (JP,US)', commaList)
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC, inclusive)', day)
    .option('--to <day>', 'last day (default: the day each run starts)', day)
    .option('--window-days <n>', 'days per window job (1-30, default 7)', positiveInteger)
    .option('--max-count <n>', 'videos per request (1-100)', positiveInteger)
    .addHelpText(
      'after',
      `
Examples:
  $ tikrx queue add research --hashtag cats --from 2024-01-01 --to 2024-03-31
  $ tikrx queue add research --hashtag cats,dogs --from 2024-06-01 --every 1h --id pets`,
    )
    .action(async (flags: AddFlags, command: Command) => {
      const spec: CrawlSpec = {
        kind: 'research.videos',
        query: queryOf(command, flags) as ResearchQuery,
        from: flags.from,
        ...(flags.to === undefined ? {} : { to: flags.to }),
        ...(flags.windowDays === undefined ? {} : { windowDays: flags.windowDays }),
        ...(flags.maxCount === undefined ? {} : { maxCount: flags.maxCount }),
      };
      await submitFromCli(spec, flags, onExit);
    });
  addQueueOptions(research);
  const add = new Command('add')
    .description('queue a crawl: a Research video query, or any other kind as one job')
    .addCommand(research);
  for (const command of queueAddKindCommands(onExit)) add.addCommand(command);
  return add;
}

interface WorkFlags extends TargetFlags {
  concurrency?: number;
  quotaPerDay?: number;
  ratePerMinute?: number;
}

function workCommand(onExit: (code: number) => void): Command {
  const command = new Command('work')
    .description(
      'run window jobs until Ctrl-C (or SIGTERM), which lets the jobs in progress finish.\n' +
        'Credentials, for the kinds of crawl it runs: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET\n' +
        '(Research), TIKTOK_ACCESS_TOKEN (Display), SOCIALFETCH_API_KEY (Social Fetch).',
    )
    .option('--concurrency <n>', 'window jobs at once in this process (default 1)', positiveInteger)
    .option(
      '--quota-per-day <n>',
      "the organisation's Research requests a UTC day (default 1000)",
      positiveInteger,
    )
    .option(
      '--rate-per-minute <n>',
      'Research requests a minute, all workers together',
      positiveInteger,
    );
  addTargetOptions(command);
  command.action(async (flags: WorkFlags) => {
    checkSimulatorFlags(command, flags);
    const config = queueConfigFromEnv();
    const { target, clients } = await openWorkerClients(flags);
    const { safeUrl, startQueueWorker } = await loadQueue();
    const worker = await startQueueWorker({
      ...config,
      ...clients,
      concurrency: flags.concurrency ?? 1,
      quota: {
        research: {
          ...(flags.quotaPerDay === undefined ? {} : { perDay: flags.quotaPerDay }),
          ...(flags.ratePerMinute === undefined ? {} : { perMinute: flags.ratePerMinute }),
        },
      },
      onJobFailed: ({ queue, jobId, message }) =>
        process.stderr.write(`${queue} job ${jobId} failed: ${message}\n`),
    });
    process.stderr.write(
      `working: redis ${safeUrl(config.redisUrl)}, postgres ${safeUrl(config.databaseUrl)}, concurrency ${flags.concurrency ?? 1}\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stderr.write('stopping: waiting for the jobs in progress\n');
    await worker.close();
    await target.close();
    onExit(EXIT_OK);
  });
  return command;
}

function statusCommand(onExit: (code: number) => void): Command {
  return new Command('status')
    .description(
      'per crawl: windows done/running/waiting/gaps, videos; requests today against the quota',
    )
    .option('--json', 'print the status as JSON')
    .action(async (flags: { json?: boolean }) => {
      const { connect, readQueueStatus } = await loadQueue();
      const connections = connect(queueConfigFromEnv());
      try {
        const status = await readQueueStatus(connections);
        process.stdout.write(
          flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatQueueStatus(status),
        );
      } finally {
        await connections.close();
      }
      onExit(EXIT_OK);
    });
}

function drainCommand(onExit: (code: number) => void): Command {
  return new Command('drain')
    .description(
      'remove every recurring schedule and every job not started; running windows finish',
    )
    .action(async () => {
      const { connect, drainQueue } = await loadQueue();
      const connections = connect(queueConfigFromEnv());
      try {
        const drained = await drainQueue(connections);
        process.stderr.write(
          `drained: ${drained.schedulers} schedules, ${drained.jobs} jobs not started\n`,
        );
      } finally {
        await connections.close();
      }
      onExit(EXIT_OK);
    });
}
