import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';

/** Connects to a dashboard's `/events` like a page does and counts its state messages. */
export function readDashboardEvents(url: string, onMessage: () => void): void {
  request(url, (response) => {
    response.setEncoding('utf8').on('data', (chunk: string) => {
      for (const _ of chunk.matchAll(/^event: state$/gm)) onMessage();
    });
  })
    .on('error', () => {})
    .end();
}

/** Grace a stopped process gets before SIGKILL: a hung stop must not hang the bench. */
const STOP_GRACE_MS = 15_000;

/** Stops a `tikrx` process as Ctrl-C would, resolved once it exited (killed after a grace). */
export function interrupt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGINT');
  });
}
