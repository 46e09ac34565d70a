/**
 * Simulator benchmarks: how fast it serves Research pages of 100 videos over keep-alive, and
 * what a 10-million-video dataset costs to start (time, RSS). The simulator must never be the
 * bottleneck of a client benchmark: compare pages/s here with a client's pages/s consumed.
 */
import { Agent, request } from 'node:http';
import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const CONCURRENCY = 8;
const DURATION_MS = 3_000;

function post(
  agent: Agent,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function clientToken(agent: Agent, sim: Simulator): Promise<string> {
  const form = new URLSearchParams({
    client_key: SIMULATOR_CREDENTIALS.clientKey,
    client_secret: SIMULATOR_CREDENTIALS.clientSecret,
    grant_type: 'client_credentials',
  }).toString();
  const result = await post(agent, `${sim.url}/v2/oauth/token/`, form, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  return (JSON.parse(result.text) as { access_token: string }).access_token;
}

/** Pages of 100 videos per second, CONCURRENCY clients paging 30-day windows over keep-alive. */
async function researchPagesPerSecond(): Promise<BenchResult[]> {
  const sim = await startSimulator({
    size: 1_000_000,
    limits: { research: { perDay: Number.POSITIVE_INFINITY } },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const token = await clientToken(agent, sim);
    const url = `${sim.url}/v2/research/video/query/?fields=id,create_time,username,region_code,video_description,music_id,like_count,comment_count,share_count,view_count,hashtag_names`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let pages = 0;
    let bytes = 0;
    const deadline = performance.now() + DURATION_MS;
    const started = performance.now();
    const worker = async (w: number): Promise<void> => {
      let window = w;
      while (performance.now() < deadline) {
        const month = 1 + (window % 12);
        const start = `2023${String(month).padStart(2, '0')}01`;
        const end = `2023${String(month).padStart(2, '0')}28`;
        const query = {
          or: [{ field_name: 'region_code', operation: 'IN', field_values: ['US', 'JP', 'DE'] }],
        };
        let cursor = 0;
        let searchId = '';
        while (performance.now() < deadline) {
          const body = JSON.stringify({
            query,
            start_date: start,
            end_date: end,
            max_count: 100,
            cursor,
            search_id: searchId,
          });
          const result = await post(agent, url, body, headers);
          if (result.status !== 200)
            throw new Error(`status ${result.status}: ${result.text.slice(0, 200)}`);
          pages++;
          bytes += result.text.length;
          // Read the paging fields without a full parse: the client's parse cost is not ours.
          const tail = result.text.slice(-200);
          const more = /"has_more":true/.test(tail);
          if (!more) break;
          cursor = Number(/"cursor":(\d+)/.exec(tail)?.[1]);
          searchId = /"search_id":"(\d*)"/.exec(tail)?.[1] ?? '';
        }
        window += CONCURRENCY;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
    const seconds = (performance.now() - started) / 1000;
    return [
      {
        name: 'simulator research pages served',
        value: Math.round(pages / seconds),
        unit: 'pages/s',
        note: `100 videos a page, ${CONCURRENCY} concurrent keep-alive clients, 1M-video dataset, ${Math.round(bytes / pages / 1024)} KiB a page`,
      },
      {
        name: 'simulator research videos served',
        value: Math.round((pages * 100) / seconds),
        unit: 'videos/s',
      },
    ];
  } finally {
    agent.destroy();
    await sim.close();
  }
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Start time and RSS of a 10-million-video simulator, before and after serving pages across it. */
async function tenMillionStartup(): Promise<BenchResult[]> {
  collect();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const sim = await startSimulator({
    size: 10_000_000,
    limits: { research: { perDay: Number.POSITIVE_INFINITY } },
  });
  const startMs = performance.now() - started;
  collect();
  const rssStarted = process.memoryUsage().rss;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    const token = await clientToken(agent, sim);
    const url = `${sim.url}/v2/research/video/query/?fields=id,create_time,username,hashtag_names`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // One page from each of 60 windows spread over the dataset's ~5.5 years.
    for (let k = 0; k < 60; k++) {
      const day = new Date(Date.UTC(2023, 0, 1) + k * 33 * 86_400_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll('-', '');
      const body = JSON.stringify({
        query: {
          and: [{ field_name: 'hashtag_name', operation: 'IN', field_values: ['fyp', 'cat'] }],
        },
        start_date: day,
        end_date: day,
        max_count: 100,
      });
      const result = await post(agent, url, body, headers);
      if (result.status !== 200)
        throw new Error(`status ${result.status}: ${result.text.slice(0, 200)}`);
    }
    collect();
    const rssServed = process.memoryUsage().rss;
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    return [
      { name: 'simulator 10M-video startup', value: Math.round(startMs * 10) / 10, unit: 'ms' },
      {
        name: 'simulator 10M-video RSS after start',
        value: mb(rssStarted - rssBefore),
        unit: 'MB',
        note: 'RSS delta over the process before start',
      },
      {
        name: 'simulator 10M-video RSS after serving',
        value: mb(rssServed - rssBefore),
        unit: 'MB',
        note: '60 pages from windows spread over the whole dataset',
      },
    ];
  } finally {
    agent.destroy();
    await sim.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const startup = await tenMillionStartup();
  const serving = await researchPagesPerSecond();
  return [...serving, ...startup];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    (results) => {
      for (const r of results)
        console.log(`${r.name}: ${r.value} ${r.unit}${r.note ? ` (${r.note})` : ''}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
