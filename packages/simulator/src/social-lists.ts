import type { SimContext } from './context.js';
import type { Dataset } from './dataset.js';
import type { SocialData, TimedEntry } from './social-data.js';

/** One page of a time-ordered list, as the routes write it. */
export interface SocialPage {
  /** Followers/following: the JSON array of `{display_name, username}`. */
  items: string;
  /** Likes: the video indices to write. */
  indices: number[];
  /** The next cursor: one second before the last entry of this page. */
  cursor: number;
  hasMore: boolean;
}

function listOf(social: SocialData, kind: 'followers' | 'following' | 'likes', creator: number) {
  if (kind === 'likes') return social.likes(creator);
  return kind === 'followers' ? social.followers(creator) : social.following(creator);
}

/** Whether an entry is ever returned: only public followers, only visible videos. */
export function isShown(
  dataset: Dataset,
  kind: 'followers' | 'following' | 'likes',
  entry: TimedEntry,
): boolean {
  return kind === 'likes' ? !dataset.isHidden(entry.value) : !dataset.isPrivate(entry.value);
}

/**
 * The entries on or before `cursor` (unix seconds), newest first, `maxCount` of them; entries
 * never shown (private followers, hidden videos) keep their place, so pages run short.
 */
export function socialPage(
  ctx: SimContext,
  kind: 'followers' | 'following' | 'likes',
  creator: number,
  cursor: number,
  maxCount: number,
): SocialPage {
  const entries = listOf(ctx.social, kind, creator).filter((entry) => entry.time <= cursor);
  const taken = entries.slice(0, maxCount);
  const shown = taken.filter((entry) => isShown(ctx.dataset, kind, entry));
  const last = taken.at(-1);
  const page: SocialPage = {
    items: '[]',
    indices: [],
    cursor: last === undefined ? cursor : last.time - 1,
    hasMore: entries.length > maxCount,
  };
  if (kind === 'likes') {
    page.indices = shown.map((entry) => entry.value);
  } else {
    page.items = JSON.stringify(
      shown.map((entry) => ({
        display_name: displayNameOf(ctx.dataset.creatorName(entry.value)),
        username: ctx.dataset.creatorName(entry.value),
      })),
    );
  }
  return page;
}

/** "brave_otter42" → "Brave Otter". */
export function displayNameOf(username: string): string {
  return username
    .split(/[._\d]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(' ');
}

/** The user info of a creator, every field (the route keeps those asked for). */
export function userProfileOf(ctx: SimContext, creator: number): Record<string, unknown> {
  const { dataset, social } = ctx;
  const name = dataset.creatorName(creator);
  const h = dataset.userIdOf(creator);
  const digits = Number(h.slice(-6));
  const videos = dataset.creatorVideos(creator).filter((index) => !dataset.isHidden(index));
  const profile: Record<string, unknown> = {
    display_name: displayNameOf(name),
    // Users without a bio get an empty string (the codebook says so).
    bio_description: digits % 5 === 0 ? '' : `videos about ${name.split(/[._\d]/)[1] ?? 'life'}`,
    avatar_url: `https://p16-sign-va.tiktokcdn.com/avatar/${h}~c5_168x168.jpeg`,
    is_verified: creator === 0 || digits % 17 === 0,
    follower_count: social.followers(creator).length,
    following_count: social.following(creator).length,
    // Beyond 2^31 for the featured creator, as big accounts are.
    likes_count: creator === 0 ? 3_000_000_000 + digits : digits * 13,
    video_count: videos.length,
  };
  if (digits % 3 === 0) profile['bio_url'] = `https://example.com/${name}`;
  return profile;
}
