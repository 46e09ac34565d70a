import { describe, expect, expectTypeOf, it } from 'vitest';
import { VIDEO_SOURCES, type Video, type VideoSource } from './video.js';

describe('Video', () => {
  it('names the three sources in a stable order', () => {
    expect(VIDEO_SOURCES).toEqual(['display', 'socialfetch', 'research']);
    expectTypeOf<VideoSource>().toEqualTypeOf<'display' | 'socialfetch' | 'research'>();
  });

  it('holds every field of the design’s table, ids as strings', () => {
    const video: Video = {
      id: '702874395068494965',
      source: 'research',
      createTime: 1633823999,
      username: 'someone',
      description: 'lol #pov #avengers',
      title: 'video 1',
      url: 'https://www.tiktok.com/@someone/video/702874395068494965',
      coverImageUrl: 'https://example.test/cover.jpg',
      embedUrl: 'https://www.tiktok.com/static/profile-video?id=7099522475452681474',
      embedHtml: '<blockquote></blockquote>',
      durationSec: 12.5,
      width: 1080,
      height: 1920,
      regionCode: 'CA',
      musicId: '703847506349838790',
      hashtags: ['avengers', 'pov'],
      effectIds: ['0'],
      mentions: ['friend'],
      playlistId: '7777777777777777777',
      voiceToText: 'hello',
      isStemVerified: false,
      pinned: true,
      isAd: false,
      stats: { views: 1050, likes: 1, comments: 2, shares: 3, saves: 4 },
      media: {
        downloadUrl: 'https://a.test/v.mp4',
        downloadUrlNoWatermark: 'https://a.test/n.mp4',
      },
      raw: { video_id: '702874395068494965' },
    };
    expectTypeOf(video.id).toEqualTypeOf<string>();
    expectTypeOf<Video['musicId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Video['playlistId']>().toEqualTypeOf<string | undefined>();
    expect(JSON.parse(JSON.stringify(video))).toEqual(video);
  });
});
