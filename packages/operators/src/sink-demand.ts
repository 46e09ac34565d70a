import { AsyncLocalStorage } from 'node:async_hooks';
import type { Observable, Observer, Subscription } from 'rxjs';
import type { Gate } from './gate-limiter.js';

/**
 * Backpressure, the one mechanism every tikrx sink uses (documented in the operators README,
 * "Backpressure").
 *
 * An Observable cannot be paused, but every client asks for a permit before each page request
 * (`createRequester`). A sink subscribes to its source inside {@link subscribeWithDemand}; the
 * requests of every client subscribed from there (synchronously, or later from the responses
 * of those requests) see the sink's gate through {@link currentDemand}, and no page is
 * requested while it is closed. The sink closes its gate when more than its high-water mark of
 * records wait to be written, and opens it at the low-water mark. A page already in flight
 * still arrives, so memory is bounded by the high-water mark plus the pages in flight.
 *
 * The gate travels in an `AsyncLocalStorage`, found through a global symbol so that two copies
 * of this package in one process still agree.
 */
const STORE_KEY = Symbol.for('tikrx.sink-demand');

function demandStore(): AsyncLocalStorage<Gate> {
  const holder = globalThis as { [STORE_KEY]?: AsyncLocalStorage<Gate> };
  holder[STORE_KEY] ??= new AsyncLocalStorage<Gate>();
  return holder[STORE_KEY];
}

/** The gate of the sink that subscribed to the stream being run, if any. */
export function currentDemand(): Gate | undefined {
  return demandStore().getStore();
}

/**
 * Subscribes `observer` to `source` with `gate` as the demand every client request inside
 * sees. Nested sinks combine: a request waits while either gate is closed.
 */
export function subscribeWithDemand<T>(
  gate: Gate,
  source: Observable<T>,
  observer: Partial<Observer<T>>,
): Subscription {
  const outer = currentDemand();
  const combined = outer === undefined ? gate : bothGates(outer, gate);
  return demandStore().run(combined, () => source.subscribe(observer));
}

function bothGates(first: Gate, second: Gate): Gate {
  return {
    isClosed: () => first.isClosed() || second.isClosed(),
    opened: async () => {
      // Wait for each in turn; gateLimiter checks both again once this settles.
      if (first.isClosed()) await first.opened();
      if (second.isClosed()) await second.opened();
    },
  };
}

/** Water marks of a sink, in records waiting to be written. */
export interface DemandOptions {
  /** Close the gate when more records than this wait. Default 1000. */
  highWaterMark?: number;
  /** Open it again when this many or fewer wait. Default half the high mark. */
  lowWaterMark?: number;
}

/** A sink's gate and the one call that drives it. */
export interface DemandGate {
  gate: Gate;
  /** Tell the gate how many records now wait to be written (0 when the sink ends). */
  setWaiting(waiting: number): void;
}

/** A gate driven by a count of waiting records and two water marks (hysteresis). */
export function createDemandGate(options: DemandOptions = {}): DemandGate {
  const highWaterMark = options.highWaterMark ?? 1000;
  const lowWaterMark = options.lowWaterMark ?? Math.floor(highWaterMark / 2);
  let closed = false;
  let openers: Array<() => void> = [];
  return {
    gate: {
      isClosed: () => closed,
      opened: () =>
        closed
          ? new Promise<void>((resolve) => {
              openers.push(resolve);
            })
          : Promise.resolve(),
    },
    setWaiting(waiting) {
      if (!closed && waiting > highWaterMark) closed = true;
      else if (closed && waiting <= lowWaterMark) {
        closed = false;
        const wake = openers;
        openers = [];
        for (const open of wake) open();
      }
    },
  };
}
