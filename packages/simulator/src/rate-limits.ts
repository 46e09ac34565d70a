const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Fixed windows on the simulator's clock, per key: a minute, as the APIs count, unless
 * `windowMs` says otherwise (a shorter window shows a client's rate limiting in seconds).
 */
export class PerMinuteLimit {
  private readonly windows = new Map<string, { window: number; count: number }>();
  constructor(
    private readonly perWindow: number,
    private readonly windowMs = MINUTE_MS,
  ) {}

  /** Counts a request; returns 0 when allowed, else the seconds until the next window (≥ 1, as `Retry-After` has whole seconds). */
  take(key: string, nowMs: number): number {
    if (!Number.isFinite(this.perWindow)) return 0;
    const current = Math.floor(nowMs / this.windowMs);
    let window = this.windows.get(key);
    if (window === undefined || window.window !== current) {
      window = { window: current, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.perWindow)
      return Math.max(1, Math.ceil(((current + 1) * this.windowMs - nowMs) / 1000));
    window.count++;
    return 0;
  }
}

/** `limits.research.rateWindowMs`, checked: a positive number of ms, default a minute. */
export function rateWindowMsOf(value: number | undefined): number {
  if (value === undefined) return MINUTE_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `limits.research.rateWindowMs must be a positive number of ms, got ${value}`,
    );
  }
  return value;
}

/** A daily request quota that resets at UTC midnight of the simulator's clock. */
export class DailyQuota {
  private day = -1;
  private used = 0;
  constructor(private readonly perDay: number) {}

  /** Counts a request; false when the day's quota is spent. */
  take(nowMs: number): boolean {
    if (!Number.isFinite(this.perDay)) return true;
    const day = Math.floor(nowMs / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.used = 0;
    }
    if (this.used >= this.perDay) return false;
    this.used++;
    return true;
  }

  remaining(nowMs: number): number {
    const day = Math.floor(nowMs / DAY_MS);
    return day === this.day ? Math.max(0, this.perDay - this.used) : this.perDay;
  }
}
