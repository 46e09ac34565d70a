import type { IdMaker } from './ids.js';

export interface TokenInfo {
  kind: 'client' | 'display';
  /** The Display token's creator. */
  username?: string;
  expiresAtMs: number;
}

/** Issued access and refresh tokens, on the simulator's clock. */
export class TokenStore {
  private readonly access = new Map<string, TokenInfo>();
  private readonly refresh = new Map<string, string>();
  issued = 0;

  constructor(
    private readonly ids: IdMaker,
    private readonly now: () => number,
    private readonly expiry: boolean,
  ) {}

  add(token: string, info: TokenInfo): void {
    this.access.set(token, info);
  }

  addRefresh(refreshToken: string, username: string): void {
    this.refresh.set(refreshToken, username);
  }

  /** The token's information, or undefined when unknown or expired. */
  lookup(token: string): TokenInfo | undefined {
    const info = this.access.get(token);
    if (info === undefined) return undefined;
    if (this.expiry && info.expiresAtMs <= this.now()) return undefined;
    return info;
  }

  revoke(token: string): void {
    this.access.delete(token);
  }

  usernameOfRefresh(refreshToken: string): string | undefined {
    return this.refresh.get(refreshToken);
  }

  issueClient(ttlSec: number): string {
    const token = this.ids.token('clt.');
    this.access.set(token, { kind: 'client', expiresAtMs: this.now() + ttlSec * 1000 });
    this.issued++;
    return token;
  }

  issueDisplay(username: string, ttlSec: number): { accessToken: string; refreshToken: string } {
    const accessToken = this.ids.token('act.');
    const refreshToken = this.ids.token('rft.');
    this.access.set(accessToken, {
      kind: 'display',
      username,
      expiresAtMs: this.now() + ttlSec * 1000,
    });
    this.refresh.set(refreshToken, username);
    this.issued++;
    return { accessToken, refreshToken };
  }
}
