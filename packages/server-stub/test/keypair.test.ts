// The Keypair group end to end: real RSA keys, real MD5 fingerprints, names, quota, filters, paging.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { md5Fingerprint, parsePublicKey, rsaPublicBlob } from '../src/domain/keypair/ssh.js';
import { type TestStub, call, errorOf, start } from './helpers.js';

/** An OpenSSH public key line, as ssh-keygen writes it, built independently of the stub's code. */
function opensshLine(comment: string): { line: string; md5: string } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, (b.length >> 8) & 0xff, b.length & 0xff]), b]);
  const mp = (b64: string) => {
    const b = Buffer.from(b64, 'base64url');
    return field((b[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-rsa')), mp(jwk.e as string), mp(jwk.n as string)]);
  const md5 = createHash('md5').update(blob).digest('hex').replace(/(..)(?!$)/g, '$1:');
  return { line: `ssh-rsa ${blob.toString('base64')} ${comment}`, md5 };
}

const hasSshKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

describe('key pairs', () => {
  let stub: TestStub;
  beforeAll(async () => {
    stub = await start();
  });
  afterAll(() => stub.close());

  it('createKeypair returns a real PKCS#8 RSA private key and the MD5 fingerprint of its public key', async () => {
    const result = await call('POST', stub.api('/keypairs'), { body: { keyName: 'dev-keypair' } });
    expect(result.status).toBe(200);
    const { keyName, privateKey, keyFingerprint } = result.json.result;
    expect(keyName).toBe('dev-keypair');
    expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    const key = createPrivateKey(privateKey);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(keyFingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(keyFingerprint).toBe(md5Fingerprint(rsaPublicBlob(createPublicKey(key))));
    // The private key is never stored.
    expect(JSON.stringify(stub.store.toJSON())).not.toContain('PRIVATE KEY');
  });

  it.skipIf(!hasSshKeygen)('ssh-keygen reads the private key and prints the same MD5 fingerprint', async () => {
    const result = await call('POST', stub.api('/keypairs'), { body: { keyName: 'checked-by-ssh-keygen' } });
    const folder = mkdtempSync(join(tmpdir(), 'stub-ssh-'));
    const keyFile = join(folder, 'id_rsa');
    writeFileSync(keyFile, result.json.result.privateKey, { mode: 0o600 });
    const publicLine = execFileSync('ssh-keygen', ['-y', '-f', keyFile], { encoding: 'utf8' });
    writeFileSync(`${keyFile}.pub`, publicLine);
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${keyFile}.pub`], { encoding: 'utf8' });
    expect(printed).toContain(`MD5:${result.json.result.keyFingerprint}`);
    // And importing that public line gives the same fingerprint.
    const imported = await call('POST', stub.api('/keypairs:import'), {
      body: { keyName: 'reimported', publicKey: publicLine.trim() },
    });
    expect(imported.json.result.keyFingerprint).toBe(result.json.result.keyFingerprint);
  });

  it('the name must be free: FAILED_PRECONDITION "already in use"', async () => {
    const error = errorOf(await call('POST', stub.api('/keypairs'), { body: { keyName: 'dev-keypair' } }));
    expect(error).toEqual({ code: 400, status: 'FAILED_PRECONDITION', message: "KeyName 'dev-keypair' already in use." });
  });

  it('keyName longer than 32 characters is refused by the document', async () => {
    const error = errorOf(await call('POST', stub.api('/keypairs'), { body: { keyName: 'k'.repeat(33) } }));
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain("'keyName'");
  });

  it('importKeypair registers an OpenSSH public key with the fingerprint ssh-keygen -E md5 shows', async () => {
    const { line, md5 } = opensshLine('alice@laptop');
    const result = await call('POST', stub.api('/keypairs:import'), { body: { keyName: 'laptop-key', publicKey: line } });
    expect(result.status).toBe(200);
    expect(result.json.result).toEqual({ keyName: 'laptop-key', keyFingerprint: md5 });
    const listed = await call('GET', stub.api('/keypairs?filters.1.name=keyNames&filters.1.values.1=laptop-key'));
    expect(listed.json.result.keypairs[0]).toMatchObject({ keyName: 'laptop-key', keyFingerprint: md5, instanceIds: [] });
  });

  it('importKeypair refuses what is not a public key: FAILED_PRECONDITION "Malformed PublicKey"', async () => {
    const { line } = opensshLine('x');
    const [, data] = line.split(' ');
    for (const publicKey of [
      'hello',
      `ssh-rsa ${data!.slice(0, 40)}`,
      `ssh-ed25519 ${data}`,
      `ssh-rsa ${data}!!`,
      '-----BEGIN PUBLIC KEY-----',
    ]) {
      const error = errorOf(await call('POST', stub.api('/keypairs%3Aimport'), { body: { keyName: 'bad-key', publicKey } }));
      expect(error, publicKey).toEqual({ code: 400, status: 'FAILED_PRECONDITION', message: 'Malformed PublicKey.' });
    }
    expect(stub.store.scope('default', 'cn-north-1').keypairs.has('bad-key')).toBe(false);
  });

  it('parsePublicKey accepts ed25519 and normalizes whitespace', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]);
    const parsed = parsePublicKey(`  ssh-ed25519   ${blob.toString('base64')}   me@host  `);
    expect(parsed?.type).toBe('ssh-ed25519');
    expect(parsed?.line).toBe(`ssh-ed25519 ${blob.toString('base64')} me@host`);
  });

  it('describeKeypairs filters by several exact names and pages with the documented defaults', async () => {
    const fresh = await start();
    try {
      const { line } = opensshLine('k');
      for (let i = 1; i <= 15; i += 1) {
        expect((await call('POST', fresh.api('/keypairs:import'), { body: { keyName: `key-${i}`, publicKey: line } })).status).toBe(200);
      }
      const all = await call('GET', fresh.api('/keypairs'));
      expect(all.json.result.totalCount).toBe(15);
      expect(all.json.result.keypairs).toHaveLength(15); // pageSize defaults to 20
      const page2 = await call('GET', fresh.api('/keypairs?pageNumber=2&pageSize=10'));
      expect(page2.json.result.totalCount).toBe(15);
      expect(page2.json.result.keypairs.map((k: { keyName: string }) => k.keyName)).toEqual(
        ['key-11', 'key-12', 'key-13', 'key-14', 'key-15'],
      );
      const beyond = await call('GET', fresh.api('/keypairs?pageNumber=3&pageSize=10'));
      expect(beyond.json.result).toEqual({ keypairs: [], totalCount: 15 });
      const some = await call(
        'GET',
        fresh.api('/keypairs?filters.1.name=keyNames&filters.1.values.1=key-3&filters.1.values.2=key-1&filters.1.values.3=key-99'),
      );
      expect(some.json.result.keypairs.map((k: { keyName: string }) => k.keyName)).toEqual(['key-1', 'key-3']);
      expect(some.json.result.totalCount).toBe(2);
      // exact, not fuzzy: "key" matches nothing
      const partial = await call('GET', fresh.api('/keypairs?filters.1.name=keyNames&filters.1.values.1=key'));
      expect(partial.json.result.totalCount).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('the 21st key pair of a region exceeds the quota: 429 QUOTA_EXCEEDED', async () => {
    const fresh = await start();
    try {
      const { line } = opensshLine('q');
      for (let i = 1; i <= 20; i += 1) {
        expect((await call('POST', fresh.api('/keypairs:import'), { body: { keyName: `q-${i}`, publicKey: line } })).status).toBe(200);
      }
      const error = errorOf(await call('POST', fresh.api('/keypairs:import'), { body: { keyName: 'q-21', publicKey: line } }));
      expect(error).toMatchObject({ code: 429, status: 'QUOTA_EXCEEDED' });
      const created = errorOf(await call('POST', fresh.api('/keypairs'), { body: { keyName: 'q-22' } }));
      expect(created.code).toBe(429);
      // Another region has its own quota.
      expect((await call('POST', `${fresh.url}/v1/regions/cn-east-2/keypairs`, { body: { keyName: 'q-21' } })).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('deleteKeypair removes it; a second delete is 404', async () => {
    expect((await call('DELETE', stub.api('/keypairs/dev-keypair'))).status).toBe(200);
    const list = await call('GET', stub.api('/keypairs?filters.1.name=keyNames&filters.1.values.1=dev-keypair'));
    expect(list.json.result.totalCount).toBe(0);
    expect(errorOf(await call('DELETE', stub.api('/keypairs/dev-keypair'))).code).toBe(404);
    // The name is free again.
    expect((await call('POST', stub.api('/keypairs'), { body: { keyName: 'dev-keypair' } })).status).toBe(200);
  });

  it('concurrent creates of one name: exactly one wins', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => call('POST', stub.api('/keypairs'), { body: { keyName: 'race' } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
  });
});
