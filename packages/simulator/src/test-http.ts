/** Helpers for the simulator's tests: real HTTP requests with fetch. Not published. */
import { SIMULATOR_CREDENTIALS } from './credentials.js';
import type { ResearchQuery } from './types.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed with every 16+ digit number turned into a string (a lossless parse for tests). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies of many shapes
  json: any;
}

/** Quotes bare integers of 16 or more digits, so JSON.parse keeps them exact. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies of many shapes
export function parseLossless(text: string): any {
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = parseLossless(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return http(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function researchToken(baseUrl: string): Promise<string> {
  const result = await http(`${baseUrl}/v2/oauth/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_key: SIMULATOR_CREDENTIALS.clientKey,
      client_secret: SIMULATOR_CREDENTIALS.clientSecret,
      grant_type: 'client_credentials',
    }).toString(),
  });
  if (result.status !== 200) throw new Error(`token request failed: ${result.text}`);
  return result.json.access_token;
}

export function videoIdOf(video: Record<string, unknown>): string {
  return String(video['id'] ?? video['video_id']);
}

/** Pages through a Research query window exhaustively; returns ids and the pages seen. */
export async function pageResearch(
  baseUrl: string,
  token: string,
  request: { query: ResearchQuery; start_date: string; end_date: string; max_count?: number },
  fields = 'id,create_time',
): Promise<{ ids: string[]; pages: Array<{ count: number; hasMore: boolean; cursor: number }> }> {
  const ids: string[] = [];
  const pages: Array<{ count: number; hasMore: boolean; cursor: number }> = [];
  let cursor = 0;
  let searchId: string | undefined;
  for (;;) {
    const body = { ...request, cursor, ...(searchId === undefined ? {} : { search_id: searchId }) };
    const result = await postJson(`${baseUrl}/v2/research/video/query/?fields=${fields}`, body, {
      authorization: `Bearer ${token}`,
    });
    if (result.status !== 200)
      throw new Error(`page at ${cursor} failed: ${result.status} ${result.text}`);
    const data = result.json.data;
    for (const video of data.videos) ids.push(videoIdOf(video));
    pages.push({ count: data.videos.length, hasMore: data.has_more, cursor: data.cursor });
    if (!data.has_more) break;
    cursor = data.cursor;
    searchId = data.search_id;
  }
  return { ids, pages };
}
