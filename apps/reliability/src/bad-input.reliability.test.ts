import { isTikrxError } from '@tikrx/core';
import { startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BadInputCase,
  type BadInputEnv,
  displayBadInputs,
  researchBadInputs,
  socialFetchBadInputs,
} from './bad-input-cases.js';
import { crawl, recordingTransport } from './harness.js';
import { createRecorder } from './report.js';
import { plantSecrets, SecretScanner } from './secrets.js';

const record = createRecorder(import.meta.filename);
const secrets = plantSecrets();
const scanner = new SecretScanner(secrets);
const transport = recordingTransport(scanner);
let sim: Awaited<ReturnType<typeof startSimulator>>;
let env: BadInputEnv;

beforeAll(async () => {
  sim = await startSimulator({ seed: 8, size: 2_000, credentials: secrets });
  env = {
    baseUrl: sim.url,
    secrets,
    transport,
    onEvent: (event) => scanner.scanEvent('bad input event', event),
  };
});
afterAll(async () => {
  await sim?.close();
  record({ textsScanned: scanner.textsScanned, secretsFound: scanner.findings.length });
});

/**
 * One bad input: refused on subscribe (not when the stream is built) with a `TikrxError` of
 * kind `bad_request` whose message names the option, and nothing reaches the simulator.
 */
async function expectRefused(badInput: BadInputCase): Promise<void> {
  sim.resetStats();
  transport.counts.requests = 0;
  let result: Awaited<ReturnType<typeof crawl>> | undefined;
  let thrownOnBuild: unknown;
  try {
    result = await crawl(badInput.stream(env), 5_000);
  } catch (error) {
    thrownOnBuild = error;
  }
  const error = thrownOnBuild ?? result?.error;
  if (error !== undefined) scanner.scanError(badInput.name, error);
  const outcome = {
    thrownOnBuild: thrownOnBuild !== undefined,
    hung: result?.hung ?? false,
    kind: isTikrxError(error) ? error.kind : error === undefined ? 'no error' : String(error),
    namesTheOption: error instanceof Error && badInput.mentions.test(error.message),
    requestsSent: transport.counts.requests,
    requestsSimulatorSaw: sim.stats().requests,
  };
  const refused = {
    thrownOnBuild: false,
    hung: false,
    kind: 'bad_request',
    namesTheOption: true,
    requestsSent: 0,
    requestsSimulatorSaw: 0,
  };
  record({ badInputsTried: 1 });
  expect(outcome, error instanceof Error ? error.message : 'no error').toEqual(refused);
  record({ badInputsRefused: 1 });
}

describe('bad input: Display', () => {
  it.each(displayBadInputs().map((c) => [c.name, c] as const))('%s', async (_name, badInput) => {
    await expectRefused(badInput);
  });
});

describe('bad input: Research', () => {
  it.each(researchBadInputs().map((c) => [c.name, c] as const))('%s', async (_name, badInput) => {
    await expectRefused(badInput);
  });
});

describe('bad input: Social Fetch', () => {
  it.each(socialFetchBadInputs().map((c) => [c.name, c] as const))(
    '%s',
    async (_name, badInput) => {
      await expectRefused(badInput);
    },
  );
});

describe('bad input: no secret in the refusals', () => {
  it('scanned every error and event and found no planted secret', () => {
    expect(scanner.textsScanned).toBeGreaterThan(0);
    expect(scanner.findings).toEqual([]);
  });
});
