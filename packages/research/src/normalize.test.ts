import { parseJsonLossless } from '@tikrx/core';
import { describe, expect, it } from 'vitest';
import { normalizeResearchVideo, normalizeResearchVideos } from './normalize.js';
import { videoQueryPageSchema } from './schema.js';

const pageText = `{"data":{"videos":[
  {"video_id":702874395068494965,"music_id":703847506349838790,"create_time":1633823999,
   "region_code":"CA","hashtag_names":["avengers","pov"],"effect_ids":["0"],
   "video_description":"lol #pov #avengers","view_count":1050,"comment_count":2,
   "hashtag_info_list":[{"hashtag_id":7012345678901234567,"hashtag_name":"pov"}],
   "video_label":{"content":"x"}},
  {"id":7777777777777777777,"favorites_count":5,"playlist_id":7300000000000000001}
 ],"cursor":100,"has_more":true,"search_id":"7201388525814961198"},
 "error":{"code":"ok","message":"","log_id":"20230113024658F0D7C5D6CA3A9B79C5B9"}}`;

describe('normalizeResearchVideos', () => {
  const sent = (parseJsonLossless(pageText) as { data: { videos: unknown[] } }).data.videos;
  const page = videoQueryPageSchema.parse(parseJsonLossless(pageText));
  const [first, second] = normalizeResearchVideos(page.data.videos ?? [], sent);

  it('maps the documented fields and keeps every id digit (the query document example)', () => {
    expect(first).toMatchObject({
      id: '702874395068494965',
      source: 'research',
      musicId: '703847506349838790',
      createTime: 1633823999,
      regionCode: 'CA',
      hashtags: ['avengers', 'pov'],
      effectIds: ['0'],
      description: 'lol #pov #avengers',
      stats: { views: 1050, comments: 2 },
    });
    expect(second).toMatchObject({
      id: '7777777777777777777',
      playlistId: '7300000000000000001',
      stats: { saves: 5 },
    });
  });

  it('keeps as raw the record as sent, members the schema does not read included', () => {
    expect(first?.raw).toEqual(sent[0]);
    expect(first?.raw).toMatchObject({
      hashtag_info_list: [{ hashtag_id: '7012345678901234567', hashtag_name: 'pov' }],
      video_label: { content: 'x' },
    });
  });

  it('leaves absent what the API did not send, never a zero', () => {
    expect(second).not.toHaveProperty('createTime');
    expect(second?.stats).toEqual({ saves: 5 });
    expect(Object.values(second ?? {})).not.toContain(undefined);
  });

  it('refuses through the schema an id that already lost digits', () => {
    const rounded = { data: { videos: [{ id: 7777777777777777000 }], has_more: false } };
    expect(videoQueryPageSchema.safeParse(rounded).success).toBe(false);
  });

  it('uses the record itself as raw when no sent copy is given', () => {
    const record = { id: '1', view_count: 3 };
    expect(normalizeResearchVideo(record).raw).toBe(record);
  });
});
