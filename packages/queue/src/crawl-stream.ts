import { TikrxError } from '@tikrx/core';
import type { DisplayCheckpoint, DisplayClient } from '@tikrx/display';
import type { RecordKind } from '@tikrx/operators/internal';
import type { ResearchCheckpoint, ResearchClient } from '@tikrx/research';
import type { SocialFetchCheckpoint, SocialFetchClient } from '@tikrx/socialfetch';
import { concatMap, EMPTY, from, type Observable, tap } from 'rxjs';
import { startOfDayMs } from './days.js';
import type { CrawlSpec, DayWindow, DisplayVideosSpec } from './job-data.js';

/** The clients a worker holds; a kind whose client is absent fails (the worker lacks its credentials). */
export interface CrawlClients {
  research?: ResearchClient | undefined;
  /** A Display client for a spec's API version and user. */
  display?: ((spec: DisplayVideosSpec) => DisplayClient) | undefined;
  socialfetch?: SocialFetchClient | undefined;
}

/** Where a window job stands, as the job holds it. */
export interface CrawlPosition {
  spec: CrawlSpec;
  window?: DayWindow | undefined;
  /** The checkpoint reported after the last page stored; absent on the first attempt. */
  checkpoint?: unknown;
}

/** One window job's records, the table they go to, and its checkpoints. */
export interface CrawlStream {
  kind: RecordKind;
  /**
   * The records, resuming from the position's checkpoint. `onCheckpoint` is called after each
   * page's records were emitted, with what the job should store to resume after that page.
   */
  records: Observable<object>;
}

/** Where `research.user-info` stands: the index of the next username. */
interface UserInfoCheckpoint {
  next: number;
}

/** The table each kind of crawl writes. */
export function recordKindOfSpec(spec: CrawlSpec): RecordKind {
  switch (spec.kind) {
    case 'research.user-info':
      return 'users';
    case 'research.comments':
      return 'comments';
    case 'research.followers':
    case 'research.following':
      return 'userRelations';
    case 'research.playlist':
      return 'playlists';
    default:
      return 'videos';
  }
}

/**
 * The stream of one window job: the spec's endpoint on the worker's client, resumed from the
 * job's checkpoint. Every kind reports a checkpoint after each page (the client's own, or for
 * user info the next username); a playlist is one answer and none.
 */
export function crawlStream(
  position: CrawlPosition,
  clients: CrawlClients,
  onCheckpoint: (checkpoint: unknown) => void,
): CrawlStream {
  const { spec } = position;
  return { kind: recordKindOfSpec(spec), records: recordsOf(position, clients, onCheckpoint) };
}

function recordsOf(
  position: CrawlPosition,
  clients: CrawlClients,
  onCheckpoint: (checkpoint: unknown) => void,
): Observable<object> {
  const { spec } = position;
  const resume = {
    ...(position.checkpoint === undefined
      ? {}
      : { checkpoint: position.checkpoint as ResearchCheckpoint }),
    onCheckpoint,
  };
  const maxCount = (value: number | undefined) => (value === undefined ? {} : { maxCount: value });
  const fields = <F>(value: F[] | undefined) => (value === undefined ? {} : { fields: value });
  switch (spec.kind) {
    case 'research.videos': {
      const window = position.window ?? { start: spec.from, end: spec.to ?? spec.from };
      const days = (startOfDayMs(window.end) - startOfDayMs(window.start)) / 86_400_000 + 1;
      return need(clients.research, 'research').queryVideos({
        query: spec.query,
        startDate: window.start,
        endDate: window.end,
        // The queue made the windows: the client crawls this one as a single window.
        windowDays: Math.min(days, 31),
        concurrency: 1,
        ...fields(spec.fields),
        ...maxCount(spec.maxCount),
        ...resume,
      });
    }
    case 'research.reposts':
      return need(clients.research, 'research').repostedVideos(spec.username, {
        ...maxCount(spec.maxCount),
        ...resume,
      });
    case 'research.comments':
      return need(clients.research, 'research').comments(spec.videoIds, {
        ...fields(spec.fields),
        ...maxCount(spec.maxCount),
        ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
        ...resume,
      });
    case 'research.liked':
      return need(clients.research, 'research').likedVideos(spec.username, {
        ...fields(spec.fields),
        ...maxCount(spec.maxCount),
        ...resume,
      });
    case 'research.pinned':
      return need(clients.research, 'research').pinnedVideos(spec.username, {
        ...fields(spec.fields),
        ...resume,
      });
    case 'research.followers':
    case 'research.following': {
      const research = need(clients.research, 'research');
      const list = spec.kind === 'research.followers' ? 'followers' : 'following';
      return research[list](spec.username, { ...maxCount(spec.maxCount), ...resume });
    }
    case 'research.playlist':
      return need(clients.research, 'research').playlist(spec.playlistId, maxCount(spec.maxCount));
    case 'research.user-info': {
      const research = need(clients.research, 'research');
      const first = (position.checkpoint as UserInfoCheckpoint | undefined)?.next ?? 0;
      return from(spec.usernames.slice(first)).pipe(
        concatMap((username, index) =>
          research.userInfo(username, fields(spec.fields)).pipe(
            tap({
              complete: () =>
                onCheckpoint({ next: first + index + 1 } satisfies UserInfoCheckpoint),
            }),
          ),
        ),
      );
    }
    case 'display.videos': {
      const checkpoint = position.checkpoint as DisplayCheckpoint | undefined;
      if (checkpoint?.done === true) return EMPTY;
      return need(
        clients.display,
        'display',
      )(spec).videos({
        ...fields(spec.fields),
        ...maxCount(spec.maxCount),
        ...(spec.since === undefined ? {} : { since: spec.since }),
        ...(checkpoint === undefined ? {} : { cursor: checkpoint.cursor }),
        onCheckpoint,
      });
    }
    case 'socialfetch.videos': {
      const checkpoint = position.checkpoint as SocialFetchCheckpoint | undefined;
      if (checkpoint?.done === true) return EMPTY;
      return need(clients.socialfetch, 'socialfetch').profileVideos(spec.handle, {
        ...(spec.sortBy === undefined ? {} : { sortBy: spec.sortBy }),
        ...(spec.region === undefined ? {} : { region: spec.region }),
        ...(spec.userId === undefined ? {} : { userId: spec.userId }),
        ...(spec.trim === undefined ? {} : { trim: spec.trim }),
        ...(spec.maxCredits === undefined ? {} : { maxCredits: spec.maxCredits }),
        ...(checkpoint === undefined ? {} : { cursor: checkpoint.cursor }),
        onCheckpoint,
      });
    }
  }
}

const CREDENTIALS: Record<keyof CrawlClients, string> = {
  research:
    'Research API client credentials (`research`; the CLI reads TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET)',
  display: 'a Display API access token (`display`; the CLI reads TIKTOK_ACCESS_TOKEN)',
  socialfetch: 'a Social Fetch API key (`socialfetch`; the CLI reads SOCIALFETCH_API_KEY)',
};

/** The client, or an `auth` error (not retried) saying which credentials the worker lacks. */
function need<C>(client: C | undefined, api: keyof CrawlClients): C {
  if (client !== undefined) return client;
  throw new TikrxError({
    kind: 'auth',
    message: `this worker has no ${CREDENTIALS[api]}; start the workers with them`,
    retryable: false,
  });
}
