import { SIMULATOR_CREDENTIALS, startSimulator } from '@tikrx/simulator';
import { Command } from 'commander';
import { nonNegativeInteger, positiveInteger } from './common-options.js';
import { simulatorOptions } from './target.js';

interface SimulateFlags {
  port?: number;
  host?: string;
  seed?: string;
  faults?: string;
  size?: number;
  latency?: number;
}

export function simulateCommand(onExit: (code: number) => void): Command {
  const command = new Command('simulate')
    .summary('run the local simulator of all three APIs')
    .description(
      'Runs @tikrx/simulator, a local server speaking the Research, Display and Social Fetch ' +
        'APIs over a deterministic dataset, until Ctrl-C. Prints its URL on stdout, and how ' +
        'to use it on stderr.',
    )
    .option('--port <n>', 'port (default: a free one)', nonNegativeInteger)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--seed <seed>', 'dataset seed')
    .option('--size <videos>', 'videos in the dataset (default 20000)', positiveInteger)
    .option('--latency <ms>', 'delay before each response', nonNegativeInteger)
    .option('--faults <spec>', 'faults to inject, e.g. rate=0.2,kinds=429+500+reset,seed=3');
  command.addHelpText(
    'after',
    `
Fault kinds: 429, 429-retry-after, 500, 503, 504-html, reset, truncated,
non-json, search-id-expired, invalid-cursor, token-expired, vague-transient.

Examples:
  $ tikrx simulate --port 8080
  $ tikrx simulate --port 8080 --faults rate=0.2,kinds=429+500+reset --latency 50
  (other terminal)
  $ tikrx research --base-url http://127.0.0.1:8080 --hashtag cats --from 2023-01-01 --to 2023-01-31`,
  );
  command.action(async (flags: SimulateFlags) => {
    const sim = await startSimulator({
      ...simulatorOptions({
        ...(flags.seed === undefined ? {} : { simSeed: flags.seed }),
        ...(flags.faults === undefined ? {} : { simFaults: flags.faults }),
        ...(flags.latency === undefined ? {} : { simLatency: flags.latency }),
        ...(flags.size === undefined ? {} : { simSize: flags.size }),
      }),
      ...(flags.port === undefined ? {} : { port: flags.port }),
      ...(flags.host === undefined ? {} : { host: flags.host }),
    });
    process.stdout.write(`${sim.url}\n`);
    const featured = sim.dataset.featuredCreator;
    process.stderr.write(
      [
        `tikrx simulator listening on ${sim.url} (${sim.dataset.size} videos; featured creator ${featured})`,
        'Use it from another terminal:',
        `  export TIKTOK_CLIENT_KEY=${SIMULATOR_CREDENTIALS.clientKey} TIKTOK_CLIENT_SECRET=${SIMULATOR_CREDENTIALS.clientSecret}`,
        `  export TIKTOK_ACCESS_TOKEN=${SIMULATOR_CREDENTIALS.displayAccessToken} SOCIALFETCH_API_KEY=${SIMULATOR_CREDENTIALS.apiKey}`,
        `  tikrx socialfetch ${featured} --base-url ${sim.url}`,
        'Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sim.close();
    onExit(0);
  });
  return command;
}
