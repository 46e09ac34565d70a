import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from './credentials.js';
import { type Simulator, startSimulator } from './simulator.js';
import { http } from './test-http.js';

describe('POST /v2/oauth/token/', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ credentials: { clientSecret: 'custom-secret' } });
  });
  afterAll(() => sim.close());
  const token = (form: Record<string, string>) =>
    http(`${sim.url}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  it('issues a client token for client credentials', async () => {
    const result = await token({
      client_key: SIMULATOR_CREDENTIALS.clientKey,
      client_secret: 'custom-secret',
      grant_type: 'client_credentials',
    });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      access_token: expect.stringMatching(/^clt\./),
      expires_in: 7200,
      token_type: 'Bearer',
    });
    expect(sim.stats().tokensIssued).toBe(1);
  });

  it('rejects wrong credentials with 401 invalid_client', async () => {
    const result = await token({
      client_key: SIMULATOR_CREDENTIALS.clientKey,
      client_secret: SIMULATOR_CREDENTIALS.clientSecret,
      grant_type: 'client_credentials',
    });
    expect(result.status).toBe(401);
    expect(result.json).toEqual({
      error: 'invalid_client',
      error_description: expect.any(String),
      log_id: expect.any(String),
    });
    const key = await token({
      client_key: 'nope',
      client_secret: 'custom-secret',
      grant_type: 'client_credentials',
    });
    expect(key.status).toBe(401);
  });

  it('refreshes the featured Display token', async () => {
    const result = await token({
      client_key: SIMULATOR_CREDENTIALS.clientKey,
      grant_type: 'refresh_token',
      refresh_token: SIMULATOR_CREDENTIALS.displayRefreshToken,
    });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      access_token: expect.stringMatching(/^act\./),
      refresh_token: expect.stringMatching(/^rft\./),
      expires_in: 7200,
      token_type: 'Bearer',
    });
    expect(sim.expected.display(result.json.access_token)).toEqual(sim.expected.display());
  });

  it('rejects an unknown refresh token (invalid_grant), a missing grant_type (invalid_request) and other grants', async () => {
    expect(
      (
        await token({
          client_key: SIMULATOR_CREDENTIALS.clientKey,
          grant_type: 'refresh_token',
          refresh_token: 'rft.nope',
        })
      ).json.error,
    ).toBe('invalid_grant');
    expect((await token({ client_key: SIMULATOR_CREDENTIALS.clientKey })).json.error).toBe(
      'invalid_request',
    );
    expect(
      (await token({ client_key: SIMULATOR_CREDENTIALS.clientKey, grant_type: 'password' })).json
        .error,
    ).toBe('unsupported_grant_type');
  });
});
