/**
 * A hashtag monitor: `watchVideos` re-runs a Research query every few seconds over a sliding
 * window (plus the index's 2-day lag) and emits only the videos not seen before. Runs on an
 * embedded simulator, whose clock is made to move one day per poll so that each poll brings
 * something new.
 *
 *   node dist/main.js [--hashtag fyp] [--interval 2] [--rounds 3] [--days 1]
 */
import { parseArgs } from 'node:util';
import { createIdStore } from '@tikrx/operators';
import { createResearchClient, RESEARCH_INDEX_LAG_MS, watchVideos } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, startSimulator } from '@tikrx/simulator';
import { lastValueFrom, tap } from 'rxjs';

const { values: args } = parseArgs({
  options: {
    hashtag: { type: 'string', default: 'fyp' },
    interval: { type: 'string', default: '2' }, // seconds between polls
    rounds: { type: 'string', default: '3' }, // polls before stopping
    days: { type: 'string', default: '1' }, // each poll looks this many days back, before the lag
  },
});
const intervalSec = Number(args.interval);
const rounds = Number(args.rounds);
const days = Number(args.days);

const sim = await startSimulator();
const research = createResearchClient({
  clientKey: SIMULATOR_CREDENTIALS.clientKey,
  clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
  baseUrl: sim.url,
});

// "Now" of each poll: the simulator's data ends on lastDay; the last poll lands at its noon.
const DAY_MS = 86_400_000;
const lastNoon = Date.parse(
  `${sim.dataset.lastDay.replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3')}T12:00:00Z`,
);
let poll = 0;
const now = () => lastNoon - (rounds - 1 - poll++) * DAY_MS;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// The ids already printed. A store that persists (a file, Redis) would carry them over restarts.
const seen = createIdStore();

console.log(
  `watching #${args.hashtag} every ${intervalSec}s, ${rounds} polls, ${days} day(s) + ${RESEARCH_INDEX_LAG_MS / DAY_MS} days of index lag (simulator at ${sim.url})`,
);
let printed = 0;
await lastValueFrom(
  watchVideos(research, {
    query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: [args.hashtag] }] },
    intervalMs: intervalSec * 1000,
    windowDays: days,
    runs: rounds,
    store: seen,
    now,
  }).pipe(
    tap((video) => {
      printed++;
      const posted = video.createTime === undefined ? '' : dayOf(video.createTime * 1000);
      console.log(`  ${video.id}  ${posted}  @${video.username}  ${video.description ?? ''}`);
    }),
  ),
  { defaultValue: undefined },
);
console.log(`\n${printed} videos in all, each printed once across ${rounds} overlapping polls`);

await sim.close();
