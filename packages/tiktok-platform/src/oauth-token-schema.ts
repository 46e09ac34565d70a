import { z } from 'zod';

/** What `POST /v2/oauth/token/` answers, for every grant (client credentials, refresh token). */
export const oauthTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().nullish(),
  refresh_token: z.string().min(1).nullish(),
  refresh_expires_in: z.number().nullish(),
  open_id: z.string().nullish(),
  scope: z.string().nullish(),
  token_type: z.string().nullish(),
});

export type OAuthTokenBody = z.infer<typeof oauthTokenSchema>;
