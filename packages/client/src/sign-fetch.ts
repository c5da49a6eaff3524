/**
 * Signs a fetch `Request` in place, for the typed client and the raw one alike: every header it
 * carries then (user-agent excepted) is signed, plus the session token when the keys have one.
 */
import { type Credentials, securityTokenHeader } from './credentials.js';
import { type SignatureVersion, signRequest } from './signing.js';

/** Errors thrown while getting keys or signing: they are rethrown as they are, never retried. */
export const signingErrors = /* @__PURE__ */ new WeakSet<object>();

export interface SignSettings {
  credentials: Credentials;
  /** The region of the scope: the request path's. */
  regionId: string;
  signatureVersion: SignatureVersion;
  /** The signing time: the local clock plus the learnt offset. */
  date: Date;
}

export async function signInPlace(request: Request, { credentials, regionId, signatureVersion, date }: SignSettings): Promise<void> {
  try {
    if (credentials.sessionToken) request.headers.set('x-jdcloud-security-token', securityTokenHeader(credentials.sessionToken));
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const signed = await signRequest(
      { method: request.method, url: request.url, headers, body: request.body ? await request.clone().text() : '' },
      { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, regionId, signatureVersion, date },
    );
    // host is derived from the URL by fetch (and may not be set in browsers).
    for (const [name, value] of Object.entries(signed)) if (name !== 'host') request.headers.set(name, value);
  } catch (error) {
    if (typeof error === 'object' && error !== null) signingErrors.add(error);
    throw error;
  }
}
