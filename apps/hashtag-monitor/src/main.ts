/**
 * A hashtag monitor: poll the Research API every few seconds and print only the videos not
 * seen before. Runs on an embedded simulator, whose clock stands still: instead each poll's
 * "today" is one day later than the last one's (the last poll ends on the dataset's last day),
 * so each poll's window takes in a day the earlier polls did not, and brings something new.
 *
 *   node dist/main.js [--hashtag fyp] [--interval 2] [--rounds 3] [--days 3]
 */
import { parseArgs } from 'node:util';
import { createIdStore, dedupe } from '@tikrx/operators';
import { createResearchClient } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, startSimulator } from '@tikrx/simulator';
import { concatMap, lastValueFrom, map, take, tap, timer, toArray } from 'rxjs';

const { values: args } = parseArgs({
  options: {
    hashtag: { type: 'string', default: 'fyp' },
    interval: { type: 'string', default: '2' }, // seconds between polls
    rounds: { type: 'string', default: '3' }, // polls before stopping
    days: { type: 'string', default: '3' }, // each poll looks this many days back
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

// "Today" of each poll: the simulator's data ends on lastDay; the last poll lands there.
const DAY_MS = 86_400_000;
const lastDay = Date.parse(
  `${sim.dataset.lastDay.replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3')}T00:00:00Z`,
);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const windowOf = (round: number) => {
  const today = lastDay - (rounds - 1 - round) * DAY_MS;
  return { startDate: dayOf(today - (days - 1) * DAY_MS), endDate: dayOf(today) };
};

// One store of ids for the whole run: a video already printed is dropped from later polls.
const seen = createIdStore();
let dropped = 0;

console.log(
  `watching #${args.hashtag} every ${intervalSec}s, ${rounds} polls (simulator at ${sim.url})`,
);
await lastValueFrom(
  timer(0, intervalSec * 1000).pipe(
    take(rounds),
    concatMap((round) => {
      const window = windowOf(round);
      return research
        .queryVideos({
          query: {
            and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: [args.hashtag] }],
          },
          ...window,
        })
        .pipe(
          dedupe({ store: seen, onDuplicate: () => dropped++ }),
          toArray(),
          map((fresh) => ({ round, window, fresh })),
        );
    }),
    tap(({ round, window, fresh }) => {
      console.log(
        `\npoll ${round + 1} (${window.startDate} to ${window.endDate}): ${fresh.length} new`,
      );
      for (const video of fresh)
        console.log(`  ${video.id}  @${video.username}  ${video.description ?? ''}`);
    }),
  ),
  { defaultValue: undefined },
);
console.log(
  `\n${seen.size} videos in all; ${dropped} seen again in later polls and not printed twice`,
);

await sim.close();
