import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built `tikrx` bin (CI builds it first: `test:reliability` depends on `^build`). */
export const CLI_BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));

export function cliIsBuilt(): boolean {
  return existsSync(CLI_BIN);
}

/** The credential variables of DESIGN.md, never inherited: each run sets the planted ones. */
const CREDENTIAL_VARIABLES = [
  'TIKTOK_CLIENT_KEY',
  'TIKTOK_CLIENT_SECRET',
  'TIKTOK_ACCESS_TOKEN',
  'SOCIALFETCH_API_KEY',
];

export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of CREDENTIAL_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the process is gone, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The process did not exit within the time allowed and was killed. */
  timedOut: boolean;
}

/** Runs the CLI to its end (SIGKILL after `timeoutMs`: a hang is a result). */
export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<CliResult> {
  const cli = startCli(args, env);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    cli.child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal } = await cli.exited;
  clearTimeout(timer);
  return { code, signal, stdout: cli.stdout(), stderr: cli.stderr(), timedOut };
}
