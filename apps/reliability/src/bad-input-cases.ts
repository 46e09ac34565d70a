import type { RetryOptions, Transport } from '@tikrx/core';
import { createDisplayClient } from '@tikrx/display';
import { createResearchClient } from '@tikrx/research';
import { createSocialFetchClient } from '@tikrx/socialfetch';
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
  const factory = (
    what: string,
    mentions: RegExp,
    override: (env: BadInputEnv) => Record<string, unknown>,
  ) => ({
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

// ---------------------------------------------------------------- Research

const HASHTAG_QUERY = {
  and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }],
};
const RANGE = { startDate: '2023-01-01', endDate: '2023-01-31' };

export function researchBadInputs(): BadInputCase[] {
  const client = (env: BadInputEnv, override: Record<string, unknown> = {}) =>
    createResearchClient({
      clientKey: env.secrets.clientKey,
      clientSecret: env.secrets.clientSecret,
      baseUrl: env.baseUrl,
      ...common(env),
      ...override,
    } as Untyped);
  const factory = (
    what: string,
    mentions: RegExp,
    override: (env: BadInputEnv) => Record<string, unknown>,
  ) => ({
    name: `research createResearchClient ${what}`,
    mentions,
    stream: (env: BadInputEnv) =>
      client(env, override(env)).queryVideos({ query: HASHTAG_QUERY, ...RANGE } as Untyped),
  });
  const query = (what: string, mentions: RegExp, options: Record<string, unknown>) => ({
    name: `research queryVideos ${what}`,
    mentions,
    stream: (env: BadInputEnv) =>
      client(env).queryVideos(raw({ query: HASHTAG_QUERY, ...RANGE, ...options })),
  });
  const condition = (field: string, operation: string, values: unknown) => ({
    query: { and: [{ field_name: field, operation, field_values: values }] },
  });
  const reposts = (what: string, mentions: RegExp, username: unknown, options?: unknown) => ({
    name: `research repostedVideos ${what}`,
    mentions,
    stream: (env: BadInputEnv) => client(env).repostedVideos(raw(username), raw(options)),
  });
  return [
    factory('no credentials', /clientKey/, () => ({
      clientKey: undefined,
      clientSecret: undefined,
    })),
    factory('clientKey empty', /clientKey/, () => ({ clientKey: '' })),
    factory('clientSecret not a string', /clientSecret/, () => ({ clientSecret: 42 })),
    factory('clientKey with a newline', /clientKey/, (env) => ({
      clientKey: `${env.secrets.clientKey}${INJECTIONS.headerNewline}`,
    })),
    factory('accessToken with a header newline', /accessToken/, (env) => ({
      clientKey: undefined,
      clientSecret: undefined,
      accessToken: `${env.secrets.displayAccessToken}${INJECTIONS.headerNewline}`,
    })),
    factory('accessToken not a string', /accessToken|clientKey/, () => ({
      clientKey: undefined,
      clientSecret: undefined,
      accessToken: 123,
    })),
    ...commonOptionCases('research', (env, override) =>
      client(env, override).queryVideos({ query: HASHTAG_QUERY, ...RANGE } as Untyped),
    ),
    {
      name: 'research queryVideos options not an object',
      mentions: /options/,
      stream: (env: BadInputEnv) => client(env).queryVideos(raw('fyp')),
    },
    query('query missing', /query/, { query: undefined }),
    query('query a string', /query/, { query: 'hashtag:fyp' }),
    query('query with no condition', /query/, { query: { and: [] } }),
    query('query unknown clause', /query/, { query: { xor: [] } }),
    query('query unknown field', /field_name/, condition('password', 'EQ', ['x'])),
    query('query unknown operation', /operation/, condition('hashtag_name', 'LIKE', ['x'])),
    query('query GT on a hashtag', /operation/, condition('hashtag_name', 'GT', ['x'])),
    query('query EQ with two values', /field_values/, condition('hashtag_name', 'EQ', ['a', 'b'])),
    query('query values not a list', /field_values/, condition('hashtag_name', 'IN', 'a,b')),
    query('query empty value', /field_values/, condition('hashtag_name', 'EQ', [''])),
    query('query unknown region', /region/, condition('region_code', 'EQ', ['XX'])),
    query('query video_id not decimal', /video_id/, condition('video_id', 'EQ', ['12ab'])),
    query(
      'query create_date not a day',
      /create_date|field_values/,
      condition('create_date', 'EQ', ['20230230']),
    ),
    query('startDate missing', /startDate/, { startDate: undefined }),
    query('startDate not a day', /startDate/, { startDate: '2023-02-30' }),
    query('startDate a number', /startDate/, { startDate: 20230101 }),
    query('endDate before startDate', /endDate/, {
      startDate: '2023-02-01',
      endDate: '2023-01-01',
    }),
    query('endDate an invalid Date', /endDate/, { endDate: new Date('nope') }),
    query('endDate mixed formats', /endDate/, { endDate: '2023-0131' }),
    query('maxCount 0', /maxCount/, { maxCount: 0 }),
    query('maxCount over 100', /maxCount/, { maxCount: 101 }),
    query('maxCount a string', /maxCount/, { maxCount: '20' }),
    query('concurrency 0', /concurrency/, { concurrency: 0 }),
    query('concurrency fractional', /concurrency/, { concurrency: 1.5 }),
    query('windowDays over 31', /windowDays/, { windowDays: 45 }),
    query('isRandom a string', /isRandom/, { isRandom: 'yes' }),
    query('fields empty', /fields/, { fields: [] }),
    query('fields unknown', /field/, { fields: ['id', 'access_token'] }),
    query('fields with query characters', /field/, { fields: ['id&x=1'] }),
    query('checkpoint of another crawl', /checkpoint/, {
      checkpoint: { version: 1, kind: 'video_query', key: 'other', done: [], windows: [] },
    }),
    query('checkpoint not an object', /checkpoint/, { checkpoint: 'resume' }),
    reposts('username missing', /username/, undefined),
    reposts('username empty', /username/, ''),
    reposts('username not a string', /username/, 42),
    reposts('username over-long', /username/, OVER_LONG),
    reposts('username with a path separator', /username/, INJECTIONS.pathSeparator),
    reposts('username with query characters', /username/, INJECTIONS.queryCharacters),
    reposts('username with a newline', /username/, INJECTIONS.headerNewline),
    reposts('maxCount over 100', /maxCount/, 'someone', { maxCount: 500 }),
    reposts('fields unknown', /field/, 'someone', { fields: ['region_code', 'nope'] }),
    reposts('options not an object', /options/, 'someone', 'all'),
  ];
}

// ---------------------------------------------------------------- Social Fetch

export function socialFetchBadInputs(): BadInputCase[] {
  const client = (env: BadInputEnv, override: Record<string, unknown> = {}) =>
    createSocialFetchClient({
      apiKey: env.secrets.apiKey,
      baseUrl: env.baseUrl,
      ...common(env),
      ...override,
    } as Untyped);
  const factory = (
    what: string,
    mentions: RegExp,
    override: (env: BadInputEnv) => Record<string, unknown>,
  ) => ({
    name: `socialfetch createSocialFetchClient ${what}`,
    mentions,
    stream: (env: BadInputEnv) => client(env, override(env)).profileVideos('someone'),
  });
  const handles: [string, unknown][] = [
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 12],
    ['over-long', OVER_LONG],
    ['a path separator', INJECTIONS.pathSeparator],
    ['a dot-dot segment', '..'],
    ['query characters', INJECTIONS.queryCharacters],
    ['a fragment', INJECTIONS.fragment],
    ['a newline', INJECTIONS.headerNewline],
    ['a backslash', 'a\\b'],
  ];
  const videos = (what: string, mentions: RegExp, options: unknown) => ({
    name: `socialfetch profileVideos ${what}`,
    mentions,
    stream: (env: BadInputEnv) => client(env).profileVideos('someone', raw(options)),
  });
  return [
    factory('apiKey missing', /apiKey/, () => ({ apiKey: undefined })),
    factory('apiKey empty', /apiKey/, () => ({ apiKey: '' })),
    factory('apiKey not a string', /apiKey/, () => ({ apiKey: 42 })),
    factory('apiKey with a header newline', /apiKey/, (env) => ({
      apiKey: `${env.secrets.apiKey}${INJECTIONS.headerNewline}`,
    })),
    factory('maxCredits negative', /maxCredits/, () => ({ maxCredits: -1 })),
    factory('creditsPerRequest negative', /creditsPerRequest/, () => ({ creditsPerRequest: -5 })),
    ...commonOptionCases('socialfetch', (env, override) =>
      client(env, override).profileVideos('someone'),
    ),
    ...handles.map(([what, handle]) => ({
      name: `socialfetch profileVideos handle ${what}`,
      mentions: /handle/,
      stream: (env: BadInputEnv) => client(env).profileVideos(raw(handle)),
    })),
    ...handles.map(([what, handle]) => ({
      name: `socialfetch profile handle ${what}`,
      mentions: /handle/,
      stream: (env: BadInputEnv) => client(env).profile(raw(handle)),
    })),
    videos('options not an object', /options/, 'latest'),
    videos('sortBy unknown', /sortBy/, { sortBy: 'oldest' }),
    videos('sortBy not a string', /sortBy/, { sortBy: 1 }),
    videos('cursor empty', /cursor/, { cursor: '' }),
    videos('cursor a number', /cursor/, { cursor: 5 }),
    videos('userId empty', /userId/, { userId: '' }),
    videos('region not a country code', /region/, { region: 'Japan' }),
    videos('trim a string', /trim/, { trim: 'yes' }),
    videos('checkProfile a string', /checkProfile/, { checkProfile: 'yes' }),
    videos('maxCredits fractional', /maxCredits/, { maxCredits: 2.5 }),
    videos('maxCredits negative', /maxCredits/, { maxCredits: -1 }),
  ];
}
