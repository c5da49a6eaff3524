// The request as it arrived. The official SDKs percent-encode the custom method's colon
// (`/instances/i-abc%3AstopInstance`), curl and the docs send it literally; routing and
// validation use the decoded form, signature verification the raw one.
import { formatQuery, parseQueryString } from '@jdcloud-vm/client/query';

/** Decodes `%3A` (either case) in the path part only; the query is left alone. */
export function decodeColonInPath(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.replace(/%3a/gi, ':') + (q === -1 ? '' : url.slice(q));
}

/**
 * The URL the validator sees: `%3A` in the path decoded, and the query re-encoded strictly (RFC
 * 3986). The official SDKs send `* ~ ! ( )` unencoded, which express-openapi-validator would
 * refuse as "reserved characters"; the values are the same once decoded.
 */
export function routingUrl(url: string): string {
  const { path, query } = splitUrl(decodeColonInPath(url));
  if (!query) return path;
  // Already strict (our client, and most requests): re-encoding would only change it to the same
  // decoded pairs, so it is kept as sent.
  if (STRICT_QUERY.test(query)) return `${path}?${query}`;
  return `${path}?${formatQuery(parseQueryString(query))}`;
}

/** `name=value` pairs of unreserved characters and `%XX` escapes with upper-case hex (RFC 3986's normal form). */
const STRICT_QUERY = /^(?:[\w.~-]|%[0-9A-F]{2})+=(?:[\w.~-]|%[0-9A-F]{2})*(?:&(?:[\w.~-]|%[0-9A-F]{2})+=(?:[\w.~-]|%[0-9A-F]{2})*)*$/;

export function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** `decodeURIComponent`, or undefined for malformed percent-encoding (`%E0%A4%A`). */
export function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
