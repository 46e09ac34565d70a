import type { TestProject } from 'vitest/node';
import { startPostgres, startRedis } from '../src/throwaway-servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    databaseUrl: string;
  }
}

/** One real Redis and one real PostgreSQL for the whole run, on free ports, stopped afterwards. */
export default async function setup(project: TestProject) {
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  project.provide('redisUrl', redis.url);
  project.provide('databaseUrl', postgres.url);
  return async () => {
    await Promise.all([redis.stop(), postgres.stop()]);
  };
}
