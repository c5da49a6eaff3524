// CORS (`--cors ORIGIN`), so that code running in a browser (the client's browser build, a web
// console under test) can call the stub from a page served elsewhere. Runs right after the request
// id is set, before the body, the route and the signature: a preflight carries no credentials and
// must not meet the signature check; every other answer from an allowed origin, errors included,
// carries the headers that let the page read it (the envelope, `x-jdcloud-request-id`).
//
// Without origins the middleware is not installed and nothing changes. Whether the real service
// answers CORS at all is not documented: this is a convenience of the emulator, not a fact of the API.
import type { NextFunction, Request, Response } from 'express';
import { permissionDenied } from './errors.js';
import type { Logger } from '../log.js';

/** Every method the API and the stub's own resources use. */
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
/**
 * Always granted, besides whatever a preflight asks for: the headers the JD Cloud clients send
 * that are not the signature's `x-jdcloud-*` ones (those come in Access-Control-Request-Headers).
 */
const BASE_HEADERS = ['authorization', 'content-type', 'user-agent'];
/** Response headers a page may read besides the safelisted ones. */
export const EXPOSED_HEADERS = ['x-jdcloud-request-id', 'x-jdcloud-stub-warnings', 'retry-after', 'allow'];
/** How long a browser may keep a preflight's answer, in seconds. */
const MAX_AGE = 600;
const HEADER_NAME = /^[!#$%&'*+.^_`|~\w-]+$/;

export class CorsOriginError extends Error {}

/**
 * Checks and normalises the configured origins: `*`, or `scheme://host[:port]` (a trailing `/` is
 * accepted; a path, query or credentials are not, as a browser's Origin header never has them).
 */
export function normalizeCorsOrigins(origins: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of origins) {
    const text = raw.trim();
    if (text === '*') {
      out.add('*');
      continue;
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new CorsOriginError(`CORS origin "${raw}" is not "*" nor an origin like http://localhost:3000`);
    }
    if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash || url.pathname !== '/') {
      throw new CorsOriginError(
        `CORS origin "${raw}" must be "*" or scheme://host[:port] (http or https, no path), like http://localhost:3000`,
      );
    }
    out.add(url.origin);
  }
  return [...out];
}

/** An origin as a browser sends it, normalised as the configured ones are (`null` and garbage stay as they are). */
function normalizeRequestOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin;
  }
}

/** The headers a preflight is granted, lower case: all it asks for that are well formed (the origin is the gate). */
function grantedHeaders(requested: string | undefined): string {
  const asked = (requested ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => HEADER_NAME.test(h));
  return [...new Set([...BASE_HEADERS, ...asked])].join(', ');
}

/**
 * The CORS middleware for `configured` origins (checked by normalizeCorsOrigins: a bad one throws).
 * A preflight (OPTIONS with Origin and Access-Control-Request-Method) from an allowed origin is
 * answered 204 here; one from another origin gets a 403 envelope without CORS headers (the browser
 * then blocks the call; the log line says why). Other requests go on, with the CORS headers set
 * when their origin is allowed.
 */
export function corsMiddleware(configured: readonly string[], logger: Logger) {
  const origins = normalizeCorsOrigins(configured);
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    res.vary('Origin');
    const ok = any || allowed.has(normalizeRequestOrigin(origin));
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (!ok) {
      if (!preflight) return next();
      logger.warn('CORS preflight from an origin not allowed', { requestId: req.stub?.requestId, origin, allowed: origins });
      return next(permissionDenied(`Origin ${origin} is not allowed by the stub's --cors (${origins.join(', ')}).`));
    }
    // The origin itself, even with `*` configured: one form of answer, kept apart per origin by
    // caches (Vary: Origin). No Allow-Credentials: the API is signed, it uses no cookies.
    res.setHeader('access-control-allow-origin', origin);
    if (!preflight) {
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
      return next();
    }
    res.vary('Access-Control-Request-Headers');
    res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    res.setHeader('access-control-allow-headers', grantedHeaders(req.headers['access-control-request-headers']));
    res.setHeader('access-control-max-age', String(MAX_AGE));
    // Chrome asks this of a page on a less private address (a LAN or public host) calling the
    // stub on localhost or the LAN (Private Network Access); the origin was named, so yes.
    if (req.headers['access-control-request-private-network'] === 'true') {
      res.setHeader('access-control-allow-private-network', 'true');
    }
    res.statusCode = 204;
    res.end();
  };
}
