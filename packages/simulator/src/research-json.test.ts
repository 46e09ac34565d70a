import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dataset } from './dataset.js';
import { RESEARCH_QUERY_FIELDS, RESEARCH_REPOST_FIELDS } from './fields.js';
import { ResearchJson, type ResearchRenderOptions, researchFieldPlan } from './research-json.js';
import { type Simulator, startSimulator } from './simulator.js';
import { postJson, researchToken } from './test-http.js';
import type { SimVideo } from './types.js';

const str = JSON.stringify;

/**
 * The string renderer the simulator used before research-json.ts, kept as the reference the
 * byte writer must match exactly.
 */
function idText(id: string, bare: boolean): string {
  return bare ? id : `"${id}"`;
}

function renderResearchVideo(
  dataset: Dataset,
  video: SimVideo,
  fields: readonly string[],
  options: ResearchRenderOptions,
): string {
  // String += beats parts.push/join in V8 for a few hundred bytes.
  let out = '';
  for (const field of fields) {
    switch (field) {
      case 'id': {
        const key =
          options.videoIdKey === 'both'
            ? video.keyedVideoId
              ? 'video_id'
              : 'id'
            : options.videoIdKey;
        out += ',' + `"${key}":${idText(video.id, options.bigintIds)}`;
        break;
      }
      case 'video_description':
        out += ',' + `"video_description":${str(video.description)}`;
        break;
      case 'create_time':
        out += ',' + `"create_time":${video.createTime}`;
        break;
      case 'region_code':
        out += ',' + `"region_code":"${video.regionCode}"`;
        break;
      case 'share_count':
        out += ',' + `"share_count":${video.stats.shares}`;
        break;
      case 'view_count':
        out += ',' + `"view_count":${video.stats.views}`;
        break;
      case 'like_count':
        out += ',' + `"like_count":${video.stats.likes}`;
        break;
      case 'comment_count':
        out += ',' + `"comment_count":${video.stats.comments}`;
        break;
      case 'music_id':
        out += ',' + `"music_id":${idText(video.musicId, options.bigintIds)}`;
        break;
      case 'hashtag_names':
        // Absent, not [], on a video without hashtags (as in the documents' examples).
        if (video.hashtags.length > 0) out += ',' + `"hashtag_names":${str(video.hashtags)}`;
        break;
      case 'username':
        out += ',' + `"username":${str(video.username)}`;
        break;
      case 'effect_ids':
        if (video.effectIds.length > 0) out += ',' + `"effect_ids":${str(video.effectIds)}`;
        break;
      case 'playlist_id':
        if (video.playlistId !== undefined) {
          out += ',' + `"playlist_id":${idText(video.playlistId, options.bigintIds)}`;
        }
        break;
      case 'voice_to_text':
        if (video.voiceToText !== undefined)
          out += ',' + `"voice_to_text":${str(video.voiceToText)}`;
        break;
      case 'is_stem_verified':
        out += ',' + `"is_stem_verified":${video.isStemVerified}`;
        break;
      case 'favourites_count':
        out += ',' + `"${options.favouritesKey}":${video.stats.favourites}`;
        break;
      case 'video_duration':
        out += ',' + `"video_duration":${video.durationSec}`;
        break;
      case 'hashtag_info_list':
        if (video.hashtags.length > 0) {
          const infos = video.hashtags.map(
            (tag) =>
              `{"hashtag_id":${idText(dataset.hashtagIdOf(tag), options.bigintIds)},"hashtag_name":${str(tag)},"hashtag_description":${str(`Videos about ${tag}`)}}`,
          );
          out += ',' + `"hashtag_info_list":[${infos.join(',')}]`;
        }
        break;
      case 'video_mention_list':
        if (video.mentions.length > 0) out += ',' + `"video_mention_list":${str(video.mentions)}`;
        break;
      case 'video_label':
        if (video.label !== undefined) out += ',' + `"video_label":{"content":${str(video.label)}}`;
        break;
    }
  }
  return `{${out.slice(1)}}`;
}

const OPTION_SETS: ResearchRenderOptions[] = [
  { bigintIds: true, videoIdKey: 'both', favouritesKey: 'favourites_count' },
  { bigintIds: false, videoIdKey: 'id', favouritesKey: 'favorites_count' },
  { bigintIds: true, videoIdKey: 'video_id', favouritesKey: 'favorites_count' },
];

/** A deterministic shuffle-and-pick of field lists, so every order and subset shape comes up. */
function fieldLists(count: number): string[][] {
  let state = 12_345;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const lists: string[][] = [[...RESEARCH_QUERY_FIELDS], [...RESEARCH_QUERY_FIELDS].reverse()];
  while (lists.length < count) {
    const picked = RESEARCH_QUERY_FIELDS.filter(() => next() < 0.4);
    for (let i = picked.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [picked[i], picked[j]] = [picked[j]!, picked[i]!];
    }
    lists.push(picked.length === 0 ? ['video_label'] : picked);
  }
  return lists;
}

describe('ResearchJson', () => {
  it('writes every video exactly as the string renderer did, for any fields and options', () => {
    for (const size of [20_000, 10_000_000]) {
      const dataset = new Dataset({
        seed: 7,
        size,
        quirks: { shortPages: true, emptyPages: true },
      });
      const writer = new ResearchJson(dataset);
      const lists = fieldLists(12);
      for (let i = 0; i < 3_000; i++) {
        const index = Math.floor((i * size) / 3_000) + (i % 7);
        const fields = lists[i % lists.length]!;
        const options = OPTION_SETS[i % OPTION_SETS.length]!;
        const expected = renderResearchVideo(dataset, dataset.video(index), fields, options);
        expect(writer.video(index, researchFieldPlan(fields), options)).toBe(expected);
      }
    }
  });

  it('writes {} for a video with none of the fields asked for', () => {
    const dataset = new Dataset({
      seed: 7,
      size: 20_000,
      quirks: { shortPages: true, emptyPages: true },
    });
    let index = 0;
    while (dataset.video(index).label !== undefined) index++;
    const writer = new ResearchJson(dataset);
    expect(writer.video(index, researchFieldPlan(['video_label']), OPTION_SETS[0]!)).toBe('{}');
  });

  it('keeps each page intact while the next ones are written (the socket may still hold it)', () => {
    const dataset = new Dataset({
      seed: 7,
      size: 20_000,
      quirks: { shortPages: true, emptyPages: true },
    });
    const writer = new ResearchJson(dataset);
    const plan = researchFieldPlan([...RESEARCH_QUERY_FIELDS]);
    const indices = Array.from({ length: 100 }, (_, k) => k);
    const pages: Array<{ bytes: Buffer; text: string }> = [];
    // ~68 KiB a page: enough pages to fill several slabs.
    for (let page = 0; page < 40; page++) {
      const { bytes } = writer.queryPage(
        indices,
        plan,
        OPTION_SETS[0]!,
        100,
        true,
        String(page),
        'L',
      );
      pages.push({ bytes, text: bytes.toString() });
    }
    for (const [page, { bytes, text }] of pages.entries()) {
      expect(bytes.toString()).toBe(text);
      expect(
        text.endsWith(`"search_id":"${page}"},"error":{"code":"ok","message":"","log_id":"L"}}`),
      ).toBe(true);
    }
  });
});

describe('Research pages (bytes pinned)', () => {
  let sim: Simulator | undefined;
  afterEach(() => sim?.close());

  // The SHA-256 of these pages as the string renderer wrote them before research-json.ts
  // existed: a rewrite of the writer must not move a byte.
  it('serves the same bytes as before for a seed, with every quirk setting', async () => {
    const now = Date.UTC(2024, 3, 5, 13, 25, 44);
    const cases = [
      // Ids pinned as they were before the idTimeSkew quirk (its own tests are in dataset.test).
      { quirks: { idTimeSkew: false }, fields: RESEARCH_QUERY_FIELDS.join(',') },
      {
        quirks: {
          bigintIds: false,
          videoIdKey: 'id',
          favouritesKey: 'favorites_count',
          idTimeSkew: false,
        } as const,
        fields: [...RESEARCH_QUERY_FIELDS].reverse().join(','),
      },
      {
        quirks: { videoIdKey: 'video_id', idTimeSkew: false } as const,
        fields: 'hashtag_info_list,id,username,video_label,effect_ids',
      },
    ];
    const hash = createHash('sha256');
    for (const { quirks, fields } of cases) {
      sim = await startSimulator({ seed: 7, size: 200_000, now: () => now, quirks });
      const auth = { authorization: `Bearer ${await researchToken(sim.url)}` };
      const request: Record<string, unknown> = {
        query: {
          and: [{ field_name: 'region_code', operation: 'IN', field_values: ['US', 'JP'] }],
        },
        start_date: '20230110',
        end_date: '20230120',
        max_count: 100,
        cursor: 0,
      };
      for (let page = 0; page < 3; page++) {
        const result = await postJson(
          `${sim.url}/v2/research/video/query/?fields=${fields}`,
          request,
          auth,
        );
        expect(result.status).toBe(200);
        hash.update(result.text);
        request['cursor'] = result.json.data.cursor;
        request['search_id'] = result.json.data.search_id;
      }
      const reposts = await postJson(
        `${sim.url}/v2/research/user/reposted_videos/?fields=${RESEARCH_REPOST_FIELDS.join(',')}`,
        { username: sim.dataset.featuredCreator, max_count: 100 },
        auth,
      );
      hash.update(reposts.text);
      await sim.close();
      sim = undefined;
    }
    expect(hash.digest('hex')).toBe(
      '3f1fe7cf7404a17fcbfe7c0a03ed36798bbf2f8062a64f9fa0becd228ad2625c',
    );
  });
});
