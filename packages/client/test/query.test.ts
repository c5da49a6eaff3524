import { describe, expect, it } from 'vitest';
import {
  decodeIndexedQuery,
  encodeIndexedQuery,
  formatQuery,
  IndexedQueryError,
  indexedQueryPairs,
  parseQueryString,
  rfc3986,
  type QueryValue,
} from '../src/query.js';

describe('rfc3986', () => {
  it('keeps only unreserved characters literal', () => {
    expect(rfc3986('AZaz09-_.~')).toBe('AZaz09-_.~');
    expect(rfc3986(" *'!()")).toBe('%20%2A%27%21%28%29');
    expect(rfc3986('a+b=c&d/e:f')).toBe('a%2Bb%3Dc%26d%2Fe%3Af');
    expect(rfc3986('中文')).toBe('%E4%B8%AD%E6%96%87');
    expect(rfc3986('😀')).toBe('%F0%9F%98%80');
  });
});

describe('encodeIndexedQuery', () => {
  it('writes filters as 1-based indexed keys, in insertion order', () => {
    expect(
      encodeIndexedQuery(
        {
          pageNumber: 1,
          pageSize: 10,
          filters: [
            { name: 'instanceId', values: ['i-a', 'i-b'], operator: 'eq' },
            { name: 'status', values: ['running'] },
          ],
        },
        ['filters'],
      ),
    ).toBe(
      'pageNumber=1&pageSize=10&filters.1.name=instanceId&filters.1.values.1=i-a&filters.1.values.2=i-b&filters.1.operator=eq&filters.2.name=status&filters.2.values.1=running',
    );
  });

  it('writes tags and scalar lists the same way', () => {
    expect(encodeIndexedQuery({ tags: [{ key: 'env', values: ['prod', 'dev'] }] }, ['tags'])).toBe(
      'tags.1.key=env&tags.1.values.1=prod&tags.1.values.2=dev',
    );
    expect(encodeIndexedQuery({ ids: ['img-a', 'img-b'] }, new Set(['ids']))).toBe('ids.1=img-a&ids.2=img-b');
  });

  it('encodes names and values strictly', () => {
    expect(encodeIndexedQuery({ filters: [{ name: 'name', values: ["my vm (1)*!'~", '中文']}] }, ['filters'])).toBe(
      'filters.1.name=name&filters.1.values.1=my%20vm%20%281%29%2A%21%27~&filters.1.values.2=%E4%B8%AD%E6%96%87',
    );
  });

  it('leaves out undefined and null, and empty lists', () => {
    expect(encodeIndexedQuery({ a: undefined, b: null, ids: [], filters: [{ name: 'x', values: [] }] }, ['ids', 'filters'])).toBe(
      'filters.1.name=x',
    );
  });

  it('repeats the name of a list that is not indexed (form, explode)', () => {
    expect(encodeIndexedQuery({ ids: ['a', 'b'], n: 2, ok: false })).toBe('ids=a&ids=b&n=2&ok=false');
  });

  it('gives pairs before encoding, and formats pairs', () => {
    const pairs = indexedQueryPairs({ ids: ['a b'] }, ['ids']);
    expect(pairs).toEqual([['ids.1', 'a b']]);
    expect(formatQuery(pairs)).toBe('ids.1=a%20b');
  });
});

describe('parseQueryString', () => {
  it('decodes pairs in order, + as space, and keeps malformed escapes', () => {
    expect(parseQueryString('?a=1&b=x+y&c&d=%E4%B8%AD&e=%ZZ&&f=%2B')).toEqual([
      ['a', '1'],
      ['b', 'x y'],
      ['c', ''],
      ['d', '中'],
      ['e', '%ZZ'],
      ['f', '+'],
    ]);
    expect(parseQueryString('')).toEqual([]);
  });
});

describe('decodeIndexedQuery', () => {
  it('rebuilds filters, tags and lists', () => {
    expect(
      decodeIndexedQuery(
        'pageNumber=2&filters.1.name=status&filters.1.values.1=running&filters.1.values.2=stopped&filters.2.name=az&filters.2.values.1=cn-north-1a&tags.1.key=env&tags.1.values.1=prod&ids.1=img-a&ids.2=img-b',
      ),
    ).toEqual({
      pageNumber: '2',
      filters: [
        { name: 'status', values: ['running', 'stopped'] },
        { name: 'az', values: ['cn-north-1a'] },
      ],
      tags: [{ key: 'env', values: ['prod'] }],
      ids: ['img-a', 'img-b'],
    });
  });

  it('orders by index, not by position, and closes gaps', () => {
    expect(decodeIndexedQuery('ids.10=j&ids.2=b&ids.1=a')).toEqual({ ids: ['a', 'b', 'j'] });
  });

  it('makes a list of a plain name given several times', () => {
    expect(decodeIndexedQuery('ids=a&ids=b&x=1')).toEqual({ ids: ['a', 'b'], x: '1' });
  });

  it('rebuilds only the names it is told to, when told', () => {
    expect(decodeIndexedQuery('ids.1=a&a.b=c', ['ids'])).toEqual({ ids: ['a'], 'a.b': 'c' });
    expect(decodeIndexedQuery([['ids.1', 'a']], ['ids'])).toEqual({ ids: ['a'] });
  });

  it.each([
    ['ids.0=a', /start at 1/],
    ['ids.01=a', /start at 1/],
    ['ids.1=a&ids.x=b', /mixes a name/],
    ['ids.1=a&ids.1=b', /twice/],
    ['ids=a&ids.1=b', /plainly and with indexes/],
    ['ids.1=a&ids.1.x=b', /both as a value and as a list/],
    ['ids.1.x=b&ids.1=a', /both as a value and as a list/],
    ['ids..1=a', /empty segment/],
  ])('refuses %s', (query, message) => {
    expect(() => decodeIndexedQuery(query)).toThrow(IndexedQueryError);
    expect(() => decodeIndexedQuery(query)).toThrow(message);
  });

  it('never touches a prototype', () => {
    const decoded = decodeIndexedQuery('__proto__=a&__proto__=b&x.__proto__.polluted=1&constructor.prototype.y=2');
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(['__proto__', 'x', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toEqual(['a', 'b']);
    const x = decoded.x as Record<string, unknown>;
    expect(Object.getPrototypeOf(x)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(x, '__proto__')?.value).toEqual({ polluted: '1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).y).toBeUndefined();
  });

  it('is the inverse of encodeIndexedQuery (random round trips)', () => {
    // A small deterministic generator: lists of filters, tags and ids with awkward text.
    let seed = 20240501;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const alphabet = ['a', 'Z', '0', ' ', '*', "'", '!', '(', ')', '~', '+', '&', '=', '%', '.', '中', '文', '😀', '/', '?', '#'];
    const text = () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(alphabet)).join('');
    const list = <T>(make: () => T) => Array.from({ length: 1 + Math.floor(random() * 11) }, make);
    for (let i = 0; i < 200; i++) {
      const params: Record<string, QueryValue> = {
        pageSize: String(Math.floor(random() * 100)),
        filters: list(() => ({ name: text(), values: list(text) })),
        tags: list(() => ({ key: text(), values: list(text) })),
        ids: list(text),
      };
      const encoded = encodeIndexedQuery(params, ['filters', 'tags', 'ids']);
      expect(decodeIndexedQuery(encoded)).toEqual(params);
      expect(decodeIndexedQuery(encoded, ['filters', 'tags', 'ids'])).toEqual(params);
    }
  });
});
