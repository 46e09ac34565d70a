import type { TikrxEvent } from '@tikrx/core';
import { describe, expect, it } from 'vitest';
import { type EventLogger, logEvents } from './log-events.js';

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const method = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  const logger: EventLogger = {
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
  };
  return { logger, lines };
}

describe('logEvents', () => {
  it('writes each event as one line at its level, with its fields and a short message', () => {
    const { logger, lines } = recordingLogger();
    const onEvent = logEvents(logger);
    const events: TikrxEvent[] = [
      { type: 'page', source: 'research', videos: 100, hasMore: true },
      { type: 'retry', source: 'display', attempt: 2, delayMs: 500, kind: 'server' },
      { type: 'gap', source: 'research', days: ['20240101'], kind: 'server', message: 'gave up' },
      { type: 'window', source: 'research', start: '20240101', end: '20240130', state: 'gap' },
    ];
    for (const event of events) onEvent(event);
    expect(lines).toEqual([
      {
        level: 'debug',
        fields: { event: 'page', source: 'research', videos: 100, hasMore: true },
        message: 'research page',
      },
      {
        level: 'info',
        fields: { event: 'retry', source: 'display', attempt: 2, delayMs: 500, kind: 'server' },
        message: 'display retry',
      },
      {
        level: 'warn',
        fields: {
          event: 'gap',
          source: 'research',
          days: ['20240101'],
          kind: 'server',
          message: 'gave up',
        },
        message: 'research gap',
      },
      {
        level: 'warn',
        fields: {
          event: 'window',
          source: 'research',
          start: '20240101',
          end: '20240130',
          state: 'gap',
        },
        message: 'research window',
      },
    ]);
  });

  it('scrubs the given secrets from every string, nested ones too', () => {
    const { logger, lines } = recordingLogger();
    const secret = 'sk-planted-0123456789';
    logEvents(logger, { secrets: [secret] })({
      type: 'checkpoint',
      source: 'socialfetch',
      checkpoint: { cursor: `c-${secret}`, list: [secret] },
    });
    expect(JSON.stringify(lines)).not.toContain(secret);
    expect(lines[0]?.fields['checkpoint']).toEqual({
      cursor: 'c-[REDACTED]',
      list: ['[REDACTED]'],
    });
  });
});
