#!/usr/bin/env node
import { parseSimulatorArgs, USAGE } from './cli-args.js';
import { SIMULATOR_CREDENTIALS } from './credentials.js';
import { startSimulator } from './simulator.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let options: ReturnType<typeof parseSimulatorArgs>;
  try {
    options = parseSimulatorArgs(args);
  } catch (error) {
    process.stderr.write(`tikrx-simulator: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const sim = await startSimulator(options);
  process.stdout.write(`tikrx simulator listening on ${sim.url}\n`);
  process.stderr.write(
    `  featured creator: ${sim.dataset.featuredCreator} (${sim.dataset.size} videos, ${sim.dataset.firstDay}..${sim.dataset.lastDay})\n` +
      `  TIKTOK_CLIENT_KEY=${SIMULATOR_CREDENTIALS.clientKey} TIKTOK_CLIENT_SECRET=${SIMULATOR_CREDENTIALS.clientSecret}\n` +
      `  TIKTOK_ACCESS_TOKEN=${SIMULATOR_CREDENTIALS.displayAccessToken} SOCIALFETCH_API_KEY=${SIMULATOR_CREDENTIALS.apiKey}\n`,
  );
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
