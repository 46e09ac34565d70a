import { TikrxError } from '@tikrx/core';

/** The environment variables the CLI reads, and what each is for. */
export const CREDENTIAL_VARIABLES = {
  TIKTOK_CLIENT_KEY: 'Research API client key',
  TIKTOK_CLIENT_SECRET: 'Research API client secret',
  TIKTOK_ACCESS_TOKEN: 'Display API user access token',
  SOCIALFETCH_API_KEY: 'Social Fetch API key',
} as const;

export type CredentialVariable = keyof typeof CREDENTIAL_VARIABLES;

/** Reads one credential; a missing or empty one is a usage error that names it. */
export function credentialFromEnv(
  name: CredentialVariable,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `Missing ${name} (${CREDENTIAL_VARIABLES[name]}): set it, or run with --simulator to try tikrx on a local simulator`,
    });
  }
  return value;
}
