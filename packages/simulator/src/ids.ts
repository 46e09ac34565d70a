import { hash32 } from './hash.js';

/** Request-scoped identifiers: TikTok log ids, Social Fetch request ids, search ids. */
export class IdMaker {
  private counter = 0;
  /** The second of the last log id, and its YYYYMMDDHHMMSS (written once a second, not per request). */
  private logSecond = Number.NaN;
  private logTime = '';
  constructor(
    private readonly seed: number,
    private readonly now: () => number,
  ) {}

  private hex(words: number): string {
    let text = '';
    for (let w = 0; w < words; w++) {
      text += hash32(this.seed, this.counter, w, 99).toString(16).padStart(8, '0');
    }
    this.counter++;
    return text.toUpperCase();
  }

  /** Like "20240405132544A8A35938AA061A19F445": UTC time then hex. */
  logId(): string {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.logSecond) {
      this.logSecond = second;
      this.logTime = new Date(second * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    }
    return this.logTime + this.hex(3).slice(0, 20);
  }

  requestId(): string {
    return `req_${this.hex(2).toLowerCase()}`;
  }

  /** A 19-digit decimal, time based like TikTok's. */
  searchId(): string {
    const sec = Math.floor(this.now() / 1000);
    const low = hash32(this.seed, this.counter++, 98);
    return ((BigInt(sec) << 32n) | BigInt(low)).toString();
  }

  token(prefix: string): string {
    return `${prefix}${this.hex(4).toLowerCase()}`;
  }
}
