import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { SIMULATOR_CREDENTIALS } from '@tikrx/simulator';

/** The built bin, run by plain node as a user would (`pnpm build` first; turbo does it). */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** The simulator's credentials under the variable names the CLI reads. */
export const SIMULATOR_ENV = {
  TIKTOK_CLIENT_KEY: SIMULATOR_CREDENTIALS.clientKey,
  TIKTOK_CLIENT_SECRET: SIMULATOR_CREDENTIALS.clientSecret,
  TIKTOK_ACCESS_TOKEN: SIMULATOR_CREDENTIALS.displayAccessToken,
  SOCIALFETCH_API_KEY: SIMULATOR_CREDENTIALS.apiKey,
};

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** An environment without any of the user's own TikTok or Social Fetch credentials. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(SIMULATOR_ENV)) delete env[name];
  return { ...env, ...extra };
}

export interface StartOptions {
  /** Run under `ulimit -f`: a file written past this size fails with EFBIG (POSIX shells). */
  fileSizeLimitKiB?: number;
}

export function startCli(
  args: string[],
  env: Record<string, string> = {},
  options: StartOptions = {},
): ChildProcess {
  const command =
    options.fileSizeLimitKiB === undefined
      ? [process.execPath, BIN, ...args]
      : // `ulimit -f` counts 512-byte blocks in a POSIX shell.
        ['/bin/sh', '-c', `ulimit -f ${options.fileSizeLimitKiB * 2} && exec "$0" "$@"`].concat(
          process.execPath,
          BIN,
          ...args,
        );
  const [file, ...rest] = command as [string, ...string[]];
  return spawn(file, rest, { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<CliResult> {
  return finished(startCli(args, env, options));
}

/** Resolves once `path` holds at least `lines` complete lines. */
export async function waitForLines(path: string, lines: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const count = await readFile(path, 'utf8').then(
      (text) => text.split('\n').length - 1,
      () => 0,
    );
    if (count >= lines) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${path} did not reach ${lines} lines in ${timeoutMs} ms`);
}

/** Ids of NDJSON text, failing on any line that is not a whole JSON object. */
export function idsOfNdjson(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

export function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

/** Resolves with the first match of `pattern` in the child's stderr. */
export function stderrMatch(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
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
