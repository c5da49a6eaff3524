/**
 * Where a client's keys come from: fixed keys, or an async provider that is asked again shortly
 * before the keys it gave expire (and once at first use). Runs everywhere; the Node-only sources
 * (environment, the jdc CLI's ~/.jdc/config) are in ./node.ts.
 */

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** A temporary session token (STS): sent as `x-jdcloud-security-token`, base64-encoded, as the official Python SDK sends it. */
  sessionToken?: string;
  /** When these keys stop working; the provider is asked again {@link REFRESH_BEFORE_MS} before. */
  expiration?: Date;
}

/** Gives the keys to sign with; called at first use and again before `expiration`. */
export type CredentialsProvider = () => Promise<Credentials>;

/** A provider is asked for new keys this long before the current ones expire: 5 minutes. */
export const REFRESH_BEFORE_MS = 5 * 60_000;

function valid(credentials: Credentials | undefined): Credentials {
  if (!credentials?.accessKeyId || !credentials.secretAccessKey) {
    throw new TypeError('credentials need an accessKeyId and a secretAccessKey');
  }
  return credentials;
}

/**
 * One function that gives the current keys: fixed ones at once, a provider's cached until
 * {@link REFRESH_BEFORE_MS} before they expire. Calls that arrive while the provider works share
 * its answer; a provider that fails is asked again by the next call.
 */
export function credentialSource(given: Credentials | CredentialsProvider): () => Promise<Credentials> {
  if (typeof given !== 'function') {
    const fixed = Promise.resolve(valid(given));
    return () => fixed;
  }
  let cached: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  return () => {
    const expires = cached?.expiration?.getTime();
    if (cached && !(expires !== undefined && expires - REFRESH_BEFORE_MS <= Date.now())) return Promise.resolve(cached);
    return (pending ??= given()
      .then((fresh) => (cached = valid(fresh)))
      .finally(() => {
        pending = undefined;
      }));
  };
}

/** The `x-jdcloud-security-token` value: the token's UTF-8 bytes in base64 (`HEADER_BASE64` in the Python SDK). */
export function securityTokenHeader(token: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(token)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
