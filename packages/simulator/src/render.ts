import type { Dataset } from './dataset.js';
import type { SimVideo } from './types.js';

/**
 * JSON text of each API's video object, written by hand: Research ids must come out as
 * bare int64 numbers (JSON.stringify cannot write them), and a page of 100 videos has to be
 * cheap to produce.
 */

const str = JSON.stringify;

export interface ResearchRenderOptions {
  /** Ids as bare numbers (true) or strings. */
  bigintIds: boolean;
  /** Which key `id` goes out as: per video (the quirk), or always one. */
  videoIdKey: 'id' | 'video_id' | 'both';
  /** Key of the favourites count. */
  favouritesKey: 'favourites_count' | 'favorites_count';
}

function idText(id: string, bare: boolean): string {
  return bare ? id : `"${id}"`;
}

export function renderResearchVideo(
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

export function shareUrlOf(video: SimVideo): string {
  return `https://www.tiktok.com/@${video.username}/video/${video.id}`;
}

export function coverUrlOf(video: SimVideo): string {
  return `https://p16-sign.tiktokcdn.com/obj/tos-sim/${video.id}~tplv-cover.jpeg`;
}

/** Display API video object (v1 and v2): ids are strings there. */
export function renderDisplayVideo(video: SimVideo, fields: readonly string[]): string {
  const parts: string[] = [];
  for (const field of fields) {
    switch (field) {
      case 'id':
        parts.push(`"id":"${video.id}"`);
        break;
      case 'create_time':
        parts.push(`"create_time":${video.createTime}`);
        break;
      case 'cover_image_url':
        parts.push(`"cover_image_url":${str(coverUrlOf(video))}`);
        break;
      case 'share_url':
        parts.push(`"share_url":${str(shareUrlOf(video))}`);
        break;
      case 'video_description':
        parts.push(`"video_description":${str(video.description.slice(0, 150))}`);
        break;
      case 'duration':
        parts.push(`"duration":${video.durationSec}`);
        break;
      case 'height':
        parts.push(`"height":${video.height}`);
        break;
      case 'width':
        parts.push(`"width":${video.width}`);
        break;
      case 'title':
        parts.push(`"title":${str(video.title.slice(0, 150))}`);
        break;
      case 'embed_html':
        parts.push(
          `"embed_html":${str(`<blockquote class="tiktok-embed" cite="${shareUrlOf(video)}" data-video-id="${video.id}"><section></section></blockquote>`)}`,
        );
        break;
      case 'embed_link':
        parts.push(
          `"embed_link":${str(`https://www.tiktok.com/static/profile-video?id=${video.id}&hide_author=1&utm_campaign=tt4d_open_api&utm_source=sim`)}`,
        );
        break;
      case 'like_count':
        parts.push(`"like_count":${video.stats.likes}`);
        break;
      case 'comment_count':
        parts.push(`"comment_count":${video.stats.comments}`);
        break;
      case 'share_count':
        parts.push(`"share_count":${video.stats.shares}`);
        break;
      case 'view_count':
        parts.push(`"view_count":${video.stats.views}`);
        break;
    }
  }
  return `{${parts.join(',')}}`;
}

/** Social Fetch video object; `trim` leaves out `details`. */
export function renderSocialFetchVideo(
  dataset: Dataset,
  video: SimVideo,
  userId: string,
  trim: boolean,
): string {
  const url = shareUrlOf(video);
  let json =
    `{"id":"${video.id}","caption":${str(video.description)},` +
    `"createdAt":"${new Date(video.createTime * 1000).toISOString()}",` +
    `"url":${str(url)},"thumbnailUrl":${str(coverUrlOf(video))},` +
    `"durationMs":${video.durationSec * 1000},"pinned":${video.pinned},"isAd":${video.isAd},` +
    `"stats":{"views":${video.stats.views},"likes":${video.stats.likes},"comments":${video.stats.comments},"shares":${video.stats.shares},"saves":${video.stats.favourites}},` +
    `"media":{"downloadUrl":"https://v16-webapp.tiktok.com/sim/${video.id}/wm.mp4","downloadWithoutWatermarkUrl":"https://v16-webapp.tiktok.com/sim/${video.id}/nwm.mp4"}`;
  if (!trim) {
    const challenges = video.hashtags.map(
      (tag) => `{"id":"${dataset.hashtagIdOf(tag)}","title":${str(tag)}}`,
    );
    json +=
      `,"details":{"author":{"uniqueId":${str(video.username)},"id":"${userId}"},` +
      `"music":{"id":"${video.musicId}","title":"original sound"},` +
      `"challenges":[${challenges.join(',')}],"locationCreated":"${video.regionCode}",` +
      `"video":{"width":${video.width},"height":${video.height},"duration":${video.durationSec}}}`;
  }
  return `${json}}`;
}
