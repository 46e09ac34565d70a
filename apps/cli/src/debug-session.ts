import {
  type TikrxEvent,
  type TikrxEventListener,
  type Transport,
  undiciTransport,
} from '@tikrx/core';
import { logEvents } from '@tikrx/operators';
import type { DestinationStream, Logger } from 'pino';
import type { DebugFlags } from './debug-options.js';
import { recordRawResponses } from './raw-responses.js';

/** What the debug flags add to every client: a log of its events, a recording transport. */
export interface DebugSession {
  onEvent?: TikrxEventListener;
  transport?: Transport;
  /** A line in the log (start, end of a crawl); nothing without a log. */
  log(fields: Record<string, unknown>, message: string): void;
  close(): void;
}

/**
 * Opens what `--log-file`, `--verbose` and `--raw-responses` ask for. `secrets` are the
 * credential values in use: scrubbed from every log line and raw response. pino is loaded
 * only for a log: a run without one starts sooner.
 */
export async function openDebugSession(
  flags: DebugFlags,
  secrets: readonly string[],
): Promise<DebugSession> {
  const logged = flags.logFile !== undefined || flags.verbose === true;
  const { multistream, pino } = logged ? await import('pino') : ({} as typeof import('pino'));
  const streams: { level: 'debug'; stream: DestinationStream }[] = [];
  if (flags.logFile !== undefined) {
    // Synchronous appends: every line is on disk even if the process is killed right after.
    streams.push({
      level: 'debug',
      stream: pino.destination({ dest: flags.logFile, append: true, sync: true }),
    });
  }
  if (flags.verbose)
    streams.push({ level: 'debug', stream: pino.destination({ dest: 2, sync: true }) });
  const logger: Logger | undefined =
    streams.length === 0
      ? undefined
      : pino({ level: 'debug', base: { name: 'tikrx' } }, multistream(streams));
  const onEvent = logger === undefined ? undefined : logEvents(logger, { secrets });
  return {
    ...(onEvent === undefined ? {} : { onEvent }),
    ...(flags.rawResponses === undefined
      ? {}
      : { transport: recordRawResponses(undiciTransport(), flags.rawResponses, secrets) }),
    log: (fields, message) => logger?.info(fields, message),
    close: () => logger?.flush(),
  };
}

/** Both listeners, the crawl's first. */
export function bothListeners(
  first: TikrxEventListener,
  second: TikrxEventListener | undefined,
): TikrxEventListener {
  if (second === undefined) return first;
  return (event: TikrxEvent) => {
    first(event);
    second(event);
  };
}
