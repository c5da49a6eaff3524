/**
 * The canonical path and query of JDCLOUD3-HMAC-SHA256, built as JD Cloud's Python signer
 * (`jdcloud_sdk/core/signer.py`) builds them: every component is decoded with Python's
 * `urllib.parse.unquote_plus` and encoded again with `quote`. Both are reproduced here byte for
 * byte, including what they do with text that is not valid percent-encoding, since the server
 * recomputes the same strings from what it receives.
 */
import { rfc3986 } from './query.js';

// Non-fatal (invalid bytes become U+FFFD, as Python's errors='replace'), and a leading BOM is
// kept: Python's 'utf-8' codec does not drop it.
const utf8 = /* @__PURE__ */ new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Python's `unquote_plus`: `+` is a space, each run of valid `%XX` escapes is read as UTF-8 bytes
 * (bytes that are not UTF-8 become U+FFFD), and a `%` not followed by two hex digits stays as it
 * is. (Python decodes whole runs of ASCII text as bytes; the literal ASCII characters in such a
 * run end any partial UTF-8 sequence either way, so decoding only the runs of escapes is the same.)
 */
export function unquotePlus(text: string): string {
  return text
    .replace(/\+/g, ' ')
    .replace(/(?:%[\dA-Fa-f]{2})+/g, (run) => utf8.decode(new Uint8Array(run.slice(1).split('%').map((h) => parseInt(h, 16)))));
}

/**
 * Python's `quote(text, '~')` (or `'/~'` with `keepSlash`): the UTF-8 bytes, every one except
 * `A-Z a-z 0-9 _ . - ~` (and `/`) as `%XX` with upper-case hex; that is strict RFC 3986.
 */
export function quote(text: string, keepSlash = false): string {
  const encoded = rfc3986(text);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/** The canonical path: decoded, runs of `/` folded into one, encoded (keeping `/`), with a leading `/`. */
export function canonicalPath3(path: string): string {
  const decoded = unquotePlus(path).replace(/\/+/g, '/');
  if (decoded === '') return '/';
  const encoded = quote(decoded, true);
  return encoded.startsWith('/') ? encoded : `/${encoded}`;
}

/**
 * The canonical query from the raw query string (no leading `?`): each `name=value` split at its
 * first `=`, both parts decoded and encoded again, the pairs sorted by encoded name then value (as
 * Python sorts `[name, value]` lists). Pairs with an empty name are left out, and so are parts
 * without any `=` (the signer only writes parts of two elements).
 */
export function canonicalQuery3(query: string): string {
  const pairs: string[] = [];
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const name = quote(unquotePlus(part.slice(0, eq)));
    // NUL sorts before every character of an encoded name, so the joined pairs sort as the lists do.
    if (eq > -1 && name) pairs.push(`${name}\0${quote(unquotePlus(part.slice(eq + 1)))}`);
  }
  return pairs.sort().join('&').replace(/\0/g, '=');
}

// Python's str.strip() removes what str.isspace() calls white space. Header values are Latin-1
// on the wire (fetch and Node refuse anything else), and among those characters Python strips
// U+0009..U+000D, U+001C..U+0020, U+0085 and U+00A0 (JavaScript's trim() would miss U+001C..U+001F
// and U+0085).
const PY_EDGE_SPACE = /^[\t-\r\x1c-\x20\x85\xa0]+|[\t-\r\x1c-\x20\x85\xa0]+$/g;

/** A header value as the JDCLOUD3 signer writes it: Python's `strip()`, inner white space kept. */
export const stripValue = (value: string): string => value.replace(PY_EDGE_SPACE, '');
