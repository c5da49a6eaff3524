// SSH public keys: OpenSSH lines, wire-format blobs and RFC 4716 MD5 fingerprints (what
// `ssh-keygen -l -E md5` prints, without the `MD5:` prefix).
import { type KeyObject, createHash, createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

function sshString(data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

function mpint(unsigned: Buffer): Buffer {
  let bytes = unsigned;
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

/** The `ssh-rsa` wire blob of an RSA public key. */
export function rsaPublicBlob(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('not an RSA public key');
  return Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    mpint(Buffer.from(jwk.e, 'base64url')),
    mpint(Buffer.from(jwk.n, 'base64url')),
  ]);
}

/** `aa:bb:...` MD5 of a public key blob. */
export function md5Fingerprint(blob: Buffer): string {
  return createHash('md5')
    .update(blob)
    .digest('hex')
    .replace(/(..)(?!$)/g, '$1:');
}

export interface GeneratedKeyPair {
  /** PKCS#8 PEM, unencrypted. */
  privateKey: string;
  /** OpenSSH public key line. */
  publicKey: string;
  fingerprint: string;
}

export async function generateRsaKeyPair(comment: string, modulusLength = 2048): Promise<GeneratedKeyPair> {
  const { publicKey, privateKey } = await generate('rsa', { modulusLength, publicExponent: 0x10001 });
  const blob = rsaPublicBlob(publicKey);
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: `ssh-rsa ${blob.toString('base64')} ${comment}`,
    fingerprint: md5Fingerprint(blob),
  };
}

const KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
]);

/** Reads the length-prefixed fields of a wire blob; undefined when malformed. */
function readFields(blob: Buffer): Buffer[] | undefined {
  const fields: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) return undefined;
    const len = blob.readUInt32BE(offset);
    offset += 4;
    if (offset + len > blob.length) return undefined;
    fields.push(blob.subarray(offset, offset + len));
    offset += len;
  }
  return fields;
}

export interface ParsedPublicKey {
  type: string;
  blob: Buffer;
  fingerprint: string;
  /** The line, normalized to `type base64 [comment]`. */
  line: string;
}

/** Parses an OpenSSH public key line (`ssh-rsa AAAA... comment`); undefined when malformed. */
export function parsePublicKey(text: string): ParsedPublicKey | undefined {
  const parts = text.trim().split(/\s+/);
  const [type, data, ...comment] = parts;
  if (!type || !data || !KEY_TYPES.has(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  const blob = Buffer.from(data, 'base64');
  // Reject text that is not canonical base64 (Buffer.from silently skips junk).
  if (blob.length === 0 || blob.toString('base64').replace(/=+$/, '') !== data.replace(/=+$/, '')) return undefined;
  const fields = readFields(blob);
  if (!fields || fields[0]?.toString() !== type) return undefined;
  if (type === 'ssh-rsa') {
    const [, e, n] = fields;
    if (fields.length !== 3 || !e || !n) return undefined;
    try {
      const key = createPublicKey({
        key: { kty: 'RSA', e: stripZero(e).toString('base64url'), n: stripZero(n).toString('base64url') },
        format: 'jwk',
      });
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024) return undefined;
    } catch {
      return undefined;
    }
  } else if (type === 'ssh-ed25519') {
    if (fields.length !== 2 || fields[1]?.length !== 32) return undefined;
  } else if (fields.length !== 3 || fields[1]?.toString() !== type.slice('ecdsa-sha2-'.length)) {
    return undefined;
  }
  return {
    type,
    blob,
    fingerprint: md5Fingerprint(blob),
    line: [type, data, ...comment].join(' '),
  };
}

function stripZero(bytes: Buffer): Buffer {
  let out = bytes;
  while (out.length > 1 && out[0] === 0) out = out.subarray(1);
  return out;
}
