import { fixture } from '@tikrx/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseJsonLossless,
  quoteLongIntegerMembers,
  stringifyJsonLossless,
} from './lossless-json.js';

/** Every `"key": <integer>` in the raw text, digit-exact, in document order. */
function integersInText(text: string, key: string): string[] {
  return [...text.matchAll(new RegExp(`"${key}"\\s*:\\s*(-?\\d+)`, 'g'))].map((m) => m[1]!);
}

interface ResearchPage {
  data: {
    videos: Record<string, unknown>[];
    cursor: unknown;
    search_id: unknown;
    has_more: unknown;
  };
  error: { code: unknown; log_id: unknown };
}

describe('parseJsonLossless on the recorded Research pages', () => {
  for (const name of [
    'research-video-query-page-1-of-2.recorded.json',
    'research-video-query-page-2-of-2.recorded.json',
  ]) {
    it(`keeps every digit of every video and music id in ${name}`, () => {
      const text = fixture(name);
      const page = parseJsonLossless(text) as ResearchPage;
      const videos = page.data.videos;
      expect(videos).toHaveLength(27);

      const ids = integersInText(text, 'id');
      const musicIds = integersInText(text, 'music_id');
      expect(ids).toHaveLength(27);
      expect(musicIds).toHaveLength(27);
      expect(videos.map((v) => v['id'])).toEqual(ids);
      expect(videos.map((v) => v['music_id'])).toEqual(musicIds);
      // The fixture is worth testing: bare JSON.parse does round these ids.
      const rounded = (JSON.parse(text) as ResearchPage).data.videos.map((v) => String(v['id']));
      expect(rounded.filter((id, i) => id !== ids[i]).length).toBeGreaterThan(0);
    });
  }

  it('leaves the rest of the page as JSON.parse reads it', () => {
    const text = fixture('research-video-query-page-1-of-2.recorded.json');
    const lossless = parseJsonLossless(text) as ResearchPage;
    const plain = JSON.parse(text) as ResearchPage;
    expect(lossless.data.cursor).toBe(100);
    expect(lossless.data.has_more).toBe(true);
    expect(lossless.data.search_id).toBe('7354367454467855403');
    expect(lossless.error.log_id).toBe(plain.error.log_id);
    lossless.data.videos.forEach((video, i) => {
      const { id: _id, music_id: _musicId, ...rest } = video;
      const { id: _pid, music_id: _pmusicId, ...plainRest } = plain.data.videos[i]!;
      expect(rest).toEqual(plainRest);
    });
  });
});

describe('parseJsonLossless on the API documents’ examples', () => {
  it('reads the Research video query example (video_id and music_id)', () => {
    const text = fixture('research-video-query.api-doc-example.json');
    expect(integersInText(text, 'video_id')).toEqual(['702874395068494965']);
    expect(integersInText(text, 'music_id')).toEqual(['703847506349838790']);
    const page = parseJsonLossless(text) as ResearchPage;
    expect(page.data.videos[0]).toMatchObject({
      video_id: '702874395068494965',
      music_id: '703847506349838790',
      create_time: 1633823999,
      view_count: 1050,
      effect_ids: ['0'],
    });
    expect(page.data.search_id).toBe('7201388525814961198');
  });

  it('reads the reposted videos example (ids 7777…, 3333…, music 1111…, 9999…)', () => {
    const text = fixture('research-reposted-videos.api-doc-example.json');
    const body = parseJsonLossless(text) as {
      data: { reposted_videos: Record<string, unknown>[]; cursor: unknown };
    };
    const videos = body.data.reposted_videos;
    expect(videos.map((v) => v['id'])).toEqual(integersInText(text, 'id'));
    expect(videos.map((v) => v['id'])).toEqual(['7777777777777777777', '3333333333333333333']);
    expect(videos.map((v) => v['music_id'])).toEqual(integersInText(text, 'music_id'));
    expect(videos.map((v) => v['music_id'])).toEqual([
      '1111111111111111111',
      '9999999999999999999',
    ]);
    // 9999999999999999999 is beyond int64 too; it still comes through as written.
    expect(body.data.cursor).toBe(7);
  });

  it('keeps Display v1’s id, already a string there, and its 13-digit cursor a number', () => {
    const text = fixture('display-v1-video-list.api-doc-example.json');
    const body = parseJsonLossless(text) as {
      data: { cursor: unknown; video_list: { id: unknown }[] };
    };
    expect(body.data.video_list[0]!.id).toBe('7099522475452681474');
    expect(body.data.cursor).toBe(1652986389000);
  });
});

describe('the documented rule: member integers of 16+ digits become strings', () => {
  it('quotes 16+ digit members, even safe ones, and leaves 15-digit ones numbers', () => {
    expect(
      parseJsonLossless('{"a":123456789012345,"b":1234567890123456,"c":-7320768196569599275}'),
    ).toEqual({ a: 123456789012345, b: '1234567890123456', c: '-7320768196569599275' });
  });

  it('handles whitespace after the colon and before the delimiter (pretty-printed)', () => {
    expect(parseJsonLossless('{\n  "id": 7320768196569599275\n}')).toEqual({
      id: '7320768196569599275',
    });
    expect(parseJsonLossless('{"v":[{"id":7320768196569599275}]}')).toEqual({
      v: [{ id: '7320768196569599275' }],
    });
  });

  it('leaves fractions and exponents numbers', () => {
    expect(parseJsonLossless('{"a":12345678901234567.5,"b":1234567890123456789e2}')).toEqual({
      a: Number('12345678901234567.5'),
      b: Number('1234567890123456789e2'),
    });
  });

  it('keeps every digit of int64s inside arrays (playlist_video_ids)', () => {
    expect(parseJsonLossless('{"a":[7320768196569599275, 7320768196569599276],"b":[1,2]}')).toEqual(
      { a: ['7320768196569599275', '7320768196569599276'], b: [1, 2] },
    );
  });

  it('does not touch a comma and digits inside a string', () => {
    expect(parseJsonLossless('{"d":"a,1234567890123456789 b","e":[1]}')).toEqual({
      d: 'a,1234567890123456789 b',
      e: [1],
    });
  });

  it('does not touch strings that contain an escaped quote, a colon and digits', () => {
    const text = JSON.stringify({ d: 'say ":1234567890123456789, ok', id: 1 }).replace(
      '"id":1',
      '"id":7320768196569599275',
    );
    expect(parseJsonLossless(text)).toEqual({
      d: 'say ":1234567890123456789, ok',
      id: '7320768196569599275',
    });
  });

  it('parses a description that starts with a colon and digits (falls back to the careful pass)', () => {
    // A user can write such a caption; the fast pass alone would make the page unparseable.
    const text =
      '{"videos":[{"video_description":":1234567890123456789 lol","id":7320768196569599275}]}';
    expect(parseJsonLossless(text)).toEqual({
      videos: [{ video_description: ':1234567890123456789 lol', id: '7320768196569599275' }],
    });
  });

  it('quotes a key that ends with an escaped backslash', () => {
    expect(parseJsonLossless('{"a\\\\":7320768196569599275}')).toEqual({
      'a\\': '7320768196569599275',
    });
  });

  it('throws a SyntaxError on text that is not JSON, or is truncated', () => {
    expect(() => parseJsonLossless('<html>504 Gateway Time-out</html>')).toThrow(SyntaxError);
    expect(() => parseJsonLossless('{"data":{"videos":[{"id":7320768196569599275,')).toThrow(
      SyntaxError,
    );
    expect(() => parseJsonLossless('')).toThrow(SyntaxError);
  });

  it('quoteLongIntegerMembers only adds quotes', () => {
    expect(quoteLongIntegerMembers('{"id": 7320768196569599275}')).toBe(
      '{"id": "7320768196569599275"}',
    );
  });
});

describe('quoteLongIntegerMembers, the scan', () => {
  const reference = (text: string) =>
    text.replace(/(":|\[|,)([ \t\r\n]*)(-?\d{16,})(?=[,}\]\s])/g, '$1$2"$3"');

  it('rewrites exactly as the documented regex does, on any text', () => {
    const alphabet = fc.constantFrom(...'"\\:,}] \n-0123456789x{['.split(''));
    const digitRun = fc.integer({ min: 1, max: 25 }).map((n) => '7'.repeat(n));
    const piece = fc.oneof(alphabet, digitRun, fc.constant('":'), fc.constant('": -'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(quoteLongIntegerMembers(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips random pages of int64 ids losslessly', () => {
    const id = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String);
    const video = fc.record({
      id,
      music_id: id,
      video_description: fc.string({ maxLength: 40 }),
      view_count: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(video, { maxLength: 20 }), fc.boolean(), (videos, pretty) => {
        const text = JSON.stringify({ data: { videos } }, null, pretty ? 2 : undefined).replace(
          /"(id|music_id)": ?"(\d+)"/g,
          (match, _key: string, digits: string) =>
            digits.length >= 16 ? match.replace(`"${digits}"`, digits) : match,
        );
        expect(parseJsonLossless(text)).toEqual({ data: { videos } });
      }),
      { numRuns: 300 },
    );
  });
});

describe('stringifyJsonLossless', () => {
  it('writes bigints as bare numbers with every digit', () => {
    expect(stringifyJsonLossless({ video_id: 7320768196569599275n, cursor: 0, t: 'x' })).toBe(
      '{"video_id":7320768196569599275,"cursor":0,"t":"x"}',
    );
  });

  it('is JSON.stringify when there is no bigint', () => {
    const value = { a: ['\u0000bigint:1'], b: 1 };
    expect(stringifyJsonLossless(value)).toBe(JSON.stringify(value));
  });
});
