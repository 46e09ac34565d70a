import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TikrxEvent } from '@tikrx/core';
import { createDisplayClient } from '@tikrx/display';
import { createResearchClient } from '@tikrx/research';
import { createSocialFetchClient } from '@tikrx/socialfetch';
import type { Observable } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, cliIsBuilt, startCli } from './cli.js';
import { startHangingServer } from './hanging-server.js';
import { sleep } from './harness.js';
import { createRecorder, TMP_DIR } from './report.js';
import { credentialsEnv, type PlantedSecrets, plantSecrets, SecretScanner } from './secrets.js';

/**
 * Cancellation: unsubscribing mid-request closes the socket (the server sees the connection
 * go), and leaves nothing behind: a process that unsubscribes exits on its own. Ctrl-C on the
 * CLI mid-request exits 130 and the process is gone.
 */

const record = createRecorder(import.meta.filename);
const secrets = plantSecrets();
const scanner = new SecretScanner(secrets);
const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

afterAll(() => {
  record({ textsScanned: scanner.textsScanned, secretsFound: scanner.findings.length });
});

type StreamOf = (
  baseUrl: string,
  secrets: PlantedSecrets,
  onEvent: (event: TikrxEvent) => void,
) => Observable<unknown>;

/** One stream per client and method; the child script below builds the same ones. */
const STREAMS: Record<string, StreamOf> = {
  'research queryVideos': (baseUrl, s, onEvent) =>
    createResearchClient({
      clientKey: s.clientKey,
      clientSecret: s.clientSecret,
      baseUrl,
      onEvent,
    }).queryVideos({
      query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] },
      startDate: '2023-01-01',
      endDate: '2023-01-31',
    }),
  'research repostedVideos': (baseUrl, s, onEvent) =>
    createResearchClient({ accessToken: s.displayAccessToken, baseUrl, onEvent }).repostedVideos(
      'someone',
    ),
  'display v1 videos': (baseUrl, s, onEvent) =>
    createDisplayClient({
      apiVersion: 'v1',
      accessToken: s.displayAccessToken,
      baseUrl,
      onEvent,
    }).videos(),
  'display v2 videos': (baseUrl, s, onEvent) =>
    createDisplayClient({
      apiVersion: 'v2',
      accessToken: s.displayAccessToken,
      baseUrl,
      onEvent,
    }).videos(),
  'socialfetch profileVideos': (baseUrl, s, onEvent) =>
    createSocialFetchClient({ apiKey: s.apiKey, baseUrl, onEvent }).profileVideos('someone'),
  'socialfetch profile': (baseUrl, s, onEvent) =>
    createSocialFetchClient({ apiKey: s.apiKey, baseUrl, onEvent }).profile('someone'),
};

describe('cancellation: unsubscribing mid-request closes the socket', () => {
  it.each(Object.keys(STREAMS))('%s', async (name) => {
    const server = await startHangingServer();
    try {
      const errors: unknown[] = [];
      const stream = STREAMS[name]!(server.url, secrets, (event) =>
        scanner.scanEvent(`cancel ${name} event`, event),
      );
      const subscription = stream.subscribe({ error: (error: unknown) => errors.push(error) });
      await server.waitForRequests(1);
      const unsubscribedAt = Date.now();
      subscription.unsubscribe();
      await server.waitForClosed(1, 2_000);
      const closedAfterMs = Date.now() - unsubscribedAt;
      // Nothing is sent after the unsubscribe: no retry, no next page.
      await sleep(100);
      for (const error of errors) scanner.scanError(`cancel ${name} error`, error);
      record({ cancellations: 1 });
      expect(errors).toEqual([]);
      expect(server.received).toBe(1);
      expect(server.closedByClient).toBe(1);
      expect(closedAfterMs).toBeLessThan(2_000);
    } finally {
      await server.close();
    }
  });
});

/**
 * The child: builds one stream with the default transport (the shared keep-alive agent),
 * subscribes, and unsubscribes when the parent closes its stdin. Then it does nothing: the
 * process must exit by itself. It prints the handles still alive, for the failure message.
 */
const CHILD_SCRIPT = `
import { createDisplayClient } from '@tikrx/display';
import { createResearchClient } from '@tikrx/research';
import { createSocialFetchClient } from '@tikrx/socialfetch';

const [name, baseUrl] = process.argv.slice(2);
const s = JSON.parse(process.env.PLANTED_SECRETS);
const streams = {
  'research queryVideos': () => createResearchClient({ clientKey: s.clientKey, clientSecret: s.clientSecret, baseUrl }).queryVideos({
    query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] },
    startDate: '2023-01-01', endDate: '2023-01-31' }),
  'research repostedVideos': () => createResearchClient({ accessToken: s.displayAccessToken, baseUrl }).repostedVideos('someone'),
  'display v1 videos': () => createDisplayClient({ apiVersion: 'v1', accessToken: s.displayAccessToken, baseUrl }).videos(),
  'display v2 videos': () => createDisplayClient({ apiVersion: 'v2', accessToken: s.displayAccessToken, baseUrl }).videos(),
  'socialfetch profileVideos': () => createSocialFetchClient({ apiKey: s.apiKey, baseUrl }).profileVideos('someone'),
  'socialfetch profile': () => createSocialFetchClient({ apiKey: s.apiKey, baseUrl }).profile('someone'),
};
const subscription = streams[name]().subscribe({ error: (e) => console.log('error: ' + e.message) });
process.stdin.on('data', () => {});
process.stdin.on('end', () => {
  subscription.unsubscribe();
  console.log('unsubscribed');
  setTimeout(() => console.log('alive: ' + JSON.stringify(process.getActiveResourcesInfo())), 1_000).unref();
});
`;

describe('cancellation: a process that unsubscribes exits on its own', () => {
  const dir = join(TMP_DIR, 'cancellation');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'unsubscribe-child.mts');
  writeFileSync(script, CHILD_SCRIPT);

  it.each(Object.keys(STREAMS))('%s', async (name) => {
    const server = await startHangingServer();
    try {
      const child = spawn(
        process.execPath,
        ['--conditions=@tikrx/source', '--import', 'tsx', script, name, server.url],
        {
          cwd: APP_DIR,
          env: { ...process.env, PLANTED_SECRETS: JSON.stringify(secrets) },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await server.waitForRequests(1, 20_000);
      const unsubscribedAt = Date.now();
      child.stdin.end();
      await server.waitForClosed(1, 3_000);
      const gone = await Promise.race([
        exited.then((code) => ({ code })),
        sleep(5_000).then(() => 'still running' as const),
      ]);
      if (gone === 'still running') child.kill('SIGKILL');
      const exitAfterMs = Date.now() - unsubscribedAt;
      scanner.scanText(`cancel child ${name} output`, output);
      record({ cancellations: 1 });
      expect(gone, output).toEqual({ code: 0 });
      expect(output).toContain('unsubscribed');
      expect(output).not.toContain('error:');
      expect(exitAfterMs).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });
});

describe.runIf(cliIsBuilt())('cancellation: Ctrl-C on the CLI mid-request', () => {
  const commands: Record<string, string[]> = {
    research: ['research', '--hashtag', 'fyp', '--from', '2023-01-01', '--to', '2023-01-31'],
    display: ['display'],
    socialfetch: ['socialfetch', 'someone'],
  };
  it.each(Object.keys(commands))('tikrx %s exits 130 and closes its connection', async (name) => {
    const server = await startHangingServer();
    try {
      const cli = startCli(
        [...commands[name]!, '--base-url', server.url],
        cliEnv(credentialsEnv(secrets)),
      );
      await server.waitForRequests(1, 20_000);
      const interruptedAt = Date.now();
      cli.child.kill('SIGINT');
      const gone = await Promise.race([
        cli.exited,
        sleep(5_000).then(() => 'still running' as const),
      ]);
      if (gone === 'still running') cli.child.kill('SIGKILL');
      const exitAfterMs = Date.now() - interruptedAt;
      await server.waitForClosed(1, 2_000);
      scanner.scanText(`cli ${name} SIGINT stderr`, cli.stderr());
      scanner.scanText(`cli ${name} SIGINT stdout`, cli.stdout());
      record({ cancellations: 1 });
      expect(gone, cli.stderr()).toEqual({ code: 130, signal: null });
      expect(exitAfterMs).toBeLessThan(5_000);
      expect(server.closedByClient).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('cancellation: no secret in what was printed', () => {
  it('found none', () => {
    expect(scanner.textsScanned).toBeGreaterThan(0);
    expect(scanner.findings).toEqual([]);
  });
});
