const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Fixed one-minute windows on the simulator's clock, per key. */
export class PerMinuteLimit {
  private readonly windows = new Map<string, { minute: number; count: number }>();
  constructor(private readonly perMinute: number) {}

  /** Counts a request; returns 0 when allowed, else the seconds until the next window. */
  take(key: string, nowMs: number): number {
    if (!Number.isFinite(this.perMinute)) return 0;
    const minute = Math.floor(nowMs / MINUTE_MS);
    let window = this.windows.get(key);
    if (window === undefined || window.minute !== minute) {
      window = { minute, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.perMinute)
      return Math.max(1, Math.ceil(((minute + 1) * MINUTE_MS - nowMs) / 1000));
    window.count++;
    return 0;
  }
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
