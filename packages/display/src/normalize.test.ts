import { describe, expect, it } from 'vitest';
import { normalizeDisplayVideo } from './normalize.js';
import type { DisplayVideoRecord } from './schema.js';

describe('normalizeDisplayVideo', () => {
  it('maps every documented field to the Video model, keeping the record as raw', () => {
    const record = {
      id: '7080217258529732998',
      create_time: 1648827600,
      cover_image_url: 'https://p16.example/cover.jpeg',
      share_url: 'https://www.tiktok.com/@creator/video/7080217258529732998',
      video_description: 'a description #tag',
      duration: 15,
      height: 1024,
      width: 576,
      title: 'a title',
      embed_html: '<blockquote></blockquote>',
      embed_link: 'https://www.tiktok.com/embed/v2/7080217258529732998',
      like_count: 10,
      comment_count: 2,
      share_count: 1,
      view_count: 100,
    } as DisplayVideoRecord;
    expect(normalizeDisplayVideo(record, 'creator')).toEqual({
      id: '7080217258529732998',
      source: 'display',
      createTime: 1648827600,
      username: 'creator',
      description: 'a description #tag',
      title: 'a title',
      url: 'https://www.tiktok.com/@creator/video/7080217258529732998',
      coverImageUrl: 'https://p16.example/cover.jpeg',
      embedUrl: 'https://www.tiktok.com/embed/v2/7080217258529732998',
      embedHtml: '<blockquote></blockquote>',
      durationSec: 15,
      width: 576,
      height: 1024,
      stats: { views: 100, likes: 10, comments: 2, shares: 1 },
      raw: record,
    });
  });

  it('leaves absent what the API did not send (no 0 for an unknown count, no stats object)', () => {
    const video = normalizeDisplayVideo({
      id: '7099522475452681474',
      title: null,
    } as DisplayVideoRecord);
    expect(video).toEqual({
      id: '7099522475452681474',
      source: 'display',
      raw: { id: '7099522475452681474', title: null },
    });
    expect('stats' in video).toBe(false);
    expect('username' in video).toBe(false);
  });

  it('keeps a 19-digit id exact and refuses one that already lost digits', () => {
    expect(normalizeDisplayVideo({ id: '7320768196569599275' } as DisplayVideoRecord).id).toBe(
      '7320768196569599275',
    );
    expect(() =>
      normalizeDisplayVideo({ id: 7320768196569599000 as unknown as string } as DisplayVideoRecord),
    ).toThrow();
  });
});
