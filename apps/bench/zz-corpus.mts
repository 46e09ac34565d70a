// Runs a fixed sequence of requests against the simulator of a given src dir; writes every response.
import { writeFileSync } from 'node:fs';
const [srcDir, outFile] = process.argv.slice(2);
const { startSimulator } = await import(`${srcDir}/index.ts`);
const NOW = Date.UTC(2024, 3, 5, 13, 25, 44);
const out: Array<{ req: string; status: number; body: string; ct: string | null }> = [];
const ALL = 'id,video_description,create_time,region_code,share_count,view_count,like_count,comment_count,music_id,hashtag_names,username,effect_ids,playlist_id,voice_to_text,is_stem_verified,favourites_count,video_duration,hashtag_info_list,video_mention_list,video_label'.split(',');
const REPOST = 'id,create_time,username,region_code,video_description,music_id,like_count,comment_count,share_count,view_count,hashtag_names,is_stem_verified,favourites_count,video_duration';
let rnd = 12345;
const rand = () => { rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0; return rnd / 2 ** 32; };
const fieldSets = [ALL.join(','), [...ALL].reverse().join(','), 'id,create_time', 'hashtag_info_list,hashtag_names', 'favorites_count, id ,video_label', 'id,id,username', 'video_label', 'effect_ids,playlist_id,voice_to_text,video_mention_list'];
for (let k = 0; k < 6; k++) fieldSets.push(ALL.filter(() => rand() < 0.5).sort(() => rand() - 0.5).join(',') || 'id');
const configs = [
  { seed: 1, size: 1_000_000 },
  { seed: 7, size: 20_000, quirks: { bigintIds: false, videoIdKey: 'id', favouritesKey: 'favorites_count' } },
  { seed: 'abc', size: 10_000_000, quirks: { videoIdKey: 'video_id', shortPages: false, repostedKey: 'reposted_videos' } },
  { seed: 3, size: 60_000, quirks: { favouritesKey: 'favourites_count', emptyPages: false } },
];
for (const config of configs) {
  const sim = await startSimulator({ ...config, now: () => NOW, limits: { research: { perDay: Infinity }, display: { perMinute: Infinity } } });
  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const r = await fetch(sim.url + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await r.text();
    out.push({ req: `${JSON.stringify(config)} ${method} ${path} ${body ?? ''}`, status: r.status, body: text, ct: r.headers.get('content-type') });
    return text;
  };
  const tokenText = await call('POST', '/v2/oauth/token/', 'client_key=sim-client-key&client_secret=sim-client-secret&grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded' });
  const token = JSON.parse(tokenText).access_token;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const last = sim.dataset.lastDay;
  const queries = [
    { or: [{ field_name: 'region_code', operation: 'IN', field_values: ['US', 'JP', 'DE'] }] },
    { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['cat'] }], not: [{ field_name: 'video_length', operation: 'EQ', field_values: ['SHORT'] }] },
    { and: [{ field_name: 'keyword', operation: 'IN', field_values: ['coffee', 'sunset'] }] },
    { and: [{ field_name: 'username', operation: 'EQ', field_values: [sim.dataset.featuredCreator] }] },
    { and: [{ field_name: 'create_date', operation: 'GTE', field_values: ['20230105'] }] },
  ];
  let qn = 0;
  for (const fields of fieldSets) {
    const query = queries[qn++ % queries.length];
    const start = qn % 2 === 0 ? sim.dataset.firstDay : last;
    const body = { query, start_date: start, end_date: start === last ? last : '20230130', max_count: [100, 37, 1][qn % 3], cursor: 0 } as any;
    let pagesLeft = 4;
    for (;;) {
      const text = await call('POST', `/v2/research/video/query/?fields=${fields}`, JSON.stringify(body), auth);
      if (!text.includes('"has_more":true') || --pagesLeft === 0) break;
      body.cursor = Number(/"cursor":(\d+)/.exec(text.slice(-300))![1]);
      body.search_id = /"search_id":"(\d*)"/.exec(text.slice(-300))![1];
    }
  }
  await call('POST', `/v2/research/video/query/?fields=${ALL.join(',')}`, JSON.stringify({ query: queries[0], start_date: last, end_date: last, max_count: 50, is_random: true }), auth);
  await call('POST', `/v2/research/video/query/?fields=${ALL.join(',')}`, JSON.stringify({ query: queries[0], start_date: '20230101', end_date: '20230102', max_count: 100, cursor: 100000, search_id: '1' }), auth);
  await call('POST', `/v2/research/video/query/?fields=bogus`, JSON.stringify({}), auth);
  await call('POST', `/v2/research/video/query/?fields=id`, '{bad', auth);
  await call('POST', `/v2/research/video/query/?fields=id`, JSON.stringify({ query: queries[0], start_date: '20230101', end_date: '20230301' }), auth);
  await call('POST', `/v2/research/video/query/?fields=id`, JSON.stringify({ query: queries[0], start_date: '20230101', end_date: '20230102', max_count: 0 }), auth);
  await call('POST', `/v2/research/video/query/?fields=id`, JSON.stringify({ query: queries[0], start_date: '20230101', end_date: '20230102' }), { authorization: 'Bearer nope' });
  const creators = sim.dataset.creators();
  for (const user of [sim.dataset.featuredCreator, creators[5], creators[17], 'nobody_here']) {
    let cursor = 0;
    for (let p = 0; p < 3; p++) {
      const text = await call('POST', `/v2/research/user/reposted_videos/?fields=${p === 1 ? 'id,favorites_count' : REPOST}`, JSON.stringify({ username: user, max_count: 7, cursor }), auth);
      if (!text.includes('"has_more":true')) break;
      cursor += 7;
    }
  }
  const disp = { authorization: 'Bearer act.sim-display-token-0001', 'content-type': 'application/json' };
  let dcursor: number | undefined;
  for (let p = 0; p < 4; p++) {
    const text = await call('POST', '/v2/video/list/?fields=id,create_time,cover_image_url,share_url,video_description,duration,height,width,title,embed_html,embed_link,like_count,comment_count,share_count,view_count', JSON.stringify({ max_count: 20, ...(dcursor ? { cursor: dcursor } : {}) }), disp);
    const m = /"cursor":(\d+)/.exec(text); if (!m || !text.includes('"has_more":true')) break; dcursor = Number(m[1]);
  }
  await call('POST', '/video/list/?access_token=act.sim-display-token-0001', JSON.stringify({ fields: ['id', 'title', 'embed_html'], max_count: 20 }), { 'content-type': 'application/json' });
  const sf = { 'x-api-key': 'sfk_sim_api_key' };
  for (const handle of [sim.dataset.featuredCreator, `@${creators[3]}`]) {
    await call('GET', `/v1/tiktok/profiles/${handle}`, undefined, sf);
    let sfc = '';
    for (let p = 0; p < 3; p++) {
      const text = await call('GET', `/v1/tiktok/profiles/${encodeURIComponent(handle)}/videos?sortBy=${['latest', 'popular', ''][p]}${p === 2 ? '&trim=true' : ''}${sfc ? `&cursor=${sfc}` : ''}`, undefined, sf);
      const m = /"nextCursor":"([^"]+)"/.exec(text); if (!m) break; sfc = m[1]!;
    }
  }
  out.push({ req: 'stats', status: 0, body: JSON.stringify(sim.stats()), ct: null });
  await sim.close();
}
writeFileSync(outFile, JSON.stringify(out));
console.log(out.length, 'responses', out.reduce((n, r) => n + r.body.length, 0), 'bytes');
