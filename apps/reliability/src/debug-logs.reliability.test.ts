import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, cliIsBuilt, runCli } from './cli.js';
import { createRecorder } from './report.js';
import { credentialsEnv, plantSecrets, SecretScanner } from './secrets.js';

// A secret planted in every credential option (the simulator accepts them, the CLI reads them
// from its variables) must never reach a log line (--log-file, --verbose), a raw-response file
// (--raw-responses) or a page of the API reference.
const secrets = plantSecrets();
const scanner = new SecretScanner(secrets);
const record = createRecorder(import.meta.filename);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 17,
    size: 3_000,
    credentials: secrets,
    // Retries, renewed tokens and error bodies: the paths where a secret could slip out.
    faults: { rate: 0.15, kinds: ['429', '500', 'token-expired', 'non-json'], seed: 17 },
  });
  dir = mkdtempSync(join(tmpdir(), 'tikrx-debug-logs-'));
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
  record({ textsScanned: scanner.textsScanned, secretsFound: scanner.findings.length });
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const COMMANDS: Record<string, string[]> = {
  research: ['research', '--hashtag', 'cat', '--from', '2023-01-01', '--to', '2023-02-15'],
  reposts: ['reposts', 'placeholder'],
  display: ['display'],
  socialfetch: ['socialfetch', 'placeholder'],
};

describe('debug logs and raw responses keep no secret', () => {
  it.each(Object.keys(COMMANDS))(
    '%s with --log-file, --verbose and --raw-responses',
    async (name) => {
      expect(cliIsBuilt(), 'apps/cli/dist/bin.js is missing').toBe(true);
      const args = (COMMANDS[name] ?? []).map((arg) =>
        arg === 'placeholder' ? sim.dataset.featuredCreator : arg,
      );
      const logFile = join(dir, `${name}.log`);
      const rawDir = join(dir, `${name}-raw`);
      const env = cliEnv(credentialsEnv(secrets));
      const run = await runCli(
        [
          ...args,
          '--base-url',
          sim.url,
          '--log-file',
          logFile,
          '--verbose',
          '--raw-responses',
          rawDir,
          '--quiet',
        ],
        env,
        90_000,
      );
      expect(run.code, run.stderr).toBe(0);

      const logLines = readFileSync(logFile, 'utf8').trim().split('\n');
      const parsed = logLines.map((line) => JSON.parse(line) as { event?: string; msg?: string });
      expect(parsed.some((line) => line.event === 'request')).toBe(true);
      expect(parsed.some((line) => line.event === 'page')).toBe(true);
      // --verbose writes the same lines to stderr.
      expect(run.stderr).toContain('"event":"page"');
      const rawFiles = filesUnder(rawDir);
      expect(rawFiles.filter((file) => file.endsWith('.body')).length).toBeGreaterThan(1);

      for (const [i, line] of logLines.entries())
        scanner.scanText(`${name} log line ${i + 1}`, line);
      scanner.scanText(`${name} stderr`, run.stderr);
      for (const file of rawFiles) scanner.scanFile(`${name} raw ${relative(rawDir, file)}`, file);
      // Tokens the simulator issued are secrets too: a body that carried one shows it redacted.
      const tokenBodies = rawFiles
        .filter((file) => file.endsWith('.body'))
        .map((file) => readFileSync(file, 'utf8'))
        .filter((body) => body.includes('"access_token"'));
      for (const body of tokenBodies) expect(body).toMatch(/"access_token":\s*"\[REDACTED\]"/);
      expect(scanner.findings).toEqual([]);
    },
  );

  it('an API reference built with every credential variable set shows none of them', () => {
    const out = join(dir, 'api');
    execFileSync(
      process.execPath,
      ['scripts/api-docs.mjs', '--out', out, '--skipErrorChecking', '--logLevel', 'Error'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...credentialsEnv(secrets),
          PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
        },
        stdio: 'ignore',
      },
    );
    const pages = filesUnder(out);
    expect(pages.filter((page) => page.endsWith('.html')).length).toBeGreaterThan(10);
    for (const page of pages) scanner.scanFile(`API reference ${relative(out, page)}`, page);
    expect(scanner.findings).toEqual([]);
  }, 300_000);
});
