import { idString, type Playlist } from '@tikrx/core';
import { z } from 'zod';
import { errorSchema, idValue } from './schema.js';

/** `POST /v2/research/playlist/info/`: `data` is flat; no `fields` parameter is documented. */
export const playlistPageSchema = z.looseObject({
  data: z.looseObject({
    playlist_id: idValue.optional(),
    playlist_name: z.string().optional(),
    playlist_video_ids: z.array(idValue).optional(),
    playlist_item_total: z.number().optional(),
    playlist_last_updated: z.number().optional(),
    cursor: z.number().optional(),
    has_more: z.boolean().optional(),
  }),
  error: errorSchema.optional(),
});
/** A validated playlist page. */
export type PlaylistPage = z.output<typeof playlistPageSchema>;

/** Playlist pages (in order) as one `Playlist`; ids listed twice are kept once. */
export function normalizePlaylist(
  playlistId: string,
  pages: readonly PlaylistPage['data'][],
  raw: unknown[],
): Playlist {
  const videoIds = new Set<string>();
  for (const page of pages)
    for (const id of page.playlist_video_ids ?? []) videoIds.add(idString(id));
  const playlist: Playlist = { id: playlistId, videoIds: [...videoIds] };
  const last = pages.at(-1);
  const first = pages[0];
  if (first?.playlist_id !== undefined) playlist.id = idString(first.playlist_id);
  if (first?.playlist_name !== undefined) playlist.name = first.playlist_name;
  if (last?.playlist_item_total !== undefined) playlist.itemTotal = last.playlist_item_total;
  if (last?.playlist_last_updated !== undefined) playlist.lastUpdated = last.playlist_last_updated;
  playlist.raw = raw;
  return playlist;
}
