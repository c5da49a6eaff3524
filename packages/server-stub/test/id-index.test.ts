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

  it('moves an id between keys when its record changes them, and leaves the index alone when they stay', () => {
    const index = new IdIndex();
    index.replace('i-1', [], ['port-a', 'port-b']);
    index.replace('i-2', [], ['port-b']);
    index.replace('i-1', ['port-a', 'port-b'], ['port-a', 'port-b']);
    expect(index.get('port-a')).toEqual(['i-1']);
    expect(index.get('port-b').sort()).toEqual(['i-1', 'i-2']);
    index.replace('i-1', ['port-a', 'port-b'], ['port-c']);
    expect(index.get('port-a')).toEqual([]);
    expect(index.get('port-b')).toEqual(['i-2']);
    expect(index.get('port-c')).toEqual(['i-1']);
    index.replace('i-1', ['port-c'], []);
    expect(index.get('port-c')).toEqual([]);
  });
});
