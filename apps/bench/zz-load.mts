// Fork the bench's simulator child (optionally profiled) and drive it like the bench does.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
const prof = process.env.PROF;
const child = fork('/work/main/apps/bench/src/simulator.bench.ts', ['--simulator-bench-role', 'simulator'], {
  execArgv: [...process.execArgv, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [])],
});
const url = await new Promise<string>((r) => child.once('message', (m: any) => r(m.url)));
const FIELDS = process.env.FIELDS ?? 'id,video_description,create_time,region_code,share_count,view_count,like_count,comment_count,music_id,hashtag_names,username,effect_ids,playlist_id,voice_to_text,is_stem_verified,favourites_count,video_duration,hashtag_info_list,video_mention_list,video_label';
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; tail: string; text?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let last: Buffer | undefined, prev: Buffer | undefined;
      res.on('data', (c: Buffer) => { prev = last; last = c; });
      res.on('end', () => { const b = Buffer.concat([prev ?? Buffer.alloc(0), last ?? Buffer.alloc(0)]); resolve({ status: res.statusCode!, tail: b.toString('latin1', Math.max(0, b.length - 300)), text: b.toString() }); });
    });
    req.on('error', reject); req.end(body);
  });
}
const tokRes = await post('/v2/oauth/token/', 'client_key=sim-client-key&client_secret=sim-client-secret&grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded' });
const token = JSON.parse(tokRes.text!).access_token;
let stopped = false, pages = 0, nextWindow = 0;
const day = (o: number) => new Date(Date.UTC(2023, 0, 1) + o * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
const crawl = async () => {
  while (!stopped) {
    const first = (nextWindow++ * 28) % (2000 - 28);
    let cursor = 0, sid = '';
    while (!stopped) {
      const body = JSON.stringify({ query: { and: [{ field_name: 'region_code', operation: 'IN', field_values: ['US', 'GB', 'CA', 'JP', 'DE'] }] }, start_date: day(first), end_date: day(first + 27), max_count: 100, cursor, search_id: sid });
      const p = await post(`/v2/research/video/query/?fields=${FIELDS}`, body, { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
      if (p.status !== 200) throw new Error(p.tail);
      pages++;
      if (!p.tail.includes('"has_more":true')) break;
      cursor = Number(/"cursor":(\d+)/.exec(p.tail)![1]); sid = /"search_id":"(\d*)"/.exec(p.tail)![1]!;
    }
  }
};
const all = Array.from({ length: 8 }, crawl);
await new Promise((r) => setTimeout(r, 1000));
const p0 = pages, t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(process.env.DUR ?? 3000)));
console.log('responses/s', Math.round((pages - p0) / ((performance.now() - t0) / 1000)));
stopped = true; await Promise.all(all); agent.destroy();
child.disconnect();
await new Promise((r) => child.once('exit', r));
