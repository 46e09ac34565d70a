import { TikrxError, type TikrxEvent, type Video } from '@tikrx/core';
import { SIMULATOR_CREDENTIALS, type Simulator } from '@tikrx/simulator';
import { failure as failureOf, simulatorPerTest } from '@tikrx/testing';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createSocialFetchClient, type SocialFetchClientOptions } from './client.js';

const fastRetry = { retry: { baseDelayMs: 1, maxDelayMs: 20 } };
const API_KEY = SIMULATOR_CREDENTIALS.apiKey;

const startSimulator = simulatorPerTest();
let sim: Simulator | undefined;

const clientOf = (s: Simulator, extra: Partial<SocialFetchClientOptions> = {}) =>
  createSocialFetchClient({ apiKey: API_KEY, baseUrl: s.url, ...fastRetry, ...extra });
const idsOf = async (source: Observable<Video>) =>
  (await lastValueFrom(source.pipe(toArray()))).map((video) => video.id);
const sorted = (ids: string[]) => [...ids].sort();
const failure = (source: Observable<unknown>) => failureOf<TikrxError>(source);

describe('Social Fetch against the simulator', () => {
  it.each([undefined, 'latest', 'popular'] as const)(
    'returns exactly expected.socialfetch(handle) with sortBy %s, each id once',
    async (sortBy) => {
      sim = await startSimulator({ seed: 5 });
      const handle = sim.dataset.featuredCreator;
      const ids = await idsOf(
        clientOf(sim).profileVideos(handle, sortBy === undefined ? {} : { sortBy }),
      );
      expect(sorted(ids)).toEqual(sim.expected.socialfetch(handle));
      expect(ids.length).toBe(sim.expected.socialfetch(handle).length);
    },
  );

  it('returns exactly expected.socialfetch(handle) with injected faults, and sums credits in events', async () => {
    sim = await startSimulator({ seed: 5, faults: { rate: 0.4, seed: 4 } });
    const handle = sim.dataset.creators()[3]!;
    const events: TikrxEvent[] = [];
    const ids = await idsOf(
      clientOf(sim, { onEvent: (event) => events.push(event) }).profileVideos(handle, {
        sortBy: 'latest',
      }),
    );
    expect(sorted(ids)).toEqual(sim.expected.socialfetch(handle));
    expect(ids.length).toBe(sim.expected.socialfetch(handle).length);
    expect(Object.values(sim.stats().faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const credits = events.flatMap((event) => (event.type === 'credits' ? [event.credits] : []));
    expect(credits.reduce((a, b) => a + b, 0)).toBe(sim.stats().creditsCharged);
    expect(events.some((event) => event.type === 'retry')).toBe(true);
  });

  it('a 402 mid-stream stops with quota_exhausted after every video paid for, without retrying', async () => {
    const full = await startSimulator({ seed: 5 });
    const handle = full.dataset.creators()[3]!;
    const all = await idsOf(clientOf(full).profileVideos(handle, { sortBy: 'latest' }));
    expect(all.length).toBeGreaterThan(40);

    sim = await startSimulator({ seed: 5, limits: { socialfetch: { credits: 2 } } });
    const seen: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      clientOf(sim!)
        .profileVideos(handle, { sortBy: 'latest' })
        .subscribe({
          next: (video) => seen.push(video.id),
          error: resolve,
          complete: () => resolve(undefined),
        }),
    );
    expect(error).toBeInstanceOf(TikrxError);
    expect(error).toMatchObject({
      kind: 'quota_exhausted',
      code: 'insufficient_credits',
      status: 402,
    });
    // Two pages were paid for: every one of their videos was emitted, in order.
    expect(sim.stats().creditsCharged).toBe(2);
    expect(seen).toEqual(all.slice(0, seen.length));
    expect(seen.length).toBe(sim.stats().videosServed);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(all.length);
    expect(sim.stats().requests).toBe(3);
  });

  it('maxCredits stops before the request that would overspend', async () => {
    sim = await startSimulator({ seed: 5 });
    const handle = sim.dataset.creators()[3]!;
    const error = await failure(clientOf(sim).profileVideos(handle, { maxCredits: 2 }));
    expect(error).toMatchObject({ kind: 'quota_exhausted', code: 'max_credits' });
    expect(sim.stats().creditsCharged).toBe(2);
    expect(sim.stats().requests).toBe(2);
  });

  it('profile() tells found, private and not_found apart; checkProfile fails instead of an empty stream', async () => {
    sim = await startSimulator({ seed: 5 });
    const client = clientOf(sim);
    const handles = sim.dataset.creators();
    const featured = await lastValueFrom(client.profile(sim.dataset.featuredCreator));
    expect(featured.lookupStatus).toBe('found');
    const lookups = await Promise.all(handles.map((h) => lastValueFrom(client.profile(h))));
    const privateHandle = lookups.find((p) => p.lookupStatus === 'private')?.handle;
    expect(privateHandle).toBeDefined();
    const unknown = await lastValueFrom(client.profile('no_such_creator_zz'));
    expect(unknown.lookupStatus).toBe('not_found');

    // Without the check, both are a silent empty stream.
    expect(await idsOf(client.profileVideos(privateHandle!))).toEqual([]);
    expect(await idsOf(client.profileVideos('no_such_creator_zz'))).toEqual([]);
    expect(
      await failure(client.profileVideos(privateHandle!, { checkProfile: true })),
    ).toMatchObject({ kind: 'forbidden', code: 'private_profile' });
    expect(
      await failure(client.profileVideos('no_such_creator_zz', { checkProfile: true })),
    ).toMatchObject({ kind: 'not_found' });
  });

  it('keeps the API key out of every error text', async () => {
    sim = await startSimulator({ seed: 5 });
    const secret = 'sfk_never_show_this_key_0001';
    const error = await failure(
      clientOf(sim, { apiKey: secret }).profileVideos(sim.dataset.featuredCreator),
    );
    expect(error.kind).toBe('auth');
    for (const text of [error.message, String(error), JSON.stringify(error), error.stack ?? '']) {
      expect(text).not.toContain(secret);
    }
  });

  it.each([
    ['an empty handle', API_KEY, '', {}],
    ['a 65-character handle', API_KEY, 'x'.repeat(65), {}],
    ['a path-breaking handle', API_KEY, '../../v1/admin', {}],
    ['an unknown sortBy', API_KEY, 'creator', { sortBy: 'oldest' }],
    ['a missing apiKey', '', 'creator', {}],
  ] as const)(
    'rejects %s with bad_request before any request',
    async (_name, apiKey, handle, options) => {
      sim = await startSimulator({ seed: 5 });
      const error = await failure(
        createSocialFetchClient({ apiKey, baseUrl: sim.url }).profileVideos(
          handle,
          options as never,
        ),
      );
      expect(error.kind).toBe('bad_request');
      expect(sim.stats().requests).toBe(0);
    },
  );
});
