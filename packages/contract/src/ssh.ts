// OpenSSH public keys for importKeypair, made from a fresh RSA key.
import { generateKeyPairSync } from 'node:crypto';

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An mpint: big-endian, with a leading zero byte when the top bit is set. */
function mpint(base64url: string): Buffer {
  let bytes = Buffer.from(base64url, 'base64url');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
}

export function newSshPublicKey(comment = 'contract@test'): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]);
  return `ssh-rsa ${blob.toString('base64')} ${comment}`;
}
