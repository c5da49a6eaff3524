/**
 * `@jdcloud-vm/client/raw`: the typed openapi-fetch client of the same API, signed, with JD Cloud's
 * path and indexed query encoding, for calls the typed methods do not cover. It is its own entry
 * point so that an app using only createVmClient does not ship openapi-fetch.
 *
 * Signing happens in its `fetch`, after every middleware added with `raw.use()`: headers a
 * middleware sets are signed, and its `onResponse` sees the answer as it came. Middleware of the
 * raw client never runs on the typed calls of createVmClient (those have their own hooks).
 */
import createClient, { type Client } from 'openapi-fetch';
import { credentialSource } from './credentials.js';
import type { VmClientOptions } from './client.js';
import { serializePath } from './client.js';
import { basePath, defaultEndpoint, vmOperations } from './generated/operations.js';
import type { paths } from './generated/schema.js';
import { encodeIndexedQuery } from './query.js';
import { signInPlace } from './sign-fetch.js';
import { VERSION } from './version.js';

export type RawClientOptions = Pick<
  VmClientOptions,
  'accessKeyId' | 'secretAccessKey' | 'credentials' | 'regionId' | 'endpoint' | 'fetch' | 'headers' | 'userAgent' | 'signatureVersion' | 'clockOffsetMs'
>;

/** The openapi-fetch client of the VM API, typed by path, every request signed. */
export function createRawClient(options: RawClientOptions): Client<paths> {
  const keys = credentialSource(options.credentials ?? { accessKeyId: options.accessKeyId!, secretAccessKey: options.secretAccessKey! });
  const doFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const indexed = new Set(Object.values(vmOperations).flatMap((op) => ('indexed' in op ? op.indexed : [])));
  return createClient<paths>({
    baseUrl: (options.endpoint ?? defaultEndpoint).replace(/\/+$/, '') + basePath,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': options.userAgent ?? `jdcloud-vm-client/${VERSION}`,
      ...options.headers,
    },
    querySerializer: (query: Record<string, unknown>) => encodeIndexedQuery(query, indexed),
    pathSerializer: serializePath,
    async fetch(request: Request) {
      // The scope names the region of the request path.
      const region = /\/regions\/([^/?#]+)/.exec(new URL(request.url).pathname)?.[1];
      await signInPlace(request, {
        credentials: await keys(),
        regionId: region ? decodeURIComponent(region) : options.regionId,
        signatureVersion: options.signatureVersion ?? 'JDCLOUD2',
        date: new Date(Date.now() + (options.clockOffsetMs ?? 0)),
      });
      return doFetch(request);
    },
  });
}
