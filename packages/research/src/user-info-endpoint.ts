import { isTikrxError, type UserProfile } from '@tikrx/core';
import { validateOptionsObject } from '@tikrx/core/internal';
import { catchError, defer, map, type Observable, of, throwError } from 'rxjs';
import type { EndpointContext } from './endpoint-context.js';
import {
  normalizeUserInfo,
  USER_INFO_DEFAULT_FIELDS,
  USER_INFO_FIELDS,
  type UserInfoField,
  userInfoPageSchema,
} from './user-info-wire.js';
import { unavailableReason } from './user-unavailable.js';
import { validateUsername } from './username.js';
import { validateFields } from './validate-options.js';
import { parsePage } from './wire.js';

/** Options of `userInfo`. */
export interface UserInfoOptions {
  /** Default: every documented field but `bio_url`. */
  fields?: readonly UserInfoField[];
}

/**
 * `userInfo(username)`: one `UserProfile`. A user the API does not return is a profile with
 * `lookupStatus` `not_found` or `private` (and the API's words), not an error, so a fan-out
 * over many usernames goes on; every other failure is the stream's error.
 */
export function userInfoEndpoint(context: EndpointContext) {
  return (username: string, options: UserInfoOptions = {}): Observable<UserProfile> =>
    defer(() => {
      const { baseUrl, tokens } = context.setUp();
      const name = validateUsername(username, 'username');
      validateOptionsObject(options, 'userInfo options');
      const fields = validateFields(options.fields, USER_INFO_FIELDS, USER_INFO_DEFAULT_FIELDS);
      const url = `${baseUrl}/v2/research/user/info/?fields=${fields.join(',')}`;
      return context.post(url, { username: name }, tokens).pipe(
        map((response) => {
          const page = parsePage(userInfoPageSchema, response.body, 'user info');
          const raw = (response.body as { data?: unknown }).data;
          return normalizeUserInfo(name, page.data, raw);
        }),
        catchError((error: unknown) => {
          const reason = isTikrxError(error) ? unavailableReason(error) : undefined;
          if (reason === undefined || !isTikrxError(error)) return throwError(() => error);
          const profile: UserProfile = { username: name, lookupStatus: reason };
          if (error.apiMessage !== undefined) profile.apiMessage = error.apiMessage;
          return of(profile);
        }),
      );
    });
}
