// `@tikrx/queue/testing`: real, throwaway servers for tests and benchmarks of queue code.
export type { ThrowawayServer } from './throwaway-servers.js';
export { freePort, startPostgres, startRedis } from './throwaway-servers.js';
