/**
 * Three sources, one deduplicated stream: a creator's videos from the Display API (their
 * token), Social Fetch (their handle) and the Research API (their username), merged by id.
 * Runs on an embedded simulator, so it needs no credentials.
 */
import type { Video } from '@tikrx/core';
import { createDisplayClient } from '@tikrx/display';
import { type MergedVideo, mergeById } from '@tikrx/operators';
import { createResearchClient } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, startSimulator } from '@tikrx/simulator';
import { createSocialFetchClient } from '@tikrx/socialfetch';
import { lastValueFrom, merge, type Observable, reduce } from 'rxjs';

const sim = await startSimulator();
const creator = sim.dataset.featuredCreator;
console.log(`simulator at ${sim.url}; collecting @${creator} from three sources\n`);

// 1. One client per API, pointed at the simulator.
const display = createDisplayClient({
  apiVersion: 'v2',
  accessToken: SIMULATOR_CREDENTIALS.displayAccessToken, // the creator's own token
  baseUrl: sim.url,
});
const socialFetch = createSocialFetchClient({
  apiKey: SIMULATOR_CREDENTIALS.apiKey,
  baseUrl: sim.url,
});
const research = createResearchClient({
  clientKey: SIMULATOR_CREDENTIALS.clientKey,
  clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
  baseUrl: sim.url,
});

// 2. Three streams of the same Video shape.
const sources: Observable<Video>[] = [
  display.videos(),
  socialFetch.profileVideos(creator, { sortBy: 'latest' }),
  research.queryVideos({
    query: { and: [{ field_name: 'username', operation: 'EQ', field_values: [creator] }] },
    startDate: sim.dataset.firstDay,
    endDate: sim.dataset.lastDay,
  }),
];

// 3. Merged by id: mergeById emits a record again each time it gains a source, so keep the
//    latest record per id.
const videos = await lastValueFrom(
  merge(...sources).pipe(
    mergeById(),
    reduce((byId, video) => byId.set(video.id, video), new Map<string, MergedVideo>()),
  ),
);

for (const video of videos.values()) {
  console.log(`${video.id}  [${video.sources.join(', ')}]  ${video.description ?? ''}`);
}
const inAll = [...videos.values()].filter((video) => video.sources.length === 3).length;
console.log(`\n${videos.size} videos of @${creator}, ${inAll} of them seen by all three sources`);

await sim.close();
