import { isTikrxError, type Transport } from '@tikrx/core';
import { badRequest, validateOptionsObject } from '@tikrx/core/internal';
import { createDisplayClient } from '@tikrx/display';
import { createResearchClient, toApiDate, validateQuery } from '@tikrx/research';
import { createSocialFetchClient } from '@tikrx/socialfetch';
import type { Observable } from 'rxjs';
import { type CrawlClients, crawlStream } from './crawl-stream.js';
import { CRAWL_KINDS, type CrawlSpec } from './job-data.js';
import { validateWindowDays } from './plan-run.js';

/**
 * The spec as it will be queued (days as `YYYYMMDD`), or a `bad_request` naming what is wrong,
 * before anything is queued. Each kind's options are checked by the client that will run them,
 * exactly as a worker will: every client validates on subscribe, before any request, so the
 * stream is subscribed here on clients whose transport sends nothing, and unsubscribed at once.
 */
export function validateSpec(spec: CrawlSpec): CrawlSpec {
  validateOptionsObject(spec, 'crawl spec');
  if (!(CRAWL_KINDS as readonly unknown[]).includes(spec.kind)) {
    throw badRequest(
      `crawl kind must be one of ${CRAWL_KINDS.join(', ')}; got ${JSON.stringify((spec as { kind?: unknown }).kind)}`,
    );
  }
  const checked = normalized(spec);
  if (checked.kind === 'research.user-info') {
    // One stream per user: each username is checked, not only the first.
    for (const username of checked.usernames) {
      subscribeOnce({ ...checked, usernames: [username] });
    }
  } else {
    subscribeOnce(checked);
  }
  return checked;
}

/** What the clients do not check: the queue's own fields, and lists the spec must hold. */
function normalized(spec: CrawlSpec): CrawlSpec {
  switch (spec.kind) {
    case 'research.videos': {
      const query = validateQuery(spec.query);
      const from = toApiDate(spec.from, 'from');
      const to = spec.to === undefined ? undefined : toApiDate(spec.to, 'to');
      if (to !== undefined && to < from) throw badRequest(`to (${to}) is before from (${from})`);
      validateWindowDays(spec.windowDays);
      return { ...spec, query, from, ...(to === undefined ? {} : { to }) };
    }
    case 'research.user-info':
      nonEmptyList(spec.usernames, 'usernames');
      return spec;
    case 'research.comments':
      nonEmptyList(spec.videoIds, 'videoIds');
      return spec;
    case 'display.videos':
      if (spec.since !== undefined && !Number.isFinite(spec.since)) {
        throw badRequest('since must be Unix seconds (a number)');
      }
      return spec;
    default:
      return spec;
  }
}

function nonEmptyList(value: unknown, name: string): void {
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest(`${name} must be a non-empty list`);
  }
}

/** A transport that never answers: nothing leaves the process while the options are checked. */
const silent: Transport = (request) =>
  new Promise((_, reject) => {
    request.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });

// Placeholders the clients accept as credentials; never sent (the transport is silent).
const common = { baseUrl: 'http://127.0.0.1:9', transport: silent, retry: false } as const;
const validationClients: CrawlClients = {
  research: createResearchClient({ ...common, accessToken: 'validation-only' }),
  display: (spec) =>
    createDisplayClient({
      ...common,
      apiVersion: spec.apiVersion ?? 'v2',
      accessToken: 'validation-only',
      ...(spec.username === undefined ? {} : { username: spec.username }),
    }),
  socialfetch: createSocialFetchClient({ ...common, apiKey: 'validation-only' }),
};

/** Subscribes the spec's stream and unsubscribes at once; a `bad_request` it fails with is thrown. */
function subscribeOnce(spec: CrawlSpec): void {
  let records: Observable<object>;
  try {
    records = crawlStream({ spec }, validationClients, () => {}).records;
  } catch (error) {
    throw asBadRequest(error);
  }
  let failure: unknown;
  const subscription = records.subscribe({ error: (error: unknown) => (failure = error) });
  subscription.unsubscribe();
  if (failure !== undefined) throw asBadRequest(failure);
}

function asBadRequest(error: unknown): Error {
  if (isTikrxError(error) && error.kind === 'bad_request') return error;
  return badRequest(`crawl spec: ${error instanceof Error ? error.message : String(error)}`);
}
