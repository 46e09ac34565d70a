/**
 * Simulator benchmarks, for issue #3's "it is never the bottleneck":
 *
 * (a) Research pages of 100 videos the simulator serves per second. The simulator runs alone
 *     in a child process (a 10-million-video dataset, default quirks). The load comes from
 *     this process: CONNECTIONS keep-alive connections, each crawling 28-day windows of its
 *     own page by page (cursor, search_id) with every field asked for (the client's default),
 *     through a minimal HTTP/1.1 client that reads the response as bytes and parses nothing
 *     but the cursor, has_more and search_id at its end. The figure is the videos the
 *     simulator served (its own stats) / 100 / second: a short or empty page counts for what
 *     it holds. The simulator keeps no rendered page or video (only per-creator and vocabulary
 *     values), so every page is written from scratch; windows follow one another through the
 *     dataset, each a new search.
 * (b) Research pages of 100 videos our client consumes per second: `createResearchClient`
 *     (default undici transport, default concurrency) crawling 1-day windows from a canned
 *     server in a child process, which answers at once with one of CANNED_PAGES_PER_WINDOW
 *     pre-rendered simulator pages (every field), `has_more` until the last. Everything the
 *     client does with a page counts: HTTP, lossless parse, validation, normalization, dedupe,
 *     checkpoints, the Observable. Videos emitted / 100 / second.
 * (c) (a) / (b), target >= 5x: in wall-clock pages per second, and in pages per CPU-second of
 *     each process (what each does with a core, whoever else uses the machine: other
 *     processes share these 2 cores).
 *
 * (a) and (b) alternate over ROUNDS rounds; the figures are medians. And, in this process:
 * what a 10-million-video dataset costs to start (time, RSS).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer, Agent as HttpAgent, request as httpRequest } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  createResearchClient,
  RESEARCH_DEFAULT_CONCURRENCY,
  type ResearchClient,
  type ResearchQuery,
  VIDEO_QUERY_FIELDS,
} from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, startSimulator } from '@tikrx/simulator';
import { count, lastValueFrom } from 'rxjs';
import { type BenchFigure, median } from './figure.js';

/** The argument that makes this file a child server instead of a bench. */
const ROLE_FLAG = '--simulator-bench-role';
type ChildRole = 'simulator' | 'canned' | 'startup';

const CONNECTIONS = 16;
const ROUNDS = 5;
/** Before the first round (the simulator's code gets optimized), and before the others. */
const WARM_UP_MS = 1_000;
const ROUND_WARM_UP_MS = 200;
const MEASURE_MS = 2_000;
const SERVED_DATASET_SIZE = 10_000_000;
const WINDOW_DAYS = 28;
/** Every documented field, in the client's default order. */
const ALL_FIELDS = VIDEO_QUERY_FIELDS.join(',');
const CANNED_PAGES_PER_WINDOW = 10;
const CLIENT_WARM_UP_DAYS = 40;
const CLIENT_ROUND_DAYS = 150;
const DAY_MS = 86_400_000;

const REGION_QUERY = {
  and: [
    { field_name: 'region_code', operation: 'IN', field_values: ['US', 'GB', 'CA', 'JP', 'DE'] },
  ],
};

function dayText(dayOffset: number): string {
  return new Date(Date.UTC(2023, 0, 1) + dayOffset * DAY_MS)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// ---------------------------------------------------------------------------------------------
// The child processes: a server each, reporting what it did over IPC.

interface ServerSnapshot {
  pagesServed: number;
  videosServed: number;
  /** Process CPU time (user + system), µs: the child is nothing but its server. */
  cpuMicros: number;
  elu: EventLoopUtilization;
  rss: number;
}

interface ChildServer {
  url: string;
  counts(): { pagesServed: number; videosServed: number };
  close(): Promise<void>;
}

async function simulatorChild(): Promise<ChildServer> {
  const sim = await startSimulator({
    size: SERVED_DATASET_SIZE,
    limits: { research: { perDay: Number.POSITIVE_INFINITY } },
  });
  return {
    url: sim.url,
    counts: () => {
      const { pagesServed, videosServed } = sim.stats();
      return { pagesServed, videosServed };
    },
    close: () => sim.close(),
  };
}

/**
 * Real simulator pages (full: no short or empty ones), every field, cut before their cursor so
 * that any cursor can be written in: `prefix` + `${cursor}` + the tail.
 */
interface CannedPage {
  prefix: Buffer;
  tailMore: string;
  tailLast: string;
  /** Fewer than 100: private creators' videos are hidden whatever the quirks. */
  videos: number;
}

async function cannedPages(): Promise<CannedPage[]> {
  const sim = await startSimulator({
    seed: 3,
    size: 1_000_000,
    quirks: { shortPages: false, emptyPages: false },
    limits: { research: { perDay: Number.POSITIVE_INFINITY } },
  });
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
  try {
    const token = await clientToken(agent, sim.url);
    const pages: CannedPage[] = [];
    let cursor = 0;
    let searchId = '';
    for (let page = 0; page < CANNED_PAGES_PER_WINDOW; page++) {
      const body = JSON.stringify({
        query: REGION_QUERY,
        start_date: sim.dataset.lastDay,
        end_date: sim.dataset.lastDay,
        max_count: 100,
        cursor,
        search_id: searchId,
      });
      const text = await postText(
        agent,
        `${sim.url}/v2/research/video/query/?fields=${ALL_FIELDS}`,
        body,
        {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      );
      const cut = text.lastIndexOf('"cursor":') + '"cursor":'.length;
      const tail = text.slice(text.indexOf(',"has_more":true', cut));
      if (cut < 100 || !tail.startsWith(',"has_more":true')) {
        throw new Error(`canned page ${page} is not a full page: ${text.slice(-200)}`);
      }
      pages.push({
        prefix: Buffer.from(text.slice(0, cut)),
        tailMore: tail,
        tailLast: tail.replace(',"has_more":true', ',"has_more":false'),
        videos: (JSON.parse(text) as { data: { videos: unknown[] } }).data.videos.length,
      });
      cursor += 100;
      searchId = /"search_id":"(\d+)"/.exec(tail)?.[1] ?? '';
    }
    return pages;
  } finally {
    agent.destroy();
    await sim.close();
  }
}

/**
 * Answers token requests and, for any Research query, the canned page of its cursor at once:
 * CANNED_PAGES_PER_WINDOW pages a window, `has_more` until the last.
 */
async function cannedChild(): Promise<ChildServer> {
  const pages = await cannedPages();
  let pagesServed = 0;
  let videosServed = 0;
  const token =
    '{"access_token":"clt.canned-bench-token","expires_in":86400,"open_id":"","scope":"research.data.basic","token_type":"Bearer"}';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url?.startsWith('/v2/oauth/token/')) {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(token.length),
        });
        res.end(token);
        return;
      }
      const cursor = Number(/"cursor":(\d+)/.exec(Buffer.concat(chunks).toString())?.[1] ?? 0);
      const at = Math.floor(cursor / 100);
      const page = pages[at];
      if (page === undefined) {
        res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
        res.end(
          '{"error":{"code":"invalid_params","message":"Invalid count or cursor","log_id":""}}',
        );
        return;
      }
      const rest = `${cursor + 100}${at + 1 < pages.length ? page.tailMore : page.tailLast}`;
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(page.prefix.length + Buffer.byteLength(rest)),
      });
      res.write(page.prefix);
      res.end(rest);
      pagesServed++;
      videosServed += page.videos;
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ pagesServed, videosServed }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function runChild(role: ChildRole): Promise<void> {
  if (role === 'startup') {
    process.send?.({ figures: await tenMillionStartup() }, () => process.exit(0));
    return;
  }
  const server = role === 'simulator' ? await simulatorChild() : await cannedChild();
  process.on('message', (message) => {
    if (message !== 'snapshot') return;
    const cpu = process.cpuUsage();
    const snapshot: ServerSnapshot = {
      ...server.counts(),
      cpuMicros: cpu.user + cpu.system,
      elu: performance.eventLoopUtilization(),
      rss: process.memoryUsage().rss,
    };
    process.send?.({ snapshot });
  });
  process.on('disconnect', () => {
    server.close().finally(() => process.exit(0));
  });
  collect();
  process.send?.({ url: server.url, rss: process.memoryUsage().rss });
}

/** Forks this file in a role; resolves with the child and its first message. */
function forkRole(role: ChildRole): Promise<{ child: ChildProcess; message: unknown }> {
  const child = fork(fileURLToPath(import.meta.url), [ROLE_FLAG, role], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`${role} child exited with ${code}`));
    child.once('error', reject);
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve({ child, message });
    });
  });
}

/** A server in a child process of its own, so that it has a core the load does not share. */
class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    /** RSS once started. */
    readonly startedRss: number,
  ) {}

  static async start(role: 'simulator' | 'canned'): Promise<ServerProcess> {
    const { child, message } = await forkRole(role);
    const { url, rss } = message as { url: string; rss: number };
    return new ServerProcess(child, url, rss);
  }

  snapshot(): Promise<ServerSnapshot> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the server exited with ${code}`));
      this.child.once('exit', exited);
      this.child.once('message', (message) => {
        this.child.off('exit', exited);
        resolve((message as { snapshot: ServerSnapshot }).snapshot);
      });
      this.child.send('snapshot');
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) {
        resolve();
        return;
      }
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The cheap load generator.

interface PageTail {
  status: number;
  bytes: number;
  /** The last bytes of the body (latin1), where the cursor, has_more and search_id are. */
  tail: string;
}

const TAIL_BYTES = 256;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection that sends a request, reads the response as bytes and
 * only then sends the next: the status line, Content-Length (the simulator always sends it),
 * then the body counted, its last TAIL_BYTES kept. No header objects, no stream per response,
 * no decoding: what a load generator should cost. node:http's client took about three times
 * the CPU per 60 KiB response (~95 µs against ~35 µs, each at its limit against a server of
 * fixed pages), and on this 2-core machine that CPU is taken from the simulator.
 */
class LoadConnection {
  /** The response head read so far, while it is incomplete. */
  private head: Buffer | undefined;
  /** Body bytes still to come; -1 while reading the head. */
  private remaining = -1;
  private status = 0;
  private bytes = 0;
  private tail = '';
  private pending:
    | { resolve: (page: PageTail) => void; reject: (error: Error) => void }
    | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the simulator closed the connection')));
  }

  static open(url: string): Promise<LoadConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.off('error', reject);
        resolve(new LoadConnection(socket));
      });
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  }

  /** Sends a whole HTTP request; resolves with the response once all of it is read. */
  send(request: string): Promise<PageTail> {
    if (this.pending !== undefined) throw new Error('one request at a time');
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request, 'latin1');
    });
  }

  close(): void {
    this.pending = undefined;
    this.socket.destroy();
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  private read(data: Buffer): void {
    let chunk = data;
    let at = 0;
    if (this.remaining < 0) {
      if (this.head !== undefined) chunk = Buffer.concat([this.head, chunk]);
      const end = chunk.indexOf(HEAD_END);
      if (end < 0) {
        this.head = chunk;
        return;
      }
      this.head = undefined;
      const head = chunk.toString('latin1', 0, end);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
      if (length === undefined) {
        this.fail(new Error(`a response without Content-Length: ${head.slice(0, 200)}`));
        return;
      }
      this.status = Number(head.slice(9, 12));
      this.remaining = Number(length);
      this.bytes = this.remaining;
      this.tail = '';
      at = end + HEAD_END.length;
    }
    const taken = Math.min(this.remaining, chunk.length - at);
    const last = chunk.toString('latin1', Math.max(at, at + taken - TAIL_BYTES), at + taken);
    this.tail = (this.tail + last).slice(-TAIL_BYTES);
    this.remaining -= taken;
    if (at + taken < chunk.length) {
      this.fail(new Error('bytes past the response: the simulator answered twice'));
      return;
    }
    if (this.remaining === 0) {
      this.remaining = -1;
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve({ status: this.status, bytes: this.bytes, tail: this.tail });
    }
  }
}

async function postText(
  agent: HttpAgent,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200)
            reject(new Error(`status ${res.statusCode}: ${text.slice(0, 200)}`));
          else resolve(text);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function clientToken(agent: HttpAgent, baseUrl: string): Promise<string> {
  const form = new URLSearchParams({
    client_key: SIMULATOR_CREDENTIALS.clientKey,
    client_secret: SIMULATOR_CREDENTIALS.clientSecret,
    grant_type: 'client_credentials',
  }).toString();
  const text = await postText(agent, `${baseUrl}/v2/oauth/token/`, form, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  return (JSON.parse(text) as { access_token: string }).access_token;
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One measured interval of (a). */
interface ServedRound {
  seconds: number;
  responses: number;
  videos: number;
  bytes: number;
  serverCpuMicros: number;
  serverElu: number;
  loadCpuMicros: number;
  /** The simulator's RSS, and the pages it has served since it started, at the round's end. */
  serverRss: number;
  pagesSoFar: number;
}

/**
 * (a)'s load: CONNECTIONS crawlers over keep-alive, each taking the next 28-day window of the
 * dataset (after the last, the first again) and paging through it (cursor, search_id) until
 * has_more is false.
 */
class ResearchLoad {
  private nextWindow = 0;
  private readonly spanDays = Math.min(2_000, Math.max(90, Math.ceil(SERVED_DATASET_SIZE / 5_000)));
  private bytes = 0;
  private responses = 0;

  private constructor(
    private readonly server: ServerProcess,
    private readonly token: string,
  ) {}

  static async start(server: ServerProcess): Promise<ResearchLoad> {
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    try {
      return new ResearchLoad(server, await clientToken(agent, server.url));
    } finally {
      agent.destroy();
    }
  }

  private async crawl(isStopped: () => boolean): Promise<void> {
    const connection = await LoadConnection.open(this.server.url);
    const { host } = new URL(this.server.url);
    const head = `POST /v2/research/video/query/?fields=${ALL_FIELDS} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${this.token}\r\nContent-Type: application/json\r\n`;
    try {
      await this.crawlWindows(connection, head, isStopped);
    } finally {
      connection.close();
    }
  }

  private async crawlWindows(
    connection: LoadConnection,
    head: string,
    isStopped: () => boolean,
  ): Promise<void> {
    while (!isStopped()) {
      const first = (this.nextWindow++ * WINDOW_DAYS) % (this.spanDays - WINDOW_DAYS);
      const window = { start_date: dayText(first), end_date: dayText(first + WINDOW_DAYS - 1) };
      let cursor = 0;
      let searchId = '';
      while (!isStopped()) {
        const body = JSON.stringify({
          query: REGION_QUERY,
          ...window,
          max_count: 100,
          cursor,
          search_id: searchId,
        });
        const page = await connection.send(
          `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
        if (page.status !== 200) throw new Error(`status ${page.status}: ${page.tail}`);
        this.bytes += page.bytes;
        this.responses++;
        if (!page.tail.includes('"has_more":true')) break;
        cursor = Number(/"cursor":(\d+)/.exec(page.tail)?.[1]);
        searchId = /"search_id":"(\d*)"/.exec(page.tail)?.[1] ?? '';
      }
    }
  }

  /** Loads the simulator for warmUpMs, then measures measureMs; the load stops after. */
  async round(warmUpMs: number, measureMs: number): Promise<ServedRound> {
    let stopped = false;
    let failure: unknown;
    const crawlers = Array.from({ length: CONNECTIONS }, () =>
      this.crawl(() => stopped).catch((error: unknown) => {
        failure ??= error;
        stopped = true;
      }),
    );
    await sleep(warmUpMs);
    const before = await this.server.snapshot();
    const bytesBefore = this.bytes;
    const responsesBefore = this.responses;
    const loadCpuBefore = process.cpuUsage();
    const started = performance.now();
    await sleep(measureMs);
    const after = await this.server.snapshot();
    const seconds = (performance.now() - started) / 1000;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    stopped = true;
    await Promise.all(crawlers);
    if (failure !== undefined) throw failure;
    return {
      seconds,
      responses: after.pagesServed - before.pagesServed,
      videos: after.videosServed - before.videosServed,
      bytes: (this.bytes - bytesBefore) / (this.responses - responsesBefore),
      serverCpuMicros: after.cpuMicros - before.cpuMicros,
      serverElu: performance.eventLoopUtilization(after.elu, before.elu).utilization,
      loadCpuMicros: loadCpu.user + loadCpu.system,
      serverRss: after.rss,
      pagesSoFar: after.pagesServed,
    };
  }
}

/** One crawl of (b). */
interface ConsumedRound {
  seconds: number;
  responses: number;
  videos: number;
  clientCpuMicros: number;
  clientElu: number;
  serverCpuMicros: number;
}

/**
 * (b): the Research client crawling `days` 1-day windows from the canned server; each window
 * is a search of its own, and the canned server has CANNED_PAGES_PER_WINDOW distinct pages, so
 * no window sees a video twice.
 */
async function consumeRound(
  server: ServerProcess,
  client: ResearchClient,
  firstDay: number,
  days: number,
): Promise<ConsumedRound> {
  collect();
  const before = await server.snapshot();
  const eluBefore = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const videos = await lastValueFrom(
    client
      .queryVideos({
        query: REGION_QUERY as ResearchQuery,
        startDate: dayText(firstDay),
        endDate: dayText(firstDay + days - 1),
        windowDays: 1,
      })
      .pipe(count()),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore);
  const after = await server.snapshot();
  const served = after.videosServed - before.videosServed;
  if (videos !== served) throw new Error(`the client emitted ${videos} videos of ${served}`);
  return {
    seconds,
    responses: after.pagesServed - before.pagesServed,
    videos,
    clientCpuMicros: cpu.user + cpu.system,
    clientElu: elu.utilization,
    serverCpuMicros: after.cpuMicros - before.cpuMicros,
  };
}

/** (a), (b) and (c), in ROUNDS interleaved rounds (a shared machine is noisy), medians. */
async function servedAndConsumed(): Promise<BenchFigure[]> {
  const simulator = await ServerProcess.start('simulator');
  const canned = await ServerProcess.start('canned');
  const load = await ResearchLoad.start(simulator);
  try {
    const client = createResearchClient({
      clientKey: SIMULATOR_CREDENTIALS.clientKey,
      clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
      baseUrl: canned.url,
    });
    await consumeRound(canned, client, 0, CLIENT_WARM_UP_DAYS);
    const served: ServedRound[] = [];
    const consumed: ConsumedRound[] = [];
    let day = CLIENT_WARM_UP_DAYS;
    for (let round = 0; round < ROUNDS; round++) {
      served.push(await load.round(round === 0 ? WARM_UP_MS : ROUND_WARM_UP_MS, MEASURE_MS));
      consumed.push(await consumeRound(canned, client, day, CLIENT_ROUND_DAYS));
      day += CLIENT_ROUND_DAYS;
    }

    const servedPerSec = median(served.map((r) => r.videos / 100 / r.seconds));
    const servedPerCpuSec = median(served.map((r) => r.videos / 100 / (r.serverCpuMicros / 1e6)));
    const consumedPerSec = median(consumed.map((r) => r.videos / 100 / r.seconds));
    const consumedPerCpuSec = median(
      consumed.map((r) => r.videos / 100 / (r.clientCpuMicros / 1e6)),
    );
    const sum = <T>(rounds: T[], of: (round: T) => number) =>
      rounds.reduce((total, round) => total + of(round), 0);
    const servedSeconds = sum(served, (r) => r.seconds);
    const servedResponses = sum(served, (r) => r.responses);
    const servedVideos = sum(served, (r) => r.videos);
    const consumedSeconds = sum(consumed, (r) => r.seconds);
    const consumedVideos = sum(consumed, (r) => r.videos);
    const consumedResponses = sum(consumed, (r) => r.responses);
    const rounds = `median of ${ROUNDS} rounds`;
    return [
      {
        name: 'simulator research pages served (pages of 100 videos)',
        value: Math.round(servedPerSec),
        unit: 'pages/s',
        note: `simulator alone in a child process (10M videos, default quirks); ${CONNECTIONS} keep-alive HTTP/1.1 connections from this process (a minimal client: one request at a time, the response read as bytes), each crawling its own ${WINDOW_DAYS}-day windows page by page, every field, bytes counted, nothing parsed; videos served / 100 / s, ${rounds} of ${MEASURE_MS / 1000} s; ${Math.round(servedResponses / servedSeconds)} responses/s of ${(servedVideos / servedResponses).toFixed(1)} videos and ${Math.round(median(served.map((r) => r.bytes)) / 1024)} KiB; simulator CPU ${percent(sum(served, (r) => r.serverCpuMicros) / 1e6 / servedSeconds)} (event loop busy ${percent(median(served.map((r) => r.serverElu)))}), ${Math.round(servedPerCpuSec)} pages per CPU-second; load generator CPU ${percent(sum(served, (r) => r.loadCpuMicros) / 1e6 / servedSeconds)}`,
      },
      {
        name: 'simulator research videos served',
        value: Math.round(servedVideos / servedSeconds),
        unit: 'videos/s',
      },
      {
        name: 'research client pages consumed (pages of 100 videos)',
        value: Math.round(consumedPerSec),
        unit: 'pages/s',
        note: `createResearchClient (default undici transport, concurrency ${RESEARCH_DEFAULT_CONCURRENCY}) crawling ${CLIENT_ROUND_DAYS} 1-day windows of ${CANNED_PAGES_PER_WINDOW} pages, every field, from a canned server in a child process (pre-rendered simulator pages of ${(consumedVideos / consumedResponses).toFixed(1)} videos, answered at once; server CPU ${percent(sum(consumed, (r) => r.serverCpuMicros) / 1e6 / consumedSeconds)}); videos emitted / 100 / s, ${rounds}; client CPU ${percent(sum(consumed, (r) => r.clientCpuMicros) / 1e6 / consumedSeconds)} (event loop busy ${percent(median(consumed.map((r) => r.clientElu)))}), ${Math.round(consumedPerCpuSec)} pages per CPU-second`,
      },
      {
        name: 'simulator 10M-video RSS growth while serving',
        value: mb(Math.max(...served.map((r) => r.serverRss)) - simulator.startedRss),
        unit: 'MB',
        note: `highest RSS over the ${ROUNDS} rounds minus RSS once started (${mb(simulator.startedRss)} MB), ${served.at(-1)?.pagesSoFar} pages served`,
      },
      {
        name: 'simulator pages served / client pages consumed',
        value: Number((servedPerSec / consumedPerSec).toFixed(2)),
        unit: 'x',
        target: '>= 5x',
        note: 'wall clock, each with a core of its own (2-core machine)',
      },
      {
        name: 'simulator pages served / client pages consumed, per CPU-second',
        value: Number((servedPerCpuSec / consumedPerCpuSec).toFixed(2)),
        unit: 'x',
        target: '>= 5x',
        note: 'pages per CPU-second of the simulator process over pages per CPU-second of the client process: what each does with one core, whatever else runs on the machine',
      },
    ];
  } finally {
    await Promise.all([simulator.close(), canned.close()]);
  }
}

/**
 * Start time and RSS of a 10-million-video simulator, before and after serving pages across
 * it: in a child process of its own, whose RSS nothing else has moved.
 */
async function tenMillionStartup(): Promise<BenchFigure[]> {
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
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 4 });
  try {
    const token = await clientToken(agent, sim.url);
    const url = `${sim.url}/v2/research/video/query/?fields=id,create_time,username,hashtag_names`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // One page from each of 60 windows spread over the dataset's ~5.5 years.
    for (let k = 0; k < 60; k++) {
      const day = dayText(k * 33);
      const body = JSON.stringify({
        query: {
          and: [{ field_name: 'hashtag_name', operation: 'IN', field_values: ['fyp', 'cat'] }],
        },
        start_date: day,
        end_date: day,
        max_count: 100,
      });
      await postText(agent, url, body, headers);
    }
    collect();
    const rssServed = process.memoryUsage().rss;
    return [
      {
        name: 'simulator 10M-video startup',
        value: Math.round(startMs * 10) / 10,
        unit: 'ms',
        target: '< 1000',
      },
      {
        name: 'simulator 10M-video RSS after start',
        value: mb(rssStarted - rssBefore),
        unit: 'MB',
        note: 'RSS delta over the process before start (a fresh child process)',
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

export async function run(): Promise<BenchFigure[]> {
  const { message } = await forkRole('startup');
  const startup = (message as { figures: BenchFigure[] }).figures;
  return [...(await servedAndConsumed()), ...startup];
}

const roleAt = process.argv.indexOf(ROLE_FLAG);
if (roleAt !== -1) {
  runChild(process.argv[roleAt + 1] as ChildRole).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (import.meta.url === `file://${process.argv[1]}`) {
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
