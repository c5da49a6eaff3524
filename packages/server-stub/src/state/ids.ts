// Resource ids in JD Cloud's style: a short prefix, a dash and ten lower-case base-36 characters
// (`i-eumm0kd4k1`, `img-m5s0zs2l1k`, `it-u3o8wbr8a2`).
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function randomBase36(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A 32-character lower-case request id, like `c2hmmaan8w06w19qcdfuic4w03f7ft2d`. */
export function newRequestId(): string {
  return randomBase36(32);
}
