import type { Dataset } from './dataset.js';
import type { SimVideo } from './types.js';

/**
 * JSON text of the Display and Social Fetch video objects, written by hand. (Research pages,
 * which have to be cheap, are written as bytes: see research-json.ts.)
 */

const str = JSON.stringify;

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
