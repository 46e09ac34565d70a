import type { Comment, TikrxError, TikrxEvent, UserRef, Video } from '@tikrx/core';
import {
  FAULT_KINDS,
  SIMULATOR_CREDENTIALS,
  type Simulator,
  startSimulator,
} from '@tikrx/simulator';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResearchClient, type ResearchClientOptions } from './client.js';

const retry = { baseDelayMs: 1, maxDelayMs: 20, maxRetries: 10 };

function clientFor(sim: Simulator, extra: Partial<ResearchClientOptions> = {}) {
  return createResearchClient({
    clientKey: SIMULATOR_CREDENTIALS.clientKey,
    clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
    baseUrl: sim.url,
    retry,
    ...extra,
  });
}

const sortedIds = (items: Array<Video | Comment>) => items.map((item) => item.id).sort();
const usernames = (refs: UserRef[]) => refs.map((ref) => ref.username).sort();

/** The first creator (after the featured one) for which `test` holds. */
function creatorWhere(sim: Simulator, test: (name: string) => boolean): string {
  const found = sim.dataset.creators().find((name, at) => at > 0 && test(name));
  if (found === undefined) throw new Error('no creator fits');
  return found;
}

for (const faulty of [false, true]) {
  describe(`every Research endpoint against the simulator${faulty ? ', with every fault' : ''}`, () => {
    let sim: Simulator;
    let featured: string;
    beforeAll(async () => {
      sim = await startSimulator({
        seed: 11,
        limits: { research: { perDay: 100_000 } },
        ...(faulty ? { faults: { rate: 0.2, kinds: [...FAULT_KINDS], retryAfterSec: 0 } } : {}),
      });
      featured = sim.dataset.featuredCreator;
    });
    afterAll(() => sim.close());

    it('userInfo gives the expected profile, ids and counts exact', async () => {
      const profile = await firstValueFrom(clientFor(sim).userInfo(featured));
      const expected = sim.expected.userInfo(featured) as Record<string, unknown>;
      expect(profile.lookupStatus).toBe('found');
      expect(profile.username).toBe(featured);
      expect(profile.displayName).toBe(expected['display_name']);
      expect(profile.followerCount).toBe(expected['follower_count']);
      expect(profile.likesCount).toBe(expected['likes_count']);
      expect(profile.likesCount).toBeGreaterThan(2 ** 31);
      expect(profile.videoCount).toBe(expected['video_count']);
      // bio_url is not asked for by default
      expect(profile.bioUrl).toBeUndefined();
    });

    it('userInfo of an unknown or private user is a typed outcome, not an error', async () => {
      const client = clientFor(sim);
      const unknown = await firstValueFrom(client.userInfo('nobody_here_at_all'));
      expect(unknown).toMatchObject({ lookupStatus: 'not_found', username: 'nobody_here_at_all' });
      const privateName = creatorWhere(
        sim,
        (n) => sim.expected.unavailable('userInfo', n) === 'private',
      );
      const hidden = await firstValueFrom(client.userInfo(privateName));
      expect(hidden.lookupStatus).toBe('private');
      expect(hidden.apiMessage).toMatch(/cannot return/);
      expect(hidden.displayName).toBeUndefined();
    });

    it('comments of one video are exactly the expected ones, capped at 1,000', async () => {
      let big = '';
      for (let index = 0; big === '' && index < sim.dataset.size; index++) {
        const id = sim.dataset.video(index).id;
        if (sim.expected.comments(id).length === 1_000) big = id;
      }
      const events: TikrxEvent[] = [];
      const comments = await lastValueFrom(
        clientFor(sim, { onEvent: (e) => events.push(e) })
          .comments(big)
          .pipe(toArray()),
      );
      expect(sortedIds(comments)).toEqual(sim.expected.comments(big));
      expect(comments.every((c) => c.videoId === big && c.parentCommentId === big)).toBe(true);
      expect(events.some((e) => e.type === 'warning' && e.code === 'comments_capped')).toBe(true);
    }, 60_000);

    it('comments of many videos: every comment once; unavailable videos skipped with a warning', async () => {
      const ids: string[] = [];
      for (let index = 0; ids.length < 60; index++) ids.push(sim.dataset.video(index).id);
      const skipped = ids.filter((id) => sim.expected.unavailable('comments', id) !== undefined);
      expect(skipped.length).toBeGreaterThan(0);
      const events: TikrxEvent[] = [];
      const comments = await lastValueFrom(
        clientFor(sim, { onEvent: (e) => events.push(e) })
          .comments(ids, { concurrency: 6 })
          .pipe(toArray()),
      );
      expect(sortedIds(comments)).toEqual(ids.flatMap((id) => sim.expected.comments(id)).sort());
      const warnings = events.filter(
        (e) => e.type === 'warning' && e.code === 'comments_unavailable',
      );
      expect(warnings).toHaveLength(skipped.length);
    }, 60_000);

    it('liked videos of the featured creator are exactly the expected ones', async () => {
      const videos = await lastValueFrom(
        clientFor(sim).likedVideos(featured, { maxCount: 30 }).pipe(toArray()),
      );
      expect(sim.expected.liked(featured).length).toBeGreaterThan(60);
      expect(sortedIds(videos)).toEqual(sim.expected.liked(featured));
    });

    it('hidden likes fail as forbidden, naming the user, not an empty list', async () => {
      const name = creatorWhere(sim, (n) => sim.expected.unavailable('liked', n) === 'private');
      const error = (await lastValueFrom(clientFor(sim).likedVideos(name).pipe(toArray())).catch(
        (e: unknown) => e,
      )) as TikrxError;
      expect(error.kind).toBe('forbidden');
      expect(error.message).toContain(name);
      expect(error.apiMessage).toMatch(/cannot be returned/);
    });

    it('pinned videos are exactly the expected ones', async () => {
      const name = creatorWhere(
        sim,
        (n) =>
          sim.expected.unavailable('pinned', n) === undefined && sim.expected.pinned(n).length > 0,
      );
      const videos = await lastValueFrom(clientFor(sim).pinnedVideos(name).pipe(toArray()));
      expect(sortedIds(videos)).toEqual(sim.expected.pinned(name));
    });

    it('followers and following are exactly the expected usernames, on their own quota', async () => {
      const client = clientFor(sim);
      const followers = await lastValueFrom(
        client.followers(featured, { maxCount: 25 }).pipe(toArray()),
      );
      expect(usernames(followers)).toEqual(sim.expected.followers(featured));
      expect(followers.every((ref) => ref.relation === 'follower' && ref.of === featured)).toBe(
        true,
      );
      const following = await lastValueFrom(
        client.following(featured, { maxCount: 25 }).pipe(toArray()),
      );
      expect(usernames(following)).toEqual(sim.expected.following(featured));
      expect(following.length).toBeGreaterThan(30);
    });

    it('an unknown user fails followers as not_found', async () => {
      const error = (await lastValueFrom(clientFor(sim).followers('nobody_here_at_all')).catch(
        (e: unknown) => e,
      )) as TikrxError;
      expect(error.kind).toBe('not_found');
    });

    it('a playlist gives exactly the expected video ids, pages joined in order', async () => {
      const playlistId = sim.dataset
        .creators()
        .flatMap((name) => sim.dataset.playlistIds(name))
        .find((id) => sim.expected.playlist(id).length > 3) as string;
      const playlist = await firstValueFrom(clientFor(sim).playlist(playlistId, { maxCount: 2 }));
      expect(playlist.id).toBe(playlistId);
      expect(playlist.videoIds).toEqual(sim.expected.playlist(playlistId));
      expect(playlist.itemTotal).toBe(playlist.videoIds.length);
    });
  });
}

describe('the follower quota is its own', () => {
  it('followers go on when the general daily quota is spent', async () => {
    const sim = await startSimulator({ seed: 11, limits: { research: { perDay: 2 } } });
    try {
      const client = clientFor(sim, { retry: false });
      const featured = sim.dataset.featuredCreator;
      await firstValueFrom(client.userInfo(featured));
      // the token request is no Research request; one general request is left
      await firstValueFrom(client.userInfo(featured));
      const error = (await firstValueFrom(client.userInfo(featured)).catch(
        (e: unknown) => e,
      )) as TikrxError;
      expect(error.kind).toBe('quota_exhausted');
      const followers = await lastValueFrom(client.followers(featured).pipe(toArray()));
      expect(usernames(followers)).toEqual(sim.expected.followers(featured));
    } finally {
      await sim.close();
    }
  });
});
