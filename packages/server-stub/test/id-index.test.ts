import { describe, expect, it } from 'vitest';
import { IdIndex } from '../src/state/id-index.js';

describe('IdIndex (a collection lookup that holds a bare id until a key has two)', () => {
  it('answers the ids of a key through one, two and back to one', () => {
    const index = new IdIndex();
    expect(index.get('k')).toEqual([]);
    index.add('k', 'a');
    index.add('k', 'a');
    expect(index.get('k')).toEqual(['a']);
    index.add('k', 'b');
    expect(index.get('k').sort()).toEqual(['a', 'b']);
    index.delete('k', 'a');
    expect(index.get('k')).toEqual(['b']);
    index.add('k', 'c');
    expect(index.get('k').sort()).toEqual(['b', 'c']);
    index.delete('k', 'b');
    index.delete('k', 'c');
    expect(index.get('k')).toEqual([]);
  });

  it('ignores a delete of an id the key does not hold', () => {
    const index = new IdIndex();
    index.add('k', 'a');
    index.delete('k', 'z');
    index.delete('other', 'a');
    expect(index.get('k')).toEqual(['a']);
  });

  it('hands out a list the caller may sort without changing the index', () => {
    const index = new IdIndex();
    index.add('k', 'b');
    index.add('k', 'a');
    index.get('k').reverse().push('x');
    expect(index.get('k').sort()).toEqual(['a', 'b']);
  });
});
