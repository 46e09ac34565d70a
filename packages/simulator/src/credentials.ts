/** The credentials a simulator accepts unless {@link SimulatorOptions.credentials} overrides them. */
export const SIMULATOR_CREDENTIALS = {
  /** Research API client credentials (`POST /v2/oauth/token/`, grant_type=client_credentials). */
  clientKey: 'sim-client-key',
  clientSecret: 'sim-client-secret',
  /** Social Fetch `x-api-key`. */
  apiKey: 'sfk_sim_api_key',
  /** Display token (v1 and v2) of the featured creator; it never expires. */
  displayAccessToken: 'act.sim-display-token-0001',
  /** Refresh token of the featured creator (`grant_type=refresh_token`). */
  displayRefreshToken: 'rft.sim-display-refresh-0001',
} as const;

/** The credentials a simulator accepts, one per API. */
export type SimulatorCredentials = { -readonly [K in keyof typeof SIMULATOR_CREDENTIALS]: string };
