export { expectNoSecrets } from './expect-no-secrets.js';
export { collect, failure, idsOf, type TestedError } from './failure.js';
export { fixture, fixturePath } from './fixture.js';
export { simulatorPerTest } from './simulator-per-test.js';
