// routingUrl: the URL express-openapi-validator sees. A strict query is kept as sent (no second
// parse on the common path); any other is re-encoded strictly. Either way the decoded pairs match
// the request's.
import { parseQueryString } from '@jdcloud-vm/client/query';
import { describe, expect, it } from 'vitest';
import { routingUrl } from '../src/http/raw.js';
import { parseQuery } from '../src/http/query.js';

const pairsOf = (url: string) => parseQueryString(url.slice(url.indexOf('?') + 1));

describe('routingUrl', () => {
  it('decodes %3A in the path only', () => {
    expect(routingUrl('/v1/regions/r/instances/i-1%3astopInstance?a=%3A')).toBe('/v1/regions/r/instances/i-1:stopInstance?a=%3A');
  });

  it('keeps a strict query exactly as sent', () => {
    const url = '/v1/x?filters.1.name=status&filters.1.values.1=running&pageSize=10&name=%E4%BA%91%20a~b';
    expect(routingUrl(url)).toBe(url);
  });

  it('re-encodes a query with reserved or loosely encoded characters, to the same pairs', () => {
    const cases = [
      '/v1/x?name=a*b(c)!',
      '/v1/x?name=a+b',
      '/v1/x?name=%e4%ba%91',
      '/v1/x?flag',
      '/v1/x?a=1&&b=2',
      "/v1/x?name=it's",
      '/v1/x?name=a:b@c',
    ];
    for (const url of cases) {
      const routed = routingUrl(url);
      expect(routed, url).not.toBe(url);
      expect(routed, url).toMatch(/^\/v1\/x\?(?:[\w.~-]|%[0-9A-F]{2})+=/);
      expect(pairsOf(routed), url).toEqual(pairsOf(url).filter(([name]) => name !== ''));
    }
  });

  it('gives the same decoded pairs as the query as sent, for random queries', () => {
    const alphabet = ['a', 'Z', '0', '.', '_', '~', '-', '%20', '%7E', '%e4%ba%91', '+', '*', '(', "'", '!', ':', '%2B', '%26', '%3D'];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const word = () => Array.from({ length: 1 + next(5) }, () => alphabet[next(alphabet.length)]).join('');
    for (let i = 0; i < 500; i++) {
      const query = Array.from({ length: 1 + next(4) }, () => `${word()}=${word()}`).join('&');
      const url = `/v1/x?${query}`;
      expect(pairsOf(routingUrl(url)), url).toEqual(pairsOf(url));
    }
  });
});

describe('parseQuery', () => {
  it('rebuilds the indexed lists and keeps the plain names', () => {
    expect(parseQuery('filters.1.name=status&filters.1.values.1=running&filters.1.values.2=stopped&pageSize=10', ['filters'])).toEqual({
      filters: [{ name: 'status', values: ['running', 'stopped'] }],
      pageSize: '10',
    });
  });

  it('refuses prototype names wherever they appear, encoded or not', () => {
    for (const query of ['__proto__.x=1', 'filters.1.constructor=1', 'a%5B__proto__%5D=1', 'x.prototype=1', '%5F_proto__=1']) {
      expect(() => parseQuery(query, ['filters']), query).toThrow(/Invalid query parameter name/);
    }
  });
});
