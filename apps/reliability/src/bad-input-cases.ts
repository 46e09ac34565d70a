import type { RetryOptions, Transport } from '@tikrx/core';
import { createDisplayClient } from '@tikrx/display';
import type { Observable } from 'rxjs';
import type { PlantedSecrets } from './secrets.js';

/** What every case may use: where the simulator is, and the credentials it accepts. */
export interface BadInputEnv {
  baseUrl: string;
  secrets: PlantedSecrets;
  /** Counts requests (see `recordingTransport`); cases that test `transport` bring their own. */
  transport: Transport;
  onEvent: (event: unknown) => void;
}

export interface BadInputCase {
  /** `<api> <option> <what is wrong>` */
  name: string;
  /** The error message must name the option (a clear error). */
  mentions: RegExp;
  /** Builds the stream; must not throw (bad input is reported on subscribe). */
  stream: (env: BadInputEnv) => Observable<unknown>;
}

/** Retries that cannot hide a hang: a refused input never retries anyway. */
export const FAST_RETRY: RetryOptions = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };

export const INJECTIONS = {
  pathSeparator: '../etc/passwd',
  queryCharacters: 'a?b=c&d=e',
  fragment: 'a#b',
  headerNewline: 'a\r\nX-Injected: 1',
} as const;

/** Over-long strings: past every documented limit (handles 64, usernames 24). */
export const OVER_LONG = 'x'.repeat(5_000);

type Untyped = never;
/** Wrong types on purpose: the matrix passes what TypeScript would refuse. */
const raw = (value: unknown) => value as Untyped;

function common(env: BadInputEnv) {
  return { transport: env.transport, retry: FAST_RETRY, timeoutMs: 3_000, onEvent: env.onEvent };
}

/** A case for each wrong value of the options every factory shares. */
export function commonOptionCases(
  api: string,
  build: (env: BadInputEnv, override: Record<string, unknown>) => Observable<unknown>,
): BadInputCase[] {
  const cases: [string, RegExp, Record<string, unknown>][] = [
    ['timeoutMs negative', /timeoutMs/, { timeoutMs: -1 }],
    ['timeoutMs not a number', /timeoutMs/, { timeoutMs: '30s' }],
    ['timeoutMs NaN', /timeoutMs/, { timeoutMs: Number.NaN }],
    ['retry not an object', /retry/, { retry: 'always' }],
    ['retry.maxRetries negative', /maxRetries/, { retry: { maxRetries: -1 } }],
    ['retry.baseDelayMs not a number', /baseDelayMs/, { retry: { baseDelayMs: 'soon' } }],
    ['transport not a function', /transport/, { transport: 'undici' }],
    ['onEvent not a function', /onEvent/, { onEvent: 'console' }],
    ['limiter without acquire', /limiter/, { limiter: {} }],
    ['baseUrl not a URL', /baseUrl/, { baseUrl: 'not a url' }],
    ['baseUrl not http(s)', /baseUrl/, { baseUrl: 'file:///etc/passwd' }],
    ['baseUrl empty', /baseUrl/, { baseUrl: '' }],
  ];
  const withQuery: [string, RegExp, (env: BadInputEnv) => Record<string, unknown>][] = [
    ['baseUrl with a query string', /baseUrl/, (env) => ({ baseUrl: `${env.baseUrl}/?x=1` })],
    ['baseUrl with a fragment', /baseUrl/, (env) => ({ baseUrl: `${env.baseUrl}/#x` })],
    [
      'baseUrl with a newline',
      /baseUrl/,
      (env) => ({ baseUrl: `${env.baseUrl}${INJECTIONS.headerNewline}` }),
    ],
  ];
  return [
    ...cases.map(([what, mentions, override]) => ({
      name: `${api} ${what}`,
      mentions,
      stream: (env: BadInputEnv) => build(env, override),
    })),
    ...withQuery.map(([what, mentions, override]) => ({
      name: `${api} ${what}`,
      mentions,
      stream: (env: BadInputEnv) => build(env, override(env)),
    })),
  ];
}

// ---------------------------------------------------------------- Display

function displayCases(apiVersion: 'v1' | 'v2'): BadInputCase[] {
  const api = `display ${apiVersion}`;
  const client = (env: BadInputEnv, override: Record<string, unknown> = {}) =>
    createDisplayClient({
      apiVersion,
      accessToken: env.secrets.displayAccessToken,
      baseUrl: env.baseUrl,
      ...common(env),
      ...override,
    } as Untyped);
  const factory = (what: string, mentions: RegExp, override: (env: BadInputEnv) => Record<string, unknown>) => ({
    name: `${api} createDisplayClient ${what}`,
    mentions,
    stream: (env: BadInputEnv) => client(env, override(env)).videos(),
  });
  const videos = (what: string, mentions: RegExp, options: unknown) => ({
    name: `${api} videos ${what}`,
    mentions,
    stream: (env: BadInputEnv) => client(env).videos(raw(options)),
  });
  return [
    factory('apiVersion unknown', /apiVersion/, () => ({ apiVersion: 'v3' })),
    factory('apiVersion not a string', /apiVersion/, () => ({ apiVersion: 2 })),
    factory('no credentials', /accessToken/, () => ({ accessToken: undefined })),
    factory('accessToken empty', /accessToken/, () => ({ accessToken: '' })),
    factory('accessToken blank', /accessToken/, () => ({ accessToken: '   ' })),
    factory('accessToken not a string', /accessToken/, () => ({ accessToken: 12345 })),
    factory('accessToken with a header newline', /accessToken/, (env) => ({
      accessToken: `${env.secrets.displayAccessToken}${INJECTIONS.headerNewline}`,
    })),
    factory('accessToken with query characters', /accessToken/, (env) => ({
      accessToken: `${env.secrets.displayAccessToken}&${INJECTIONS.queryCharacters}`,
    })),
    factory('getAccessToken not a function', /getAccessToken/, () => ({ getAccessToken: 'token' })),
    factory('username empty', /username/, () => ({ username: '' })),
    factory('username not a string', /username/, () => ({ username: 7 })),
    ...(apiVersion === 'v1'
      ? [
          factory('refreshToken on v1', /refresh/i, (env) => ({
            refreshToken: env.secrets.displayRefreshToken,
            clientKey: env.secrets.clientKey,
            clientSecret: env.secrets.clientSecret,
          })),
        ]
      : [
          factory('refreshToken without clientSecret', /clientSecret/, (env) => ({
            refreshToken: env.secrets.displayRefreshToken,
            clientKey: env.secrets.clientKey,
          })),
          factory('clientSecret empty', /clientSecret/, (env) => ({
            refreshToken: env.secrets.displayRefreshToken,
            clientKey: env.secrets.clientKey,
            clientSecret: '',
          })),
        ]),
    ...commonOptionCases(api, (env, override) => client(env, override).videos()),
    videos('options not an object', /options/, 'all'),
    videos('maxCount 0', /maxCount/, { maxCount: 0 }),
    videos('maxCount over 20', /maxCount/, { maxCount: 21 }),
    videos('maxCount fractional', /maxCount/, { maxCount: 1.5 }),
    videos('maxCount a string', /maxCount/, { maxCount: '10' }),
    videos('maxCount NaN', /maxCount/, { maxCount: Number.NaN }),
    videos('cursor negative', /cursor/, { cursor: -1 }),
    videos('cursor a string', /cursor/, { cursor: 'abc' }),
    videos('cursor fractional', /cursor/, { cursor: 1.5 }),
    videos('fields empty', /fields/, { fields: [] }),
    videos('fields unknown', /fields/, { fields: ['id', 'secret_field'] }),
    videos('fields a string', /fields/, { fields: 'id,title' }),
    videos('fields with query characters', /fields/, { fields: ['id&access_token=x'] }),
    videos('fields with a newline', /fields/, { fields: [`id${INJECTIONS.headerNewline}`] }),
    videos('fields over-long', /fields/, { fields: [OVER_LONG] }),
    videos('since a string', /since/, { since: 'yesterday' }),
    videos('since negative', /since/, { since: -1 }),
    videos('since in milliseconds', /since/, { since: Date.now() }),
    videos('since an invalid Date', /since/, { since: new Date('nope') }),
  ];
}

export function displayBadInputs(): BadInputCase[] {
  return [...displayCases('v1'), ...displayCases('v2')];
}
