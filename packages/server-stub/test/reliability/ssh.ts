// An OpenSSH `ssh-rsa` public key line for importKeypair (no key generation in the stub).
import { generateKeyPairSync } from 'node:crypto';

let cached: string | undefined;

export function opensshPublicKey(comment = 'reliability@test'): string {
  if (!cached) {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' }) as { e: string; n: string };
    const field = (b: Buffer) => Buffer.concat([Buffer.from([(b.length >>> 24) & 0xff, (b.length >>> 16) & 0xff, (b.length >>> 8) & 0xff, b.length & 0xff]), b]);
    const mpint = (b64: string) => {
      const b = Buffer.from(b64, 'base64url');
      return field((b[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
    };
    cached = Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)]).toString('base64');
  }
  return `ssh-rsa ${cached} ${comment}`;
}
