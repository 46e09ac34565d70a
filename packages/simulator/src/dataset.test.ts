import { describe, expect, it } from 'vitest';
import { DATASET_START_SEC, Dataset, VideoDraw, videoLengthOf } from './dataset.js';
import { hash32 } from './hash.js';

const quirks = { shortPages: true, emptyPages: true };

describe('Dataset', () => {
  const dataset = new Dataset({ seed: 1, size: 20_000, quirks });

  it('lays videos out by strictly increasing create time and id', () => {
    let previousTime = 0;
    let previousId = 0n;
    for (let i = 0; i < 20_000; i += 7) {
      const video = dataset.video(i);
      expect(video.createTime).toBeGreaterThan(previousTime);
      expect(BigInt(video.id)).toBeGreaterThan(previousId);
      previousTime = video.createTime;
      previousId = BigInt(video.id);
    }
  });

  it('makes TikTok-like 19-digit ids above 2^53 whose high bits are the create time', () => {
    const video = dataset.video(1234);
    expect(video.id).toMatch(/^7\d{18}$/);
    expect(Number(BigInt(video.id) >> 32n)).toBe(video.createTime);
    expect(video.musicId).toMatch(/^\d{19}$/);
  });

  it('maps an id back to its index, and rejects ids it never made', () => {
    for (const index of [0, 1, 9_999, 19_999])
      expect(dataset.indexOfId(dataset.idOf(index))).toBe(index);
    expect(dataset.indexOfId('7000000000000000000')).toBe(-1);
    expect(dataset.indexOfId('abc')).toBe(-1);
  });

  it('keeps ids unique when several videos share a second', () => {
    const dense = new Dataset({ seed: 1, size: 10_000_000, quirks });
    const ids = new Set<string>();
    for (let i = 5_000_000; i < 5_001_000; i++) ids.add(dense.idOf(i));
    expect(ids.size).toBe(1_000);
  });

  it('maps a date to an index range', () => {
    const day = DATASET_START_SEC + 10 * 86_400;
    const first = dataset.firstIndexAtOrAfter(day);
    expect(dataset.createTime(first)).toBeGreaterThanOrEqual(day);
    expect(dataset.createTime(first - 1)).toBeLessThan(day);
  });

  it('gives the featured creator 30-60 videos and hides about 3% of videos plus sweeps', () => {
    expect(dataset.creatorVideos(0).length).toBeGreaterThanOrEqual(30);
    expect(dataset.creatorVideos(0).length).toBeLessThanOrEqual(60);
    let hidden = 0;
    for (let i = 0; i < 20_000; i++) if (dataset.isHidden(i)) hidden++;
    expect(hidden / 20_000).toBeGreaterThan(0.03);
    expect(hidden / 20_000).toBeLessThan(0.15);
    const none = new Dataset({
      seed: 1,
      size: 20_000,
      quirks: { shortPages: false, emptyPages: false },
    });
    for (let i = 0; i < 2_000; i++) {
      if (none.isHidden(i)) expect(none.isPrivate(none.creatorOf(i))).toBe(true);
    }
  });

  it('buckets durations as the video_length condition documents', () => {
    expect([14, 15, 60, 61, 300, 301].map(videoLengthOf)).toEqual([
      'SHORT',
      'MID',
      'MID',
      'LONG',
      'LONG',
      'EXTRA_LONG',
    ]);
  });

  it('spells ids as their BigInt formulas (createTime << 32 | low bits, base + hash × factor)', () => {
    const big = new Dataset({ seed: 99, size: 10_000_000, quirks });
    for (let i = 0; i < 10_000_000; i += 99_991) {
      const createTime = big.createTime(i);
      const rank = i - big.firstIndexAtOrAfter(createTime);
      const low = ((rank << 22) | (hash32(99, i, 2) & 0x3fffff)) >>> 0;
      expect(big.idOf(i)).toBe(((BigInt(createTime) << 32n) | BigInt(low)).toString());
    }
    for (let music = 0; music < big.musicCount; music += 97) {
      const createTime = 1_500_000_000 + (hash32(99, music, 10) % 170_000_000);
      const low = BigInt(hash32(99, music, 11));
      expect(big.musicIdOf(music)).toBe(((BigInt(createTime) << 32n) | low).toString());
    }
    for (let creator = 0; creator < 5_000; creator += 7) {
      for (let playlist = 0; playlist < 3; playlist++) {
        const expected =
          7_100_000_000_000_000_000n + BigInt(hash32(99, creator, playlist, 13)) * 97n;
        expect(big.playlistIdOf(creator, playlist)).toBe(expected.toString());
      }
    }
  });

  it('puts an id 18-48 s before its create_time with idTimeSkew, so id order is not time order, and maps it back', () => {
    const skewed = new Dataset({ seed: 1, size: 20_000, quirks: { ...quirks, idTimeSkew: true } });
    let outOfOrder = 0;
    let previous = 0n;
    for (let i = 0; i < 20_000; i++) {
      const video = skewed.video(i);
      const lead = video.createTime - Number(BigInt(video.id) >> 32n);
      expect(lead).toBeGreaterThanOrEqual(18);
      expect(lead).toBeLessThanOrEqual(48);
      if (BigInt(video.id) < previous) outOfOrder++;
      previous = BigInt(video.id);
      if (i % 97 === 0) expect(skewed.indexOfId(video.id)).toBe(i);
    }
    // Videos a few seconds apart swap places when ordered by id.
    const dense = new Dataset({
      seed: 1,
      size: 2_000_000,
      quirks: { ...quirks, idTimeSkew: true },
    });
    for (let i = 1_000_000; i < 1_002_000; i++) {
      if (BigInt(dense.idOf(i)) < BigInt(dense.idOf(i - 1))) outOfOrder++;
    }
    expect(outOfOrder).toBeGreaterThan(0);
  });

  it('draws into a reused VideoDraw exactly what video() says', () => {
    const draw = new VideoDraw();
    for (let i = 0; i < 20_000; i += 37) {
      dataset.draw(i, draw);
      const video = dataset.video(i);
      expect(draw.createTime).toBe(video.createTime);
      expect(draw.tagCount).toBe(video.hashtags.length);
      expect(dataset.creatorName(draw.creator)).toBe(video.username);
      expect(draw.views).toBe(video.stats.views);
      expect(draw.durationSec).toBe(dataset.durationAt(i));
    }
  });

  it('refuses sizes beyond 10 million', () => {
    expect(() => new Dataset({ seed: 1, size: 10_000_001, quirks })).toThrow(RangeError);
  });
});
