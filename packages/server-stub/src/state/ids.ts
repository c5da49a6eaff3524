// Resource ids in JD Cloud's style: a short prefix, a dash and ten lower-case base-36 characters
// (`i-eumm0kd4k1`, `img-m5s0zs2l1k`, `it-u3o8wbr8a2`).
//
// `--id-seed N` (seedIds) makes them reproducible: resource ids and request ids then come from two
// seeded generators (two, so that the number of requests does not shift the resource ids). The
// generators are the process's, not one stub's: two stubs started in one process share them.
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A small seeded generator (mulberry32): uniform integers below `n`. Not for secrets. */
function seeded(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

let resourceRandom: (n: number) => number = randomInt;
let requestRandom: (n: number) => number = randomInt;

/** Makes the ids minted from now on follow `seed` (an integer); undefined goes back to crypto randomness. */
export function seedIds(seed: number | undefined): void {
  resourceRandom = seed === undefined ? randomInt : seeded(seed);
  requestRandom = seed === undefined ? randomInt : seeded(seed ^ 0x5bd1e995);
}

/**
 * `prefix` and then `length` random base-36 characters, built as one flat string: appended
 * character by character (or joined with a template) an id of 13 characters or more is a chain of
 * V8 cons strings, which a stored id keeps alive and every request id allocates.
 */
function base36(length: number, random: (n: number) => number, prefix = ''): string {
  const codes = new Array<number>(prefix.length + length);
  for (let i = 0; i < prefix.length; i += 1) codes[i] = prefix.charCodeAt(i);
  for (let i = 0; i < length; i += 1) codes[prefix.length + i] = ALPHABET.charCodeAt(random(ALPHABET.length));
  return String.fromCharCode(...codes);
}

export function randomBase36(length = 10): string {
  return base36(length, resourceRandom);
}

/** A resource id: `prefix`, a dash and ten random base-36 characters (`i-eumm0kd4k1`). */
export function randomResourceId(prefix: string): string {
  return base36(10, resourceRandom, `${prefix}-`);
}

/** A 32-character lower-case request id, like `c2hmmaan8w06w19qcdfuic4w03f7ft2d`. */
export function newRequestId(): string {
  return base36(32, requestRandom);
}

/** A request id that never follows the seed (control API requests: polling them must not shift the API's ids). */
export function unseededRequestId(): string {
  return base36(32, randomInt);
}
