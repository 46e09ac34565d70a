import { idString, isTikrxError, type Playlist, paginate } from '@tikrx/core';
import { validateOptionsObject } from '@tikrx/core/internal';
import { catchError, defer, map, type Observable, throwError, toArray } from 'rxjs';
import type { EndpointContext } from './endpoint-context.js';
import { normalizePlaylist, type PlaylistPage, playlistPageSchema } from './playlist-wire.js';
import { validateResearchId } from './research-id.js';
import { asUnavailable } from './unavailable-error.js';
import { positiveInteger } from './validate-options.js';
import { parsePage } from './wire.js';

/** Options of `playlist`. */
export interface PlaylistOptions {
  /** `max_count` (video ids per page); the document gives no default or limit. Default: not sent. */
  maxCount?: number;
}

/**
 * `playlist(playlistId)`: one `Playlist`, every page of its video ids joined. The first request
 * sends no cursor (traktok never sends one: "the documented cursor does not seem to work");
 * when the API says there is more, the next page is asked for with its cursor, and a page that
 * brings no new id ends the list (a cursor the API ignored) with a `warning` event.
 */
export function playlistEndpoint(context: EndpointContext) {
  return (playlistId: string, options: PlaylistOptions = {}): Observable<Playlist> =>
    defer(() => {
      const { baseUrl, tokens } = context.setUp();
      const id = validateResearchId(playlistId, 'playlistId');
      validateOptionsObject(options, 'playlist options');
      const maxCount =
        options.maxCount === undefined
          ? undefined
          : positiveInteger(options.maxCount, 1, 'maxCount');
      const url = `${baseUrl}/v2/research/playlist/info/`;
      const seen = new Set<string>();
      const raw: unknown[] = [];
      return paginate<PlaylistPage['data'], { cursor?: number }>({
        first: {},
        cursorKey: (at) => String(at.cursor),
        fetchPage: (at) =>
          context
            .post(
              url,
              {
                playlist_id: BigInt(id),
                ...(maxCount === undefined ? {} : { max_count: maxCount }),
                ...(at.cursor === undefined ? {} : { cursor: at.cursor }),
              },
              tokens,
            )
            .pipe(
              map((response) => {
                const page = parsePage(playlistPageSchema, response.body, 'playlist info');
                raw.push((response.body as { data?: unknown }).data);
                const before = seen.size;
                for (const videoId of page.data.playlist_video_ids ?? []) {
                  seen.add(idString(videoId));
                }
                const stalled = at.cursor !== undefined && seen.size === before;
                if (stalled) {
                  context.emit({
                    type: 'warning',
                    source: 'research',
                    code: 'playlist_cursor_ignored',
                    message: `playlist ${id}: a page brought no new video id; stopped there`,
                  });
                }
                const next = page.data.has_more === true ? page.data.cursor : undefined;
                return {
                  items: [page.data],
                  next: next !== undefined && !stalled ? { cursor: next } : undefined,
                };
              }),
              catchError((error: unknown) =>
                throwError(() =>
                  isTikrxError(error) ? asUnavailable(error, `playlist ${id}`) : error,
                ),
              ),
            ),
      }).pipe(
        toArray(),
        map((pages) => normalizePlaylist(id, pages, raw)),
      );
    });
}
