import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';

/** The credentials a run plants: given to the simulator and to the clients / CLI. */
export interface PlantedSecrets {
  clientKey: string;
  clientSecret: string;
  apiKey: string;
  displayAccessToken: string;
  displayRefreshToken: string;
}

const core = () => randomBytes(10).toString('hex');

/**
 * Fresh, distinctive values per run, so a hit can only be a leak: each carries a random core
 * that appears nowhere else. Prefixes keep the shapes the APIs use (`act.`, `rft.`).
 */
export function plantSecrets(): PlantedSecrets {
  return {
    clientKey: `plantedck${core()}`,
    clientSecret: `planted-client-secret-${core()}`,
    apiKey: `sfk_planted_${core()}`,
    displayAccessToken: `act.planted-${core()}`,
    displayRefreshToken: `rft.planted-${core()}`,
  };
}

/** The environment the CLI reads its credentials from (DESIGN.md, Command line). */
export function credentialsEnv(secrets: PlantedSecrets): Record<string, string> {
  return {
    TIKTOK_CLIENT_KEY: secrets.clientKey,
    TIKTOK_CLIENT_SECRET: secrets.clientSecret,
    TIKTOK_ACCESS_TOKEN: secrets.displayAccessToken,
    SOCIALFETCH_API_KEY: secrets.apiKey,
  };
}

export interface SecretFinding {
  /** Where the text came from ("chaos research seed 3: error", "cli stderr"). */
  where: string;
  /** Which secret (its label, never its value). */
  secret: string;
}

/**
 * Searches every text the suite captures for planted secrets and for the tokens the simulator
 * issued during the run (learnt from the requests themselves, see `recordingTransport`). A
 * secret counts as found in its raw form, URL-encoded, Base64 (Basic auth), or by its random
 * core alone (a secret cut in half is still a leak).
 */
export class SecretScanner {
  readonly findings: SecretFinding[] = [];
  textsScanned = 0;
  private readonly needles = new Map<string, string>();

  constructor(secrets?: PlantedSecrets) {
    if (secrets !== undefined) {
      for (const [label, value] of Object.entries(secrets)) this.add(label, value);
      this.addNeedle(
        'basic-auth',
        Buffer.from(`${secrets.clientKey}:${secrets.clientSecret}`).toString('base64'),
      );
    }
  }

  /** A secret to look for from now on (short values are skipped: they would match by chance). */
  add(label: string, value: string): void {
    if (value.length < 8) return;
    this.addNeedle(label, value);
    this.addNeedle(label, encodeURIComponent(value));
    const randomCore = /[0-9a-f]{20}/.exec(value)?.[0];
    if (randomCore !== undefined) this.addNeedle(label, randomCore);
    // A token issued by the simulator: its longest run without separators is as telling.
    const longest = value.split(/[^A-Za-z0-9]/).sort((a, b) => b.length - a.length)[0];
    if (longest !== undefined && longest.length >= 12) this.addNeedle(label, longest);
  }

  get secretCount(): number {
    return new Set(this.needles.values()).size;
  }

  /** Searches one text; returns the findings it added. */
  scanText(where: string, text: string): SecretFinding[] {
    this.textsScanned += 1;
    const found: SecretFinding[] = [];
    const seen = new Set<string>();
    for (const [needle, label] of this.needles) {
      if (seen.has(label) || !text.includes(needle)) continue;
      seen.add(label);
      found.push({ where, secret: label });
    }
    this.findings.push(...found);
    return found;
  }

  /** An error every way it can be shown: message, String, JSON, stack, inspect, causes. */
  scanError(where: string, error: unknown): SecretFinding[] {
    return this.scanText(where, errorTexts(error).join('\n'));
  }

  scanEvent(where: string, event: unknown): SecretFinding[] {
    return this.scanText(where, `${JSON.stringify(event)}\n${inspect(event, { depth: 8 })}`);
  }

  scanFile(where: string, path: string): SecretFinding[] {
    if (!existsSync(path)) return [];
    return this.scanText(where, readFileSync(path, 'utf8'));
  }

  private addNeedle(label: string, needle: string): void {
    if (!this.needles.has(needle)) this.needles.set(needle, label);
  }
}

function errorTexts(error: unknown, depth = 0): string[] {
  if (depth > 4 || error === undefined || error === null) return [];
  const texts = [String(error), inspect(error, { depth: 8, showHidden: true })];
  try {
    texts.push(JSON.stringify(error) ?? '');
  } catch {
    // circular: inspect covered it
  }
  if (error instanceof Error) {
    texts.push(error.message, error.stack ?? '');
    texts.push(...errorTexts(error.cause, depth + 1));
    if (error instanceof AggregateError) {
      for (const inner of error.errors) texts.push(...errorTexts(inner, depth + 1));
    }
  }
  return texts;
}
