// Signature verification of an incoming request, on the request exactly as it arrived: raw
// path (the custom method's ':' as sent, literal or %3A), raw query string, raw body bytes.
// The algorithms themselves (JDCLOUD2-HMAC-SHA256 as the official Node and Go SDKs sign, and
// JDCLOUD3-HMAC-SHA256 as the official Python SDK signs; the authorization header says which) are
// @jdcloud-vm/client/signing's verifySignature, the very code that signs (in Node it hashes
// synchronously with node:crypto, as fast as the stub's own copy that it replaced); this module
// adds what a server decides: which keys exist, the scope's region and service, the 15-minute
// window on x-jdcloud-date and nonce replay. The Python SDK signs neither the date nor the nonce
// (only content-type and host): the date still binds through the string to sign, and a nonce,
// signed or not, is refused when it was seen before. A request without a nonce is not refused.
import type { IncomingHttpHeaders } from 'node:http';
import { verifySignature } from '@jdcloud-vm/client/signing';
import { unauthenticated } from '../http/errors.js';
import type { Clock } from '../state/clock.js';
import { type AccessKey, DEFAULT_ACCOUNT } from './keys.js';
import { NonceCache } from './nonces.js';

/** How far `x-jdcloud-date` may be from the server clock (both ways). */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;
export const SIGNING_SERVICE = 'vm';

export interface RawRequest {
  method: string;
  /** Request target as received: raw path plus `?` raw query. */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The region of the request path, when the path has one. */
  regionId?: string;
}

export interface Authenticator {
  /** True when at least one access key is configured. */
  readonly enforcing: boolean;
  /** Returns the account of the request or throws a 401 ApiError. */
  authenticate(request: RawRequest): Promise<string>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function createAuthenticator(keys: readonly AccessKey[], clock: Clock): Authenticator {
  const secrets = new Map(keys.map((k) => [k.accessKeyId, k.secretAccessKey]));
  const nonces = new NonceCache(SIGNATURE_WINDOW_MS);
  if (secrets.size === 0) {
    return { enforcing: false, authenticate: async () => DEFAULT_ACCOUNT };
  }
  return {
    enforcing: true,
    async authenticate(request) {
      if (request.headers.authorization === undefined) {
        throw unauthenticated('The request is not signed: the authorization header is missing.');
      }
      let body: string;
      try {
        body = utf8.decode(request.rawBody);
      } catch {
        throw unauthenticated('Signature does not match: the body is not valid UTF-8.');
      }
      const result = await verifySignature(
        { method: request.method, url: request.rawUrl, headers: request.headers, body },
        (id) => secrets.get(id),
      );
      if (!result.ok) throw unauthenticated(`Signature verification failed: ${result.reason}.`);
      const { authorization, date, nonce } = result;
      if (authorization.service !== SIGNING_SERVICE) {
        throw unauthenticated(
          `Signature verification failed: the credential scope names service '${authorization.service}', expected '${SIGNING_SERVICE}'.`,
        );
      }
      if (request.regionId !== undefined && authorization.regionId !== request.regionId) {
        throw unauthenticated(
          `Signature verification failed: the credential scope names region '${authorization.regionId}' but the request is for '${request.regionId}'.`,
        );
      }
      const now = clock.now();
      const skew = date.getTime() - now;
      if (Math.abs(skew) > SIGNATURE_WINDOW_MS) {
        throw unauthenticated(
          `The x-jdcloud-date is ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'behind' : 'ahead of'} the server clock; at most 900 s are accepted.`,
        );
      }
      if (nonce !== undefined && !nonces.remember(authorization.accessKeyId, nonce, date.getTime(), now)) {
        throw unauthenticated(`The x-jdcloud-nonce '${nonce}' was already used: every request needs a fresh nonce.`);
      }
      return authorization.accessKeyId;
    },
  };
}
